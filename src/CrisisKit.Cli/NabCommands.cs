using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CrisisKit.Benchmarking;
using CrisisKit.Detection;

namespace CrisisKit.Cli;

/// <summary><c>crisiskit nab ...</c></summary>
internal static class NabCommands
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "A folder of NAB-format series (CSV files with columns timestamp,value), directly or in category folders as NAB lays them out (<category>/<name>.csv).", Required = true };
        var windows = new Option<FileInfo>("--windows") { Description = "The labelled anomaly windows (NAB's windows.json format; keys such as realTweets/Twitter_volume_AAPL.csv).", Required = true };
        var outDir = new Option<DirectoryInfo>("--out") { Description = "Where to write each series again, in the same layout, as timestamp,value,anomaly_score.", Required = true };
        var detector = new Option<string>("--detector") { Description = $"The detector to run: {string.Join(", ", CrisisDetectors.Names)}.", DefaultValueFactory = _ => NabDetection.DefaultDetector };
        var json = new Option<bool>("--json") { Description = "Print the scores as JSON." };
        var crossValidate = new Option<bool>("--cross-validate") { Description = "Also score each series at the threshold best for all the other series (leave-one-series-out)." };
        var scoresDir = new Option<DirectoryInfo?>("--scores") { Description = "Score another detector's output instead of running one: a folder in NAB's results layout (<category>/<detector>_<name>.csv or <category>/<name>.csv, with an anomaly_score column per row) holding the detector's thresholds.json (NAB's format)." };
        var command = new Command("nab", "Run a detector over NAB-format series (or read another detector's output) and score it the NAB way: normalised scores for the three profiles at the detector's thresholds and at the best threshold for these series, overall and per category.")
        {
            data, windows, outDir, detector, json, crossValidate, scoresDir,
        };
        command.SetAction(result => Run(new NabRun(result.GetValue(data)!, result.GetValue(windows)!, result.GetValue(outDir)!, result.GetValue(detector)!, result.GetValue(json), result.GetValue(crossValidate), result.GetValue(scoresDir)), output, error));
        return command;
    }

    private static int Run(NabRun run, TextWriter output, TextWriter error)
    {
        var (data, windowsFile, outDir, detector, json, crossValidate, scoresDir) = run;
        InputPaths.RequireFolder(data, "--data");
        InputPaths.RequireFile(windowsFile, "--windows");

        if (!CrisisDetectors.Names.Contains(detector, StringComparer.OrdinalIgnoreCase))
        {
            throw new CommandException($"--detector: no detector is named '{detector}'; the detectors are: {string.Join(", ", CrisisDetectors.Names)}.");
        }

        if (scoresDir is null && NabDetection.VolumeOnlyRefusal(detector) is { } refusal)
        {
            throw new CommandException($"--detector: {refusal}");
        }

        RefuseWritingInto(outDir, data, "--data");
        if (scoresDir is not null)
        {
            RefuseWritingInto(outDir, scoresDir, "--scores");
        }

        var thresholds = scoresDir is null
            ? NabProfile.All.ToDictionary(p => p.Name, p => NabDetection.DefaultThreshold(detector, p), StringComparer.Ordinal)
            : ReadThresholds(scoresDir);
        var label = scoresDir is null ? detector.ToLowerInvariant() : scoresDir.Name;

        IReadOnlyDictionary<string, IReadOnlyList<(DateTime Start, DateTime End)>> labelled;
        List<(NabSeries Series, string? Key)> read;
        try
        {
            labelled = NabData.ReadWindows(windowsFile.FullName);
            read = NabData.ReadDirectory(data.FullName, labelled);
        }
        catch (ArgumentException ex)
        {
            throw CommandException.From(ex);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            throw new CommandException(ex.Message);
        }

        var all = read.ConvertAll(r => r.Series);

        if (all.Count == 0)
        {
            throw new CommandException($"--data: '{data.FullName}' holds no .csv series.");
        }

        if (crossValidate && all.Count < 2)
        {
            throw new CommandException("--cross-validate: leave-one-series-out needs at least two series.");
        }

        ReportUnmatched(read, labelled, windowsFile, data, error);
        RefuseWritingOverInputs(outDir, all, data, scoresDir, windowsFile);
        outDir.Create();
        var scored = new List<(NabSeries Series, IReadOnlyList<double> Scores)>(all.Count);
        foreach (var series in all)
        {
            double[] scores;
            try
            {
                scores = scoresDir is null ? NabDetection.Score(series, detector) : ReadScores(scoresDir, series);
            }
            catch (ArgumentException ex)
            {
                throw CommandException.From(ex);
            }

            scored.Add((series, scores));
            WriteScores(outDir, series, scores);
            error.WriteLine($"scored {series.Name} ({series.Count} rows)");
        }

        var profiles = new Dictionary<string, NabProfileReport>(StringComparer.Ordinal);
        var validated = new Dictionary<string, NabCrossValidation>(StringComparer.Ordinal);
        foreach (var profile in NabProfile.All)
        {
            var threshold = thresholds[profile.Name];
            var atDefault = NabScorer.Score(scored, profile, threshold);
            var best = NabScorer.BestThreshold(scored, profile);
            profiles[profile.Name] = new NabProfileReport(threshold, Round(atDefault.Normalised), atDefault.Detected, atDefault.FalseAlarms, double.IsInfinity(best.Threshold) ? null : Math.Round(best.Threshold, 6), Round(best.Normalised));
            if (crossValidate)
            {
                validated[profile.Name] = NabScorer.LeaveOneSeriesOut(scored, profile);
            }
        }

        var categories = Categories(scored, thresholds, crossValidate ? validated : null);
        var crossValidated = crossValidate
            ? validated.ToDictionary(p => p.Key, p => new NabValidatedReport(Round(p.Value.Normalised), p.Value.Detected, p.Value.FalseAlarms), StringComparer.Ordinal)
            : null;
        var windowCount = all.Sum(s => s.Windows.Count);
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new NabReport(label, all.Count, windowCount, profiles, categories, crossValidated), CliJsonContext.Default.NabReport));
            return 0;
        }

        var inv = CultureInfo.InvariantCulture;
        output.WriteLine($"detector: {label} on {all.Count} series, {windowCount} windows; scores written to {outDir.FullName}");
        output.WriteLine("profile               threshold  score  (detected, false alarms)   best threshold  best score" + (crossValidate ? "  cross-validated" : string.Empty));
        foreach (var (name, p) in profiles)
        {
            var line = string.Create(inv, $"{name,-21} {p.Threshold,9:0.####}  {p.Score,5:0.0}  ({p.Detected}/{windowCount}, {p.FalseAlarms,3})            {(p.BestThreshold is { } b ? b.ToString("0.####", inv) : "never"),14}  {p.BestScore,10:0.0}");
            if (crossValidated is not null)
            {
                var v = crossValidated[name];
                line += string.Create(inv, $"  {v.Score,15:0.0} ({v.Detected}/{windowCount}, {v.FalseAlarms})");
            }

            output.WriteLine(line);
        }

        if (categories.Count > 1)
        {
            output.WriteLine();
            output.WriteLine("category                 series  windows  standard  low-FP  low-FN" + (crossValidate ? "   (cross-validated)" : string.Empty));
            foreach (var (name, c) in categories)
            {
                var cells = NabProfile.All.Select(p => c.Profiles[p.Name]).ToList();
                var line = string.Create(inv, $"{(name.Length == 0 ? "(none)" : name),-24} {c.Series,6}  {c.Windows,7}  {Cell(cells[0].Score),8}  {Cell(cells[1].Score),6}  {Cell(cells[2].Score),6}");
                if (crossValidate)
                {
                    line += $"   ({Cell(cells[0].CrossValidatedScore)} / {Cell(cells[1].CrossValidatedScore)} / {Cell(cells[2].CrossValidatedScore)})";
                }

                output.WriteLine(line);
            }
        }

        return 0;
    }

    /// <summary>The figures of each category's series: at the shipped thresholds and, when given, at the leave-one-series-out thresholds.</summary>
    private static Dictionary<string, NabCategoryReport> Categories(List<(NabSeries Series, IReadOnlyList<double> Scores)> scored, Dictionary<string, double> thresholds, Dictionary<string, NabCrossValidation>? validated)
    {
        var categories = new Dictionary<string, NabCategoryReport>(StringComparer.Ordinal);
        foreach (var group in scored.Select((entry, index) => (entry, index)).GroupBy(x => x.entry.Series.Category, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var members = group.Select(x => x.entry).ToList();
            var figures = new Dictionary<string, NabCategoryProfileReport>(StringComparer.Ordinal);
            foreach (var profile in NabProfile.All)
            {
                var atDefault = NabScorer.Score(members, profile, thresholds[profile.Name]);
                double? crossValidated = null;
                if (validated is not null)
                {
                    // Each member at the threshold its own fold chose; pooled and normalised over the category's windows.
                    var folds = validated[profile.Name].Thresholds;
                    var raw = group.Sum(x => NabScorer.Score([x.entry], profile, folds[x.index]).Raw);
                    crossValidated = atDefault.Perfect == atDefault.Null ? null : Math.Round(100.0 * (raw - atDefault.Null) / (atDefault.Perfect - atDefault.Null), 2);
                }

                figures[profile.Name] = new NabCategoryProfileReport(Round(atDefault.Normalised), atDefault.Detected, atDefault.FalseAlarms, crossValidated);
            }

            categories[group.Key] = new NabCategoryReport(members.Count, members.Sum(m => m.Series.Windows.Count), figures);
        }

        return categories;
    }

    /// <summary>
    /// Refuses an output folder that is an input folder or inside one, symbolic links followed (see
    /// <see cref="InputPaths.IsAtOrInside"/>): the scored series would replace the input's files or be read as input next time.
    /// </summary>
    private static void RefuseWritingInto(DirectoryInfo outDir, DirectoryInfo input, string option)
    {
        if (InputPaths.IsAtOrInside(outDir.FullName, input.FullName))
        {
            var at = InputPaths.IsSame(outDir.FullName, input.FullName);
            throw new CommandException($"--out: '{outDir.FullName}' is {(at ? string.Empty : "inside ")}the {option} folder{InputPaths.ThroughLink(outDir.FullName)}; the scored series would be written over or among its files. Choose a folder outside it.");
        }
    }

    /// <summary>
    /// Refuses, before any series is written, a series whose output file under <paramref name="outDir"/> is an input
    /// once symbolic links are followed: a link left in the output folder (by an earlier run's layout, or planted) to a
    /// series of <c>--data</c>, a file of <c>--scores</c> or the <c>--windows</c> file would have it overwritten.
    /// </summary>
    private static void RefuseWritingOverInputs(DirectoryInfo outDir, List<NabSeries> all, DirectoryInfo data, DirectoryInfo? scoresDir, FileInfo windowsFile)
    {
        foreach (var series in all)
        {
            var path = ScoresPath(outDir, series);
            var input = InputPaths.IsAtOrInside(path, data.FullName) ? "--data folder"
                : scoresDir is not null && InputPaths.IsAtOrInside(path, scoresDir.FullName) ? "--scores folder"
                : InputPaths.IsAtOrInside(path, windowsFile.FullName) ? "--windows file"
                : null;
            if (input is not null)
            {
                throw new CommandException($"--out: '{path}', where {series.Name} would be written, is {(input.EndsWith("file", StringComparison.Ordinal) ? string.Empty : "inside ")}the {input}{InputPaths.ThroughLink(path)}; it would be written over. Remove the link or choose another folder.");
            }
        }
    }

    /// <summary>
    /// Says on <paramref name="error"/> what of the labels is not scored as the file names it, so that nothing is dropped
    /// or borrowed unseen: windows that hold no row of their series (after its last row, say), series matched to an
    /// entry of another folder by file name alone, series that <c>windows.json</c> has no entry for, and entries that
    /// name no series in the data folder (a typo, or a run on part of the corpus).
    /// </summary>
    private static void ReportUnmatched(List<(NabSeries Series, string? Key)> read, IReadOnlyDictionary<string, IReadOnlyList<(DateTime Start, DateTime End)>> labelled, FileInfo windowsFile, DirectoryInfo data, TextWriter error)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var unlabelled = new List<string>();
        var unplaced = new List<string>();
        var unplacedCount = 0;
        var byName = new List<string>();
        foreach (var (series, found) in read)
        {
            if (found is not { } key)
            {
                unlabelled.Add(series.Name);
                continue;
            }

            used.Add(key);
            if (key != series.Name && series.Name.Contains('/', StringComparison.Ordinal))
            {
                byName.Add($"{series.Name} ({key})");
            }

            var lost = labelled[key].Count - series.Windows.Count;
            if (lost > 0)
            {
                unplacedCount += lost;
                unplaced.Add($"{series.Name} ({lost})");
            }
        }

        if (unplacedCount > 0)
        {
            error.WriteLine($"note: {unplacedCount} {(unplacedCount == 1 ? "window" : "windows")} in {windowsFile.Name} {(unplacedCount == 1 ? "holds" : "hold")} no row of {(unplaced.Count == 1 ? "its series" : "their series")} and {(unplacedCount == 1 ? "is" : "are")} not scored: {CrisisKitCommand.FirstFew(unplaced)}.");
        }

        if (byName.Count > 0)
        {
            error.WriteLine($"note: {byName.Count} {(byName.Count == 1 ? "series takes" : "series take")} the windows of the entry in {windowsFile.Name} with the same file name in another folder: {CrisisKitCommand.FirstFew(byName)}.");
        }

        if (unlabelled.Count > 0)
        {
            error.WriteLine($"note: {unlabelled.Count} {(unlabelled.Count == 1 ? "series has" : "series have")} no entry in {windowsFile.Name} and {(unlabelled.Count == 1 ? "is" : "are")} scored as having no window: {CrisisKitCommand.FirstFew(unlabelled)}.");
        }

        var unmatched = labelled.Keys.Where(k => !used.Contains(k)).Order(StringComparer.Ordinal).ToList();
        if (unmatched.Count > 0)
        {
            error.WriteLine($"note: {unmatched.Count} of the {labelled.Count} entries in {windowsFile.Name} {(unmatched.Count == 1 ? "names" : "name")} no series under {data.FullName}: {CrisisKitCommand.FirstFew(unmatched)}.");
        }
    }

    /// <summary>Reads a detector's threshold per profile from <c>thresholds.json</c> in NAB's format: <c>{"standard": {"threshold": 0.5, …}, …}</c>.</summary>
    private static Dictionary<string, double> ReadThresholds(DirectoryInfo scoresDir)
    {
        InputPaths.RequireFolder(scoresDir, "--scores");

        var path = Path.Combine(scoresDir.FullName, "thresholds.json");
        if (!File.Exists(path))
        {
            throw new CommandException($"--scores: '{path}' does not exist; it gives the detector's threshold per profile, as NAB's config/thresholds.json does.");
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return NabProfile.All.ToDictionary(
                p => p.Name,
                p => document.RootElement.TryGetProperty(p.Name, out var entry) && entry.TryGetProperty("threshold", out var t) && t.ValueKind == JsonValueKind.Number
                    ? t.GetDouble() is var threshold && threshold is >= 0 and <= 1
                        ? threshold
                        : throw new CommandException($"--scores: '{path}' gives {p.Name}.threshold {t.GetRawText()}; anomaly scores lie in [0, 1], and so must a threshold.")
                    : throw new CommandException($"--scores: '{path}' has no numeric {p.Name}.threshold."),
                StringComparer.Ordinal);
        }
        catch (JsonException ex)
        {
            throw new CommandException($"--scores: '{path}' is not valid JSON ({ex.Message}).");
        }
    }

    /// <summary>
    /// Reads the <c>anomaly_score</c> column of a series' output file under <paramref name="scoresDir"/>: at the series'
    /// own path, or named as NAB names results (<c>&lt;category&gt;/&lt;detector&gt;_&lt;name&gt;.csv</c>, the detector being the folder's
    /// name), in the series' folder or its category's. The file must have one row per series row, with the same
    /// timestamps in the same order (blank lines aside, in either file); where it does not line up, the refusal names the
    /// line of each file.
    /// </summary>
    private static double[] ReadScores(DirectoryInfo scoresDir, NabSeries series)
    {
        var slash = series.Name.LastIndexOf('/');
        var (folder, file) = (series.Name[..(slash + 1)], series.Name[(slash + 1)..]);
        var category = series.Category.Length == 0 ? string.Empty : series.Category + "/";
        string[] candidates = [series.Name, $"{folder}{scoresDir.Name}_{file}", $"{category}{file}", $"{category}{scoresDir.Name}_{file}"];
        var path = candidates.Distinct().Select(n => Path.Combine(scoresDir.FullName, n)).FirstOrDefault(File.Exists)
            ?? throw new CommandException($"--scores: no output for {series.Name} (looked for {string.Join(", ", candidates.Distinct())} in '{scoresDir.FullName}').");
        using var reader = new StreamReader(path);
        var header = (reader.ReadLine() ?? string.Empty).Split(',').Select(c => c.Trim()).ToList();
        var (time, column) = (header.IndexOf("timestamp"), header.IndexOf("anomaly_score"));
        if (time < 0 || column < 0)
        {
            throw new CommandException($"{path}:1: the header must name timestamp and anomaly_score columns.");
        }

        var scores = new double[series.Count];
        var (row, lineNumber) = (0, 1);
        var inv = CultureInfo.InvariantCulture;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            if (row == series.Count)
            {
                throw new CommandException($"{path}:{lineNumber}: a row past the end of {series.Name}, which has {(series.Count == 0 ? "no rows" : $"{series.Count} rows, the last at {series.Location(series.Count - 1)}")}; a scores file has one row per series row.");
            }

            var fields = line.Split(',');
            if (fields.Length <= Math.Max(time, column))
            {
                throw new CommandException($"{path}:{lineNumber}: expected {Math.Max(time, column) + 1} or more comma-separated fields (timestamp is column {time + 1}, anomaly_score column {column + 1}), found {fields.Length}.");
            }

            var expected = series.Timestamps[row].ToString(NabData.TimestampFormat, inv);
            if (fields[time].Trim() != expected)
            {
                throw new CommandException($"{path}:{lineNumber}: {Misaligned(fields[time].Trim(), series, row)}");
            }

            var parsed = double.TryParse(fields[column], NumberStyles.Float, inv, out var score);
            if (!parsed || !(score >= 0 && score <= 1))
            {
                throw new CommandException($"{path}:{lineNumber}: the anomaly_score {(parsed && !double.IsNaN(score) ? score.ToString("R", inv) + " is outside" : "is not a number in")} [0, 1].");
            }

            scores[row++] = score;
        }

        return row == series.Count
            ? scores
            : throw new CommandException($"{path}:{lineNumber}: the file ends after {row} {(row == 1 ? "row" : "rows")}, but {series.Name} has {series.Count}: {series.Location(row)} ({series.Timestamps[row].ToString(NabData.TimestampFormat, inv)}){(row + 1 < series.Count ? $" and the {series.Count - row - 1} after it have" : " has")} no score.");
    }

    /// <summary>
    /// Why a scores row whose timestamp is <paramref name="found"/> does not line up with row <paramref name="row"/> of
    /// the series, naming the data file's line; when a later series row has that timestamp, the rows before it that the
    /// scores file skipped.
    /// </summary>
    private static string Misaligned(string found, NabSeries series, int row)
    {
        var inv = CultureInfo.InvariantCulture;
        var expected = $"{series.Location(row)} ({series.Timestamps[row].ToString(NabData.TimestampFormat, inv)}), row {row + 1} of {series.Name}";
        if (!NabData.TryParseTimestamp(found, out var timestamp))
        {
            return $"the timestamp is not in the form {NabData.TimestampFormat}; this row is scored against {expected}.";
        }

        var later = row + 1;
        while (later < series.Count && series.Timestamps[later] != timestamp)
        {
            later++;
        }

        return $"timestamp {found} does not line up with {expected}"
            + (later == series.Count ? string.Empty : $"; it is that of {series.Location(later)}, so the scores file has no row for the {(later == row + 1 ? "row" : $"{later - row} rows")} before it")
            + "; a scores file has one row per series row, with the same timestamps in the same order.";
    }

    /// <summary>A normalised score to two decimals, or <see langword="null"/> where it is undefined (no windows).</summary>
    private static double? Round(double normalised) => double.IsNaN(normalised) ? null : Math.Round(normalised, 2);

    private static string Cell(double? score) => score is { } s ? s.ToString("0.0", CultureInfo.InvariantCulture) : "-";

    /// <summary>Where the series' scores are written: its own path under <paramref name="outDir"/>.</summary>
    private static string ScoresPath(DirectoryInfo outDir, NabSeries series) => Path.GetFullPath(Path.Combine(outDir.FullName, series.Name));

    /// <summary>Writes <c>timestamp,value,anomaly_score</c> to the series' own path under <paramref name="outDir"/>, so the output mirrors the input's layout.</summary>
    private static void WriteScores(DirectoryInfo outDir, NabSeries series, double[] scores)
    {
        var path = ScoresPath(outDir, series);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var builder = new StringBuilder("timestamp,value,anomaly_score\n");
        var inv = CultureInfo.InvariantCulture;
        for (var i = 0; i < series.Count; i++)
        {
            builder.Append(series.Timestamps[i].ToString(NabData.TimestampFormat, inv)).Append(',')
                .Append(series.Values[i].ToString("R", inv)).Append(',')
                .Append(scores[i].ToString("0.######", inv)).Append('\n');
        }

        File.WriteAllText(path, builder.ToString());
    }
}

/// <summary>The options of one <c>crisiskit nab</c> run.</summary>
internal sealed record NabRun(DirectoryInfo Data, FileInfo Windows, DirectoryInfo Out, string Detector, bool Json, bool CrossValidate, DirectoryInfo? Scores);

/// <summary>The JSON shape of <c>crisiskit nab --json</c>.</summary>
internal sealed record NabReport(
    string Detector,
    int Series,
    int Windows,
    IReadOnlyDictionary<string, NabProfileReport> Profiles,
    IReadOnlyDictionary<string, NabCategoryReport> Categories,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, NabValidatedReport>? CrossValidated);

/// <summary>One profile's figures: at the shipped threshold and at the best threshold for the data.</summary>
internal sealed record NabProfileReport(
    double Threshold,
    double? Score,
    int Detected,
    int FalseAlarms,
    [property: JsonPropertyName("best_threshold")] double? BestThreshold,
    [property: JsonPropertyName("best_score")] double? BestScore);

/// <summary>One category's series and windows, and its figures per profile.</summary>
internal sealed record NabCategoryReport(int Series, int Windows, IReadOnlyDictionary<string, NabCategoryProfileReport> Profiles);

/// <summary>
/// One category's figures under one profile at the shipped threshold (the score is null for a category without
/// windows) and, with <c>--cross-validate</c>, with each series at its leave-one-series-out threshold.
/// </summary>
internal sealed record NabCategoryProfileReport(
    double? Score,
    int Detected,
    int FalseAlarms,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? CrossValidatedScore);

/// <summary>Leave-one-series-out figures under one profile: each series at the threshold best for all the others.</summary>
internal sealed record NabValidatedReport(double? Score, int Detected, int FalseAlarms);
