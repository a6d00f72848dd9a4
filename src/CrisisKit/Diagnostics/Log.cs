using CrisisKit.Incidents;
using CrisisKit.Severity;
using Microsoft.Extensions.Logging;

namespace CrisisKit.Diagnostics;

/// <summary>
/// Every log message the core writes, source-generated with <see cref="LoggerMessageAttribute"/> so a disabled level
/// costs a check and nothing else. Event ids are stable (they are documented in docs/telemetry.md and apps filter on
/// them): 1000–1999 the monitor, 2000–2999 the escalation engine, 3000–3099 incident stores, 4000–4999 channels
/// (adapter packages keep their own ids in those ranges). Add new messages with new ids; never renumber.
/// </summary>
internal static partial class Log
{
    // The monitor: 1000–1999.

    /// <summary>A mention the monitor rejected as malformed (an implausible timestamp).</summary>
    [LoggerMessage(EventId = 1001, EventName = "MentionRejected", Level = LogLevel.Debug, Message = "Mention {MentionId} from {Platform} rejected as malformed: {Reason}")]
    public static partial void MentionRejected(this ILogger logger, string mentionId, string platform, string reason);

    /// <summary>A mention accepted although it is late.</summary>
    [LoggerMessage(EventId = 1002, EventName = "LateMentionAccepted", Level = LogLevel.Debug, Message = "Mention {MentionId} from {Platform} is {Lateness} behind the newest mention; counted as late")]
    public static partial void LateMentionAccepted(this ILogger logger, string mentionId, string platform, TimeSpan lateness);

    /// <summary>A mention ignored as a duplicate.</summary>
    [LoggerMessage(EventId = 1003, EventName = "DuplicateMentionIgnored", Level = LogLevel.Debug, Message = "Mention {MentionId} from {Platform} was seen before; ignored as a duplicate")]
    public static partial void DuplicateMentionIgnored(this ILogger logger, string mentionId, string platform);

    /// <summary>Detection opened a crisis candidate.</summary>
    [LoggerMessage(EventId = 1010, EventName = "CandidateOpened", Level = LogLevel.Information, Message = "Crisis candidate {CandidateId} opened for subject {SubjectId}: first signal {FirstSignalAt:u}, score {PeakScore:0.00}")]
    public static partial void CandidateOpened(this ILogger logger, string candidateId, string subjectId, DateTimeOffset firstSignalAt, double peakScore);

    /// <summary>Detection reopened a crisis candidate it had closed.</summary>
    [LoggerMessage(EventId = 1011, EventName = "CandidateReopened", Level = LogLevel.Information, Message = "Crisis candidate {CandidateId} for subject {SubjectId} reopened: last signal {LastSignalAt:u}, peak score {PeakScore:0.00}")]
    public static partial void CandidateReopened(this ILogger logger, string candidateId, string subjectId, DateTimeOffset lastSignalAt, double peakScore);

    /// <summary>Detection closed a crisis candidate after a quiet period.</summary>
    [LoggerMessage(EventId = 1012, EventName = "CandidateClosed", Level = LogLevel.Information, Message = "Crisis candidate {CandidateId} for subject {SubjectId} closed: last signal {LastSignalAt:u}, peak score {PeakScore:0.00}")]
    public static partial void CandidateClosed(this ILogger logger, string candidateId, string subjectId, DateTimeOffset lastSignalAt, double peakScore);

    /// <summary>A monitor observer threw; it stays subscribed.</summary>
    [LoggerMessage(EventId = 1020, EventName = "MonitorObserverFailed", Level = LogLevel.Error, Message = "A monitor observer ({Observer}) threw on {Event}; it stays subscribed and gets the next events")]
    public static partial void MonitorObserverFailed(this ILogger logger, Exception exception, string observer, string @event);

    // The escalation engine: 2000–2999.

    /// <summary>The engine opened an incident.</summary>
    [LoggerMessage(EventId = 2001, EventName = "IncidentOpened", Level = LogLevel.Information, Message = "Incident {IncidentId} opened for {SubjectName} ({SubjectId}) at severity {Severity}")]
    public static partial void IncidentOpened(this ILogger logger, string incidentId, string subjectName, string subjectId, SeverityLevel severity);

    /// <summary>An incident's severity changed.</summary>
    [LoggerMessage(EventId = 2002, EventName = "SeverityChanged", Level = LogLevel.Information, Message = "Incident {IncidentId} severity {From} -> {To} (score {Score:0.00})")]
    public static partial void SeverityChanged(this ILogger logger, string incidentId, SeverityLevel? from, SeverityLevel to, double score);

    /// <summary>A protocol was chosen for an incident.</summary>
    [LoggerMessage(EventId = 2003, EventName = "ProtocolChosen", Level = LogLevel.Information, Message = "Incident {IncidentId} follows protocol {ProtocolId}: {Reason}")]
    public static partial void ProtocolChosen(this ILogger logger, string incidentId, string protocolId, string reason);

    /// <summary>Someone acknowledged an incident.</summary>
    [LoggerMessage(EventId = 2004, EventName = "IncidentAcknowledged", Level = LogLevel.Information, Message = "Incident {IncidentId} acknowledged by {PersonId} {TimeToAcknowledge} after it opened")]
    public static partial void IncidentAcknowledged(this ILogger logger, string incidentId, string personId, TimeSpan timeToAcknowledge);

    /// <summary>A channel accepted a notification.</summary>
    [LoggerMessage(EventId = 2005, EventName = "NotificationSent", Level = LogLevel.Information, Message = "Sent {Kind} notification for incident {IncidentId} to {PersonId} through {Channel} (attempt {Attempt}, {ElapsedMilliseconds:0} ms)")]
    public static partial void NotificationSent(this ILogger logger, string incidentId, string kind, string personId, string channel, int attempt, double elapsedMilliseconds);

    /// <summary>A channel failed a notification that will be tried again.</summary>
    [LoggerMessage(EventId = 2006, EventName = "NotificationFailed", Level = LogLevel.Warning, Message = "Sending {Kind} notification for incident {IncidentId} to {PersonId} through {Channel} failed (attempt {Attempt}); retrying at {RetryAt:u}")]
    public static partial void NotificationFailed(this ILogger logger, Exception exception, string incidentId, string kind, string personId, string channel, int attempt, DateTimeOffset retryAt);

    /// <summary>A channel failed a notification's last attempt.</summary>
    [LoggerMessage(EventId = 2007, EventName = "NotificationAbandoned", Level = LogLevel.Error, Message = "Sending {Kind} notification for incident {IncidentId} to {PersonId} through {Channel} failed on attempt {Attempt}, the last one; it will not be retried")]
    public static partial void NotificationAbandoned(this ILogger logger, Exception exception, string incidentId, string kind, string personId, string channel, int attempt);

    /// <summary>A protocol deadline passed unmet.</summary>
    [LoggerMessage(EventId = 2008, EventName = "DeadlineBreached", Level = LogLevel.Warning, Message = "Incident {IncidentId} missed its {Deadline} deadline, due {Due:u}")]
    public static partial void DeadlineBreached(this ILogger logger, string incidentId, string deadline, DateTimeOffset due);

    /// <summary>An incident was resolved.</summary>
    [LoggerMessage(EventId = 2009, EventName = "IncidentResolved", Level = LogLevel.Information, Message = "Incident {IncidentId} resolved by {PersonId} {OpenFor} after it opened")]
    public static partial void IncidentResolved(this ILogger logger, string incidentId, string? personId, TimeSpan openFor);

    /// <summary>An incident was dismissed as a false alarm.</summary>
    [LoggerMessage(EventId = 2010, EventName = "IncidentDismissed", Level = LogLevel.Information, Message = "Incident {IncidentId} dismissed by {PersonId}: {Reason}")]
    public static partial void IncidentDismissed(this ILogger logger, string incidentId, string? personId, string? reason);

    /// <summary>Running the work that fell due failed; the engine tries again later.</summary>
    [LoggerMessage(EventId = 2011, EventName = "DueWorkFailed", Level = LogLevel.Error, Message = "Running due escalation work failed; trying again at {RetryAt:u}")]
    public static partial void DueWorkFailed(this ILogger logger, Exception exception, DateTimeOffset retryAt);

    /// <summary>A deadline reminder was recorded.</summary>
    [LoggerMessage(EventId = 2012, EventName = "DeadlineReminder", Level = LogLevel.Information, Message = "Incident {IncidentId}: the {Deadline} deadline is due at {Due:u}")]
    public static partial void DeadlineReminder(this ILogger logger, string incidentId, string deadline, DateTimeOffset due);

    /// <summary>An app's incident observer threw; it stays subscribed.</summary>
    [LoggerMessage(EventId = 2013, EventName = "IncidentObserverFailed", Level = LogLevel.Error, Message = "An incident observer ({Observer}) threw on {Change} of incident '{IncidentId}'; it stays subscribed.")]
    public static partial void IncidentObserverFailed(this ILogger logger, Exception exception, string change, string incidentId, string observer);

    /// <summary>A send finished but the store did not take its outcome; the engine keeps it and records it on its next round.</summary>
    [LoggerMessage(EventId = 2014, EventName = "NotificationOutcomeNotRecorded", Level = LogLevel.Error, Message = "The outcome ({Outcome}) of notification '{IdempotencyKey}' could not be recorded yet; the engine records it on its next round and does not send it again")]
    public static partial void NotificationOutcomeNotRecorded(this ILogger logger, Exception exception, string outcome, string idempotencyKey);

    // Incident stores: 3000–3099 (shared by every store CrisisKit ships).

    /// <summary>A store appended events to a timeline.</summary>
    [LoggerMessage(EventId = 3001, EventName = "EventsAppended", Level = LogLevel.Debug, Message = "{Store} appended {Count} events to incident {IncidentId}; version {Version}")]
    public static partial void EventsAppended(this ILogger logger, string store, int count, string incidentId, long version);

    /// <summary>A store refused a stale append.</summary>
    [LoggerMessage(EventId = 3002, EventName = "AppendConflict", Level = LogLevel.Debug, Message = "{Store} refused an append to incident {IncidentId}: the writer expected version {ExpectedVersion}, the store has {ActualVersion}")]
    public static partial void AppendConflict(this ILogger logger, string store, string incidentId, long expectedVersion, long actualVersion);
}
