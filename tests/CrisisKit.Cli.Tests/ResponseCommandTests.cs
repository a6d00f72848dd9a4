using System.Text.Json;
using CrisisKit.Ingestion;
using CrisisKit.Simulation;
using CrisisKit.Tests;

namespace CrisisKit.Cli.Tests;

public sealed class ResponseCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("crisiskit-response-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private static string Protocols => RepositoryPaths.SampleProtocols;

    private static (int Exit, string Out, string Error) RunWithInput(string input, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var reader = new StringReader(input);
        var exit = CrisisKitCommand.Run(args, output, error, reader);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void A_report_directory_that_cannot_be_made_is_one_line_not_a_crash()
    {
        var file = Path.Combine(_directory, "taken");
        File.WriteAllText(file, "");

        var (exit, _, error) = Cli.Run("drill", "--scenario", "data-breach", "--protocols", Protocols, "--report", file);

        exit.Should().Be(2);
        error.Should().StartWith("crisiskit: ");
        error.TrimEnd().Split('\n').Should().ContainSingle();
    }

    [Theory]
    [InlineData("bench", "--mentions", "abc")]
    [InlineData("sentiment", "eval", "--bogus")]
    [InlineData("protocol", "validate")]
    public void Unparsable_arguments_exit_2_with_one_crisiskit_line(params string[] args)
    {
        var (exit, _, error) = Cli.Run(args);

        exit.Should().Be(2);
        error.Should().StartWith("crisiskit: ");
        error.TrimEnd().Split('\n').Should().ContainSingle();
    }

    [Fact]
    public void A_false_alarm_in_a_drill_is_not_scored_against_the_scenarios_crisis()
    {
        var (exit, output, error) = Cli.Run("drill", "--scenario", "viral-complaint", "--protocols", Protocols, "--report", Path.Combine(_directory, "fa"), "--json");

        exit.Should().Be(0, error);
        using var json = JsonDocument.Parse(output);
        json.RootElement.GetProperty("incidents").EnumerateArray().Should().OnlyContain(i => i.GetProperty("minutesToDetect").GetDouble() >= 0);
    }

    [Fact]
    public void Drill_list_names_every_scenario()
    {
        var (exit, output, _) = Cli.Run("drill", "--list");

        exit.Should().Be(0);
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0]).Should().BeEquivalentTo(Scenarios.All.Select(s => s.Name));
    }

    [Fact]
    public void A_drill_runs_the_crisis_against_the_protocols_and_writes_the_report()
    {
        var reports = Path.Combine(_directory, "reports");

        var (exit, output, error) = Cli.Run("drill", "--scenario", "data-breach", "--protocols", Protocols, "--report", reports, "--ack-after", "5m", "--respond-after", "40m", "--json");

        exit.Should().Be(0, error);
        using var json = JsonDocument.Parse(output);
        var incident = json.RootElement.GetProperty("incidents").EnumerateArray().Should().ContainSingle().Subject;
        incident.GetProperty("protocol").GetString().Should().Be("data-breach");
        incident.GetProperty("status").GetString().Should().Be("Resolved");
        incident.GetProperty("minutesToAcknowledge").GetDouble().Should().Be(5);
        incident.GetProperty("minutesToDetect").GetDouble().Should().BeLessThanOrEqualTo(30);
        json.RootElement.GetProperty("notifications").GetInt32().Should().BePositive();
        var report = incident.GetProperty("report").GetString()!;
        File.Exists(report).Should().BeTrue();
        File.ReadAllText(report).Should().Contain("<svg id=\"volume-chart\"");
        File.Exists(Path.ChangeExtension(report, ".md")).Should().BeTrue();
        File.Exists(Path.ChangeExtension(report, ".json")).Should().BeTrue();
    }

    [Fact]
    public void A_default_drill_acknowledges_inside_the_deadline_and_the_first_step_and_says_so_consistently()
    {
        var (exit, output, error) = Cli.Run("drill", "--scenario", "data-breach", "--protocols", Protocols, "--report", Path.Combine(_directory, "d"));

        exit.Should().Be(0, error);
        output.Should().Contain("acknowledged after 5 min").And.Contain("+ Acknowledged 5 min before the acknowledge deadline.").And.Contain("+ The first escalation step's people acknowledged.");
        output.Should().NotContain("0 min after").And.NotContain("did not acknowledge").And.NotContain("signals for 0 hours");
    }

    [Fact]
    public void An_interactive_drill_asks_a_person_at_each_step()
    {
        var (exit, output, error) = RunWithInput(string.Concat(Enumerable.Repeat("y\n", 20)), "drill", "--scenario", "viral-complaint", "--protocols", Protocols, "--report", Path.Combine(_directory, "r"), "--interactive");

        exit.Should().Be(0, error);
        output.Should().Contain("acknowledge? [y/N]").And.Contain("respond? [y/N]").And.Contain("acknowledged after 0 min", "the person said yes at once");
    }

    [Fact]
    public void An_interactive_drill_with_json_asks_on_stderr_so_stdout_is_the_outcome_alone()
    {
        var (exit, output, error) = RunWithInput(string.Concat(Enumerable.Repeat("y\n", 20)), "drill", "--scenario", "viral-complaint", "--protocols", Protocols, "--report", Path.Combine(_directory, "r"), "--interactive", "--json");

        exit.Should().Be(0, error);
        error.Should().Contain("acknowledge? [y/N]");
        using var outcome = JsonDocument.Parse(output);
        outcome.RootElement.GetProperty("incidents").GetArrayLength().Should().BeGreaterThan(0);
    }

    [Theory]
    [InlineData(new[] { "drill", "--scenario", "earthquake", "--protocols", ".", "--report", "." }, "crisiskit: --scenario: No scenario is named 'earthquake'; the scenarios are: normal-week,")]
    [InlineData(new[] { "drill", "--scenario", "data-breach" }, "crisiskit: drill needs --scenario, --protocols and --report (or --list).")]
    [InlineData(new[] { "drill", "--scenario", "data-breach", "--protocols", ".", "--report", ".", "--ack-after", "soon" }, "crisiskit: --ack-after: 'soon' is not a duration")]
    public void Bad_drill_input_exits_non_zero_with_one_line(string[] args, string message)
    {
        var (exit, _, error) = Cli.Run(args);

        exit.Should().Be(2);
        error.Should().StartWith(message);
        error.TrimEnd().Split('\n').Should().ContainSingle();
    }

    /// <summary>Writes the ad-backlash scenario's mentions (seed 2) and the subject they are about; returns both paths.</summary>
    private async Task<(string Mentions, string Subjects)> WriteAdBacklashAsync()
    {
        var mentions = Path.Combine(_directory, "mentions.jsonl");
        await using (var file = File.Create(mentions))
        await using (var writer = new JsonLinesMentionWriter(file))
        {
            foreach (var mention in new ScenarioSimulator(Scenarios.AdBacklash, 2).Generate())
            {
                writer.Write(mention);
            }
        }

        var subjects = Path.Combine(_directory, "subjects.json");
        await File.WriteAllTextAsync(subjects, """[{ "id": "veltro", "name": "Veltro", "keywords": ["veltro", "veltro mobile"], "handles": ["@VeltroCare"], "hashtags": ["#Veltro"] }]""");
        return (mentions, subjects);
    }

    [Fact]
    public async Task A_replay_runs_a_mention_file_keeps_the_incidents_and_report_renders_one_again()
    {
        var (mentions, subjects) = await WriteAdBacklashAsync();
        var store = Path.Combine(_directory, "incidents.db");

        var (exit, output, error) = Cli.Run("replay", "--mentions", mentions, "--subjects", subjects, "--protocols", Protocols, "--report", Path.Combine(_directory, "replay"), "--store", store, "--ack-after", "15m", "--json");

        exit.Should().Be(0, error);
        error.Should().Contain("replay: ").And.Contain("mentions read");
        using var json = JsonDocument.Parse(output);
        var incident = json.RootElement.GetProperty("incidents").EnumerateArray().First();
        var id = incident.GetProperty("id").GetString()!;
        incident.GetProperty("minutesToAcknowledge").GetDouble().Should().Be(15);

        var again = Cli.Run("report", "--incident", id, "--store", store, "--report", Path.Combine(_directory, "again"), "--language", "el", "--protocols", Protocols, "--json");
        again.Exit.Should().Be(0, again.Error);
        again.Error.Should().BeEmpty();
        var without = Cli.Run("report", "--incident", id, "--store", store, "--report", Path.Combine(_directory, "without"));
        without.Exit.Should().Be(0, without.Error);
        without.Error.Should().StartWith("report: deadlines not judged: the incident ran under protocol '").And.EndWith("'; give --protocols with it to judge them.\n");
        var empty = Directory.CreateDirectory(Path.Combine(_directory, "no-protocols")).FullName;
        var refused = Cli.Run("report", "--incident", id, "--store", store, "--report", Path.Combine(_directory, "refused"), "--protocols", empty);
        refused.Exit.Should().Be(2);
        refused.Error.Trim().Should().Be($"crisiskit: --protocols: {empty}: the directory holds no protocol file; protocols are read from the files named *.json (in any letter case) directly in it, not from its sub-directories.");
        using var rendered = JsonDocument.Parse(again.Out);
        var page = rendered.RootElement.GetProperty("report").GetString()!;
        File.ReadAllText(page).Should().Contain("lang=\"el\"").And.Contain("Εντοπισμός").And.Contain("Προθεσμίες", "with the protocol, the deadlines are judged again");
    }

    [Fact]
    public async Task A_replay_into_a_store_that_holds_its_incident_says_it_was_continued_not_opened_again()
    {
        var (mentions, subjects) = await WriteAdBacklashAsync();
        var store = Path.Combine(_directory, "incidents.db");
        string[] Args(string file, params string[] extra) => ["replay", "--mentions", file, "--subjects", subjects, "--protocols", Protocols, "--report", Path.Combine(_directory, "replay"), "--store", store, .. extra];

        var first = Cli.Run(Args(mentions));
        first.Exit.Should().Be(0, first.Error);
        first.Out.Should().MatchRegex("\n[1-9][0-9]* notifications sent \\(simulated channels\\)\n$", "a first run opens the incident and escalates it");

        // Nobody acknowledged, so the incident is still open in the store: the same crisis raised again carries it on.
        var again = Cli.Run(Args(mentions, "--json"));
        again.Exit.Should().Be(0, again.Error);
        using var json = JsonDocument.Parse(again.Out);
        json.RootElement.GetProperty("notifications").GetInt32().Should().Be(0);
        var incident = json.RootElement.GetProperty("incidents").EnumerateArray().Should().ContainSingle().Subject;
        incident.GetProperty("alreadyInStore").GetString().Should().Be("continued");
        var id = incident.GetProperty("id").GetString();
        Cli.Run(Args(mentions)).Out.Should().EndWith(
            "0 notifications sent (simulated channels)\n" +
            $"1 incident already in the store was continued from its stored timeline; notifications recorded there were not sent again: {id}\n");

        // A file without that crisis leaves the stored incident as it was (its report is written again).
        var other = Path.Combine(_directory, "other.jsonl");
        await File.WriteAllTextAsync(other, """{"id":"q1","platform":"x","timestamp":"2026-03-01T10:00:00Z","text":"veltro is fine","author":"a"}""" + "\n");
        Cli.Run(Args(other)).Out.Should().EndWith(
            "0 notifications sent (simulated channels)\n" +
            $"1 incident already in the store was left as it was (closed before this run, or not raised by it): {id}\n");
    }

    [Fact]
    public void Replay_and_report_refuse_bad_input_with_one_line()
    {
        var subjects = Path.Combine(_directory, "bad.json");
        File.WriteAllText(subjects, "[{ \"id\": 5 }]");
        var mentions = Path.Combine(_directory, "m.jsonl");
        File.WriteAllText(mentions, "");

        var badSubjects = Cli.Run("replay", "--mentions", mentions, "--subjects", subjects, "--protocols", Protocols, "--report", _directory);
        badSubjects.Exit.Should().Be(2);
        badSubjects.Error.Should().StartWith("crisiskit: --subjects: bad.json: $[0].id");

        var missing = Cli.Run("report", "--incident", "x", "--store", Path.Combine(_directory, "none.db"));
        missing.Exit.Should().Be(2);
        missing.Error.Should().StartWith("crisiskit: --store: the file");

        var foreign = Path.Combine(_directory, "foreign.db");
        File.WriteAllText(foreign, "not a database");
        var notOurs = Cli.Run("report", "--incident", "x", "--store", foreign);
        notOurs.Exit.Should().Be(2);
        notOurs.Error.Should().StartWith("crisiskit: --store: ").And.Contain("is not a CrisisKit incident database");
    }

    [Fact]
    public void Simulate_writes_a_mentions_file_and_its_subjects_that_replay_reads_with_nothing_left_unused()
    {
        var mentions = Path.Combine(_directory, "sim", "breach.jsonl");

        var simulated = Cli.Run("simulate", "--scenario", "data-breach", "--out", mentions);

        simulated.Exit.Should().Be(0, simulated.Error);
        var subjects = Path.Combine(_directory, "sim", "breach.subjects.json");
        File.Exists(subjects).Should().BeTrue();
        var (exit, output, error) = Cli.Run("replay", "--mentions", mentions, "--subjects", subjects, "--protocols", Protocols, "--report", Path.Combine(_directory, "sim-reports"), "--json");
        exit.Should().Be(0, error);
        error.Should().NotContain("not used");
        using var json = JsonDocument.Parse(output);
        json.RootElement.GetProperty("incidents").GetArrayLength().Should().BeGreaterThan(0);
        json.RootElement.GetProperty("input").GetProperty("notUsed").GetInt64().Should().Be(0);

        Cli.Run("simulate", "--scenario", "meteor", "--out", mentions).Error.Should().StartWith("crisiskit: --scenario: no scenario is named 'meteor'; the scenarios are: normal-week,");
    }
}
