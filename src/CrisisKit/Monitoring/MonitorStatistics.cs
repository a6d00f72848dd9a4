namespace CrisisKit.Monitoring;

/// <summary>Counts of what an <see cref="ICrisisMonitor"/> has received.</summary>
/// <param name="Received">Mentions given to the monitor (matched, unmatched, duplicates and rejected together).</param>
/// <param name="Matched">Mentions that concern at least one subject.</param>
/// <param name="Unmatched">Mentions that concern no subject.</param>
/// <param name="Duplicates">Mentions ignored as duplicates.</param>
/// <param name="Late">Matched mentions that arrived late (also counted in <paramref name="Matched"/>).</param>
/// <param name="Watermark">The latest mention timestamp accepted, or <see langword="null"/> before the first.</param>
/// <param name="Rejected">Mentions rejected for an implausible timestamp (see <see cref="IngestOutcome.Rejected"/>); they never move the watermark.</param>
public sealed record MonitorStatistics(long Received, long Matched, long Unmatched, long Duplicates, long Late, DateTimeOffset? Watermark, long Rejected = 0);
