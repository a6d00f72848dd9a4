using System.Globalization;
using CrisisKit.Correlation;
using CrisisKit.Detection;
using CrisisKit.Escalation;
using CrisisKit.Evaluation;
using CrisisKit.Hosting;
using CrisisKit.Incidents;
using CrisisKit.Mentions;
using CrisisKit.Monitoring;
using CrisisKit.Protocols;
using CrisisKit.Reports;
using CrisisKit.Simulation;
using CrisisKit.Storage.PostgreSql;
using CrisisKit.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CrisisKit.Cli;

/// <summary>How simulated responders behave in a drill or replay; <see langword="null"/> delays mean "never".</summary>
/// <param name="AcknowledgeAfter">How long after an incident opens someone acknowledges it.</param>
/// <param name="RespondAfter">How long after it opens the holding statement is published (approvals are given first).</param>
/// <param name="Interactive">Ask a person (on the command line) instead of acting after the delays.</param>
internal sealed record Responders(TimeSpan? AcknowledgeAfter, TimeSpan? RespondAfter, bool Interactive = false);

/// <summary>
/// The whole pipeline on a virtual clock driven by the mentions' timestamps: monitor, escalation engine following it,
/// simulated (or interactive) responders, and at the end resolution, evaluation and a report per incident.
/// </summary>
internal sealed class ResponseRun : IDisposable
{
    private readonly ServiceProvider _provider;
    private readonly IDisposable _following;
    private readonly IDisposable _candidates;
    private readonly Responders _responders;
    private readonly TextReader _input;
    private readonly TextWriter _prompt;
    private readonly HashSet<string> _asked = new(StringComparer.Ordinal);
    private readonly HashSet<string> _closedCandidates = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CrisisCandidate> _latestCandidates = new(StringComparer.Ordinal);
    private readonly List<string> _problems = [];
    private readonly TimeSpan _maxFutureSkew;

    // Mentions a subject's series did not bucket (one event per subject) so far: compared around each ingest, so a
    // mention is counted once however many subjects it concerns.
    private long _notBucketedEvents;

    // The matched mention with the latest timestamp so far (the one that set the monitor's watermark), and its line.
    private (Mention Mention, long Line)? _latest;

    // Set while a mention that IngestAsync set aside goes in, so its own reason replaces the monitor's.
    private bool _settingAside;

    private ResponseRun(ServiceProvider provider, Responders responders, TextReader input, TextWriter prompt)
    {
        _provider = provider;
        _responders = responders;
        _input = input;
        _prompt = prompt;
        Clock = (VirtualClock)provider.GetRequiredService<TimeProvider>();
        Monitor = provider.GetRequiredService<ICrisisMonitor>();
        Engine = provider.GetRequiredService<IEscalationEngine>();
        Store = provider.GetRequiredService<IIncidentStore>();
        Protocols = provider.GetRequiredService<ProtocolSet>();
        var options = provider.GetRequiredService<IOptions<CrisisKitOptions>>().Value;
        _maxFutureSkew = options.MaxFutureSkew;
        LateMentionTolerance = options.LateMentionTolerance;
        _following = Engine.Follow(Monitor);
        _candidates = Monitor.Subscribe(new CandidateWatcher(this));
    }

    public VirtualClock Clock { get; }

    public ICrisisMonitor Monitor { get; }

    public IEscalationEngine Engine { get; }

    public IIncidentStore Store { get; }

    public ProtocolSet Protocols { get; }

    public IReadOnlyList<InMemoryNotificationChannel> Channels { get; private init; } = [];

    /// <summary>The first mentions the monitor did not use (duplicates, implausible times), each "platform:id: why" (or "file:line: why" for one set aside by <see cref="IngestAsync"/>).</summary>
    public IReadOnlyList<string> MonitorProblems => _problems;

    /// <summary>The file the mentions come from (its path, as the reader's messages name it), or <see langword="null"/> for a drill's.</summary>
    public string? Source { get; set; }

    /// <summary>How far behind the monitor's watermark a mention may be before it counts as late (<see cref="CrisisKitOptions.LateMentionTolerance"/>).</summary>
    public TimeSpan LateMentionTolerance { get; }

    /// <summary>Matched mentions that came after their time bucket had closed: seen by the other stages, left out of detection.</summary>
    public long NotBucketed { get; private set; }

    /// <summary>The first mention left out of detection, and the mention that had moved time past it; <see langword="null"/> while there is none.</summary>
    public LeftOutMention? FirstNotBucketed { get; private set; }

    /// <summary>Incidents in the store before this run, by id, with whether each was open then.</summary>
    public IReadOnlyDictionary<string, bool> StoredBefore { get; private init; } = new Dictionary<string, bool>();

    /// <summary>Whether this run's monitor raised the crisis candidate <paramref name="candidateId"/>.</summary>
    public bool Raised(string candidateId) => _latestCandidates.ContainsKey(candidateId);

    /// <summary>Builds the pipeline; protocol problems become a <see cref="CommandException"/> naming file, path and reason.</summary>
    public static ResponseRun Create(IEnumerable<MonitoredSubject> subjects, string protocols, DateTimeOffset start, Responders responders, string? storePath, TextReader input, TextWriter prompt)
    {
        IReadOnlyList<ResponseProtocol> loaded;
        var sources = ProtocolCommands.Sources([protocols], "--protocols: ");
        try
        {
            loaded = ProtocolLoader.LoadAll(sources);
        }
        catch (ProtocolLoadException ex)
        {
            throw new CommandException("--protocols: " + ex.Errors[0] + (ex.Errors.Count > 1 ? $" (and {ex.Errors.Count - 1} more problems; run 'crisiskit protocol validate')" : ""));
        }

        // Every channel the protocols name is simulated in memory: a drill or replay pages nobody.
        // (every channel a step uses or a person has a contact on, so a protocol that validates runs).
        var channels = loaded.SelectMany(p => p.Escalation.SelectMany(s => s.Channels).Concat(p.People.Values.SelectMany(person => person.Contacts.Keys)))
            .Distinct(StringComparer.Ordinal).Select(name => new InMemoryNotificationChannel(name)).ToList();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new VirtualClock(start));
        var builder = services.AddCrisisKit(o =>
        {
            foreach (var subject in subjects)
            {
                o.Subjects.Add(subject);
            }
        }).AddProtocols([.. sources]).AddPostIncidentReports();
        foreach (var channel in channels)
        {
            builder.AddNotificationChannel(channel);
        }

        var postgreSql = storePath is not null && StoreLocation.IsPostgreSql(storePath);
        if (postgreSql)
        {
            var options = StoreLocation.PostgreSql(storePath!, readOnly: false);
            builder.UsePostgreSqlIncidentStore(o => o.ConnectionString = options.ConnectionString);
        }
        else if (storePath is not null)
        {
            builder.UseSqliteIncidentStore(new SqliteIncidentStoreOptions { FilePath = StoreLocation.SqliteFile(storePath).FullName, BusyTimeout = ResponseCommands.StoreBusyTimeout });
        }

        var provider = services.BuildServiceProvider();
        try
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
            if (postgreSql)
            {
                // Connect and create (or check) the schema now, so a server that is down is one line before any work.
                provider.GetRequiredService<PostgreSqlIncidentStore>().InitializeAsync().AsTask().GetAwaiter().GetResult();
            }

            // What the store held before: a crisis raised again continues its stored incident (whose notifications
            // were sent by the run that recorded them), and the summary says so.
            var store = provider.GetRequiredService<IIncidentStore>();
            var open = store.ListAsync(openOnly: true).AsTask().GetAwaiter().GetResult().ToHashSet(StringComparer.Ordinal);
            var before = store.ListAsync().AsTask().GetAwaiter().GetResult().ToDictionary(id => id, open.Contains, StringComparer.Ordinal);
            return new ResponseRun(provider, responders, input, prompt) { Channels = channels, StoredBefore = before };
        }
        catch (OptionsValidationException ex)
        {
            provider.Dispose();
            throw new CommandException(ex.Failures.First());
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            provider.Dispose();
            throw new CommandException($"--store: {ex.Message}");
        }
    }

    public void Dispose()
    {
        _following.Dispose();
        _candidates.Dispose();
        _provider.Dispose();
    }

    /// <summary>
    /// Moves the clock to the mention, takes it, and lets the responders act. The clock follows the mentions, so the
    /// monitor's bound on timestamps ahead of its clock (<see cref="CrisisKitOptions.MaxFutureSkew"/>) would never
    /// apply; one rule keeps it: a mention more than that ahead of the clock whose <paramref name="next"/> mention is
    /// more than that behind it is a lone mention dated ahead of its neighbours. The clock stays where it is, so the
    /// monitor rejects the mention (counted as not used, with the reason) instead of letting it move time, and with it
    /// the watermark, past every mention after it. A real jump in time (a quiet night) is followed, since the mention
    /// after it comes after it too; with no <paramref name="next"/> (the last one, or a drill) the clock follows.
    /// </summary>
    /// <param name="mention">The mention.</param>
    /// <param name="next">The timestamp of the mention after it, when known.</param>
    /// <param name="line">The line of <see cref="Source"/> the mention starts on, for messages; 0 when it comes from no file.</param>
    public async Task IngestAsync(Mention mention, DateTimeOffset? next = null, long line = 0)
    {
        var clock = Clock.GetUtcNow();
        if (mention.Timestamp > MentionTime.Latest(clock, _maxFutureSkew) && next is { } after && after < mention.Timestamp - _maxFutureSkew)
        {
            _settingAside = true;
            if (_problems.Count < InputSummary.KeptProblems)
            {
                _problems.Add($"{Where(mention, line)}: the timestamp {MentionTime.Format(mention.Timestamp)} is more than {MentionTime.Format(_maxFutureSkew)} ahead of both the replay's clock ({MentionTime.Format(clock)}) and the next mention ({MentionTime.Format(after)}); set aside, so that one mention dated ahead does not make the rest late");
            }
        }
        else
        {
            Clock.AdvanceTo(mention.Timestamp);
        }

        var notBucketed = _notBucketedEvents;
        IngestResult result;
        try
        {
            result = Monitor.Ingest(mention);
        }
        finally
        {
            _settingAside = false;
        }

        if (_notBucketedEvents > notBucketed)
        {
            NotBucketed++;
            FirstNotBucketed ??= new LeftOutMention(Where(mention, line), mention.Timestamp, _latest is { } latest ? Where(latest.Mention, latest.Line) : null, _latest?.Mention.Timestamp);
        }

        if (result.Outcome == IngestOutcome.Matched && (_latest is null || mention.Timestamp > _latest.Value.Mention.Timestamp))
        {
            _latest = (mention, line);
        }

        await RespondAsync().ConfigureAwait(false);
    }

    /// <summary>Runs the clock to <paramref name="end"/> in one-minute steps, the responders acting on the way.</summary>
    public async Task RunUntilAsync(DateTimeOffset end)
    {
        for (var at = Clock.GetUtcNow(); at < end; at = at.AddMinutes(1))
        {
            Clock.AdvanceTo(at);
            Monitor.AdvanceTo(at);
            await RespondAsync().ConfigureAwait(false);
        }

        Clock.AdvanceTo(end);
        Monitor.AdvanceTo(end);
    }

    /// <summary>Resolves incidents whose candidate has closed, then runs the post-incident stage on each (series recorded, evaluation) and writes a report each.</summary>
    public async Task<IReadOnlyList<(Incident Incident, IncidentEvaluation Evaluation, string Report)>> FinishAsync(string reportDirectory, string language, Func<Incident, DateTimeOffset?>? groundTruthOnset = null)
    {
        var reporter = _provider.GetRequiredService<PostIncidentReporter>();
        var results = new List<(Incident, IncidentEvaluation, string)>();
        foreach (var id in await Store.ListAsync().ConfigureAwait(false))
        {
            var incident = (await Store.GetAsync(id).ConfigureAwait(false))!;
            if (incident.IsOpen && incident.Status != IncidentStatus.Detected && _closedCandidates.Contains(incident.CandidateId))
            {
                var protocol = Protocols.Find(incident.ProtocolId);
                var resolver = protocol is null ? "drill" : PersonFor(protocol, ProtocolActions.Resolve, protocol.Escalation[0].Notify);
                incident = await Engine.ChangeStatusAsync(incident.Id, resolver, IncidentStatus.Resolved).ConfigureAwait(false);
            }

            var report = await reporter.ReportAsync(incident.Id, groundTruthOnset?.Invoke(incident), _latestCandidates.GetValueOrDefault(incident.CandidateId)).ConfigureAwait(false);
            var page = IncidentReportWriter.WriteAll(IncidentReport.Build(report.Incident, report.Evaluation, report.Buckets, language), reportDirectory);
            results.Add((report.Incident, report.Evaluation, page));
        }

        return results;
    }

    /// <summary>Where a mention is, for messages: "file:line", or "platform:id" when it comes from no file.</summary>
    private string Where(Mention mention, long line) => line > 0 && Source is not null ? string.Create(CultureInfo.InvariantCulture, $"{Source}:{line}") : $"{mention.Platform}:{mention.Id}";

    private async Task RespondAsync()
    {
        var now = Clock.GetUtcNow();
        foreach (var incident in Engine.OpenIncidents)
        {
            var protocol = Protocols.Find(incident.ProtocolId);
            if (protocol is null)
            {
                continue;
            }

            if (incident.LastAcknowledgedAt is null || incident.LastAcknowledgedAt < incident.ProtocolChosenAt)
            {
                if (await ShouldAsync(incident, "acknowledge", _responders.AcknowledgeAfter, now).ConfigureAwait(false))
                {
                    await Engine.AcknowledgeAsync(incident.Id, PersonFor(protocol, ProtocolActions.Acknowledge, protocol.Escalation[^1].Notify)).ConfigureAwait(false);
                }

                continue;
            }

            if (incident.FirstResponseAt is null && await ShouldAsync(incident, "respond", _responders.RespondAfter, now).ConfigureAwait(false))
            {
                foreach (var gate in protocol.Approvals.Where(g => g.Before == ProtocolActions.PublishStatement && !incident.Approvals.Contains(g.Id)))
                {
                    await Engine.ApproveAsync(incident.Id, protocol.PeopleIn([gate.Role]).First(), gate.Id).ConfigureAwait(false);
                }

                var language = protocol.MessageLanguage(ResponseProtocol.HoldingMessage, "en")!;
                var text = MessageTemplate.Fill(protocol.Messages[language][ResponseProtocol.HoldingMessage], new Dictionary<string, string>
                {
                    ["brand"] = incident.SubjectName,
                    ["issue"] = "what happened",
                    ["time"] = now.AddHours(2).ToString("HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture),
                    ["updates"] = "",
                    ["severity"] = incident.Severity.ToString(),
                    ["incident"] = incident.Id,
                });
                await Engine.PublishStatementAsync(incident.Id, PersonFor(protocol, ProtocolActions.PublishStatement, protocol.Escalation[0].Notify), language, "x", text).ConfigureAwait(false);
            }
        }
    }

    private async Task<bool> ShouldAsync(Incident incident, string action, TimeSpan? after, DateTimeOffset now)
    {
        if (!_responders.Interactive)
        {
            return after is { } delay && now >= incident.OpenedAt + delay;
        }

        // Ask once per incident, action and protocol, when the first notification of the protocol in force is out.
        var key = $"{incident.Id}/{incident.ProtocolId}/{action}";
        if (!_asked.Add(key))
        {
            return false;
        }

        await _prompt.WriteLineAsync($"[{now:ddd HH:mm} UTC] incident {incident.Id} ({incident.Severity}, protocol {incident.ProtocolId}): {action}? [y/N]").ConfigureAwait(false);
        var answer = await _input.ReadLineAsync().ConfigureAwait(false);
        return answer?.Trim().StartsWith('y') == true;
    }

    private static string PersonFor(ResponseProtocol protocol, string action, IEnumerable<string> preferredRoles)
    {
        var roles = protocol.Permissions.TryGetValue(action, out var allowed) ? allowed : [.. preferredRoles];
        return protocol.PeopleIn(roles).FirstOrDefault() ?? protocol.People.Keys.First();
    }

    /// <summary>Follows the monitor's events for the run: candidates, and the mentions it did not use or bucket.</summary>
    private sealed class CandidateWatcher(ResponseRun run) : IObserver<MonitorEvent>
    {
        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void OnNext(MonitorEvent value)
        {
            if (value is CrisisCandidateEvent e)
            {
                run._latestCandidates[e.Candidate.Id] = e.Candidate;
            }

            if (value is CrisisCandidateClosed c)
            {
                run._closedCandidates.Add(c.Candidate.Id);
            }

            if (value is MentionNotBucketed)
            {
                run._notBucketedEvents++;
            }

            if (run._problems.Count < InputSummary.KeptProblems)
            {
                switch (value)
                {
                    case DuplicateMentionIgnored d:
                        run._problems.Add($"{d.Mention.Platform}:{d.Mention.Id}: the same platform and id came before; the first copy was kept");
                        break;
                    case MentionRejected r when !run._settingAside:
                        run._problems.Add($"{r.Mention.Platform}:{r.Mention.Id}: {r.Reason}");
                        break;
                }
            }
        }
    }
}

/// <summary>A mention left out of detection because its time bucket had closed, and the mention that had moved time past it.</summary>
/// <param name="Where">Where it is ("file:line", or "platform:id").</param>
/// <param name="Timestamp">Its timestamp.</param>
/// <param name="LatestWhere">Where the mention with the latest timestamp before it is.</param>
/// <param name="LatestTimestamp">That mention's timestamp (the monitor's watermark then).</param>
internal sealed record LeftOutMention(string Where, DateTimeOffset Timestamp, string? LatestWhere, DateTimeOffset? LatestTimestamp);
