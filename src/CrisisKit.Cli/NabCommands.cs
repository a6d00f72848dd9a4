using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CrisisKit.Benchmarking;
using CrisisKit.Detection;

namespace CrisisKit.Cli;

/// <summary><c>crisiskit nab ...</c></summary>
internal static class NabCommands
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "A directory of NAB-format series: CSV files with columns timestamp,value, one row per bucket.", Required = true };
        var windows = new Option<FileInfo>("--windows") { Description = "The labelled anomaly windows (NAB's windows.json format).", Required = true };
        var outDir = new Option<DirectoryInfo>("--out") { Description = "Where to write each series again with an anomaly_score column (same file names).", Required = true };
        var detector = new Option<string>("--detector") { Description = $"The detector to run: {string.Join(", ", CrisisDetectors.Names)}.", DefaultValueFactory = _ => NabDetection.DefaultDetector };
        var json = new Option<bool>("--json") { Description = "Print the scores as JSON." };
        var command = new Command("nab", "Run a detector over NAB-format series and score it the NAB way: normalised scores for the three profiles at the detector's shipped thresholds and at the best threshold for these series.")
        {
            data, windows, outDir, detector, json,
        };
        command.SetAction(result => Run(result.GetValue(data)!, result.GetValue(windows)!, result.GetValue(outDir)!, result.GetValue(detector)!, result.GetValue(json), output, error));
        return command;
    }

    private static int Run(DirectoryInfo data, FileInfo windowsFile, DirectoryInfo outDir, string detector, bool json, TextWriter output, TextWriter error)
    {
        if (!data.Exists)
        {
            throw new CommandException($"--data: the directory '{data.FullName}' does not exist.");
        }

        if (!windowsFile.Exists)
        {
            throw new CommandException($"--windows: the file '{windowsFile.FullName}' does not exist.");
        }

        if (!CrisisDetectors.Names.Contains(detector, StringComparer.OrdinalIgnoreCase))
        {
            throw new CommandException($"--detector: no detector is named '{detector}'; the detectors are: {string.Join(", ", CrisisDetectors.Names)}.");
        }

        IReadOnlyList<NabSeries> all;
        try
        {
            all = NabData.ReadDirectory(data.FullName, windowsFile.FullName);
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentException or IOException)
        {
            throw new CommandException(ex.Message);
        }

        if (all.Count == 0)
        {
            throw new CommandException($"--data: '{data.FullName}' holds no .csv series.");
        }

        outDir.Create();
        var scored = new List<(NabSeries Series, IReadOnlyList<double> Scores)>(all.Count);
        foreach (var series in all)
        {
            double[] scores;
            try
            {
                scores = NabDetection.Score(series, detector);
            }
            catch (ArgumentException ex)
            {
                throw new CommandException(ex.Message);
            }

            scored.Add((series, scores));
            WriteScores(Path.Combine(outDir.FullName, series.Name), series, scores);
            error.WriteLine($"scored {series.Name} ({series.Count} rows)");
        }

        var profiles = new Dictionary<string, NabProfileReport>(StringComparer.Ordinal);
        foreach (var profile in NabProfile.All)
        {
            var threshold = NabDetection.DefaultThreshold(detector, profile);
            var atDefault = NabScorer.Score(scored, profile, threshold);
            var best = NabScorer.BestThreshold(scored, profile);
            profiles[profile.Name] = new NabProfileReport(threshold, Math.Round(atDefault.Normalised, 2), atDefault.Detected, atDefault.FalseAlarms, double.IsInfinity(best.Threshold) ? null : Math.Round(best.Threshold, 6), Math.Round(best.Normalised, 2));
        }

        var windowCount = all.Sum(s => s.Windows.Count);
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new NabReport(detector.ToLowerInvariant(), all.Count, windowCount, profiles), CliJsonContext.Default.NabReport));
            return 0;
        }

        var inv = CultureInfo.InvariantCulture;
        output.WriteLine($"detector: {detector.ToLowerInvariant()} on {all.Count} series, {windowCount} windows; scores written to {outDir.FullName}");
        output.WriteLine("profile               threshold  score  (detected, false alarms)   best threshold  best score");
        foreach (var (name, p) in profiles)
        {
            output.WriteLine(string.Create(inv, $"{name,-21} {p.Threshold,9:0.####}  {p.Score,5:0.0}  ({p.Detected}/{windowCount}, {p.FalseAlarms,3})            {(p.BestThreshold is { } b ? b.ToString("0.####", inv) : "never"),14}  {p.BestScore,10:0.0}"));
        }

        return 0;
    }

    private static void WriteScores(string path, NabSeries series, double[] scores)
    {
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

/// <summary>The JSON shape of <c>crisiskit nab --json</c>.</summary>
internal sealed record NabReport(string Detector, int Series, int Windows, IReadOnlyDictionary<string, NabProfileReport> Profiles);

/// <summary>One profile's figures: at the shipped threshold and at the best threshold for the data.</summary>
internal sealed record NabProfileReport(
    double Threshold,
    double Score,
    int Detected,
    int FalseAlarms,
    [property: System.Text.Json.Serialization.JsonPropertyName("best_threshold")] double? BestThreshold,
    [property: System.Text.Json.Serialization.JsonPropertyName("best_score")] double BestScore);
