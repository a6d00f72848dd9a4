namespace CrisisKit.Benchmarking;

/// <summary>One labelled NAB series: timestamped values and the anomaly windows as row indices.</summary>
public sealed class NabSeries
{
    /// <summary>Creates a series, checking that the rows and windows are consistent.</summary>
    /// <param name="name">The series' name, usually its path in the data folder (for example <c>realTweets/Twitter_volume_AAPL.csv</c>).</param>
    /// <param name="timestamps">The rows' timestamps in file order: usually increasing, but NAB's files may repeat or step back a timestamp (a clock change), and the rows are kept as they are.</param>
    /// <param name="values">The rows' values, one per timestamp.</param>
    /// <param name="windows">The labelled windows: within the rows, in order, not overlapping.</param>
    /// <exception cref="ArgumentException">The counts differ, or a window is out of range, reversed or overlaps another.</exception>
    public NabSeries(string name, IReadOnlyList<DateTime> timestamps, IReadOnlyList<double> values, IReadOnlyList<NabWindow> windows)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(timestamps);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(windows);
        if (timestamps.Count != values.Count)
        {
            throw new ArgumentException($"Series '{name}' has {timestamps.Count} timestamps but {values.Count} values.", nameof(values));
        }

        NabScorer.ValidateWindows(windows, timestamps.Count, nameof(windows));
        Name = name;
        Timestamps = Array.AsReadOnly(timestamps.ToArray());
        Values = Array.AsReadOnly(values.ToArray());
        Windows = Array.AsReadOnly(windows.ToArray());
    }

    /// <summary>The series' name: its path in the data folder (NAB's key, such as <c>realTweets/Twitter_volume_AAPL.csv</c>) or its file name.</summary>
    public string Name { get; }

    /// <summary>The series' NAB category (such as <c>realTweets</c>), or empty when it has none.</summary>
    public string Category { get; init; } = string.Empty;

    /// <summary>The rows' timestamps (UTC), in file order.</summary>
    public IReadOnlyList<DateTime> Timestamps { get; }

    /// <summary>The rows' values.</summary>
    public IReadOnlyList<double> Values { get; }

    /// <summary>The labelled anomaly windows as inclusive row indices, in order.</summary>
    public IReadOnlyList<NabWindow> Windows { get; }

    /// <summary>The number of rows.</summary>
    public int Count => Values.Count;

    /// <summary>The file the series was read from (see <see cref="NabData"/>), or <see langword="null"/> for one made in code.</summary>
    internal string? Source { get; init; }

    /// <summary>Each row's 1-based line in <see cref="Source"/>: blank lines are skipped, so row i need not be on line i + 2.</summary>
    internal IReadOnlyList<int>? Lines { get; init; }

    /// <summary>How a message names row <paramref name="row"/> (0-based): <c>line n</c> of the file it was read from, else <c>row n</c> (1-based).</summary>
    internal string RowName(int row) => Lines is { } lines ? $"line {lines[row]}" : $"row {row + 1}";

    /// <summary>Where row <paramref name="row"/> (0-based) is, for a message: <c>file:line</c> when the series was read from a file, else <c>row n of name</c>.</summary>
    internal string Location(int row) => Source is { } source && Lines is { } lines ? $"{source}:{lines[row]}" : $"row {row + 1} of {Name}";

    /// <summary>How a refusal of row <paramref name="row"/> (0-based) starts: <c>file:line: the series</c> when it was read from a file, else <c>Series 'name'</c>.</summary>
    internal string RefusalAt(int row) => Source is { } source && Lines is { } lines ? $"{source}:{lines[row]}: the series" : $"Series '{Name}'";

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Count} rows, {Windows.Count} windows)";
}
