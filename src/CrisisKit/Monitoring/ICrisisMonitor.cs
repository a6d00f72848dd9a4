using CrisisKit.Aggregation;
using CrisisKit.Correlation;
using CrisisKit.Detection;
using CrisisKit.Mentions;

namespace CrisisKit.Monitoring;

/// <summary>
/// The front door of CrisisKit: mentions go in (one at a time or as a stream), are de-duplicated, matched to the
/// monitored subjects and handed to every pipeline stage (<see cref="IMentionProcessor"/>); what the pipeline
/// produces comes out as <see cref="MonitorEvent"/>s to observers. Obtain it from dependency injection after
/// <c>services.AddCrisisKit(...)</c>. Safe to use from several threads.
/// </summary>
/// <remarks>
/// <para>Rules for awkward input:</para>
/// <list type="bullet">
/// <item><description><b>Duplicates.</b> A mention whose platform and id was already accepted
/// within <see cref="CrisisKitOptions.DuplicateWindow"/> is a duplicate: the first copy wins, the later one is counted
/// in <see cref="MonitorStatistics.Duplicates"/>, reported as <see cref="DuplicateMentionIgnored"/> and goes no
/// further. At most <see cref="CrisisKitOptions.DuplicateTrackingCapacity"/> keys are remembered (oldest forgotten first).</description></item>
/// <item><description><b>Out of order.</b> Mentions may arrive in any order. The monitor's watermark is the latest
/// timestamp accepted so far; a mention older than the watermark by more than
/// <see cref="CrisisKitOptions.LateMentionTolerance"/> is late: it is still processed (with
/// <see cref="MentionContext.IsLate"/> set), counted in <see cref="MonitorStatistics.Late"/> and reported as
/// <see cref="LateMentionAccepted"/>. Nothing is dropped for being late.</description></item>
/// <item><description><b>Buckets.</b> Each subject's mentions are counted in time buckets
/// (<see cref="DetectionOptions.BucketSize"/>). A bucket closes, and the detectors score it, once the watermark (or
/// <see cref="AdvanceTo"/>) passes its end by <see cref="DetectionOptions.GracePeriod"/>; a mention for a bucket
/// that has closed is still processed by the other stages, counted in <see cref="SubjectSeries.LateMentions"/> and
/// reported as <see cref="MentionNotBucketed"/>.</description></item>
/// <item><description><b>Unmatched.</b> A mention that concerns no subject is counted and goes no further. It is not
/// remembered for de-duplication, so it can match a subject added later.</description></item>
/// </list>
/// </remarks>
public interface ICrisisMonitor : IObservable<MonitorEvent>
{
    /// <summary>The subjects being monitored now.</summary>
    IReadOnlyList<MonitoredSubject> Subjects { get; }

    /// <summary>Counts of what the monitor has received so far.</summary>
    MonitorStatistics Statistics { get; }

    /// <summary>Starts monitoring <paramref name="subject"/>, or replaces the rules of the subject with the same id (its activity is kept).</summary>
    /// <param name="subject">The subject.</param>
    /// <exception cref="ArgumentException">The subject is invalid (see <see cref="MonitoredSubject.Validate"/>).</exception>
    void AddOrUpdateSubject(MonitoredSubject subject);

    /// <summary>Stops monitoring the subject with id <paramref name="subjectId"/> and forgets its activity.</summary>
    /// <param name="subjectId">The subject's id.</param>
    /// <returns><see langword="true"/> if such a subject was monitored.</returns>
    bool RemoveSubject(string subjectId);

    /// <summary>Takes one mention through the pipeline.</summary>
    /// <param name="mention">The mention.</param>
    /// <returns>What happened to it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="mention"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The mention lacks an id, platform or author handle.</exception>
    IngestResult Ingest(Mention mention);

    /// <summary>Takes a stream of mentions through the pipeline, in the order they arrive.</summary>
    /// <param name="mentions">The mentions, for example from a <see cref="Ingestion.MentionReader"/>.</param>
    /// <param name="cancellationToken">Stops the ingestion after the current mention; mentions already taken stay taken.</param>
    /// <returns>The monitor's statistics once the stream ends.</returns>
    ValueTask<MonitorStatistics> IngestAsync(IAsyncEnumerable<Mention> mentions, CancellationToken cancellationToken = default);

    /// <summary>What has been seen of a subject: volume, languages, platforms and top authors.</summary>
    /// <param name="subjectId">The subject's id.</param>
    /// <returns>A snapshot, or <see langword="null"/> if no such subject is monitored.</returns>
    SubjectActivity? GetActivity(string subjectId);

    /// <summary>
    /// Tells the monitor that mention time has reached <paramref name="now"/> even if no mention says so, so that
    /// buckets close and quiet candidates close on a stream that has gone silent. Call it from a timer with
    /// <see cref="TimeProvider.GetUtcNow"/> when mentions arrive in real time. Times before the watermark are ignored.
    /// </summary>
    /// <param name="now">The current mention time.</param>
    void AdvanceTo(DateTimeOffset now);

    /// <summary>A subject's closed buckets, oldest first (at most <see cref="DetectionOptions.History"/> of them).</summary>
    /// <param name="subjectId">The subject's id.</param>
    /// <returns>The buckets; empty if the subject is unknown or has no closed bucket yet.</returns>
    IReadOnlyList<MentionBucket> GetBuckets(string subjectId);

    /// <summary>A subject's open crisis candidate and the most recently closed one, if any, newest last.</summary>
    /// <param name="subjectId">The subject's id.</param>
    /// <returns>The candidates; empty if there are none.</returns>
    IReadOnlyList<CrisisCandidate> GetCandidates(string subjectId);

    /// <summary>
    /// Writes the detection state (watermark, every subject's buckets, term sketch, detector and candidate state)
    /// to <paramref name="destination"/> in a versioned, sectioned binary format (docs/snapshots.md) that later
    /// releases of the same major format version read, so a host can checkpoint and resume.
    /// </summary>
    /// <param name="destination">Where to write.</param>
    void SaveState(Stream destination);

    /// <summary>
    /// Restores state written by <see cref="SaveState"/>: afterwards the monitor gives exactly the signals and
    /// candidates the saved one would have. Subjects in the snapshot that are not monitored now are skipped. The
    /// whole snapshot is read before any state is replaced, so a snapshot that is refused leaves the monitor as it was.
    /// </summary>
    /// <param name="source">Where to read.</param>
    /// <exception cref="InvalidDataException">The data is not a CrisisKit snapshot, is truncated or corrupt, has a newer major format version, or was taken with different <see cref="DetectionOptions"/> or another detector; the message says which and where.</exception>
    void RestoreState(Stream source);
}
