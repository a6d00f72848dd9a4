namespace CrisisKit.Cli.Tests;

/// <summary>
/// <see cref="InputPaths.IsAtOrInside"/> on real symbolic links in a temporary folder. Skipped on Windows, where making
/// a symbolic link needs developer mode or elevation.
/// </summary>
public sealed class InputPathsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("crisiskit-paths-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Folder(string relative) => Directory.CreateDirectory(Path.Combine(_root, relative)).FullName;

    private string Link(string relative, string target) => Directory.CreateSymbolicLink(Path.Combine(_root, relative), target).FullName;

    [Fact]
    public void Paths_without_links_are_compared_by_whole_components()
    {
        var data = Folder("data");
        Folder("data2");

        InputPaths.IsAtOrInside(data, data).Should().BeTrue();
        InputPaths.IsAtOrInside(data + Path.DirectorySeparatorChar, data).Should().BeTrue();
        InputPaths.IsAtOrInside(Path.Combine(data, "alpha", "one.csv"), data).Should().BeTrue("a path need not exist to lie inside a folder");
        InputPaths.IsAtOrInside(Path.Combine(_root, "data2"), data).Should().BeFalse("data2 only starts with the same letters");
        InputPaths.IsAtOrInside(Path.Combine(data, "..", "out"), data).Should().BeFalse();
        InputPaths.IsAtOrInside(_root, data).Should().BeFalse("the folder above the input is not inside it");
    }

    [SkippableFact]
    public void A_folder_given_through_a_link_is_its_target_and_what_lies_under_it_is_inside()
    {
        Skip.If(OperatingSystem.IsWindows(), "creating symbolic links needs elevation on Windows");
        var data = Folder("data");
        var link = Link("shortcut", data);

        InputPaths.IsAtOrInside(link, data).Should().BeTrue();
        InputPaths.IsAtOrInside(Path.Combine(link, "alpha", "one.csv"), data).Should().BeTrue();
        InputPaths.IsAtOrInside(data, link).Should().BeTrue("the input may be given through the link too");
        InputPaths.Resolve(Path.Combine(link, "alpha")).Should().Be(Path.Combine(data, "alpha"));
    }

    [SkippableFact]
    public void A_link_to_the_folder_above_the_input_leads_inside_it_only_through_the_input()
    {
        Skip.If(OperatingSystem.IsWindows(), "creating symbolic links needs elevation on Windows");
        var data = Folder(Path.Combine("corpus", "data"));
        var link = Link("up", Path.Combine(_root, "corpus"));

        InputPaths.IsAtOrInside(Path.Combine(link, "out"), data).Should().BeFalse();
        InputPaths.IsAtOrInside(Path.Combine(link, "data", "x.csv"), data).Should().BeTrue();
    }

    [SkippableFact]
    public void Relative_targets_and_chains_of_links_are_followed()
    {
        Skip.If(OperatingSystem.IsWindows(), "creating symbolic links needs elevation on Windows");
        var data = Folder(Path.Combine("corpus", "data"));
        Folder("links");
        Link(Path.Combine("links", "first"), Path.Combine("..", "corpus"));
        var second = Link("second", Path.Combine("links", "first", "data"));

        InputPaths.IsAtOrInside(Path.Combine(second, "alpha"), data).Should().BeTrue();
    }

    [SkippableFact]
    public void A_parent_step_in_a_target_is_taken_from_where_the_links_before_it_lead()
    {
        Skip.If(OperatingSystem.IsWindows(), "creating symbolic links needs elevation on Windows");
        // x/deep leads to real/deep, so x/deep/.. is real, not x: x/input leads to real/data.
        var data = Folder(Path.Combine("real", "data"));
        Folder(Path.Combine("real", "deep"));
        var decoy = Folder(Path.Combine("x", "data"));
        Link(Path.Combine("x", "deep"), Path.Combine(_root, "real", "deep"));
        var input = Link(Path.Combine("x", "input"), Path.Combine("deep", "..", "data"));

        InputPaths.IsAtOrInside(input, data).Should().BeTrue();
        InputPaths.IsAtOrInside(input, decoy).Should().BeFalse();
    }

    [SkippableFact]
    public void A_file_that_is_a_link_to_the_input_file_is_at_it_even_when_the_link_dangles_into_the_input_folder()
    {
        Skip.If(OperatingSystem.IsWindows(), "creating symbolic links needs elevation on Windows");
        var data = Folder("data");
        var labelled = Path.Combine(data, "labelled.tsv");
        File.WriteAllText(labelled, "id\tlabel\ttext\n");
        var scores = File.CreateSymbolicLink(Path.Combine(_root, "scores.tsv"), labelled).FullName;
        var dangling = File.CreateSymbolicLink(Path.Combine(_root, "new.csv"), Path.Combine(data, "new.csv")).FullName;

        InputPaths.IsAtOrInside(scores, labelled).Should().BeTrue();
        InputPaths.IsAtOrInside(dangling, data).Should().BeTrue("writing through it would create a file in the input folder");
    }

    [SkippableFact]
    public void A_cycle_of_links_ends_without_hanging()
    {
        Skip.If(OperatingSystem.IsWindows(), "creating symbolic links needs elevation on Windows");
        var data = Folder("data");
        Link("a", Path.Combine(_root, "b"));
        Link("b", Path.Combine(_root, "a"));

        InputPaths.IsAtOrInside(Path.Combine(_root, "a", "x.csv"), data).Should().BeFalse();
    }
}
