using CrisisKit.Mentions;

namespace CrisisKit.Monitoring;

/// <summary>
/// Settings of the monitoring pipeline, given to <c>services.AddCrisisKit(options => ...)</c> and validated when
/// the host starts (a bad value fails start with a message naming the option and its allowed range).
/// </summary>
public sealed class CrisisKitOptions
{
    /// <summary>The largest <see cref="LateMentionTolerance"/> accepted.</summary>
    public static readonly TimeSpan MaxLateMentionTolerance = TimeSpan.FromDays(7);

    /// <summary>The largest <see cref="DuplicateWindow"/> accepted.</summary>
    public static readonly TimeSpan MaxDuplicateWindow = TimeSpan.FromDays(30);

    /// <summary>The largest <see cref="MaxFutureSkew"/> accepted.</summary>
    internal static readonly TimeSpan MaxMaxFutureSkew = TimeSpan.FromDays(1);

    /// <summary>The largest <see cref="Shards"/> accepted.</summary>
    internal const int MaxShards = 1024;

    /// <summary>The earliest <see cref="EarliestMentionTime"/> accepted: the Unix epoch.</summary>
    internal static readonly DateTimeOffset MinEarliestMentionTime = DateTimeOffset.UnixEpoch;

    /// <summary>The subjects to monitor from the start. More can be added at run time with <see cref="ICrisisMonitor.AddOrUpdateSubject"/>.</summary>
    public IList<MonitoredSubject> Subjects { get; } = [];

    /// <summary>
    /// How far behind the latest accepted timestamp a mention may be before it counts as late. Default 10 minutes;
    /// from zero to <see cref="MaxLateMentionTolerance"/>.
    /// </summary>
    public TimeSpan LateMentionTolerance { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long, in mention time, a mention's platform and id are remembered to recognise a duplicate. Default one
    /// day; from zero (no de-duplication) to <see cref="MaxDuplicateWindow"/>.
    /// </summary>
    public TimeSpan DuplicateWindow { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// The most mention keys remembered for de-duplication, oldest forgotten first; bounds memory (roughly 100 bytes
    /// a key). Default 500,000; from 0 (no de-duplication) to 50,000,000.
    /// </summary>
    public int DuplicateTrackingCapacity { get; set; } = 500_000;

    /// <summary>
    /// How far a mention's timestamp may be ahead of the monitor's clock (its <see cref="TimeProvider"/>) before it is
    /// rejected as implausible (<see cref="IngestOutcome.Rejected"/>): a clock that is a little fast is tolerated, a
    /// mention dated years ahead never moves the watermark. Default 15 minutes; from zero to <see cref="MaxMaxFutureSkew"/>.
    /// </summary>
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The earliest mention timestamp accepted; an earlier one is rejected as implausible
    /// (<see cref="IngestOutcome.Rejected"/>). Default 2000-01-01 UTC; at least <see cref="MinEarliestMentionTime"/>.
    /// </summary>
    public DateTimeOffset EarliestMentionTime { get; set; } = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>How many authors per subject the top-authors sketch tracks. Default 100; from 1 to 10,000.</summary>
    public int TopAuthorsTracked { get; set; } = 100;

    /// <summary>
    /// How many shards the monitor splits its subjects into; each shard has its own lock, so mentions of subjects on
    /// different shards are taken in parallel when <see cref="ICrisisMonitor.Ingest"/> is called from several
    /// threads. The results do not depend on it. Default 64, so that threads feeding different subjects seldom meet
    /// on one lock (two threads on two shards would half the time); from 1 to 1,024.
    /// </summary>
    public int Shards { get; set; } = 64;
}
