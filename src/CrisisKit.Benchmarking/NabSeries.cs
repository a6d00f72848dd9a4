namespace CrisisKit.Benchmarking;

/// <summary>One labelled NAB series: timestamped values and the anomaly windows as row indices.</summary>
public sealed class NabSeries
{
    /// <summary>Creates a series, checking that the rows and windows are consistent.</summary>
    /// <param name="name">The series' name, usually its file name (for example <c>Twitter_volume_AAPL.csv</c>).</param>
    /// <param name="timestamps">The rows' timestamps, strictly increasing.</param>
    /// <param name="values">The rows' values, one per timestamp.</param>
    /// <param name="windows">The labelled windows: within the rows, in order, not overlapping.</param>
    /// <exception cref="ArgumentException">The counts differ, the timestamps do not increase, or a window is out of range, reversed or overlaps another.</exception>
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

        for (var i = 1; i < timestamps.Count; i++)
        {
            if (timestamps[i] <= timestamps[i - 1])
            {
                throw new ArgumentException($"Series '{name}': timestamp {i} ({timestamps[i]:yyyy-MM-dd HH:mm:ss}) does not follow {timestamps[i - 1]:yyyy-MM-dd HH:mm:ss}; timestamps must increase strictly.", nameof(timestamps));
            }
        }

        NabScorer.ValidateWindows(windows, timestamps.Count, nameof(windows));
        Name = name;
        Timestamps = Array.AsReadOnly(timestamps.ToArray());
        Values = Array.AsReadOnly(values.ToArray());
        Windows = Array.AsReadOnly(windows.ToArray());
    }

    /// <summary>The series' name, usually its file name.</summary>
    public string Name { get; }

    /// <summary>The rows' timestamps (UTC), strictly increasing.</summary>
    public IReadOnlyList<DateTime> Timestamps { get; }

    /// <summary>The rows' values.</summary>
    public IReadOnlyList<double> Values { get; }

    /// <summary>The labelled anomaly windows as inclusive row indices, in order.</summary>
    public IReadOnlyList<NabWindow> Windows { get; }

    /// <summary>The number of rows.</summary>
    public int Count => Values.Count;

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Count} rows, {Windows.Count} windows)";
}
