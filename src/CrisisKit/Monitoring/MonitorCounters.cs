namespace CrisisKit.Monitoring;

/// <summary>
/// The monitor's outcome counts, exact under concurrent ingestion: each thread adds with
/// <see cref="Interlocked"/> into one of several cells (one per cache line pair, picked by thread), so threads on
/// different cores do not fight over one line; a read sums the cells.
/// </summary>
internal sealed class MonitorCounters
{
    // A cell is 16 longs (128 bytes: a line and its prefetch pair) of which the first few are counts.
    private const int CellLongs = 16;
    private const int Matched = 0;
    private const int Unmatched = 1;
    private const int Duplicates = 2;
    private const int Late = 3;
    private const int Rejected = 4;

    private readonly long[] _cells;
    private readonly int _mask;

    public MonitorCounters()
    {
        var cells = 1;
        while (cells < Environment.ProcessorCount * 2 && cells < 256)
        {
            cells *= 2;
        }

        _mask = cells - 1;

        // One extra cell in front keeps the first cell off the array header's line.
        _cells = new long[(cells + 1) * CellLongs];
    }

    public void AddMatched() => Add(Matched);

    public void AddUnmatched() => Add(Unmatched);

    public void AddDuplicate() => Add(Duplicates);

    public void AddLate() => Add(Late);

    public void AddRejected() => Add(Rejected);

    /// <summary>The counts so far; received is the sum of the outcomes, as each mention has exactly one.</summary>
    public MonitorStatistics Read(DateTimeOffset? watermark)
    {
        long matched = 0, unmatched = 0, duplicates = 0, late = 0, rejected = 0;
        for (var cell = 1; cell <= _mask + 1; cell++)
        {
            var at = cell * CellLongs;
            matched += Volatile.Read(ref _cells[at + Matched]);
            unmatched += Volatile.Read(ref _cells[at + Unmatched]);
            duplicates += Volatile.Read(ref _cells[at + Duplicates]);
            late += Volatile.Read(ref _cells[at + Late]);
            rejected += Volatile.Read(ref _cells[at + Rejected]);
        }

        return new MonitorStatistics(matched + unmatched + duplicates + rejected, matched, unmatched, duplicates, late, watermark, rejected);
    }

    private void Add(int counter)
    {
        var cell = (Environment.CurrentManagedThreadId & _mask) + 1;
        Interlocked.Increment(ref _cells[(cell * CellLongs) + counter]);
    }
}
