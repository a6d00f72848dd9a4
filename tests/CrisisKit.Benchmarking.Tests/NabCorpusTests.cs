using System.Globalization;
using System.Text.Json;
using CrisisKit.Benchmarking;

namespace CrisisKit.Tests.Benchmarking;

/// <summary>Checks against NAB's own corpus and published detector outputs (<c>../shared/data/nab-corpus</c>).</summary>
public sealed class NabCorpusTests
{
    [SkippableFact]
    public void The_scorer_reproduces_every_published_per_file_score_from_the_per_row_outputs()
    {
        var corpus = SharedData.Require("nab-corpus");
        var windows = NabData.ReadWindows(Path.Combine(corpus, "windows.json"));
        var profiles = NabProfile.All.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var mismatches = new List<string>();
        var compared = 0;
        foreach (var detectorDir in Directory.GetDirectories(Path.Combine(corpus, "reference")).Order(StringComparer.Ordinal))
        {
            var detector = Path.GetFileName(detectorDir);
            var thresholds = ReadThresholds(Path.Combine(detectorDir, "thresholds.json"));
            var lines = File.ReadAllLines(Path.Combine(detectorDir, $"{detector}_scores.csv"));
            lines[0].Should().StartWith("Detector,Profile,File,Threshold,Score,");
            foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
            {
                var fields = line.Split(',');
                var (profile, key, published) = (fields[1], fields[2], double.Parse(fields[4], CultureInfo.InvariantCulture));
                var slash = key.IndexOf('/', StringComparison.Ordinal);
                var (timestamps, scores) = ReadPerRow(Path.Combine(detectorDir, key[..slash], $"{detector}_{key[(slash + 1)..]}"));
                var rowWindows = NabData.RowWindows(timestamps, NabData.WindowsFor(windows, key));

                var raw = NabScorer.RawScore(scores, rowWindows, profiles[profile], thresholds[profile]);

                compared++;
                if (!(Math.Abs(raw - published) <= 1e-9))
                {
                    mismatches.Add($"{detector} {profile} {key}: {raw.ToString("R", CultureInfo.InvariantCulture)}, published {fields[4]}");
                }
            }
        }

        mismatches.Should().BeEmpty();
        compared.Should().Be(2 * 53 * 3, "two detectors, 53 files, three profiles");
    }

    [SkippableFact]
    public void The_corpus_is_read_in_nab_layout_with_category_keys_and_every_row_in_file_order()
    {
        var corpus = SharedData.Require("nab-corpus");

        var series = NabData.ReadDirectory(Path.Combine(corpus, "data"), Path.Combine(corpus, "windows.json"));

        series.Should().HaveCount(53);
        series.Sum(s => s.Windows.Count).Should().Be(100);
        series.GroupBy(s => s.Category).ToDictionary(g => g.Key, g => g.Count()).Should().BeEquivalentTo(new Dictionary<string, int>
        {
            ["artificialNoAnomaly"] = 5,
            ["artificialWithAnomaly"] = 6,
            ["realAWSCloudwatch"] = 17,
            ["realAdExchange"] = 6,
            ["realKnownCause"] = 7,
            ["realTraffic"] = 7,
            ["realTweets"] = 5,
        });
        series.Should().OnlyContain(s => s.Name == s.Category + "/" + Path.GetFileName(s.Name));

        // Eleven repeated timestamps (a clock set back an hour): all 4,730 rows are kept, and each window starts at the
        // first row carrying its start timestamp.
        var disk = series.Single(s => s.Name == "realAWSCloudwatch/ec2_disk_write_bytes_1ef3de.csv");
        disk.Count.Should().Be(4730);
        Enumerable.Range(1, disk.Count - 1).Count(i => disk.Timestamps[i] <= disk.Timestamps[i - 1]).Should().Be(11);
        disk.Windows.Should().Equal(new NabWindow(2399, 2871));

        // One step back of 55 minutes.
        var machine = series.Single(s => s.Name == "realKnownCause/machine_temperature_system_failure.csv");
        machine.Count.Should().Be(22695);
        machine.Timestamps[10149].Should().BeBefore(machine.Timestamps[10148]);
        machine.Windows.Should().HaveCount(4);
    }

    private static Dictionary<string, double> ReadThresholds(string path)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        return json.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetProperty("threshold").GetDouble(), StringComparer.Ordinal);
    }

    private static (List<DateTime> Timestamps, List<double> Scores) ReadPerRow(string path)
    {
        var timestamps = new List<DateTime>();
        var scores = new List<double>();
        var lines = File.ReadAllLines(path);
        lines[0].Should().Be("timestamp,anomaly_score");
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var comma = line.IndexOf(',', StringComparison.Ordinal);
            timestamps.Add(DateTime.ParseExact(line[..comma], NabData.TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal));
            scores.Add(double.Parse(line[(comma + 1)..], CultureInfo.InvariantCulture));
        }

        return (timestamps, scores);
    }
}
