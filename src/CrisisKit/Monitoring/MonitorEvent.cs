using CrisisKit.Correlation;
using CrisisKit.Detection;
using CrisisKit.Mentions;

namespace CrisisKit.Monitoring;

/// <summary>
/// Something the monitoring pipeline reports to observers (<see cref="ICrisisMonitor"/> is an
/// <see cref="IObservable{T}"/> of these). Later stages add their own kinds: match on the type.
/// </summary>
/// <param name="timestamp">When it was reported, by the monitor's <see cref="TimeProvider"/>.</param>
public abstract class MonitorEvent(DateTimeOffset timestamp)
{
    /// <summary>When it was reported, by the monitor's <see cref="TimeProvider"/>.</summary>
    public DateTimeOffset Timestamp { get; } = timestamp;
}

/// <summary>A subject started being monitored or had its rules replaced.</summary>
/// <param name="timestamp">When.</param>
/// <param name="subject">The subject as now monitored.</param>
/// <param name="replaced">Whether it replaced a subject with the same id.</param>
public sealed class SubjectAdded(DateTimeOffset timestamp, MonitoredSubject subject, bool replaced) : MonitorEvent(timestamp)
{
    /// <summary>The subject as now monitored.</summary>
    public MonitoredSubject Subject { get; } = subject;

    /// <summary>Whether it replaced a subject with the same id.</summary>
    public bool Replaced { get; } = replaced;
}

/// <summary>A subject stopped being monitored.</summary>
/// <param name="timestamp">When.</param>
/// <param name="subjectId">The subject's id.</param>
public sealed class SubjectRemoved(DateTimeOffset timestamp, string subjectId) : MonitorEvent(timestamp)
{
    /// <summary>The subject's id.</summary>
    public string SubjectId { get; } = subjectId;
}

/// <summary>A mention arrived later than the tolerance allows; it was processed all the same.</summary>
/// <param name="timestamp">When.</param>
/// <param name="mention">The mention.</param>
/// <param name="lateness">How far behind the watermark its timestamp was.</param>
public sealed class LateMentionAccepted(DateTimeOffset timestamp, Mention mention, TimeSpan lateness) : MonitorEvent(timestamp)
{
    /// <summary>The mention.</summary>
    public Mention Mention { get; } = mention;

    /// <summary>How far behind the watermark its timestamp was.</summary>
    public TimeSpan Lateness { get; } = lateness;
}

/// <summary>A mention was ignored because the same platform and id had already been accepted.</summary>
/// <param name="timestamp">When.</param>
/// <param name="mention">The repeated mention (its platform and id were seen before).</param>
public sealed class DuplicateMentionIgnored(DateTimeOffset timestamp, Mention mention) : MonitorEvent(timestamp)
{
    /// <summary>The repeated mention (its platform and id were seen before).</summary>
    public Mention Mention { get; } = mention;
}

/// <summary>
/// A mention was rejected for an implausible timestamp (before <see cref="CrisisKitOptions.EarliestMentionTime"/> or
/// more than <see cref="CrisisKitOptions.MaxFutureSkew"/> ahead of the monitor's clock): it was counted and went no further.
/// </summary>
/// <param name="timestamp">When.</param>
/// <param name="mention">The mention.</param>
/// <param name="reason">Why, in words, with the bound it broke.</param>
public sealed class MentionRejected(DateTimeOffset timestamp, Mention mention, string reason) : MonitorEvent(timestamp)
{
    /// <summary>The mention.</summary>
    public Mention Mention { get; } = mention;

    /// <summary>Why, in words, with the bound it broke.</summary>
    public string Reason { get; } = reason;
}

/// <summary>A mention arrived after its time bucket had closed: other stages saw it, the bucket counts did not.</summary>
/// <param name="timestamp">When.</param>
/// <param name="subjectId">The subject whose bucket had closed.</param>
/// <param name="mention">The mention.</param>
public sealed class MentionNotBucketed(DateTimeOffset timestamp, string subjectId, Mention mention) : MonitorEvent(timestamp)
{
    /// <summary>The subject whose bucket had closed.</summary>
    public string SubjectId { get; } = subjectId;

    /// <summary>The mention.</summary>
    public Mention Mention { get; } = mention;
}

/// <summary>Something happened to a crisis candidate; the candidate as it is now. Match on the derived type for what.</summary>
/// <param name="timestamp">When it was reported.</param>
/// <param name="candidate">The candidate.</param>
public abstract class CrisisCandidateEvent(DateTimeOffset timestamp, CrisisCandidate candidate) : MonitorEvent(timestamp)
{
    /// <summary>The candidate.</summary>
    public CrisisCandidate Candidate { get; } = candidate;
}

/// <summary>A new crisis candidate opened: a bucket's crisis score reached <see cref="DetectionOptions.RaiseThreshold"/>.</summary>
/// <param name="timestamp">When it was reported.</param>
/// <param name="candidate">The candidate.</param>
public sealed class CrisisCandidateOpened(DateTimeOffset timestamp, CrisisCandidate candidate) : CrisisCandidateEvent(timestamp, candidate)
{

}

/// <summary>An open candidate grew: a higher peak or another detector joined. (Signals that change neither are absorbed silently.)</summary>
/// <param name="timestamp">When it was reported.</param>
/// <param name="candidate">The candidate as it is now.</param>
public sealed class CrisisCandidateUpdated(DateTimeOffset timestamp, CrisisCandidate candidate) : CrisisCandidateEvent(timestamp, candidate)
{

}

/// <summary>A closed candidate reopened: a signal came within its cool-down.</summary>
/// <param name="timestamp">When it was reported.</param>
/// <param name="candidate">The candidate as it is now.</param>
public sealed class CrisisCandidateReopened(DateTimeOffset timestamp, CrisisCandidate candidate) : CrisisCandidateEvent(timestamp, candidate)
{

}

/// <summary>A candidate closed after <see cref="DetectionOptions.QuietPeriod"/> without signals.</summary>
/// <param name="timestamp">When it was reported.</param>
/// <param name="candidate">The candidate as it closed.</param>
public sealed class CrisisCandidateClosed(DateTimeOffset timestamp, CrisisCandidate candidate) : CrisisCandidateEvent(timestamp, candidate)
{

}
