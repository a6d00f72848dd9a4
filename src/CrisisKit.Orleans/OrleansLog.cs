using Microsoft.Extensions.Logging;

namespace CrisisKit.Orleans;

/// <summary>The log events of CrisisKit.Orleans (ids 6000-6099; docs/telemetry.md).</summary>
internal static partial class OrleansLog
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Information, Message = "{Change} for crisis candidate {CandidateId} of subject {SubjectId} (peak score {PeakScore:F2})")]
    public static partial void CandidateChanged(this ILogger logger, string change, string candidateId, string subjectId, double peakScore);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Error, Message = "The candidate sink failed on a change to crisis candidate {CandidateId} of subject {SubjectId}; detection goes on")]
    public static partial void CandidateSinkFailed(this ILogger logger, Exception exception, string candidateId, string subjectId);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Subject grain {SubjectId} restored its detection state ({Bytes} bytes, applied batch {Sequences})")]
    public static partial void SubjectRestored(this ILogger logger, string subjectId, int bytes, string sequences);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "Sending batch {Sequence} to subject grain {SubjectId} failed (attempt {Attempt} of {MaxAttempts}); sending it again")]
    public static partial void BatchSendFailed(this ILogger logger, Exception exception, long sequence, string subjectId, int attempt, int maxAttempts);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Information, Message = "Subject grain {SubjectId} has applied batches only through {Applied}; sending the {Count} batches after it again")]
    public static partial void BatchesResent(this ILogger logger, string subjectId, long applied, int count);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Information, Message = "Incident grain {IncidentId} restored its timeline ({Events} events, {Pending} notifications scheduled without an outcome, which are sent again with their keys)")]
    public static partial void IncidentRestored(this ILogger logger, string incidentId, long events, int pending);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Debug, Message = "A change to crisis candidate {CandidateId} with signal count {SignalCount} was ignored: its incident grain has taken signal count {Seen}")]
    public static partial void CandidateChangeRepeated(this ILogger logger, string candidateId, int signalCount, int seen);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Error, Message = "Incident grain {IncidentId} could not run its due work; it tries again at {RetryAt:O}")]
    public static partial void IncidentDueWorkFailed(this ILogger logger, Exception exception, string incidentId, DateTimeOffset retryAt);

    [LoggerMessage(EventId = 6008, Level = LogLevel.Error, Message = "An incident change sink failed on {Event} of incident {IncidentId}; the incident goes on")]
    public static partial void IncidentChangeSinkFailed(this ILogger logger, Exception exception, string @event, string incidentId);
}
