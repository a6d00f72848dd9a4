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
    public void A_missing_file_is_bad_input_not_an_invalid_protocol()
    {
        var missing = Path.Combine(_directory, "nope.json");

        var (exit, output, error) = Cli.Run("protocol", "validate", Samples(), missing, "--json");

        exit.Should().Be(2, "exit code 1 says the protocols were read and found invalid");
        output.Should().BeEmpty();
        error.Trim().Should().Be($"crisiskit: {missing}: no such file or directory.");
    }

    [Fact]
    public void A_directory_with_no_protocol_file_is_refused_naming_what_is_looked_for()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_directory, "empty")).FullName;
        var nested = Directory.CreateDirectory(Path.Combine(_directory, "nested", "sub")).Parent!.FullName;
        File.Copy(Path.Combine(Samples(), "standard.json"), Path.Combine(nested, "sub", "standard.json"));
        File.WriteAllText(Path.Combine(nested, "notes.txt"), "not a protocol");

        foreach (var directory in new[] { empty, nested })
        {
            foreach (var json in new[] { "", "--json" })
            {
                var (exit, output, error) = Cli.Run(["protocol", "validate", directory, .. json.Length > 0 ? [json] : Array.Empty<string>()]);

                exit.Should().Be(2);
                output.Should().BeEmpty();
                error.Trim().Should().Be($"crisiskit: {directory}: the directory holds no protocol file; protocols are read from the files named *.json (in any letter case) directly in it, not from its sub-directories.");
            }
        }
    }

    [Fact]
    public void Upper_case_extensions_are_read_and_a_file_given_twice_is_read_once()
    {
        var directory = Directory.CreateDirectory(Path.Combine(_directory, "upper")).FullName;
        var upper = Path.Combine(directory, "STANDARD.JSON");
        File.Copy(Path.Combine(Samples(), "standard.json"), upper);

        var (exit, output, error) = Cli.Run("protocol", "validate", directory, upper, upper);

        exit.Should().Be(0, error);
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle().Which.Should().StartWith("ok: standard ");

        var samples = Cli.Run("protocol", "validate", Samples(), Path.Combine(Samples(), "standard.json"));
        samples.Exit.Should().Be(0, samples.Error);
        samples.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(4);
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
