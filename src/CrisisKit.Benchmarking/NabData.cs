using System.Globalization;
using System.Text.Json;

namespace CrisisKit.Benchmarking;

/// <summary>Reads NAB data: <c>timestamp,value</c> series files and the <c>windows.json</c> labels.</summary>
public static class NabData
{
    /// <summary>The format of a series timestamp.</summary>
    public const string TimestampFormat = "yyyy-MM-dd HH:mm:ss";

    private static readonly string[] WindowTimestampFormats = ["yyyy-MM-dd HH:mm:ss.FFFFFFF", TimestampFormat];

    /// <summary>
    /// Reads a <c>timestamp,value</c> CSV (timestamps <c>yyyy-MM-dd HH:mm:ss</c>, UTC, strictly increasing) and turns
    /// the labelled windows into row windows: each starts at the first row at or after its start and ends at the last
    /// row at or before its end; a window containing no row is dropped.
    /// </summary>
    /// <param name="csvPath">The CSV file; its file name becomes the series' name.</param>
    /// <param name="windows">The labelled windows as UTC timestamps.</param>
    /// <returns>The series.</returns>
    /// <exception cref="InvalidDataException">The header is not <c>timestamp,value</c>, or a row is malformed or out of order (the message names the file and line).</exception>
    /// <exception cref="ArgumentException">A window ends before it starts, or the windows overlap.</exception>
    public static NabSeries ReadSeries(string csvPath, IReadOnlyList<(DateTime Start, DateTime End)> windows)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(csvPath);
        ArgumentNullException.ThrowIfNull(windows);
        var timestamps = new List<DateTime>();
        var values = new List<double>();
        using (var reader = new StreamReader(csvPath))
        {
            var header = reader.ReadLine() ?? throw new InvalidDataException($"{csvPath}: the file is empty.");
            var columns = header.Split(',').Select(c => c.Trim().ToLowerInvariant()).ToArray();
            if (columns is not ["timestamp", "value"])
            {
                throw new InvalidDataException($"{csvPath}:1: the header must be 'timestamp,value' (found '{header}').");
            }

            var lineNumber = 1;
            while (reader.ReadLine() is { } line)
            {
                lineNumber++;
                if (line.Trim().Length == 0)
                {
                    continue;
                }

                var fields = line.Split(',');
                if (fields.Length != 2)
                {
                    throw new InvalidDataException($"{csvPath}:{lineNumber}: expected 2 comma-separated fields, found {fields.Length}.");
                }

                if (!DateTime.TryParseExact(fields[0].Trim(), TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var timestamp))
                {
                    throw new InvalidDataException($"{csvPath}:{lineNumber}: timestamp '{fields[0]}' is not in the form {TimestampFormat}.");
                }

                if (!double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
                {
                    throw new InvalidDataException($"{csvPath}:{lineNumber}: value '{fields[1]}' is not a finite number.");
                }

                if (timestamps.Count > 0 && timestamp <= timestamps[^1])
                {
                    throw new InvalidDataException($"{csvPath}:{lineNumber}: timestamp {fields[0].Trim()} does not follow {timestamps[^1].ToString(TimestampFormat, CultureInfo.InvariantCulture)}; timestamps must increase strictly.");
                }

                timestamps.Add(timestamp);
                values.Add(value);
            }
        }

        var rowWindows = new List<NabWindow>();
        foreach (var (start, end) in windows.OrderBy(w => w.Start))
        {
            if (end < start)
            {
                throw new ArgumentException($"A window ends ({end:yyyy-MM-dd HH:mm:ss}) before it starts ({start:yyyy-MM-dd HH:mm:ss}).", nameof(windows));
            }

            var first = FirstAtOrAfter(timestamps, start);
            var last = FirstAtOrAfter(timestamps, end.AddTicks(1)) - 1;
            if (first <= last)
            {
                rowWindows.Add(new NabWindow(first, last));
            }
        }

        return new NabSeries(Path.GetFileName(csvPath), timestamps, values, rowWindows);
    }

    /// <summary>
    /// Reads NAB's <c>windows.json</c>: an object mapping a series key (for example
    /// <c>realTweets/Twitter_volume_AAPL.csv</c>) to a list of <c>[start, end]</c> timestamps such as
    /// <c>2015-03-03 04:37:53.000000</c>, read as UTC.
    /// </summary>
    /// <param name="windowsJsonPath">The JSON file.</param>
    /// <returns>The windows per key, in file order.</returns>
    /// <exception cref="InvalidDataException">The file is not JSON of that shape (the message names the key).</exception>
    public static IReadOnlyDictionary<string, IReadOnlyList<(DateTime Start, DateTime End)>> ReadWindows(string windowsJsonPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(windowsJsonPath);
        using var stream = File.OpenRead(windowsJsonPath);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stream);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{windowsJsonPath}: not valid JSON ({e.Message}).", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{windowsJsonPath}: the top level must be an object mapping series to windows.");
            }

            var result = new Dictionary<string, IReadOnlyList<(DateTime Start, DateTime End)>>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.Array)
                {
                    throw new InvalidDataException($"{windowsJsonPath}: '{property.Name}' must map to a list of [start, end] pairs.");
                }

                var list = new List<(DateTime Start, DateTime End)>();
                foreach (var pair in property.Value.EnumerateArray())
                {
                    if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2)
                    {
                        throw new InvalidDataException($"{windowsJsonPath}: '{property.Name}' window {list.Count} is not a [start, end] pair.");
                    }

                    var start = ParseWindowTimestamp(windowsJsonPath, property.Name, list.Count, pair[0]);
                    var end = ParseWindowTimestamp(windowsJsonPath, property.Name, list.Count, pair[1]);
                    if (end < start)
                    {
                        throw new InvalidDataException($"{windowsJsonPath}: '{property.Name}' window {list.Count} ends before it starts.");
                    }

                    list.Add((start, end));
                }

                result[property.Name] = list.AsReadOnly();
            }

            return result.AsReadOnly();
        }
    }

    /// <summary>
    /// The windows of the series stored in <paramref name="fileName"/>: those of the key whose last path segment is
    /// that file name (for example <c>Twitter_volume_AAPL.csv</c> finds <c>realTweets/Twitter_volume_AAPL.csv</c>).
    /// </summary>
    /// <param name="windows">The windows per key, as read by <see cref="ReadWindows"/>.</param>
    /// <param name="fileName">The series' file name (a path is reduced to its file name).</param>
    /// <returns>The windows, or an empty list when no key matches.</returns>
    /// <exception cref="ArgumentException">More than one key matches.</exception>
    public static IReadOnlyList<(DateTime Start, DateTime End)> WindowsFor(IReadOnlyDictionary<string, IReadOnlyList<(DateTime Start, DateTime End)>> windows, string fileName)
    {
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        var name = LastSegment(fileName);
        var matches = windows.Where(p => LastSegment(p.Key) == name).ToList();
        return matches.Count switch
        {
            0 => [],
            1 => matches[0].Value,
            _ => throw new ArgumentException($"'{name}' matches more than one key: {string.Join(", ", matches.Select(m => m.Key))}.", nameof(fileName)),
        };
    }

    /// <summary>Reads every <c>*.csv</c> file in a folder, in file-name order, with its windows from <c>windows.json</c>; a file without an entry gets no windows.</summary>
    /// <param name="dir">The folder.</param>
    /// <param name="windowsJsonPath">The <c>windows.json</c> file.</param>
    /// <returns>The series.</returns>
    /// <exception cref="InvalidDataException">A file is malformed.</exception>
    public static IReadOnlyList<NabSeries> ReadDirectory(string dir, string windowsJsonPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dir);
        var windows = ReadWindows(windowsJsonPath);
        return Directory.GetFiles(dir, "*.csv")
            .Where(f => string.Equals(Path.GetExtension(f), ".csv", StringComparison.OrdinalIgnoreCase))
            .OrderBy(Path.GetFileName, StringComparer.Ordinal)
            .Select(f => ReadSeries(f, WindowsFor(windows, Path.GetFileName(f))))
            .ToList()
            .AsReadOnly();
    }

    private static string LastSegment(string key)
    {
        var slash = key.LastIndexOfAny(['/', '\\']);
        return slash < 0 ? key : key[(slash + 1)..];
    }

    private static DateTime ParseWindowTimestamp(string path, string key, int index, JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.String
            && DateTime.TryParseExact(element.GetString(), WindowTimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            return value;
        }

        throw new InvalidDataException($"{path}: '{key}' window {index} has timestamp {element.GetRawText()}, not one in the form {TimestampFormat}[.ffffff].");
    }

    /// <summary>The index of the first timestamp at or after <paramref name="t"/> (the count when there is none).</summary>
    private static int FirstAtOrAfter(List<DateTime> timestamps, DateTime t)
    {
        int lo = 0, hi = timestamps.Count;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (timestamps[mid] < t)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
