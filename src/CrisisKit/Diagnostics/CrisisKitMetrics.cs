using System.Diagnostics;
using System.Diagnostics.Metrics;
using CrisisKit.Escalation;
using CrisisKit.Incidents;
using CrisisKit.Monitoring;
using CrisisKit.Severity;

namespace CrisisKit.Diagnostics;

/// <summary>
/// Every instrument on the <c>CrisisKit</c> meter, created once through <see cref="IMeterFactory"/> (a singleton in
/// the container). The names, kinds, units and tags are listed in docs/telemetry.md; an app collects them with
/// <c>AddMeter("CrisisKit")</c>. Recording a mention adds to counters without tags or with cached tags, so the
/// ingest path allocates nothing.
/// </summary>
internal sealed class CrisisKitMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "CrisisKit";

    private static readonly KeyValuePair<string, object?> Matched = new("outcome", "matched");
    private static readonly KeyValuePair<string, object?> Unmatched = new("outcome", "unmatched");
    private static readonly KeyValuePair<string, object?> Duplicate = new("outcome", "duplicate");
    private static readonly KeyValuePair<string, object?> Rejected = new("outcome", "rejected");

    private static readonly string[] Kinds = ByValue<NotificationKind>(KindName);
    private static readonly string[] Severities = ByValue<SeverityLevel>(s => s.ToString().ToLowerInvariant());
    private static readonly string[] Statuses = ByValue<IncidentStatus>(s => s.ToString().ToLowerInvariant());

    private readonly Counter<long> _monitorMentions;
    private readonly Counter<long> _received;
    private readonly Counter<long> _matched;
    private readonly Counter<long> _duplicate;
    private readonly Counter<long> _late;
    private readonly Counter<long> _malformed;
    private readonly Counter<long> _candidatesOpened;
    private readonly Counter<long> _candidatesClosed;
    private readonly Counter<long> _incidentsOpened;
    private readonly Counter<long> _incidentsClosed;
    private readonly Counter<long> _notificationsSent;
    private readonly Counter<long> _notificationsFailed;
    private readonly Counter<long> _deadlinesBreached;
    private readonly Histogram<double> _timeToAcknowledge;
    private readonly Histogram<double> _sendDuration;
    private Func<int>? _openIncidents;

    /// <summary>Creates the instruments on the factory's <c>CrisisKit</c> meter.</summary>
    /// <param name="meterFactory">The container's meter factory.</param>
    public CrisisKitMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Meter = meterFactory.Create(new MeterOptions(MeterName) { Version = typeof(CrisisKitMetrics).Assembly.GetName().Version?.ToString() });
        _monitorMentions = Meter.CreateCounter<long>("crisiskit.monitor.mentions", "{mention}", "Mentions given to the monitor, by outcome: matched, unmatched, duplicate, rejected (an implausible timestamp).");
        _received = Meter.CreateCounter<long>("crisiskit.mentions.received", "{mention}", "Mentions given to the monitor, whatever became of them.");
        _matched = Meter.CreateCounter<long>("crisiskit.mentions.matched", "{mention}", "Mentions that matched at least one monitored subject and were counted (not duplicates).");
        _duplicate = Meter.CreateCounter<long>("crisiskit.mentions.duplicate", "{mention}", "Mentions ignored because the same platform and id were seen within the duplicate window.");
        _late = Meter.CreateCounter<long>("crisiskit.mentions.late", "{mention}", "Matched mentions that arrived later than the late-mention tolerance behind the newest mention (counted, also in matched).");
        _malformed = Meter.CreateCounter<long>("crisiskit.mentions.malformed", "{mention}", "Mentions rejected because their timestamp is not plausible (before the earliest accepted time or ahead of the clock).");
        _candidatesOpened = Meter.CreateCounter<long>("crisiskit.candidates.opened", "{candidate}", "Crisis candidates opened (or reopened) by detection.");
        _candidatesClosed = Meter.CreateCounter<long>("crisiskit.candidates.closed", "{candidate}", "Crisis candidates closed after a quiet period.");
        _incidentsOpened = Meter.CreateCounter<long>("crisiskit.incidents.opened", "{incident}", "Incidents opened by the escalation engine, by initial severity.");
        _incidentsClosed = Meter.CreateCounter<long>("crisiskit.incidents.closed", "{incident}", "Incidents moved from an open status to resolved or dismissed.");
        _notificationsSent = Meter.CreateCounter<long>("crisiskit.notifications.sent", "{notification}", "Notifications a channel accepted, by channel and kind.");
        _notificationsFailed = Meter.CreateCounter<long>("crisiskit.notifications.failed", "{notification}", "Notification attempts a channel failed, by channel and kind (each attempt counts).");
        _deadlinesBreached = Meter.CreateCounter<long>("crisiskit.deadlines.breached", "{deadline}", "Protocol deadlines (acknowledge, first-response, update) that passed unmet.");
        _timeToAcknowledge = Meter.CreateHistogram<double>("crisiskit.incident.time_to_acknowledge", "s", "Time from an incident's opening to its first acknowledgement, on the engine's clock.");
        _sendDuration = Meter.CreateHistogram<double>("crisiskit.notification.duration", "ms", "How long one channel send took, by channel, kind and outcome.");
        Meter.CreateObservableGauge("crisiskit.incidents.open", ObserveOpenIncidents, "{incident}", "Incidents the escalation engine holds open now.");
    }

    /// <summary>The <c>CrisisKit</c> meter.</summary>
    public Meter Meter { get; }

    /// <summary>Metrics on a meter of their own, for components built without a container.</summary>
    /// <returns>New metrics on an unscoped meter.</returns>
    public static CrisisKitMetrics Standalone() => new(new CrisisKitMeterFactory());

    /// <summary>The tag value of a notification kind (<c>escalation</c>, <c>deadline_reminder</c>, <c>deadline_breached</c>).</summary>
    public static string KindName(NotificationKind kind) => kind switch
    {
        NotificationKind.Escalation => "escalation",
        NotificationKind.DeadlineReminder => "deadline_reminder",
        NotificationKind.DeadlineBreached => "deadline_breached",
        _ => "other",
    };

    /// <summary>Counts one mention given to the monitor.</summary>
    /// <param name="outcome">What the monitor did with it.</param>
    /// <param name="late">Whether a matched mention was late.</param>
    public void Mention(IngestOutcome outcome, bool late)
    {
        _received.Add(1);
        switch (outcome)
        {
            case IngestOutcome.Matched:
                _matched.Add(1);
                _monitorMentions.Add(1, Matched);
                if (late)
                {
                    _late.Add(1);
                }

                break;
            case IngestOutcome.Duplicate:
                _duplicate.Add(1);
                _monitorMentions.Add(1, Duplicate);
                break;
            case IngestOutcome.Rejected:
                _malformed.Add(1);
                _monitorMentions.Add(1, Rejected);
                break;
            default:
                _monitorMentions.Add(1, Unmatched);
                break;
        }
    }

    /// <summary>Counts a crisis candidate opened or reopened.</summary>
    public void CandidateOpened() => _candidatesOpened.Add(1);

    /// <summary>Counts a crisis candidate closed.</summary>
    public void CandidateClosed() => _candidatesClosed.Add(1);

    /// <summary>Counts an incident opened.</summary>
    public void IncidentOpened(SeverityLevel severity) => _incidentsOpened.Add(1, new KeyValuePair<string, object?>("severity", Name(Severities, (int)severity)));

    /// <summary>Counts an incident closed.</summary>
    public void IncidentClosed(IncidentStatus status) => _incidentsClosed.Add(1, new KeyValuePair<string, object?>("status", Name(Statuses, (int)status)));

    /// <summary>Records how long an incident waited for its first acknowledgement.</summary>
    public void Acknowledged(TimeSpan waited, SeverityLevel severity) =>
        _timeToAcknowledge.Record(Math.Max(0, waited.TotalSeconds), new KeyValuePair<string, object?>("severity", Name(Severities, (int)severity)));

    /// <summary>Counts a deadline breached.</summary>
    public void DeadlineBreached(string deadline) => _deadlinesBreached.Add(1, new KeyValuePair<string, object?>("deadline", deadline));

    /// <summary>Counts a notification a channel accepted and records how long the send took.</summary>
    public void NotificationSent(string channel, NotificationKind kind, TimeSpan elapsed)
    {
        var tags = new TagList { { "channel", channel }, { "kind", Name(Kinds, (int)kind) } };
        _notificationsSent.Add(1, tags);
        tags.Add("outcome", "sent");
        _sendDuration.Record(elapsed.TotalMilliseconds, tags);
    }

    /// <summary>Counts a notification attempt a channel failed and records how long it took.</summary>
    public void NotificationFailed(string channel, NotificationKind kind, TimeSpan elapsed)
    {
        var tags = new TagList { { "channel", channel }, { "kind", Name(Kinds, (int)kind) } };
        _notificationsFailed.Add(1, tags);
        tags.Add("outcome", "failed");
        _sendDuration.Record(elapsed.TotalMilliseconds, tags);
    }

    /// <summary>Has the open-incidents gauge read <paramref name="count"/> (the escalation engine's open incidents).</summary>
    public void ObserveOpenIncidents(Func<int> count) => Volatile.Write(ref _openIncidents, count);

    private IEnumerable<Measurement<int>> ObserveOpenIncidents() =>
        Volatile.Read(ref _openIncidents) is { } count ? [new Measurement<int>(count())] : [];

    /// <summary>Tag values of an enum's members, indexed by the members' values, so tagging allocates nothing.</summary>
    private static string[] ByValue<T>(Func<T, string> name)
        where T : struct, Enum
    {
        var values = Enum.GetValues<T>();
        var names = new string[values.Max(v => Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture)) + 1];
        Array.Fill(names, "other");
        foreach (var value in values)
        {
            names[Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)] = name(value);
        }

        return names;
    }

    private static string Name(string[] names, int index) => (uint)index < (uint)names.Length ? names[index] : "other";
}
