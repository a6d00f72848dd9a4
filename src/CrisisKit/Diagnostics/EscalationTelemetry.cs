using System.Diagnostics;
using CrisisKit.Escalation;
using CrisisKit.Incidents;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrisisKit.Diagnostics;

/// <summary>
/// What the escalation engine logs and measures, in one place so the engine makes one call per fact. Most of it is
/// read from the events the engine records (an incident's timeline is the truth): <see cref="Recorded"/> logs and
/// counts an opening, severity and protocol changes, the first acknowledgement, breaches and closes. Sends are
/// reported where they happen, with their exception and duration.
/// </summary>
internal sealed class EscalationTelemetry
{
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    /// <summary>Creates the telemetry.</summary>
    /// <param name="metrics">The instruments; standalone ones when <see langword="null"/>.</param>
    /// <param name="logger">The logger; none when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock send durations are measured on.</param>
    public EscalationTelemetry(CrisisKitMetrics? metrics, ILogger? logger, TimeProvider timeProvider)
    {
        Metrics = metrics ?? CrisisKitMetrics.Standalone();
        _logger = logger ?? NullLogger.Instance;
        _time = timeProvider;
    }

    /// <summary>The instruments.</summary>
    public CrisisKitMetrics Metrics { get; }

    /// <summary>Has the open-incidents gauge read <paramref name="count"/>.</summary>
    public void ObserveOpenIncidents(Func<int> count) => Metrics.ObserveOpenIncidents(count);

    /// <summary>Starts the activity around opening an incident.</summary>
    public static Activity? StartOpen(string candidateId, string subjectId) => CrisisKitActivities.StartIncidentOpen(candidateId, subjectId);

    /// <summary>Starts timing (and tracing) one send; report its end with <see cref="Sent"/> or <see cref="Failed"/>.</summary>
    public Send StartSend(string incidentId, string channel, NotificationKind kind, string idempotencyKey, int attempt) =>
        new(CrisisKitActivities.StartNotify(incidentId, channel, CrisisKitMetrics.KindName(kind), idempotencyKey, attempt), _time.GetTimestamp(), incidentId, channel, kind, attempt);

    /// <summary>Reports a send the channel accepted.</summary>
    public void Sent(Send send, string personId)
    {
        if (!send.End(out var activity))
        {
            return;
        }

        var elapsed = _time.GetElapsedTime(send.Started);
        activity?.Dispose();
        Metrics.NotificationSent(send.Channel, send.Kind, elapsed);
        var kind = CrisisKitMetrics.KindName(send.Kind);
        _logger.NotificationSent(send.IncidentId, kind, personId, send.Channel, send.Attempt, elapsed.TotalMilliseconds);
    }

    /// <summary>Reports a send that failed (in the channel, or before it reached the channel); <paramref name="retryAt"/> is <see langword="null"/> when it is not tried again.</summary>
    public void Failed(Send send, string personId, DateTimeOffset? retryAt, Exception exception)
    {
        if (!send.End(out var activity))
        {
            return;
        }

        var elapsed = _time.GetElapsedTime(send.Started);
        CrisisKitActivities.Fail(activity, exception);
        activity?.Dispose();
        Metrics.NotificationFailed(send.Channel, send.Kind, elapsed);
        var kind = CrisisKitMetrics.KindName(send.Kind);
        if (retryAt is { } retry)
        {
            _logger.NotificationFailed(exception, send.IncidentId, kind, personId, send.Channel, send.Attempt, retry);
        }
        else
        {
            _logger.NotificationAbandoned(exception, send.IncidentId, kind, personId, send.Channel, send.Attempt);
        }
    }

    /// <summary>Reports a round of due work that failed and when it is tried again.</summary>
    public void DueWorkFailed(Exception exception, DateTimeOffset retryAt) => _logger.DueWorkFailed(exception, retryAt);

    /// <summary>Logs and counts what <paramref name="events"/>, just recorded, say about <paramref name="incident"/> (as it is after them).</summary>
    public void Recorded(Incident incident, IReadOnlyList<IncidentEvent> events)
    {
        foreach (var e in events)
        {
            switch (e)
            {
                case IncidentOpened opened:
                    Metrics.IncidentOpened(incident.Severity);
                    _logger.IncidentOpened(incident.Id, opened.SubjectName, opened.SubjectId, incident.Severity);
                    break;
                case SeverityChanged changed:
                    _logger.SeverityChanged(incident.Id, changed.From, changed.To, changed.Score);
                    break;
                case ProtocolChosen chosen:
                    _logger.ProtocolChosen(incident.Id, chosen.ProtocolId, chosen.Reason);
                    break;
                case StatusChanged { From: IncidentStatus.Detected, To: IncidentStatus.Acknowledged } acknowledged:
                    Metrics.Acknowledged(acknowledged.At - incident.OpenedAt, incident.Severity);
                    _logger.IncidentAcknowledged(incident.Id, acknowledged.By ?? "", acknowledged.At - incident.OpenedAt);
                    break;
                case StatusChanged changed when IncidentLifecycle.IsOpen(changed.From) && !IncidentLifecycle.IsOpen(changed.To):
                    Metrics.IncidentClosed(changed.To);
                    if (changed.To == IncidentStatus.Dismissed)
                    {
                        _logger.IncidentDismissed(incident.Id, changed.By, changed.Reason);
                    }
                    else
                    {
                        _logger.IncidentResolved(incident.Id, changed.By, changed.At - incident.OpenedAt);
                    }

                    break;
                case DeadlineBreached breached:
                    Metrics.DeadlineBreached(breached.Deadline);
                    _logger.DeadlineBreached(incident.Id, breached.Deadline, breached.Due);
                    break;
                case DeadlineReminder reminder:
                    _logger.DeadlineReminder(incident.Id, reminder.Deadline, reminder.Due);
                    break;
            }
        }
    }

    /// <summary>One send being timed: its activity (when traced), start timestamp and what it sends; reported once.</summary>
    internal sealed class Send(Activity? activity, long started, string incidentId, string channel, NotificationKind kind, int attempt)
    {
        private int _ended;

        /// <summary>The start, from <see cref="TimeProvider.GetTimestamp"/>.</summary>
        public long Started { get; } = started;

        /// <summary>The incident.</summary>
        public string IncidentId { get; } = incidentId;

        /// <summary>The channel.</summary>
        public string Channel { get; } = channel;

        /// <summary>The kind of notification.</summary>
        public NotificationKind Kind { get; } = kind;

        /// <summary>The attempt, from 1.</summary>
        public int Attempt { get; } = attempt;

        /// <summary>Marks the send reported; <see langword="false"/> if it was already.</summary>
        public bool End(out Activity? ended)
        {
            ended = activity;
            return Interlocked.Exchange(ref _ended, 1) == 0;
        }
    }
}
