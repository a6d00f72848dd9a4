using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CrisisKit.Evaluation;
using CrisisKit.Hosting;
using CrisisKit.Incidents;
using CrisisKit.Ingestion;
using CrisisKit.Mentions;
using CrisisKit.Monitoring;
using CrisisKit.Reports;
using CrisisKit.Simulation;
using CrisisKit.Storage.PostgreSql;
using CrisisKit.Storage.Sqlite;

namespace CrisisKit.Cli;

/// <summary><c>crisiskit drill</c>, <c>crisiskit replay</c> and <c>crisiskit report</c>.</summary>
internal static class ResponseCommands
{
    public static Command Drill(TextWriter output, TextWriter error, TextReader input)
    {
        var list = new Option<bool>("--list") { Description = "List the scenarios and stop." };
        var scenario = new Option<string?>("--scenario") { Description = "The scenario to run (see --list)." };
        var protocols = InputPaths.RefuseEmpty(new Option<string?>("--protocols") { Description = "A directory (or file) of response protocols." }, "give a directory or file of protocols");
        var report = InputPaths.OutputFolder(new Option<string?>("--report") { Description = "Where to write the post-incident reports." }, "the reports");
        var seed = CliNumbers.WholeNumber("--seed", "The simulation's seed.", 1);
        var ackAfter = new Option<string>("--ack-after") { Description = "How long after an incident opens the simulated responder acknowledges it (for example 10m; default 5m, inside the sample protocols' tightest deadline and first escalation step).", DefaultValueFactory = _ => "5m" };
        var respondAfter = new Option<string>("--respond-after") { Description = "How long after it opens the holding statement goes out.", DefaultValueFactory = _ => "45m" };
        var interactive = new Option<bool>("--interactive") { Description = "Ask you at each step instead of simulating the responders." };
        var language = new Option<string>("--language") { Description = "The reports' language: en or el.", DefaultValueFactory = _ => "en" };
        var json = new Option<bool>("--json") { Description = "Print the outcome as JSON." };
        var command = new Command("drill", "A training exercise: a simulated crisis runs against your protocols on a virtual clock (a day in seconds); simulated responders acknowledge and respond after the given delays, or you do with --interactive; the post-incident report shows how the team and the protocol did.")
        {
            list, scenario, protocols, report, seed, ackAfter, respondAfter, interactive, language, json,
        };
        command.SetAction(result => RunDrill(result.GetValue(list), result.GetValue(scenario), result.GetValue(protocols), result.GetValue(report), result.GetValue(seed), result.GetValue(ackAfter)!, result.GetValue(respondAfter)!, result.GetValue(interactive), result.GetValue(language)!, result.GetValue(json), output, error, input).GetAwaiter().GetResult());
        return command;
    }

    public static Command Replay(TextWriter output, TextWriter error, TextReader input)
    {
        var mentions = new Option<FileInfo>("--mentions") { Description = "A mention file: JSON Lines (.jsonl) or CSV (.csv).", Required = true };
        var subjects = new Option<FileInfo>("--subjects") { Description = "A JSON array of monitored subjects (id, name, keywords, handles, hashtags...).", Required = true };
        var protocols = InputPaths.RefuseEmpty(new Option<string>("--protocols") { Description = "A directory (or file) of response protocols.", Required = true }, "give a directory or file of protocols");
        var report = InputPaths.OutputFolder(new Option<string>("--report") { Description = "Where to write a report per incident.", Required = true }, "the reports");
        var store = InputPaths.RefuseEmpty(new Option<string?>("--store") { Description = "Where to keep the incidents (for crisiskit report later): a SQLite file, or a PostgreSQL connection string (Host=...;Port=...;Database=...;Username=...;Password=...; the crisiskit schema is created on first use)." }, "give a SQLite file or a PostgreSQL connection string");
        var ackAfter = new Option<string?>("--ack-after") { Description = "Simulate an acknowledgement this long after each incident opens (default: nobody acknowledges)." };
        var language = new Option<string>("--language") { Description = "The reports' language: en or el.", DefaultValueFactory = _ => "en" };
        var json = new Option<bool>("--json") { Description = "Print the outcome as JSON." };
        var command = new Command("replay", "Run a real mention file through the whole pipeline on its own timestamps (detection, severity, escalation) and write a report per incident. Progress goes to stderr.")
        {
            mentions, subjects, protocols, report, store, ackAfter, language, json,
        };
        command.SetAction(result => RunReplay(result.GetValue(mentions)!, result.GetValue(subjects)!, result.GetValue(protocols)!, result.GetValue(report)!, result.GetValue(store), result.GetValue(ackAfter), result.GetValue(language)!, result.GetValue(json), output, error, input).GetAwaiter().GetResult());
        return command;
    }

    public static Command Report(TextWriter output, TextWriter error)
    {
        var incident = InputPaths.RefuseEmpty(new Option<string>("--incident") { Description = "The incident's id.", Required = true }, "give the id of a stored incident (crisiskit replay prints them)");
        var store = InputPaths.RefuseEmpty(new Option<string>("--store") { Description = "The incident store (from crisiskit replay --store): a SQLite file or a PostgreSQL connection string (Host=...). Opened read-only: nothing is created or written.", Required = true }, "give a SQLite file or a PostgreSQL connection string");
        var report = InputPaths.OutputFolder(new Option<string>("--report") { Description = "Where to write the report.", DefaultValueFactory = _ => "." }, "the report");
        var language = new Option<string>("--language") { Description = "The report's language: en or el.", DefaultValueFactory = _ => "en" };
        var protocols = InputPaths.RefuseEmpty(new Option<string?>("--protocols") { Description = "The response protocols the incident ran under, to judge its deadlines (optional)." }, "give a directory or file of protocols");
        var json = new Option<bool>("--json") { Description = "Print the evaluation as JSON." };
        var command = new Command("report", "Render a stored incident's post-incident report again (JSON, Markdown, HTML).")
        {
            incident, store, report, language, protocols, json,
        };
        command.SetAction(result => RunReport(result.GetValue(incident)!, result.GetValue(store)!, result.GetValue(report)!, result.GetValue(language)!, result.GetValue(protocols), result.GetValue(json), output, error).GetAwaiter().GetResult());
        return command;
    }

    private static async Task<int> RunDrill(bool list, string? name, string? protocols, string? report, int seed, string ackAfter, string respondAfter, bool interactive, string language, bool json, TextWriter output, TextWriter error, TextReader input)
    {
        if (list)
        {
            foreach (var s in Scenarios.All)
            {
                output.WriteLine($"{s.Name,-16} {s.Description}");
            }

            return 0;
        }

        if (name is null || protocols is null || report is null)
        {
            throw new CommandException("drill needs --scenario, --protocols and --report (or --list).");
        }

        Scenario scenario;
        try
        {
            scenario = Scenarios.Get(name);
        }
        catch (ArgumentException ex)
        {
            throw CommandException.From(ex, "--scenario: ");
        }

        CheckLanguage(language);
        var responders = new Responders(Duration("--ack-after", ackAfter), Duration("--respond-after", respondAfter), interactive);
        RefuseReportInProtocols(report, protocols);
        // With --json, stdout is the outcome alone: an interactive drill asks on stderr.
        using var run = ResponseRun.Create([scenario.Subject], protocols, scenario.Start, responders, null, input, json ? error : output);
        foreach (var mention in new ScenarioSimulator(scenario, seed).Generate())
        {
            await run.IngestAsync(mention);
        }

        await run.RunUntilAsync(scenario.Start + scenario.Duration);
        // The scenario's onset is the truth only for an incident about that crisis; a false alarm gets its own.
        var crises = scenario.GroundTruth.Where(g => g.IsCrisis).ToList();
        var results = await run.FinishAsync(report, language, incident => crises.FirstOrDefault(g => incident.FirstSignalAt >= g.Onset - TimeSpan.FromMinutes(30) && incident.FirstSignalAt <= g.End)?.Onset);
        var summary = InputSummary.From(null, run.Monitor.Statistics, run.MonitorProblems, run.NotBucketed);
        WriteUnused(summary, run, "drill", error);
        return Print(results, run, summary, json, output);
    }

    private static async Task<int> RunReplay(FileInfo mentionsFile, FileInfo subjectsFile, string protocols, string report, string? store, string? ackAfter, string language, bool json, TextWriter output, TextWriter error, TextReader input)
    {
        InputPaths.RequireFile(mentionsFile, "--mentions");

        var extension = mentionsFile.Extension.ToLowerInvariant();
        if (!MentionFiles.Extensions.Contains(extension))
        {
            throw new CommandException($"--mentions: cannot tell the format of {mentionsFile.Name} from its extension ({(extension.Length == 0 ? "it has none" : extension)}); name it {string.Join(", ", MentionFiles.Extensions.SkipLast(1))} or {MentionFiles.Extensions[^1]}.");
        }

        InputPaths.RequireFile(subjectsFile, "--subjects");

        CheckLanguage(language);
        var acknowledgeAfter = ackAfter is null ? (TimeSpan?)null : Duration("--ack-after", ackAfter);
        RefuseReportInProtocols(report, protocols);
        var subjects = LoadSubjects(subjectsFile);
        var reader = MentionFiles.CreateReader(mentionsFile.FullName);
        ResponseRun? run = null;
        var count = 0L;

        // Each mention goes in once the one after it has been read: the clock follows the file, except past a lone
        // mention dated ahead of both its neighbours (see ResponseRun.IngestAsync). The file is never reordered.
        (Mention Mention, long Line)? pending = null;
        async Task TakeAsync(Mention mention, long line, DateTimeOffset? next)
        {
            if (run is null)
            {
                // The clock starts at the first mention, or at the second when the first is ahead of it (perhaps a
                // mention dated ahead, which the clock must not start from).
                run = ResponseRun.Create(subjects, protocols, next is { } after && after < mention.Timestamp ? after : mention.Timestamp, new Responders(acknowledgeAfter, null), store, TextReader.Null, error);
                run.Source = mentionsFile.FullName;
            }

            await run.IngestAsync(mention, next, line);
            if (++count % 100_000 == 0)
            {
                error.WriteLine($"replay: {count:N0} mentions, up to {mention.Timestamp:yyyy-MM-dd HH:mm} UTC, {run.Engine.OpenIncidents.Count} open incidents");
            }
        }

        try
        {
            await foreach (var mention in MentionFiles.ReadAsync(reader, mentionsFile.FullName))
            {
                if (pending is { } previous)
                {
                    await TakeAsync(previous.Mention, previous.Line, mention.Timestamp);
                }

                pending = (mention, reader.Statistics.LastMentionLine);
            }

            if (pending is { } last)
            {
                await TakeAsync(last.Mention, last.Line, null);
            }
        }
        catch (Exception ex) when (ex is MalformedMentionException or InvalidDataException)
        {
            run?.Dispose();
            throw new CommandException($"--mentions: {ex.Message}");
        }
        catch
        {
            run?.Dispose();
            throw;
        }

        if (run is null)
        {
            var empty = InputSummary.From(reader.Statistics, new MonitorStatistics(0, 0, 0, 0, 0, null), []);
            throw new CommandException($"--mentions: {mentionsFile.Name} holds no mention{(empty.NotUsed > 0 ? $" that could be read; {empty.NotUsedText()}" : ".")}");
        }

        using (run)
        {
            await run.RunUntilAsync(run.Clock.GetUtcNow().AddHours(4));
            var summary = InputSummary.From(reader.Statistics, run.Monitor.Statistics, run.MonitorProblems, run.NotBucketed);
            error.WriteLine(summary.ReadLine("replay"));
            WriteUnused(summary, run, "replay", error);
            var results = await run.FinishAsync(report, language);
            return Print(results, run, summary, json, output);
        }
    }

    /// <summary>The lines about input a run did not use, or used without counting it in detection (mentions that came after their time bucket had closed), with a warning when those are a notable share.</summary>
    private static void WriteUnused(InputSummary summary, ResponseRun run, string command, TextWriter error)
    {
        foreach (var line in new[] { summary.NotUsedLine(command), summary.LeftOutLine(command, run.LateMentionTolerance), summary.LeftOutWarning(command, run.FirstNotBucketed) })
        {
            if (line is not null)
            {
                error.WriteLine(line);
            }
        }
    }

    /// <summary>Reads the subjects file; every problem it has becomes one line naming the first and counting the rest.</summary>
    private static List<MonitoredSubject> LoadSubjects(FileInfo file)
    {
        try
        {
            using var stream = file.OpenRead();
            return [.. SubjectLoader.Load(stream, file.Name)];
        }
        catch (SubjectLoadException ex)
        {
            throw new CommandException($"--subjects: {ex.Errors[0]}{(ex.Errors.Count > 1 ? $" (and {ex.Errors.Count - 1} more problems)" : "")}");
        }
    }

    private static async Task<int> RunReport(string incidentId, string storeText, string report, string language, string? protocols, bool json, TextWriter output, TextWriter error)
    {
        var postgreSql = StoreLocation.IsPostgreSql(storeText);
        var storeFile = postgreSql ? null : StoreLocation.SqliteFile(storeText);
        if (storeFile is { Exists: false })
        {
            throw new CommandException($"--store: the file '{storeFile.FullName}' does not exist.");
        }

        CheckLanguage(language);
        RefuseReportInProtocols(report, protocols);
        Incident? incident;
        string where;
        try
        {
            // Read-only: report only looks, so it never creates a schema in (or otherwise changes) the store it is given.
            if (storeFile is null)
            {
                await using var store = new PostgreSqlIncidentStore(StoreLocation.PostgreSql(storeText, readOnly: true));
                where = store.Location;
                incident = await store.GetAsync(incidentId);
            }
            else
            {
                await using var store = new SqliteIncidentStore(new SqliteIncidentStoreOptions { FilePath = storeFile.FullName, ReadOnly = true, BusyTimeout = StoreBusyTimeout });
                where = storeFile.Name;
                incident = await store.GetAsync(incidentId);
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException or System.Data.Common.DbException)
        {
            throw new CommandException($"--store: {ex.Message}");
        }

        if (incident is null)
        {
            throw new CommandException($"--incident: there is no incident '{incidentId}' in {where}.");
        }

        var series = incident.Timeline.OfType<IncidentSeriesRecorded>().LastOrDefault();
        var buckets = series?.ToBuckets() ?? [];
        Protocols.ResponseProtocol? protocol = null;
        if (protocols is not null)
        {
            try
            {
                protocol = Protocols.ProtocolLoader.LoadAll(ProtocolCommands.Sources([protocols], "--protocols: ")).FirstOrDefault(p => p.Id == incident.ProtocolId);
            }
            catch (Protocols.ProtocolLoadException ex)
            {
                throw new CommandException("--protocols: " + ex.Errors[0]);
            }

            if (protocol is null && incident.ProtocolId is not null)
            {
                error.WriteLine($"report: deadlines not judged: {protocols} has no protocol '{incident.ProtocolId}', the one the incident ran under.");
            }
        }
        else if (incident.ProtocolId is not null)
        {
            error.WriteLine($"report: deadlines not judged: the incident ran under protocol '{incident.ProtocolId}'; give --protocols with it to judge them.");
        }

        var evaluation = new DefaultPostIncidentEvaluator().Evaluate(new EvaluationInput(incident, protocol, buckets));
        var path = IncidentReportWriter.WriteAll(IncidentReport.Build(incident, evaluation, buckets, language), report);
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new ReportedIncident(incident.Id, incident.Status.ToString(), incident.Severity.ToString(), path, evaluation.Findings.Count), CliJsonContext.Default.ReportedIncident));
        }
        else
        {
            output.WriteLine($"{incident.Id}: {incident.Status}, severity {incident.Severity}; report: {path}");
        }

        return 0;
    }

    private static int Print(IReadOnlyList<(Incident Incident, IncidentEvaluation Evaluation, string Report)> results, ResponseRun run, InputSummary input, bool json, TextWriter output)
    {
        var notifications = run.Channels.Sum(c => c.Sent.Count);
        var stored = results.Select(r => StoredBefore(run, r.Incident)).ToList();
        if (json)
        {
            var outcome = new RunOutcome([.. results.Select((r, i) => new RunIncident(
                r.Incident.Id,
                r.Incident.Status.ToString(),
                r.Incident.Severity.ToString(),
                r.Incident.ProtocolId,
                Minutes(r.Evaluation.TimeToDetect),
                Minutes(r.Evaluation.TimeToAcknowledge),
                Minutes(r.Evaluation.TimeToFirstResponse),
                r.Evaluation.Deadlines.Count(d => d.Met),
                r.Evaluation.Deadlines.Count,
                r.Report,
                stored[i]))], notifications, input);
            output.WriteLine(JsonSerializer.Serialize(outcome, CliJsonContext.Default.RunOutcome));
            return 0;
        }

        if (results.Count == 0)
        {
            output.WriteLine("no incident was opened");
        }

        foreach (var (incident, evaluation, report) in results)
        {
            output.WriteLine($"{incident.Id}: {incident.Status}, severity {incident.Severity}, protocol {incident.ProtocolId ?? "(none)"}");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  detected after {Minutes(evaluation.TimeToDetect):0} min; acknowledged after {Text(evaluation.TimeToAcknowledge)}; first response after {Text(evaluation.TimeToFirstResponse)}; deadlines met {evaluation.Deadlines.Count(d => d.Met)} of {evaluation.Deadlines.Count}"));
            foreach (var finding in evaluation.Findings)
            {
                output.WriteLine($"  {(finding.Kind == FindingKind.WentWell ? "+" : "-")} {finding.Text}");
            }

            output.WriteLine($"  report: {report}");
        }

        output.WriteLine($"{notifications} notifications sent (simulated channels)");
        foreach (var (kind, line) in new[] { (Continued, "{0} already in the store {1} continued from {2} stored {3}; notifications recorded there were not sent again: {4}"), (LeftAsItWas, "{0} already in the store {1} left as {5} (closed before this run, or not raised by it): {4}") })
        {
            var ids = results.Where((_, i) => stored[i] == kind).Select(r => r.Incident.Id).ToList();
            if (ids.Count > 0)
            {
                var one = ids.Count == 1;
                output.WriteLine(string.Format(CultureInfo.InvariantCulture, line, one ? "1 incident" : $"{ids.Count} incidents", one ? "was" : "were", one ? "its" : "their", one ? "timeline" : "timelines", CrisisKitCommand.FirstFew(ids), one ? "it was" : "they were"));
            }
        }

        return 0;
    }

    /// <summary>What this run did with an incident the store held before it: <see cref="Continued"/>, <see cref="LeftAsItWas"/>, or <see langword="null"/> for one it opened.</summary>
    private static string? StoredBefore(ResponseRun run, Incident incident) =>
        !run.StoredBefore.TryGetValue(incident.Id, out var wasOpen) ? null
        : wasOpen && run.Raised(incident.CandidateId) ? Continued
        : LeftAsItWas;

    /// <summary>An incident the store held open before the run, whose crisis the run raised again: the run carried on its timeline.</summary>
    private const string Continued = "continued";

    /// <summary>An incident the store held before the run that the run did not carry on (it was closed, or not raised again).</summary>
    private const string LeftAsItWas = "leftAsItWas";

    private static double? Minutes(TimeSpan? span) => span is { } s ? Math.Round(s.TotalMinutes, 1) : null;

    private static string Text(TimeSpan? span) => span is { } s ? string.Create(CultureInfo.InvariantCulture, $"{s.TotalMinutes:0} min") : "never";

    /// <summary>
    /// Refuses a <c>--report</c> folder that is the <c>--protocols</c> folder (links followed): every <c>*.json</c> there
    /// is read as a protocol, so the reports' JSON would break the next drill, replay or validation.
    /// </summary>
    private static void RefuseReportInProtocols(string report, string? protocols)
    {
        if (protocols is not null && Directory.Exists(protocols) && InputPaths.IsSame(report, protocols))
        {
            throw new CommandException($"--report: '{Path.GetFullPath(report)}' is the --protocols folder, where every *.json file is read as a protocol; the reports' JSON would break the next run. Choose another folder.");
        }
    }

    private static void CheckLanguage(string language)
    {
        if (!IncidentReport.Languages.Contains(language))
        {
            throw new CommandException($"--language must be {string.Join(" or ", IncidentReport.Languages)} (was '{language}').");
        }
    }

    /// <summary>How long a command waits for another process to let go of a store before saying so.</summary>
    internal static readonly TimeSpan StoreBusyTimeout = TimeSpan.FromSeconds(2);

    private static TimeSpan Duration(string option, string text) =>
        Protocols.DurationText.Parse(text) ?? throw new CommandException($"{option}: '{text}' is not a duration; write it like 90s, 10m, 2h or 1d.");
}

/// <summary>The JSON shape of <c>crisiskit drill --json</c> and <c>crisiskit replay --json</c>.</summary>
internal sealed record RunOutcome(IReadOnlyList<RunIncident> Incidents, int Notifications, InputSummary Input);

/// <summary>One incident of a run.</summary>
/// <param name="Id">The incident's id.</param>
/// <param name="Status">Its status at the end of the run.</param>
/// <param name="Severity">Its severity.</param>
/// <param name="Protocol">The protocol it ran under, if any.</param>
/// <param name="MinutesToDetect">Minutes from the onset to detection.</param>
/// <param name="MinutesToAcknowledge">Minutes from opening to the first acknowledgement, if any.</param>
/// <param name="MinutesToFirstResponse">Minutes from opening to the first statement, if any.</param>
/// <param name="DeadlinesMet">Deadlines met.</param>
/// <param name="Deadlines">Deadlines judged.</param>
/// <param name="Report">The report's path.</param>
/// <param name="AlreadyInStore">
/// For an incident the store held before the run: <c>continued</c> (it was open and the run raised its crisis again,
/// so the run carried on its stored timeline, and notifications recorded there were not sent again) or
/// <c>leftAsItWas</c> (closed, or not raised by this run); <see langword="null"/> for an incident the run opened.
/// </param>
internal sealed record RunIncident(string Id, string Status, string Severity, string? Protocol, double? MinutesToDetect, double? MinutesToAcknowledge, double? MinutesToFirstResponse, int DeadlinesMet, int Deadlines, string Report, string? AlreadyInStore = null);

/// <summary>The JSON shape of <c>crisiskit report --json</c>.</summary>
internal sealed record ReportedIncident(string Id, string Status, string Severity, string Report, int Findings);
