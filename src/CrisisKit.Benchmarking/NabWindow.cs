namespace CrisisKit.Benchmarking;

/// <summary>A labelled anomaly window of a series, as row indices.</summary>
/// <param name="Start">The window's first row (inclusive).</param>
/// <param name="End">The window's last row (inclusive).</param>
public readonly record struct NabWindow(int Start, int End)
{
    /// <summary>The number of rows in the window, <c>End − Start + 1</c>.</summary>
    public int Length => End - Start + 1;

    /// <summary>Whether <paramref name="row"/> lies in the window.</summary>
    /// <param name="row">A row index.</param>
    /// <returns><see langword="true"/> when <c>Start &lt;= row &lt;= End</c>.</returns>
    public bool Contains(int row) => row >= Start && row <= End;
}
