using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CrisisKit.Benchmarking;

/// <summary>Reads NAB data: <c>timestamp,value</c> series files and the <c>windows.json</c> labels.</summary>
public static class NabData
{
    /// <summary>The format of a series timestamp.</summary>
    public const string TimestampFormat = "yyyy-MM-dd HH:mm:ss";

    private static readonly string[] WindowTimestampFormats = ["yyyy-MM-dd HH:mm:ss.FFFFFFF", TimestampFormat];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Reads a <c>timestamp,value</c> CSV (timestamps <c>yyyy-MM-dd HH:mm:ss</c>, UTC) and turns the labelled windows
    /// into row windows (see <see cref="RowWindows"/>). Rows are kept in file order, as NAB reads them: a timestamp
    /// may repeat or step back (a clock change), and no row is dropped or moved. The series keeps the file and each row's
    /// line, so a later refusal of a row (by <see cref="NabDetection.ScoreWith"/>, say) names them.
    /// </summary>
    /// <param name="csvPath">The CSV file.</param>
    /// <param name="windows">The labelled windows as UTC timestamps.</param>
    /// <param name="name">The series' name; by default the file name.</param>
    /// <returns>The series.</returns>
    /// <exception cref="InvalidDataException">The file is empty or holds no row, the header is not <c>timestamp,value</c>, or a row is malformed (the message names the file and line).</exception>
    /// <exception cref="ArgumentException">A window ends before it starts, or the windows overlap.</exception>
    public static NabSeries ReadSeries(string csvPath, IReadOnlyList<(DateTime Start, DateTime End)> windows, string? name = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(csvPath);
        ArgumentNullException.ThrowIfNull(windows);
        var (timestamps, values, lines) = ReadRows(csvPath);
        return new NabSeries(name ?? Path.GetFileName(csvPath), timestamps, values, RowWindows(timestamps, windows)) { Source = csvPath, Lines = lines };
    }

    /// <summary>The rows of a series file, with each row's 1-based line so later refusals can name it.</summary>
    private static (List<DateTime> Timestamps, List<double> Values, List<int> Lines) ReadRows(string csvPath)
    {
        var timestamps = new List<DateTime>();
        var values = new List<double>();
        var lines = new List<int>();
        using (var reader = new StreamReader(csvPath))
        {
            var header = reader.ReadLine() ?? throw new InvalidDataException($"{csvPath}:1: the file is empty; the first line must be the header 'timestamp,value'.");
            var columns = header.Split(',').Select(c => c.Trim().ToLowerInvariant()).ToArray();
            if (columns is not ["timestamp", "value"])
            {
                throw new InvalidDataException($"{csvPath}:1: the header must be 'timestamp,value' (found '{Fields.Excerpt(header)}').");
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

                if (!TryParseTimestamp(fields[0].Trim(), out var timestamp))
                {
                    throw new InvalidDataException($"{csvPath}:{lineNumber}: timestamp '{Fields.Excerpt(fields[0])}' is not in the form {TimestampFormat}.");
                }

                if (!double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
                {
                    throw new InvalidDataException($"{csvPath}:{lineNumber}: value '{Fields.Excerpt(fields[1])}' is not a finite number.");
                }

                timestamps.Add(timestamp);
                values.Add(value);
                lines.Add(lineNumber);
            }
        }

        if (timestamps.Count == 0)
        {
            throw new InvalidDataException($"{csvPath}:1: the file has its header and no row; a series needs at least one 'timestamp,value' row.");
        }

        return (timestamps, values, lines);
    }

    /// <summary>
    /// Turns labelled windows into row windows the way NAB does, rows taken in file order: a window starts at the
    /// first row whose timestamp equals its start and ends at the first row from there whose timestamp equals its end.
    /// A bound that names no row falls back to the nearest rows inside the window (the first row after the start; the
    /// row before the first one after the end), and a window that then holds no row is dropped.
    /// </summary>
    /// <param name="timestamps">The rows' timestamps in file order (they may repeat or step back).</param>
    /// <param name="windows">The labelled windows as timestamps.</param>
    /// <returns>The row windows, ordered by start.</returns>
    /// <exception cref="ArgumentException">A window ends before it starts.</exception>
    public static IReadOnlyList<NabWindow> RowWindows(IReadOnlyList<DateTime> timestamps, IReadOnlyList<(DateTime Start, DateTime End)> windows)
    {
        ArgumentNullException.ThrowIfNull(timestamps);
        ArgumentNullException.ThrowIfNull(windows);
        var rowWindows = new List<NabWindow>();
        foreach (var (start, end) in windows.OrderBy(w => w.Start))
        {
            if (end < start)
            {
                throw new ArgumentException($"A window ends ({end:yyyy-MM-dd HH:mm:ss}) before it starts ({start:yyyy-MM-dd HH:mm:ss}).", nameof(windows));
            }

            var first = IndexOf(timestamps, start, 0);
            if (first < 0)
            {
                first = FirstAfter(timestamps, start, 0);
            }

            if (first < 0 || timestamps[first] > end)
            {
                continue;
            }

            var last = IndexOf(timestamps, end, first);
            if (last < 0)
            {
                var after = FirstAfter(timestamps, end, first);
                last = after < 0 ? timestamps.Count - 1 : after - 1;
            }

            rowWindows.Add(new NabWindow(first, last));
        }

        return rowWindows.AsReadOnly();
    }

    /// <summary>
    /// Reads NAB's <c>windows.json</c>: an object mapping a series key (for example
    /// <c>realTweets/Twitter_volume_AAPL.csv</c>) to a list of <c>[start, end]</c> timestamps such as
    /// <c>2015-03-03 04:37:53.000000</c>, read as UTC.
    /// </summary>
    /// <param name="windowsJsonPath">The JSON file.</param>
    /// <returns>The windows per key, in file order.</returns>
    /// <exception cref="InvalidDataException">
    /// The file is not UTF-8 JSON of that shape, a key is listed twice, or two windows of a key overlap (the message names
    /// the key).
    /// </exception>
    public static IReadOnlyDictionary<string, IReadOnlyList<(DateTime Start, DateTime End)>> ReadWindows(string windowsJsonPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(windowsJsonPath);
        string text;
        try
        {
            text = StrictUtf8.GetString(File.ReadAllBytes(windowsJsonPath));
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException($"{windowsJsonPath}: not UTF-8 text (byte {e.Index} cannot be decoded).", e);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
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

                for (var k = 1; k < list.Count; k++)
                {
                    for (var j = 0; j < k; j++)
                    {
                        if (list[k].Start <= list[j].End && list[j].Start <= list[k].End)
                        {
                            throw new InvalidDataException($"{windowsJsonPath}: '{property.Name}' window {k} ({Format(list[k].Start)} to {Format(list[k].End)}) overlaps window {j} ({Format(list[j].Start)} to {Format(list[j].End)}); a series' windows must not overlap.");
                        }
                    }
                }

                if (!result.TryAdd(property.Name, list.AsReadOnly()))
                {
                    throw new InvalidDataException($"{windowsJsonPath}: '{property.Name}' is listed twice; each series has one list of windows.");
                }
            }

            return result.AsReadOnly();
        }
    }

    /// <summary>
    /// The windows of the series stored at <paramref name="path"/>: those of the key that equals the path (for example
    /// <c>realTweets/Twitter_volume_AAPL.csv</c>, as NAB names series), or else of the one key whose last segment is
    /// the path's file name (so a flat folder of NAB files finds its windows too).
    /// </summary>
    /// <param name="windows">The windows per key, as read by <see cref="ReadWindows"/>.</param>
    /// <param name="path">The series' path relative to the data folder, with <c>/</c> or <c>\</c> between segments, or its file name.</param>
    /// <returns>The windows, or an empty list when no key matches.</returns>
    /// <exception cref="ArgumentException">No key equals the path and more than one key ends with its file name.</exception>
    public static IReadOnlyList<(DateTime Start, DateTime End)> WindowsFor(IReadOnlyDictionary<string, IReadOnlyList<(DateTime Start, DateTime End)>> windows, string path)
    {
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var key = KeyFor(windows, path);
        return key is null ? [] : windows[key];
    }

    /// <summary>
    /// Reads every <c>*.csv</c> file under a folder, category folders included (NAB's layout:
    /// <c>&lt;category&gt;/&lt;name&gt;.csv</c>), in order of their relative paths, with their windows from
    /// <c>windows.json</c> (see <see cref="WindowsFor"/>); a file without an entry gets no windows. Each series is named
    /// by its path relative to the folder, with <c>/</c> between segments, and its category is the folder part of its
    /// windows key (or of its path when no key matches). A key equal to one file's path is that file's alone: another
    /// file of the same name in another folder does not take its windows. Each series keeps its file and each row's line,
    /// as <see cref="ReadSeries"/>'s do.
    /// </summary>
    /// <param name="dir">The folder.</param>
    /// <param name="windowsJsonPath">The <c>windows.json</c> file.</param>
    /// <returns>The series.</returns>
    /// <exception cref="InvalidDataException">A file is malformed (the message names the file and line).</exception>
    public static IReadOnlyList<NabSeries> ReadDirectory(string dir, string windowsJsonPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dir);
        return ReadDirectory(dir, ReadWindows(windowsJsonPath)).Select(s => s.Series).ToList().AsReadOnly();
    }

    /// <summary>
    /// <see cref="ReadDirectory(string, string)"/> with <c>windows.json</c> already read, giving each series with the key
    /// of <paramref name="windows"/> it took its windows from (<see langword="null"/> when none), so a caller can say
    /// what of the labels no series took.
    /// </summary>
    internal static List<(NabSeries Series, string? Key)> ReadDirectory(string dir, IReadOnlyDictionary<string, IReadOnlyList<(DateTime Start, DateTime End)>> windows)
    {
        var files = Directory.GetFiles(dir, "*.csv", SearchOption.AllDirectories)
            .Where(f => string.Equals(Path.GetExtension(f), ".csv", StringComparison.OrdinalIgnoreCase))
            .Select(f => (Path: f, Name: Path.GetRelativePath(dir, f).Replace(Path.DirectorySeparatorChar, '/')))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
        var keys = KeysFor(windows, files.ConvertAll(f => f.Name));
        return files
            .Select((f, i) =>
            {
                var key = keys[i];
                var (timestamps, values, lines) = ReadRows(f.Path);
                return (new NabSeries(f.Name, timestamps, values, RowWindows(timestamps, key is null ? [] : windows[key])) { Category = Folder(key ?? f.Name), Source = f.Path, Lines = lines }, key);
            })
            .ToList();
    }

    /// <summary>
    /// The key of each series of a data folder (<paramref name="names"/>, paths relative to it) in
    /// <paramref name="windows"/>, as <see cref="WindowsFor"/> finds it, except that a key equal to one series' path is
    /// that series' alone: <c>y/a.csv</c> without a key of its own does not take the windows of <c>x/a.csv</c> when
    /// <c>x/a.csv</c> is in the folder too.
    /// </summary>
    private static string?[] KeysFor(IReadOnlyDictionary<string, IReadOnlyList<(DateTime Start, DateTime End)>> windows, IReadOnlyList<string> names)
    {
        var taken = names.Select(n => n.Replace('\\', '/')).Where(windows.ContainsKey).ToHashSet(StringComparer.Ordinal);
        return names.Select(n => KeyFor(windows, n, taken)).ToArray();
    }

    private static string? KeyFor(IReadOnlyDictionary<string, IReadOnlyList<(DateTime Start, DateTime End)>> windows, string path, HashSet<string>? taken = null)
    {
        var normalised = path.Replace('\\', '/');
        if (windows.ContainsKey(normalised))
        {
            return normalised;
        }

        var name = LastSegment(normalised);
        var matches = windows.Keys.Where(k => LastSegment(k) == name && taken?.Contains(k) != true).ToList();
        return matches.Count switch
        {
            0 => null,
            1 => matches[0],
            _ => throw new ArgumentException($"'{name}' matches more than one key: {string.Join(", ", matches)}.", nameof(path)),
        };
    }

    /// <summary>Reads a row's timestamp as a series file holds it (<see cref="TimestampFormat"/>, UTC).</summary>
    internal static bool TryParseTimestamp(string text, out DateTime timestamp) =>
        DateTime.TryParseExact(text, TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out timestamp);

    private static string Format(DateTime t) => t.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    private static string Folder(string key)
    {
        var slash = key.LastIndexOf('/');
        return slash < 0 ? string.Empty : key[..slash];
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

        throw new InvalidDataException($"{path}: '{key}' window {index} has timestamp {Fields.Excerpt(element.GetRawText())}, not one in the form {TimestampFormat}[.ffffff].");
    }

    /// <summary>The first row from <paramref name="from"/> on whose timestamp is <paramref name="t"/>, or −1.</summary>
    private static int IndexOf(IReadOnlyList<DateTime> timestamps, DateTime t, int from)
    {
        for (var i = from; i < timestamps.Count; i++)
        {
            if (timestamps[i] == t)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The first row from <paramref name="from"/> on whose timestamp is after <paramref name="t"/>, or −1.</summary>
    private static int FirstAfter(IReadOnlyList<DateTime> timestamps, DateTime t, int from)
    {
        for (var i = from; i < timestamps.Count; i++)
        {
            if (timestamps[i] > t)
            {
                return i;
            }
        }

        return -1;
    }
}
