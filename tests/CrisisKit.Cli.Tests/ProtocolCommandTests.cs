using CrisisKit.Tests;

namespace CrisisKit.Cli.Tests;

public sealed class ProtocolCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("crisiskit-protocol-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);


    private static string Samples() => RepositoryPaths.SampleProtocols;

    [Fact]
    public void The_sample_protocols_validate()
    {
        var (exit, output, error) = Cli.Run("protocol", "validate", Samples());

        exit.Should().Be(0, error);
        output.Should().Contain("ok: data-breach (Customer data breach): applies from High for data-breach; 2 escalation steps, 5 people, messages in en, el");
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(4);
    }

    [Fact]
    public void A_bad_file_exits_non_zero_with_the_path_and_the_reason()
    {
        var bad = Path.Combine(_directory, "bad.json");
        File.WriteAllText(bad, File.ReadAllText(Path.Combine(Samples(), "standard.json")).Replace("\"30m\"", "\"half an hour\"", StringComparison.Ordinal).Replace("[\"moderator\"]", "[\"janitor\"]", StringComparison.Ordinal));

        var (exit, _, error) = Cli.Run("protocol", "validate", bad);

        exit.Should().Be(1);
        error.Should().StartWith($"crisiskit: {bad}: $.escalation[0].waitForAcknowledgement: 'half an hour' is not a duration");
    }

    [Fact]
    public void Every_semantic_problem_is_listed()
    {
        var bad = Path.Combine(_directory, "roles.json");
        File.WriteAllText(bad, File.ReadAllText(Path.Combine(Samples(), "standard.json")).Replace("\"notify\": [\"moderator\"]", "\"notify\": [\"janitor\"]", StringComparison.Ordinal).Replace("{issue}", "{problem}", StringComparison.Ordinal));

        var (exit, _, error) = Cli.Run("protocol", "validate", bad);

        exit.Should().Be(1);
        error.Should().Contain($"{bad}: $.escalation[0].notify[0]: the role 'janitor' is not in $.roles.").And.Contain("$.messages.en.holding: the placeholder {problem} is unknown");
    }

    [Fact]
    public void Json_output_lists_the_protocols_or_the_problems()
    {
        var ok = Cli.Run("protocol", "validate", Samples(), "--json");
        ok.Exit.Should().Be(0);
        using (var json = System.Text.Json.JsonDocument.Parse(ok.Out))
        {
            json.RootElement.GetProperty("valid").GetBoolean().Should().BeTrue();
            json.RootElement.GetProperty("protocols").GetArrayLength().Should().Be(4);
        }

        var bad = Path.Combine(_directory, "bad.json");
        File.WriteAllText(bad, "{ \"id\": \"x\" }");
        var failed = Cli.Run("protocol", "validate", bad, "--json");
        failed.Exit.Should().Be(1);
        using var problems = System.Text.Json.JsonDocument.Parse(failed.Out);
        problems.RootElement.GetProperty("valid").GetBoolean().Should().BeFalse();
        problems.RootElement.GetProperty("problems")[0].GetProperty("path").GetString().Should().StartWith("$");
    }

    [Fact]
    public void A_missing_file_is_reported()
    {
        var (exit, _, error) = Cli.Run("protocol", "validate", Path.Combine(_directory, "nope.json"));

        exit.Should().Be(1);
        error.Should().Contain("nope.json: $: no such file or directory.");
    }

    [Fact]
    public void Init_writes_the_sample_protocols_which_validate_and_refuses_to_overwrite()
    {
        var target = Path.Combine(_directory, "mine");

        var (exit, output, error) = Cli.Run("protocol", "init", target);

        exit.Should().Be(0, error);
        output.Should().StartWith($"wrote 4 protocols to {target}: data-breach.json, product-safety.json, serious.json, standard.json");
        Cli.Run("protocol", "validate", target).Exit.Should().Be(0);
        File.ReadAllText(Path.Combine(target, "standard.json")).Should().Be(File.ReadAllText(Path.Combine(Samples(), "standard.json")));

        var again = Cli.Run("protocol", "init", target);
        again.Exit.Should().Be(2);
        again.Error.Trim().Should().Be($"crisiskit: {target}: data-breach.json is already there; nothing was written (choose an empty directory, or remove the files first).");
    }
}
