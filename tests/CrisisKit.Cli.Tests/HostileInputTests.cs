using System.Text.Json;
using CrisisKit.Tests;
using Microsoft.Data.Sqlite;

namespace CrisisKit.Cli.Tests;

/// <summary>
/// Hostile and careless files through every command that reads files: each ends with the documented exit code and
/// one plain line (never a stack trace), or, when the run can go on, with every record it did not use counted and said.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private const string Subjects = """[{ "id": "acme", "keywords": ["acme"] }]""";
    private const string Good = """{"id":"g1","platform":"x","timestamp":"2026-03-01T10:00:00Z","text":"acme is fine","author":"a"}""";

    private readonly string _directory = Directory.CreateTempSubdirectory("crisiskit-hostile-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static void NoStackTrace((int Exit, string Out, string Error) run)
    {
        (run.Out + run.Error).Should().NotContain("   at ").And.NotContain("Exception").And.NotContain("System.");
    }

    /// <summary>A failure: exit code, exactly one line on stderr, starting with "crisiskit: " and holding <paramref name="message"/>.</summary>
    private static void Fails((int Exit, string Out, string Error) run, int exit, string message)
    {
        NoStackTrace(run);
        run.Exit.Should().Be(exit, run.Error);
        var line = run.Error.TrimEnd().Split('\n').Should().ContainSingle().Subject;
        line.Should().StartWith("crisiskit: ").And.Contain(message);
    }

    private (int Exit, string Out, string Error) Replay(string mentionsName, string mentions, string subjects = Subjects, string? protocols = null, params string[] extra) =>
        Cli.Run(["replay", "--mentions", Write(mentionsName, mentions), "--subjects", Write("subjects.json", subjects), "--protocols", protocols ?? RepositoryPaths.SampleProtocols, "--report", Path.Combine(_directory, "reports"), .. extra]);

    public static TheoryData<string, string, string> UnusableRecords => new()
    {
        { "m.jsonl", """{"id":"1","platform":"x","timestamp":"0001-01-01T00:00:00Z","text":"acme","author":"a"}""", "m.jsonl:1: 'timestamp' 0001-01-01T00:00:00Z is before the earliest accepted time 2000-01-01T00:00:00Z" },
        { "m.jsonl", """{"id":"1","platform":"x","timestamp":"9999-12-31T23:59:59Z","text":"acme","author":"a"}""", "m.jsonl:1: 'timestamp' 9999-12-31T23:59:59Z is more than 15m ahead of the current time" },
        { "m.jsonl", """{"id":"1","platform":"x","timestamp":"2031-03-01T10:00:00Z","text":"acme","author":"a"}""", "m.jsonl:1: 'timestamp' 2031-03-01T10:00:00Z is more than 15m ahead" },
        { "m.jsonl", """{"id":"1","platform":"x","timestamp":"03/02/2026 10:00","text":"acme","author":"a"}""", "m.jsonl:1: 'timestamp' value '03/02/2026 10:00' is not an ISO 8601 date-time or Unix time" },
        { "m.jsonl", """{"id":"1","id":"2","platform":"x","timestamp":"2026-03-01T10:00:00Z","text":"acme","author":"a"}""", "m.jsonl:1: 'id' appears twice in the record" },
        { "m.jsonl", """{"id":"1","platform":"x","timestamp":"2026-03-01T10:00:00Z","text":"acme","author":"a""", "m.jsonl:1: invalid JSON" },
        { "m.csv", "id,platform,timestamp,author,text\n1,x,2026-03-01T10:00:00Z,a,\"acme unclosed", "m.csv:2: a quoted field is not closed before the end of the input" },
    };

    [Theory]
    [MemberData(nameof(UnusableRecords))]
    public void A_record_replay_cannot_use_is_counted_and_said_never_a_crash(string name, string bad, string reason)
    {
        // The unusable record first, as in the probe that crashed on a year-0001 first mention; a good one after it.
        var good = name.EndsWith(".csv", StringComparison.Ordinal) ? "g1,x,2026-03-01T10:00:00Z,a,acme fine" : Good;

        var run = Replay(name, bad + "\n" + good + "\n", Subjects, null, "--json");

        NoStackTrace(run);
        run.Exit.Should().Be(0, run.Error);
        run.Error.Should().Contain("replay: 1 mentions read (1 matched, 0 about no subject)").And.Contain("replay: 1 record not used (1 malformed): ").And.Contain(reason);
        using var json = JsonDocument.Parse(run.Out);
        var input = json.RootElement.GetProperty("input");
        input.GetProperty("notUsed").GetInt64().Should().Be(1);
        input.GetProperty("malformed").GetInt64().Should().Be(1);
        input.GetProperty("problems")[0].GetString().Should().Contain(reason);
    }

    [Fact]
    public void A_repeated_mention_is_counted_as_not_used()
    {
        var run = Replay("m.jsonl", Good + "\n" + Good + "\n");

        run.Exit.Should().Be(0, run.Error);
        run.Error.Should().Contain("replay: 1 record not used (1 duplicate): x:g1: the same platform and id came before; the first copy was kept");
    }

    /// <summary>A mention of acme a minute after 10:00 on 2026-03-01, <paramref name="minute"/> minutes on (or at <paramref name="at"/>), as one JSON line.</summary>
    private static string Minute(int minute, string? at = null) =>
        $$"""{"id":"m{{minute}}","platform":"x","timestamp":"{{at ?? new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero).AddMinutes(minute).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)}}","text":"acme is fine","author":"a{{minute}}"}""";

    [Fact]
    public void Mentions_out_of_time_order_are_counted_as_left_out_of_detection_with_a_warning_naming_the_line()
    {
        // An hour of mentions, one a minute, newest first: the first sets the watermark at 10:59, and every mention
        // whose five-minute bucket has closed by then is left out of detection.
        var lines = Enumerable.Range(0, 60).Reverse().Select(m => Minute(m));
        var run = Replay("m.jsonl", string.Join("\n", lines) + "\n", Subjects, null, "--json");

        run.Exit.Should().Be(0, run.Error);
        var path = Path.Combine(_directory, "m.jsonl");
        run.Error.Should().Be(
            "replay: 60 mentions read (60 matched, 0 about no subject)\n" +
            "replay: 55 mentions left out of detection, as each came after its time bucket had closed (49 of them more than 10m behind the latest mention before them)\n" +
            $"replay: warning: that is 92% of the matched mentions, so a crisis among them can go undetected: the mentions are likely not in time order, or some are dated ahead of the rest; the first left out is {path}:6 (2026-03-01T10:54:00Z), behind {path}:1 (2026-03-01T10:59:00Z); sort the mentions by timestamp (and correct any dated ahead) and run again\n");
        using var json = JsonDocument.Parse(run.Out);
        var input = json.RootElement.GetProperty("input");
        input.GetProperty("notBucketed").GetInt64().Should().Be(55);
        input.GetProperty("late").GetInt64().Should().Be(49);
        input.GetProperty("notUsed").GetInt64().Should().Be(0, "each was read and matched; detection left them out");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(20)]
    public void A_lone_mention_dated_ahead_is_set_aside_instead_of_making_the_rest_late(int line)
    {
        // Two half-hours of mentions a night apart (a real jump in time, which the replay follows), one of them dated months ahead.
        var lines = Enumerable.Range(0, 30).Concat(Enumerable.Range(8 * 60, 30)).Select(m => Minute(m)).ToList();
        lines[line - 1] = Minute(line - 1, "2026-06-01T00:00:00Z");
        var run = Replay("m.jsonl", string.Join("\n", lines) + "\n", Subjects, null, "--json");

        run.Exit.Should().Be(0, run.Error);
        var clock = line == 1 ? "2026-03-01T10:01:00Z" : $"2026-03-01T10:{line - 2:00}:00Z";
        run.Error.Should().Be(
            "replay: 60 mentions read (59 matched, 0 about no subject)\n" +
            $"replay: 1 record not used (1 with an implausible time): {Path.Combine(_directory, "m.jsonl")}:{line}: the timestamp 2026-06-01T00:00:00Z is more than 15m ahead of both the replay's clock ({clock}) and the next mention (2026-03-01T10:{line:00}:00Z); set aside, so that one mention dated ahead does not make the rest late\n");
        using var json = JsonDocument.Parse(run.Out);
        var input = json.RootElement.GetProperty("input");
        input.GetProperty("rejected").GetInt64().Should().Be(1);
        input.GetProperty("notBucketed").GetInt64().Should().Be(0, "the mentions after it, and those after the night, are in their buckets");
    }

    public static TheoryData<string, string, string, string> UnusableFiles => new()
    {
        { "m.csv", "id,platform,text\n1,x,acme\n", Subjects, "--mentions: " },
        { "m.txt", Good, Subjects, "--mentions: cannot tell the format of m.txt from its extension (.txt); name it .jsonl, .ndjson, .json, .csv or .tsv." },
        { "m", Good, Subjects, "--mentions: cannot tell the format of m from its extension (it has none)" },
        { "m.jsonl", "", Subjects, "--mentions: m.jsonl holds no mention." },
        { "m.jsonl", "not json\n{}\n", Subjects, "--mentions: m.jsonl holds no mention that could be read; 2 records not used (2 malformed): " },
        { "m.jsonl", Good, "[null]", "--subjects: subjects.json: $[0]: must not be null; give a subject" },
        { "m.jsonl", Good, "[{\"id\": null, \"keywords\": [\"acme\"]}]", "--subjects: subjects.json: $[0].id: must not be null" },
        { "m.jsonl", Good, "[{\"id\": \"acme\", \"keywords\": [null, 5]}]", "--subjects: subjects.json: $[0].keywords[0]: must not be null; give text in double quotes or remove the entry. (line 1) (and 1 more problems)" },
        { "m.jsonl", Good, "{ not json", "--subjects: subjects.json: $: invalid JSON: " },
        { "m.jsonl", Good, "[]", "--subjects: subjects.json: $: names no subject" },
    };

    [Theory]
    [MemberData(nameof(UnusableFiles))]
    public void A_file_replay_cannot_use_is_one_line_and_exit_2(string name, string mentions, string subjects, string message)
    {
        Fails(Replay(name, mentions, subjects), 2, message);
    }

    [Fact]
    public void A_csv_header_without_required_columns_names_them()
    {
        Fails(Replay("m.csv", "id,platform,text\n1,x,acme\n"), 2, "the CSV header lacks the required column(s) 'timestamp', 'author'; found: 'id', 'platform', 'text'");
    }

    [Fact]
    public void A_csv_header_with_a_column_twice_names_it_and_both_positions()
    {
        var run = Replay("m.csv", "id,platform,timestamp,author,text,Text\n1,x,2026-03-01T10:00:00Z,a,acme,acme too\n");

        Fails(run, 2, $"--mentions: {Path.Combine(_directory, "m.csv")}:1: the CSV header names the same column more than once: 'text' (CsvColumnMapping.Text) at positions 5 and 6.");
    }

    public static TheoryData<string, string, string> BadProtocols => new()
    {
        { "\"people\": {", "\"people\": null, \"x\": {", "$.people: must not be null" },
        { "\"escalation\": [", "\"escalation\": [ null,", "$.escalation[0]: must not be null" },
        { "\"moderator\": [\"duty-moderator\"]", "\"moderator\": null", "$.roles.moderator: must not be null" },
        { "\"holding\": \"We've", "\"holding\": null, \"x\": \"We've", "$.messages.en.holding: must not be null" },
        { "\"appliesTo\": { \"minimumSeverity\": \"Low\" }", "\"appliesTo\": null", "$.appliesTo: must not be null" },
        { "\"notify\": [\"social\"] }", "\"notify\": null }", "$.deadlines.notify: must not be null" },
        { "\"contacts\": { \"console\": \"duty-moderator\", \"webhook\": \"https://hooks.example.com/crisiskit/duty\" }", "\"contacts\": null", "$.people.duty-moderator.contacts: must not be null" },
        { "\"minimumSeverity\": \"Low\"", "\"minimumSeverity\": \"Huge\"", "$.appliesTo.minimumSeverity: 'Huge' is not a severity; use one of Low, Moderate, High, Critical." },
        { "\"30m\"", "\"10\"", "$.escalation[0].waitForAcknowledgement: '10' is not a duration" },
        { "\"waitForAcknowledgement\": \"30m\", \"repeatEvery\": \"10m\"", "\"waitForAcknowledgement\": \"30d\", \"repeatEvery\": \"1s\"", "$.escalation[0].repeatEvery: repeating every 1s while waiting 30d makes 2592000 rounds; at most 100 are allowed" },
        { "\"social\": [\"social-lead\"]", "\"social\": [\"social-lead\"], \"social\": [\"comms-lead\"]", "$.roles.social: is given twice" },
    };

    private string BadProtocol(string find, string replace)
    {
        var json = File.ReadAllText(Path.Combine(RepositoryPaths.SampleProtocols, "standard.json"));
        json.Should().Contain(find);
        return Write("bad.json", json.Replace(find, replace, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(BadProtocols))]
    public void A_bad_protocol_is_refused_by_validate_drill_and_replay_with_its_path(string find, string replace, string message)
    {
        var file = BadProtocol(find, replace);

        var validate = Cli.Run("protocol", "validate", file);
        NoStackTrace(validate);
        validate.Exit.Should().Be(1);
        validate.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().OnlyContain(l => l.StartsWith("crisiskit: " + file + ": $", StringComparison.Ordinal)).And.Contain(l => l.Contains(message));

        Fails(Cli.Run("drill", "--scenario", "viral-complaint", "--protocols", file, "--report", Path.Combine(_directory, "r")), 2, "--protocols: " + file + ": $");
        Fails(Replay("m.jsonl", Good, Subjects, file), 2, "--protocols: " + file + ": $");
    }

    [Fact]
    public void Drill_replay_and_report_refuse_to_write_reports_into_the_protocols_folder()
    {
        var protocols = Directory.CreateDirectory(Path.Combine(_directory, "protocols")).FullName;
        foreach (var file in Directory.GetFiles(RepositoryPaths.SampleProtocols, "*.json"))
        {
            File.Copy(file, Path.Combine(protocols, Path.GetFileName(file)));
        }

        var before = Directory.GetFiles(protocols).Order(StringComparer.Ordinal).ToList();
        var link = Path.Combine(_directory, "link");
        var linked = !OperatingSystem.IsWindows();
        if (linked)
        {
            Directory.CreateSymbolicLink(link, protocols);
        }

        var store = Write("incidents.db", "");
        foreach (var report in linked ? new[] { protocols, link } : [protocols])
        {
            var message = $"--report: '{report}' is the --protocols folder, where every *.json file is read as a protocol";
            Fails(Cli.Run("drill", "--scenario", "viral-complaint", "--protocols", protocols, "--report", report), 2, message);
            Fails(Cli.Run("replay", "--mentions", Write("m.jsonl", Good + "\n"), "--subjects", Write("s.json", Subjects), "--protocols", protocols, "--report", report), 2, message);
            Fails(Cli.Run("report", "--incident", "x", "--store", store, "--protocols", protocols, "--report", report), 2, message);
        }

        Directory.GetFiles(protocols).Order(StringComparer.Ordinal).Should().Equal(before, "nothing is written into the protocols folder");
        Cli.Run("drill", "--scenario", "viral-complaint", "--protocols", protocols, "--report", Path.Combine(protocols, "reports")).Exit.Should().Be(0, "a sub-folder is not read for protocols");
    }

    [Fact]
    public void Drill_and_replay_refuse_protocols_that_are_missing_or_a_directory_with_no_protocol_file()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_directory, "empty")).FullName;
        var missing = Path.Combine(_directory, "missing");

        foreach (var (protocols, why) in new[] { (empty, "the directory holds no protocol file; protocols are read from the files named *.json (in any letter case) directly in it, not from its sub-directories."), (missing, "no such file or directory.") })
        {
            var message = $"--protocols: {protocols}: {why}";
            Fails(Cli.Run("drill", "--scenario", "viral-complaint", "--protocols", protocols, "--report", Path.Combine(_directory, "r")), 2, message);
            Fails(Replay("m.jsonl", Good, Subjects, protocols), 2, message);
        }
    }

    [Fact]
    public void A_protocol_with_a_holding_statement_in_one_language_only_validates_and_drills()
    {
        // A holding statement is needed in one language, not in each: English keeps its update message but has none.
        var file = BadProtocol("      \"holding\": \"We've seen what people are saying about {issue} and we're looking into it now. We'll share an update here by {time}.\",\n", "");

        Cli.Run("protocol", "validate", file).Exit.Should().Be(0);
        var run = Cli.Run("drill", "--scenario", "data-breach", "--protocols", file, "--report", Path.Combine(_directory, "r"), "--json");

        NoStackTrace(run);
        run.Exit.Should().Be(0, run.Error);
        using var outcome = JsonDocument.Parse(run.Out);
        var incident = outcome.RootElement.GetProperty("incidents")[0];
        incident.GetProperty("protocol").GetString().Should().Be("standard");
        incident.GetProperty("minutesToFirstResponse").GetDouble().Should().BePositive("the responder published the Greek holding statement");
    }

    [Fact]
    public void A_hundred_thousand_steps_are_refused_at_once()
    {
        var steps = string.Join(", ", Enumerable.Repeat("{ \"notify\": [\"moderator\"], \"channels\": [\"console\"], \"waitForAcknowledgement\": \"1m\" }", 100_000));
        var file = BadProtocol("\"escalation\": [", "\"escalation\": [ " + steps + ",");
        var started = TimeProvider.System.GetTimestamp();

        var run = Cli.Run("protocol", "validate", file);

        run.Exit.Should().Be(1);
        run.Error.Trim().Should().Be($"crisiskit: {file}: $.escalation: has 100003 steps; at most 20 are allowed.");
        TimeProvider.System.GetElapsedTime(started).Should().BeLessThan(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void A_protocol_at_the_limits_drills_in_seconds_with_every_contact_channel_simulated()
    {
        // Ten steps of 96 rounds each (a day's wait, repeated every 15 minutes), nobody acknowledging: close to
        // MaxNotificationsPerIncident. People also have webhook contacts the steps never use.
        var steps = string.Join(", ", Enumerable.Repeat("{ \"notify\": [\"moderator\"], \"channels\": [\"console\"], \"waitForAcknowledgement\": \"1d\", \"repeatEvery\": \"15m\" }", 10));
        var json = System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(Path.Combine(RepositoryPaths.SampleProtocols, "standard.json")), "\"escalation\": \\[.*?\n  \\],", "\"escalation\": [ " + steps + " ],", System.Text.RegularExpressions.RegexOptions.Singleline);
        Directory.CreateDirectory(Path.Combine(_directory, "limits"));
        File.WriteAllText(Path.Combine(_directory, "limits", "standard.json"), json);
        var started = TimeProvider.System.GetTimestamp();

        var run = Cli.Run("drill", "--scenario", "viral-complaint", "--protocols", Path.Combine(_directory, "limits"), "--report", Path.Combine(_directory, "r"), "--ack-after", "100d", "--json");

        run.Exit.Should().Be(0, run.Error);
        TimeProvider.System.GetElapsedTime(started).Should().BeLessThan(TimeSpan.FromSeconds(60));
        using var outcome = JsonDocument.Parse(run.Out);
        outcome.RootElement.GetProperty("notifications").GetInt32().Should().BeInRange(100, ProtocolLoaderLimit);
    }

    private const int ProtocolLoaderLimit = 1_000 * 3; // three times the documented limit of notifications per incident

    [Theory]
    [InlineData(new[] { "drill", "--scenario", "viral-complaint", "--protocols", ".", "--report", ".", "--ack-after", "10" }, "--ack-after: '10' is not a duration; write it like 90s, 10m, 2h or 1d.")]
    [InlineData(new[] { "drill", "--scenario", "viral-complaint", "--protocols", ".", "--report", ".", "--respond-after", "-5m" }, "--respond-after: '-5m' is not a duration")]
    [InlineData(new[] { "drill", "--scenario", "viral-complaint", "--seed", "one" }, "--seed: 'one' is not a whole number; write it with digits only, such as 1.")]
    [InlineData(new[] { "bench", "--mentions", "1e6" }, "--mentions: '1e6' is not a whole number; write it with digits only, such as 1000000.")]
    [InlineData(new[] { "bench", "--mentions", "99999999999" }, "--mentions: '99999999999' is not a whole number; write it with digits only, such as 1000000 (at most 2147483647).")]
    [InlineData(new[] { "bench", "--subjects", "1,000" }, "--subjects: '1,000' is not a whole number")]
    [InlineData(new[] { "sentiment", "eval", "--data", "x.tsv", "--threshold", "0,1" }, "--threshold: '0,1' is not a number; write it like 0.05.")]
    public void Numbers_and_durations_are_parsed_with_plain_messages(string[] args, string message)
    {
        Fails(Cli.Run(args), 2, message);
    }

    [Theory]
    [InlineData(new[] { "nab", "--data", "", "--windows", "w.json", "--out", "o" }, "--data: the path is empty; give a folder.")]
    [InlineData(new[] { "nab", "--data", "d", "--windows", "", "--out", "o" }, "--windows: the path is empty; give a file.")]
    [InlineData(new[] { "replay", "--mentions", "", "--subjects", "s.json" }, "--mentions: the path is empty; give a file.")]
    [InlineData(new[] { "sentiment", "eval", "--data", "" }, "--data: the path is empty; give a file.")]
    [InlineData(new[] { "drill", "--scenario", "data-breach", "--report", "" }, "--report: the value is empty; give a folder for the reports.")]
    [InlineData(new[] { "report", "--incident", " ", "--store", "s.db" }, "--incident: the value is empty; give the id of a stored incident (crisiskit replay prints them).")]
    [InlineData(new[] { "report", "--incident", "i", "--store", "" }, "--store: the value is empty; give a SQLite file or a PostgreSQL connection string.")]
    [InlineData(new[] { "protocol", "init", "" }, "directory: the value is empty; give a folder for the sample protocols.")]
    public void An_empty_path_is_said_to_be_empty_not_unconvertible(string[] args, string message)
    {
        Fails(Cli.Run(args), 2, message);
    }

    [Fact]
    public void A_file_given_as_the_report_folder_is_refused_before_the_run()
    {
        var file = Write("afile", "x");

        Fails(Cli.Run("drill", "--scenario", "data-breach", "--report", file), 2, $"--report: '{file}' is a file; give a folder for the reports (it is created if absent).");
        Fails(Cli.Run("replay", "--mentions", Write("m.jsonl", Good + "\n"), "--subjects", Write("s.json", Subjects), "--protocols", ".", "--report", file), 2, $"--report: '{file}' is a file; give a folder for the reports (it is created if absent).");
    }

    [Fact]
    public void Sentiment_eval_names_a_folder_given_for_a_file_and_a_language_it_does_not_know()
    {
        var data = Write("rated.tsv", "id\trating\ttext\n1\t2\tgood\n2\t-2\tbad\n");

        Fails(Cli.Run("sentiment", "eval", "--data", _directory), 2, $"--data: '{_directory}' is a folder; give a file.");
        Fails(Cli.Run("sentiment", "eval", "--data", data, "--out", _directory), 2, $"--out: '{_directory}' is a folder; give the file to write the scores to.");
        Fails(Cli.Run("sentiment", "eval", "--data", data, "--language", "de"), 2, "--language must be el or en (was 'de'), or left out to decide per text from its script.");
    }

    [Fact]
    public void A_folder_given_as_the_store_or_an_input_file_is_named_as_a_folder()
    {
        var mentions = Write("m.jsonl", Good + "\n");
        var subjects = Write("s.json", Subjects);
        var protocols = Directory.CreateDirectory(Path.Combine(_directory, "protocols")).FullName;
        Cli.Run("protocol", "init", protocols).Exit.Should().Be(0);
        var folder = Directory.CreateDirectory(Path.Combine(_directory, "store")).FullName;

        Fails(Cli.Run("replay", "--mentions", mentions, "--subjects", subjects, "--protocols", protocols, "--report", Path.Combine(_directory, "r"), "--store", folder), 2, $"--store: '{folder}' is a folder; give a SQLite database file or a PostgreSQL connection string (Host=...).");
        Fails(Cli.Run("report", "--incident", "x", "--store", folder), 2, $"--store: '{folder}' is a folder; give a SQLite database file or a PostgreSQL connection string (Host=...).");
        Fails(Cli.Run("replay", "--mentions", folder, "--subjects", subjects, "--protocols", protocols, "--report", Path.Combine(_directory, "r")), 2, $"--mentions: '{folder}' is a folder; give a file.");
        Fails(Cli.Run("replay", "--mentions", mentions, "--subjects", folder, "--protocols", protocols, "--report", Path.Combine(_directory, "r")), 2, $"--subjects: '{folder}' is a folder; give a file.");
    }

    [Fact]
    public void Report_on_an_empty_file_says_so_and_writes_nothing_into_it()
    {
        var store = Write("empty.db", "");

        Fails(Cli.Run("report", "--incident", "x", "--store", store, "--report", _directory), 2, $"--store: '{store}' is not a CrisisKit incident database: it is empty (it holds no tables).");

        SqliteConnection.ClearAllPools();
        new FileInfo(store).Length.Should().Be(0);
        File.Exists(store + "-wal").Should().BeFalse();
    }

    [Fact]
    public void A_store_locked_by_another_process_is_a_clear_error_within_seconds()
    {
        var store = Path.Combine(_directory, "locked.db");
        new CrisisKit.Storage.Sqlite.SqliteIncidentStore(store).Dispose();
        SqliteConnection.ClearAllPools();
        using var other = new SqliteConnection($"Data Source={store};Pooling=False");
        other.Open();
        using (var command = other.CreateCommand())
        {
            command.CommandText = "PRAGMA journal_mode=DELETE; BEGIN EXCLUSIVE";
            command.ExecuteNonQuery();
        }

        var started = TimeProvider.System.GetTimestamp();
        Fails(Replay("m.jsonl", Good, Subjects, null, "--store", store), 2, $"--store: '{store}' is locked by another process or connection (waited 2 s)");
        Fails(Cli.Run("report", "--incident", "x", "--store", store, "--report", _directory), 2, "--store: ");
        TimeProvider.System.GetElapsedTime(started).Should().BeLessThan(TimeSpan.FromSeconds(20));
    }

    private const string Commands = "the commands are sentiment, nab, protocol, bench, drill, replay, report and simulate (crisiskit --help describes each).";

    [Theory]
    [InlineData(new string[0], "crisiskit: no command given; " + Commands)]
    [InlineData(new[] { "bogus" }, "crisiskit: 'bogus' is not a command; " + Commands)]
    [InlineData(new[] { "Replay", "--mentions", "m.jsonl" }, "crisiskit: 'Replay' is not a command; " + Commands)]
    [InlineData(new[] { "--bogus" }, "crisiskit: '--bogus' is not an option of crisiskit; give a command; " + Commands)]
    [InlineData(new[] { "protocol" }, "crisiskit: no protocol command given; the protocol commands are validate and init (crisiskit protocol --help describes each).")]
    [InlineData(new[] { "protocol", "check", "p.json" }, "crisiskit: 'check' is not a protocol command; the protocol commands are validate and init (crisiskit protocol --help describes each).")]
    [InlineData(new[] { "sentiment", "evaluate" }, "crisiskit: 'evaluate' is not a sentiment command; the only sentiment command is eval (crisiskit sentiment --help describes it).")]
    public void An_unknown_or_missing_command_lists_the_commands_and_exits_2(string[] args, string message)
    {
        var run = Cli.Run(args);

        Fails(run, 2, message);
        run.Error.Should().Be(message + Environment.NewLine, "the one line is the whole message");
        run.Out.Should().BeEmpty();
    }

    [Fact]
    public void Help_names_the_command_crisiskit()
    {
        var (exit, output, _) = Cli.Run("--help");
        exit.Should().Be(0);
        output.Should().Contain("crisiskit [command] [options]").And.NotContain("CrisisKit.Cli");

        Cli.Run("replay", "--help").Out.Should().Contain("crisiskit replay [options]");
    }
}
