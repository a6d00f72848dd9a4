namespace CrisisKit.Detection;

/// <summary>
/// Settings of aggregation, detection and correlation, given to <c>services.Configure&lt;DetectionOptions&gt;(...)</c>
/// and validated when the host starts (a bad value fails start with a message naming the option and its allowed range).
/// </summary>
public sealed class DetectionOptions
{
    /// <summary>The length of one time bucket. Default 5 minutes; from 1 minute to 1 hour, and a whole number of buckets must make a day.</summary>
    public TimeSpan BucketSize { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long after a bucket ends it stays open for late mentions, in mention time. A mention for a bucket that has
    /// closed is counted as late (not bucketed) and reported. Default 1 minute; from zero to <see cref="BucketSize"/>.
    /// </summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How much bucket history is kept per subject. Default 7 days; from 1 day to 14 days.</summary>
    public TimeSpan History { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How many terms and hashtags the per-subject emerging-topic sketch tracks. Default 256; from 16 to 16,384.</summary>
    public int TermSketchCapacity { get; set; } = 256;

    /// <summary>
    /// The crisis score (from the composite detector) at which a bucket raises a signal. Default 0.7, which on the
    /// simulated scenarios raises every scripted crisis within 15 minutes and about one false candidate in a
    /// hundred simulated days; above 0, at most 1.
    /// </summary>
    public double RaiseThreshold { get; set; } = 0.7;

    /// <summary>A raised signal within this time of a candidate's last signal joins that candidate. Default 2 hours; from one bucket to 7 days.</summary>
    public TimeSpan JoinWindow { get; set; } = TimeSpan.FromHours(2);

    /// <summary>A candidate with no raised signal for this long closes. Default 3 hours; at least <see cref="JoinWindow"/>, at most 7 days.</summary>
    public TimeSpan QuietPeriod { get; set; } = TimeSpan.FromHours(3);

    /// <summary>
    /// After a candidate closes, a raised signal within this time reopens it (recorded) instead of opening a new one.
    /// Default 6 hours; from zero (never reopen) to 7 days.
    /// </summary>
    public TimeSpan CoolDown { get; set; } = TimeSpan.FromHours(6);

    /// <summary>A follower count from which an author counts as high-reach for the high-reach detector. Default 50,000; at least 1.</summary>
    public long HighReachFollowers { get; set; } = 50_000;

    /// <summary>A mention with a compound sentiment at or below minus this value counts as negative. Default 0.05; from 0 to 1.</summary>
    public double NegativeThreshold { get; set; } = 0.05;

    /// <summary>The fewest mentions of a term in one bucket for it to count as emerging. Default 8; at least 2.</summary>
    public int EmergingTermMinimumCount { get; set; } = 8;

    /// <summary>
    /// How much each detector counts in the composite crisis score, by detector name, from 0 (not at all) to 1 (in full).
    /// The composite adds the contributions (score × weight, and × the negativity gate for <see cref="GatedDetectors"/>)
    /// as independent evidence: score = 1 − Π(1 − contribution). A detector not named here, such as one added with
    /// <c>AddDetector</c>, counts 1. Default 1 for each built-in detector except <c>high-reach-author</c> at 0.45, so
    /// one post alone does not raise a crisis but tips a bucket over the threshold together with any other evidence.
    /// </summary>
    public IDictionary<string, double> DetectorWeights { get; } = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["volume"] = 1,
        ["negative-share"] = 1,
        ["emerging-terms"] = 1,
        ["high-reach-author"] = 0.45,
        ["share-velocity"] = 1,
        ["category-shift"] = 1,
    };

    /// <summary>
    /// The detectors that measure attention rather than trouble: the composite scales their contribution by the
    /// negativity gate, from 0 when the bucket's negative share is at its usual level to 1 when it is double that (or
    /// 10 points above it, whichever is more), so a bot flood or a product launch with ordinary sentiment does not
    /// raise a crisis however loud it is. Default <c>volume</c>, <c>emerging-terms</c> and <c>share-velocity</c>.
    /// </summary>
    public ISet<string> GatedDetectors { get; } = new HashSet<string>(StringComparer.Ordinal) { "volume", "emerging-terms", "share-velocity" };

    internal int BucketsPerDay => (int)(TimeSpan.TicksPerDay / BucketSize.Ticks);

    internal int HistoryBuckets => (int)(History.Ticks / BucketSize.Ticks);
}
