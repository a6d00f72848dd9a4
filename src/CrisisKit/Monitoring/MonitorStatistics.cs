namespace CrisisKit.Monitoring;

/// <summary>Counts of what an <see cref="ICrisisMonitor"/> has received.</summary>
/// <param name="received">Mentions given to the monitor (matched, unmatched, duplicates and rejected together).</param>
/// <param name="matched">Mentions that concern at least one subject.</param>
/// <param name="unmatched">Mentions that concern no subject.</param>
/// <param name="duplicates">Mentions ignored as duplicates.</param>
/// <param name="late">Matched mentions that arrived late (also counted in <see cref="Matched"/>).</param>
/// <param name="watermark">The latest mention timestamp accepted, or <see langword="null"/> before the first.</param>
/// <param name="rejected">Mentions rejected for an implausible timestamp (see <see cref="IngestOutcome.Rejected"/>); they never move the watermark.</param>
public sealed class MonitorStatistics(long received, long matched, long unmatched, long duplicates, long late, DateTimeOffset? watermark, long rejected = 0)
{
    /// <summary>Mentions given to the monitor (matched, unmatched, duplicates and rejected together).</summary>
    public long Received { get; } = received;

    /// <summary>Mentions that concern at least one subject.</summary>
    public long Matched { get; } = matched;

    /// <summary>Mentions that concern no subject.</summary>
    public long Unmatched { get; } = unmatched;

    /// <summary>Mentions ignored as duplicates.</summary>
    public long Duplicates { get; } = duplicates;

    /// <summary>Matched mentions that arrived late (also counted in <see cref="Matched"/>).</summary>
    public long Late { get; } = late;

    /// <summary>The latest mention timestamp accepted, or <see langword="null"/> before the first.</summary>
    public DateTimeOffset? Watermark { get; } = watermark;

    /// <summary>Mentions rejected for an implausible timestamp; they never move the watermark.</summary>
    public long Rejected { get; } = rejected;
}
