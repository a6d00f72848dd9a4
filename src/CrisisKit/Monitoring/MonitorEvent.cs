using CrisisKit.Correlation;
using CrisisKit.Detection;
using CrisisKit.Mentions;

namespace CrisisKit.Monitoring;

/// <summary>
/// Something the monitoring pipeline reports to observers (<see cref="ICrisisMonitor"/> is an
/// <see cref="IObservable{T}"/> of these). Later stages add their own kinds: match on the type.
/// </summary>
/// <param name="Timestamp">When it was reported, by the monitor's <see cref="TimeProvider"/>.</param>
public abstract record MonitorEvent(DateTimeOffset Timestamp);

/// <summary>A subject started being monitored or had its rules replaced.</summary>
/// <param name="Timestamp">When.</param>
/// <param name="Subject">The subject as now monitored.</param>
/// <param name="Replaced">Whether it replaced a subject with the same id.</param>
public sealed record SubjectAdded(DateTimeOffset Timestamp, MonitoredSubject Subject, bool Replaced) : MonitorEvent(Timestamp);

/// <summary>A subject stopped being monitored.</summary>
/// <param name="Timestamp">When.</param>
/// <param name="SubjectId">The subject's id.</param>
public sealed record SubjectRemoved(DateTimeOffset Timestamp, string SubjectId) : MonitorEvent(Timestamp);

/// <summary>A mention arrived later than the tolerance allows; it was processed all the same.</summary>
/// <param name="Timestamp">When.</param>
/// <param name="Mention">The mention.</param>
/// <param name="Lateness">How far behind the watermark its timestamp was.</param>
public sealed record LateMentionAccepted(DateTimeOffset Timestamp, Mention Mention, TimeSpan Lateness) : MonitorEvent(Timestamp);

/// <summary>A mention was ignored because the same platform and id had already been accepted.</summary>
/// <param name="Timestamp">When.</param>
/// <param name="Key">The repeated platform and id.</param>
public sealed record DuplicateMentionIgnored(DateTimeOffset Timestamp, MentionKey Key) : MonitorEvent(Timestamp);

/// <summary>
/// A mention was rejected for an implausible timestamp (before <see cref="CrisisKitOptions.EarliestMentionTime"/> or
/// more than <see cref="CrisisKitOptions.MaxFutureSkew"/> ahead of the monitor's clock): it was counted and went no further.
/// </summary>
/// <param name="Timestamp">When.</param>
/// <param name="Mention">The mention.</param>
/// <param name="Reason">Why, in words, with the bound it broke.</param>
public sealed record MentionRejected(DateTimeOffset Timestamp, Mention Mention, string Reason) : MonitorEvent(Timestamp);

/// <summary>A mention arrived after its time bucket had closed: other stages saw it, the bucket counts did not.</summary>
/// <param name="Timestamp">When.</param>
/// <param name="SubjectId">The subject whose bucket had closed.</param>
/// <param name="Mention">The mention.</param>
public sealed record MentionNotBucketed(DateTimeOffset Timestamp, string SubjectId, Mention Mention) : MonitorEvent(Timestamp);

/// <summary>Something happened to a crisis candidate; the candidate as it is now. Match on the derived type for what.</summary>
/// <param name="Timestamp">When it was reported.</param>
/// <param name="Candidate">The candidate.</param>
public abstract record CrisisCandidateEvent(DateTimeOffset Timestamp, CrisisCandidate Candidate) : MonitorEvent(Timestamp);

/// <summary>A new crisis candidate opened: a bucket's crisis score reached <see cref="DetectionOptions.RaiseThreshold"/>.</summary>
/// <param name="Timestamp">When it was reported.</param>
/// <param name="Candidate">The candidate.</param>
public sealed record CrisisCandidateOpened(DateTimeOffset Timestamp, CrisisCandidate Candidate) : CrisisCandidateEvent(Timestamp, Candidate);

/// <summary>An open candidate grew: a higher peak or another detector joined. (Signals that change neither are absorbed silently.)</summary>
/// <param name="Timestamp">When it was reported.</param>
/// <param name="Candidate">The candidate as it is now.</param>
public sealed record CrisisCandidateUpdated(DateTimeOffset Timestamp, CrisisCandidate Candidate) : CrisisCandidateEvent(Timestamp, Candidate);

/// <summary>A closed candidate reopened: a signal came within its cool-down.</summary>
/// <param name="Timestamp">When it was reported.</param>
/// <param name="Candidate">The candidate as it is now.</param>
public sealed record CrisisCandidateReopened(DateTimeOffset Timestamp, CrisisCandidate Candidate) : CrisisCandidateEvent(Timestamp, Candidate);

/// <summary>A candidate closed after <see cref="DetectionOptions.QuietPeriod"/> without signals.</summary>
/// <param name="Timestamp">When it was reported.</param>
/// <param name="Candidate">The candidate as it closed.</param>
public sealed record CrisisCandidateClosed(DateTimeOffset Timestamp, CrisisCandidate Candidate) : CrisisCandidateEvent(Timestamp, Candidate);
