using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CrisisKit.Benchmarking;
using CrisisKit.Tests;

namespace CrisisKit.Cli.Tests;

public sealed class NabCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("crisiskit-nab-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);


    /// <summary>Writes a two-day 5-minute series with a burst labelled by one window.</summary>
    private (string Data, string Windows) WriteSeries()
    {
        var data = Directory.CreateDirectory(Path.Combine(_directory, "data")).FullName;
        var start = new DateTime(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc);
        var lines = new List<string> { "timestamp,value" };
        for (var i = 0; i < 2 * 288; i++)
        {
            var value = 20 + (i % 5) + (i is >= 450 and < 470 ? 2000 : 0);
            lines.Add($"{start.AddMinutes(5 * i).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)},{value}");
        }

        File.WriteAllLines(Path.Combine(data, "Twitter_volume_TEST.csv"), lines);
        var windows = Path.Combine(_directory, "windows.json");
        File.WriteAllText(windows, """{"realTweets/Twitter_volume_TEST.csv": [["2026-03-03 12:00:00.000000", "2026-03-03 16:00:00.000000"]]}""");
        return (data, windows);
    }

    [Fact]
    public void Scores_each_series_writes_anomaly_scores_and_reports_every_profile_as_json()
    {
        var (data, windows) = WriteSeries();
        var outDir = Path.Combine(_directory, "out");

        var (exit, output, error) = Cli.Run("nab", "--data", data, "--windows", windows, "--out", outDir, "--json");

        exit.Should().Be(0, error);
        var lines = File.ReadAllLines(Path.Combine(outDir, "Twitter_volume_TEST.csv"));
        lines[0].Should().Be("timestamp,value,anomaly_score");
        lines.Should().HaveCount(1 + (2 * 288));
        lines[1].Should().StartWith("2026-03-02 00:00:00,20,");
        using var json = JsonDocument.Parse(output);
        var profiles = json.RootElement.GetProperty("profiles");
        foreach (var name in new[] { "standard", "reward_low_FP_rate", "reward_low_FN_rate" })
        {
            var p = profiles.GetProperty(name);
            p.GetProperty("threshold").GetDouble().Should().BeInRange(0, 1);
            p.GetProperty("score").GetDouble().Should().BeGreaterThan(50, "the labelled burst is found");
            p.GetProperty("best_threshold").GetDouble().Should().BeInRange(0, 1);
            p.GetProperty("best_score").GetDouble().Should().BeGreaterThanOrEqualTo(p.GetProperty("score").GetDouble());
        }
    }

    /// <summary>Writes a two-day 5-minute series to <c>data/<paramref name="relative"/></c> with a burst of <paramref name="burst"/> at rows 450..469.</summary>
    private void WriteSeriesAt(string relative, int burst, Func<int, DateTime>? time = null)
    {
        var start = new DateTime(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc);
        time ??= i => start.AddMinutes(5 * i);
        var path = Path.Combine(_directory, "data", relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var lines = new List<string> { "timestamp,value" };
        for (var i = 0; i < 2 * 288; i++)
        {
            lines.Add($"{time(i).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)},{20 + (i % 5) + (i is >= 450 and < 470 ? burst : 0)}");
        }

        File.WriteAllLines(path, lines);
    }

    /// <summary>Three series in two category folders, NAB's layout; two share a file name, so only the whole key tells their windows apart.</summary>
    private (string Data, string Windows) WriteCategories()
    {
        WriteSeriesAt(Path.Combine("alpha", "one.csv"), 2000);
        WriteSeriesAt(Path.Combine("alpha", "two.csv"), 1500);
        WriteSeriesAt(Path.Combine("beta", "one.csv"), 0);
        var windows = Path.Combine(_directory, "windows.json");
        File.WriteAllText(windows, """
            {
              "alpha/one.csv": [["2026-03-03 12:00:00.000000", "2026-03-03 16:00:00.000000"]],
              "alpha/two.csv": [["2026-03-03 12:00:00.000000", "2026-03-03 16:00:00.000000"]],
              "beta/one.csv": [["2026-03-02 20:00:00.000000", "2026-03-02 22:00:00.000000"]]
            }
            """);
        return (Path.Combine(_directory, "data"), windows);
    }

    [Fact]
    public void Category_folders_are_read_by_their_keys_and_the_output_mirrors_the_layout()
    {
        var (data, windows) = WriteCategories();
        var outDir = Path.Combine(_directory, "out");

        var (exit, output, error) = Cli.Run("nab", "--data", data, "--windows", windows, "--out", outDir, "--json");

        exit.Should().Be(0, error);
        foreach (var relative in new[] { "alpha/one.csv", "alpha/two.csv", "beta/one.csv" })
        {
            var lines = File.ReadAllLines(Path.Combine(outDir, relative));
            lines[0].Should().Be("timestamp,value,anomaly_score");
            lines.Should().HaveCount(1 + (2 * 288), relative);
        }

        using var json = JsonDocument.Parse(output);
        json.RootElement.GetProperty("series").GetInt32().Should().Be(3);
        json.RootElement.GetProperty("windows").GetInt32().Should().Be(3);
        json.RootElement.TryGetProperty("crossValidated", out _).Should().BeFalse("it is only computed when asked for");
        var categories = json.RootElement.GetProperty("categories");
        categories.EnumerateObject().Select(c => c.Name).Should().Equal("alpha", "beta");
        var alpha = categories.GetProperty("alpha");
        alpha.GetProperty("series").GetInt32().Should().Be(2);
        alpha.GetProperty("windows").GetInt32().Should().Be(2);
        var beta = categories.GetProperty("beta");
        foreach (var name in new[] { "standard", "reward_low_FP_rate", "reward_low_FN_rate" })
        {
            alpha.GetProperty("profiles").GetProperty(name).GetProperty("detected").GetInt32().Should().Be(2, "both bursts lie in their windows");
            alpha.GetProperty("profiles").GetProperty(name).GetProperty("score").GetDouble().Should().BeGreaterThan(50);
            // beta/one.csv has no burst: its window (taken from its own key, not alpha/one.csv's) is missed.
            beta.GetProperty("profiles").GetProperty(name).GetProperty("detected").GetInt32().Should().Be(0);
            beta.GetProperty("profiles").GetProperty(name).GetProperty("score").GetDouble().Should().BeLessThanOrEqualTo(0);
        }
    }

    [Fact]
    public void Rows_that_repeat_or_step_back_a_timestamp_are_kept_in_file_order()
    {
        // The clock is set back an hour after row 300: twelve timestamps come twice.
        var start = new DateTime(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc);
        WriteSeriesAt("clock.csv", 2000, i => start.AddMinutes((5 * i) - (i > 300 ? 60 : 0)));
        var windows = Path.Combine(_directory, "windows.json");
        File.WriteAllText(windows, """{"x/clock.csv": [["2026-03-03 11:00:00.000000", "2026-03-03 15:00:00.000000"]]}""");
        var outDir = Path.Combine(_directory, "out");

        var (exit, output, error) = Cli.Run("nab", "--data", Path.Combine(_directory, "data"), "--windows", windows, "--out", outDir, "--json");

        exit.Should().Be(0, error);
        var input = File.ReadAllLines(Path.Combine(_directory, "data", "clock.csv"));
        var written = File.ReadAllLines(Path.Combine(outDir, "clock.csv"));
        written.Should().HaveCount(input.Length);
        written.Skip(1).Select(l => l[..l.LastIndexOf(',')]).Should().Equal(input.Skip(1), "every row is written back in file order");
        using var json = JsonDocument.Parse(output);
        json.RootElement.GetProperty("profiles").GetProperty("standard").GetProperty("detected").GetInt32().Should().Be(1, "the burst after the clock change is found in its window");
    }

    [Fact]
    public void Cross_validation_scores_each_series_at_the_threshold_best_for_the_others()
    {
        var (data, windows) = WriteCategories();
        var outDir = Path.Combine(_directory, "out");

        var (exit, output, error) = Cli.Run("nab", "--data", data, "--windows", windows, "--out", outDir, "--json", "--cross-validate");

        exit.Should().Be(0, error);
        var written = NabData.ReadWindows(windows).Keys.Order(StringComparer.Ordinal).Select(key =>
        {
            var lines = File.ReadAllLines(Path.Combine(outDir, key)).Skip(1).Select(l => l.Split(',')).ToList();
            var series = new NabSeries(key, [.. lines.Select(f => DateTime.SpecifyKind(DateTime.ParseExact(f[0], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), DateTimeKind.Utc))], [.. lines.Select(f => double.Parse(f[1], CultureInfo.InvariantCulture))], NabData.RowWindows([.. lines.Select(f => DateTime.SpecifyKind(DateTime.ParseExact(f[0], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), DateTimeKind.Utc))], NabData.WindowsFor(NabData.ReadWindows(windows), key)));
            return (series, (IReadOnlyList<double>)[.. lines.Select(f => double.Parse(f[2], CultureInfo.InvariantCulture))]);
        }).ToList();
        using var json = JsonDocument.Parse(output);
        var validated = json.RootElement.GetProperty("crossValidated");
        foreach (var profile in NabProfile.All)
        {
            var expected = NabScorer.LeaveOneSeriesOut(written, profile);
            var figures = validated.GetProperty(profile.Name);
            figures.GetProperty("score").GetDouble().Should().BeApproximately(expected.Normalised, 0.01, profile.Name);
            figures.GetProperty("detected").GetInt32().Should().Be(expected.Detected);
            figures.GetProperty("falseAlarms").GetInt32().Should().Be(expected.FalseAlarms);
            json.RootElement.GetProperty("categories").GetProperty("alpha").GetProperty("profiles").GetProperty(profile.Name).GetProperty("crossValidatedScore").ValueKind.Should().Be(JsonValueKind.Number);
        }
    }

    [Fact]
    public void Cross_validation_of_one_series_is_refused()
    {
        var (data, windows) = WriteSeries();

        var (exit, _, error) = Cli.Run("nab", "--data", data, "--windows", windows, "--out", Path.Combine(_directory, "out"), "--cross-validate");

        exit.Should().Be(2);
        error.Should().StartWith("crisiskit: --cross-validate: leave-one-series-out needs at least two series");
    }

    [SkippableFact]
    public void The_whole_corpus_is_scored_and_cross_validated_in_under_a_minute()
    {
        var corpus = SharedData.Require("nab-corpus");
        var outDir = Path.Combine(_directory, "out");
        var stopwatch = Stopwatch.StartNew();

        var (exit, output, error) = Cli.Run("nab", "--data", Path.Combine(corpus, "data"), "--windows", Path.Combine(corpus, "windows.json"), "--out", outDir, "--json", "--cross-validate");

        stopwatch.Stop();
        exit.Should().Be(0, error);
        stopwatch.Elapsed.Should().BeLessThan(TimeSpan.FromMinutes(1));
        using var json = JsonDocument.Parse(output);
        json.RootElement.GetProperty("series").GetInt32().Should().Be(53);
        json.RootElement.GetProperty("windows").GetInt32().Should().Be(100);
        json.RootElement.GetProperty("categories").EnumerateObject().Select(c => (c.Name, c.Value.GetProperty("series").GetInt32())).Should().Equal(
            ("artificialNoAnomaly", 5), ("artificialWithAnomaly", 6), ("realAWSCloudwatch", 17), ("realAdExchange", 6), ("realKnownCause", 7), ("realTraffic", 7), ("realTweets", 5));
        json.RootElement.GetProperty("categories").GetProperty("artificialNoAnomaly").GetProperty("profiles").GetProperty("standard").GetProperty("score").ValueKind.Should().Be(JsonValueKind.Null, "a category without windows has no normalised score");
        foreach (var name in new[] { "standard", "reward_low_FP_rate", "reward_low_FN_rate" })
        {
            json.RootElement.GetProperty("crossValidated").GetProperty(name).GetProperty("score").ValueKind.Should().Be(JsonValueKind.Number);
        }

        Directory.GetFiles(outDir, "*.csv", SearchOption.AllDirectories).Should().HaveCount(53);
        File.ReadAllLines(Path.Combine(outDir, "realAWSCloudwatch", "ec2_disk_write_bytes_1ef3de.csv")).Should().HaveCount(1 + 4730, "the eleven repeated timestamps are kept");
    }

    /// <summary>Writes another detector's output for the three category series in NAB's results layout: a score of 1 at the given row, 0 elsewhere.</summary>
    private string WriteScores(int alarmRow, string thresholds = """{"standard": {"threshold": 0.5}, "reward_low_FP_rate": {"threshold": 0.5}, "reward_low_FN_rate": {"threshold": 0.5}}""")
    {
        var dir = Path.Combine(_directory, "results", "other");
        foreach (var (category, name) in new[] { ("alpha", "one.csv"), ("alpha", "two.csv"), ("beta", "one.csv") })
        {
            Directory.CreateDirectory(Path.Combine(dir, category));
            var rows = File.ReadAllLines(Path.Combine(_directory, "data", category, name)).Skip(1).Select((l, i) => $"{l[..l.IndexOf(',')]},{(i == alarmRow ? 1 : 0)}");
            File.WriteAllLines(Path.Combine(dir, category, $"other_{name}"), ["timestamp,anomaly_score", .. rows]);
        }

        File.WriteAllText(Path.Combine(dir, "thresholds.json"), thresholds);
        return dir;
    }

    [Fact]
    public void Another_detectors_output_is_scored_at_its_own_thresholds()
    {
        var (data, windows) = WriteCategories();
        // Row 432 (2026-03-03 12:00) starts the alpha windows; beta's window ends at row 264, so row 432 is a false alarm there.
        var scores = WriteScores(432);

        var (exit, output, error) = Cli.Run("nab", "--data", data, "--windows", windows, "--out", Path.Combine(_directory, "out"), "--json", "--scores", scores);

        exit.Should().Be(0, error);
        using var json = JsonDocument.Parse(output);
        json.RootElement.GetProperty("detector").GetString().Should().Be("other");
        var standard = json.RootElement.GetProperty("profiles").GetProperty("standard");
        standard.GetProperty("threshold").GetDouble().Should().Be(0.5);
        standard.GetProperty("detected").GetInt32().Should().Be(2);
        standard.GetProperty("falseAlarms").GetInt32().Should().Be(1);
        // Two windows found at their first row (+1 each), beta's missed (−1) with a false alarm far after it (−0.11): raw 0.89 of [−3, 3].
        standard.GetProperty("score").GetDouble().Should().BeApproximately(Math.Round(100 * (0.89 + 3) / 6, 2), 1e-9);
    }

    [Theory]
    [InlineData("{}", "*no numeric standard.threshold*")]
    [InlineData(null, "*thresholds.json' does not exist*")]
    public void Another_detectors_output_needs_its_thresholds(string? thresholds, string message)
    {
        var (data, windows) = WriteCategories();
        var scores = WriteScores(432, thresholds ?? "{}");
        if (thresholds is null)
        {
            File.Delete(Path.Combine(scores, "thresholds.json"));
        }

        var (exit, _, error) = Cli.Run("nab", "--data", data, "--windows", windows, "--out", Path.Combine(_directory, "out"), "--scores", scores);

        exit.Should().Be(2);
        error.Should().Match(message);
    }

    [Theory]
    [InlineData("1e400")]
    [InlineData("-5")]
    [InlineData("1.5")]
    public void Another_detectors_thresholds_must_lie_where_anomaly_scores_do(string threshold)
    {
        var (data, windows) = WriteCategories();
        var scores = WriteScores(432, """{"standard": {"threshold": """ + threshold + """}, "reward_low_FP_rate": {"threshold": 0.5}, "reward_low_FN_rate": {"threshold": 0.5}}""");

        var (exit, _, error) = Cli.Run("nab", "--data", data, "--windows", windows, "--out", Path.Combine(_directory, "out"), "--scores", scores, "--json");

        exit.Should().Be(2);
        error.TrimEnd().Should().Be($"crisiskit: --scores: '{Path.Combine(scores, "thresholds.json")}' gives standard.threshold {threshold}; anomaly scores lie in [0, 1], and so must a threshold.");
    }

    [SkippableTheory]
    [InlineData("data", "", false)]
    [InlineData("data/alpha", "inside ", false)]
    [InlineData("results/other", "", false)]
    [InlineData("data", "", true)]
    [InlineData("data/alpha", "inside ", true)]
    [InlineData("results/other", "", true)]
    public void The_output_folder_may_not_be_an_input_folder_or_inside_one_also_through_a_symbolic_link(string relative, string inside, bool linked)
    {
        Skip.If(linked && OperatingSystem.IsWindows(), "creating symbolic links needs elevation on Windows");
        var (data, windows) = WriteCategories();
        var scores = WriteScores(432);
        var target = Path.Combine(_directory, relative);
        var outDir = linked ? Directory.CreateSymbolicLink(Path.Combine(_directory, "out"), target).FullName : target;
        var before = File.ReadAllText(Path.Combine(data, "alpha", "one.csv"));

        var (exit, _, error) = Cli.Run("nab", "--data", data, "--windows", windows, "--out", outDir, "--scores", scores);

        exit.Should().Be(2);
        var option = relative.StartsWith("results", StringComparison.Ordinal) ? "--scores" : "--data";
        var through = linked ? $" through a symbolic link ('{target}')" : string.Empty;
        error.TrimEnd().Should().Be($"crisiskit: --out: '{outDir}' is {inside}the {option} folder{through}; the scored series would be written over or among its files. Choose a folder outside it.");
        File.ReadAllText(Path.Combine(data, "alpha", "one.csv")).Should().Be(before);
    }

    [SkippableTheory]
    [InlineData("data/beta/one.csv", "inside the --data folder")]
    [InlineData("results/other/beta/other_one.csv", "inside the --scores folder")]
    [InlineData("windows.json", "the --windows file")]
    public void A_series_output_file_that_links_to_an_input_is_refused_before_anything_is_written(string relative, string input)
    {
        Skip.If(OperatingSystem.IsWindows(), "creating symbolic links needs elevation on Windows");
        var (data, windows) = WriteCategories();
        var scores = WriteScores(432);
        var target = Path.Combine(_directory, relative);
        var outDir = Path.Combine(_directory, "out");
        var planted = File.CreateSymbolicLink(Path.Combine(Directory.CreateDirectory(Path.Combine(outDir, "alpha")).FullName, "two.csv"), target).FullName;
        var before = File.ReadAllText(target);

        var (exit, _, error) = Cli.Run("nab", "--data", data, "--windows", windows, "--out", outDir, "--scores", scores);

        exit.Should().Be(2);
        error.TrimEnd().Should().Be($"crisiskit: --out: '{planted}', where alpha/two.csv would be written, is {input} through a symbolic link ('{target}'); it would be written over. Remove the link or choose another folder.");
        File.ReadAllText(target).Should().Be(before);
        File.Exists(Path.Combine(outDir, "alpha", "one.csv")).Should().BeFalse("no series is written when one would overwrite an input");
    }

    [Fact]
    public void Labels_that_are_not_scored_as_written_are_named_on_stderr()
    {
        var (data, _) = WriteCategories();
        WriteSeriesAt(Path.Combine("gamma", "two.csv"), 0);
        WriteSeriesAt(Path.Combine("gamma", "three.csv"), 0);
        var windows = Path.Combine(_directory, "partial.json");
        File.WriteAllText(windows, """
            {
              "alpha/one.csv": [["2026-03-03 12:00:00.000000", "2026-03-03 16:00:00.000000"], ["2027-01-01 00:00:00.000000", "2027-01-02 00:00:00.000000"]],
              "alpha/two.csv": [["2026-03-03 12:00:00.000000", "2026-03-03 16:00:00.000000"]],
              "delta/three.csv": [],
              "alpha/typo.csv": []
            }
            """);

        var (exit, output, error) = Cli.Run("nab", "--data", data, "--windows", windows, "--out", Path.Combine(_directory, "out"), "--json");

        exit.Should().Be(0, error);
        error.Split('\n').Where(l => l.StartsWith("note: ", StringComparison.Ordinal)).Should().Equal(
            "note: 1 window in partial.json holds no row of its series and is not scored: alpha/one.csv (1).",
            "note: 1 series takes the windows of the entry in partial.json with the same file name in another folder: gamma/three.csv (delta/three.csv).",
            "note: 2 series have no entry in partial.json and are scored as having no window: beta/one.csv, gamma/two.csv.",
            $"note: 1 of the 4 entries in partial.json names no series under {data}: alpha/typo.csv.");
        using var json = JsonDocument.Parse(output);
        json.RootElement.GetProperty("windows").GetInt32().Should().Be(2, "alpha/one.csv's window after its last row is not scored, and gamma/two.csv does not take the window of alpha/two.csv, whose own file is scored");
    }

    [Fact]
    public void A_flat_folders_series_that_two_windows_entries_end_with_is_refused_in_one_plain_sentence()
    {
        WriteSeriesAt("one.csv", 0);
        var windows = Path.Combine(_directory, "ambiguous.json");
        File.WriteAllText(windows, """
            {
              "alpha/one.csv": [],
              "beta/one.csv": []
            }
            """);

        var (exit, _, error) = Cli.Run("nab", "--data", Path.Combine(_directory, "data"), "--windows", windows, "--out", Path.Combine(_directory, "out"));

        exit.Should().Be(2);
        error.TrimEnd().Should().Be("crisiskit: 'one.csv' matches more than one key: alpha/one.csv, beta/one.csv.");
    }

    [Fact]
    public void Another_detectors_output_must_match_the_series_row_by_row()
    {
        var (data, windows) = WriteCategories();
        var scores = WriteScores(432);
        var file = Path.Combine(scores, "beta", "other_one.csv");
        File.WriteAllLines(file, File.ReadAllLines(file).Where((_, i) => i != 10));

        var (exit, _, error) = Cli.Run("nab", "--data", data, "--windows", windows, "--out", Path.Combine(_directory, "out"), "--scores", scores);

        exit.Should().Be(2);
        var series = Path.Combine(data, "beta", "one.csv");
        error.TrimEnd().Split('\n')[^1].Should().Be($"crisiskit: {file}:11: timestamp 2026-03-02 00:50:00 does not line up with {series}:11 (2026-03-02 00:45:00), row 10 of beta/one.csv; it is that of {series}:12, so the scores file has no row for the row before it; a scores file has one row per series row, with the same timestamps in the same order.");
    }

    /// <summary>
    /// Writes the category series and another detector's output for them, then puts two blank lines after the header of
    /// <c>data/beta/one.csv</c> (so its row r is on line r + 4) and lets <paramref name="edit"/> change the lines of
    /// <c>beta/other_one.csv</c> (row r on line r + 2 as written).
    /// </summary>
    private (string Data, string Windows, string Scores, string SeriesFile, string ScoresFile) WriteMisalignedScores(Func<List<string>, IEnumerable<string>> edit)
    {
        var (data, windows) = WriteCategories();
        var scores = WriteScores(432);
        var seriesFile = Path.Combine(data, "beta", "one.csv");
        var rows = File.ReadAllLines(seriesFile).ToList();
        File.WriteAllLines(seriesFile, [rows[0], string.Empty, "  ", .. rows.Skip(1)]);
        var scoresFile = Path.Combine(scores, "beta", "other_one.csv");
        File.WriteAllLines(scoresFile, edit([.. File.ReadAllLines(scoresFile)]));
        return (data, windows, scores, seriesFile, scoresFile);
    }

    [Fact]
    public void A_scores_file_that_skips_a_row_is_refused_naming_the_line_in_each_file_blank_lines_counted()
    {
        // A blank line after the scores header, and row 100 left out: row 101 comes on line 103, where row 100 is due (data line 104).
        var (data, windows, scores, series, file) = WriteMisalignedScores(lines => [lines[0], string.Empty, .. lines.Skip(1).Where((_, r) => r != 100)]);

        var (exit, _, error) = Cli.Run("nab", "--data", data, "--windows", windows, "--out", Path.Combine(_directory, "out"), "--scores", scores);

        exit.Should().Be(2);
        error.TrimEnd().Split('\n')[^1].Should().Be($"crisiskit: {file}:103: timestamp 2026-03-02 08:25:00 does not line up with {series}:104 (2026-03-02 08:20:00), row 101 of beta/one.csv; it is that of {series}:105, so the scores file has no row for the row before it; a scores file has one row per series row, with the same timestamps in the same order.");
    }

    [Fact]
    public void A_scores_file_that_ends_early_is_refused_naming_its_last_line_and_the_first_series_line_without_a_score()
    {
        var (data, windows, scores, series, file) = WriteMisalignedScores(lines => lines.Take(1 + 500));

        var (exit, _, error) = Cli.Run("nab", "--data", data, "--windows", windows, "--out", Path.Combine(_directory, "out"), "--scores", scores);

        exit.Should().Be(2);
        error.TrimEnd().Split('\n')[^1].Should().Be($"crisiskit: {file}:501: the file ends after 500 rows, but beta/one.csv has 576: {series}:504 (2026-03-03 17:40:00) and the 75 after it have no score.");
    }

    [Fact]
    public void A_scores_file_with_rows_past_the_series_end_is_refused_naming_the_extra_line_and_the_series_last()
    {
        var (data, windows, scores, series, file) = WriteMisalignedScores(lines => [.. lines, "2026-03-04 00:00:00,0"]);

        var (exit, _, error) = Cli.Run("nab", "--data", data, "--windows", windows, "--out", Path.Combine(_directory, "out"), "--scores", scores);

        exit.Should().Be(2);
        error.TrimEnd().Split('\n')[^1].Should().Be($"crisiskit: {file}:578: a row past the end of beta/one.csv, which has 576 rows, the last at {series}:579; a scores file has one row per series row.");
    }

    [Theory]
    [InlineData("3 March,0", "the timestamp is not in the form yyyy-MM-dd HH:mm:ss; this row is scored against {0}:13 (2026-03-02 00:45:00), row 10 of beta/one.csv.")]
    [InlineData("2026-03-02 00:45:00,1.5", "the anomaly_score 1.5 is outside [0, 1].")]
    [InlineData("2026-03-02 00:45:00,high", "the anomaly_score is not a number in [0, 1].")]
    [InlineData("2026-03-02 00:45:00", "expected 2 or more comma-separated fields (timestamp is column 1, anomaly_score column 2), found 1.")]
    public void A_bad_scores_row_is_refused_by_its_line(string row, string reason)
    {
        // Row 9 is on line 11 of the scores file and line 13 of the series (moved by two blank lines).
        var (data, windows, scores, series, file) = WriteMisalignedScores(lines => lines.Select((l, i) => i == 10 ? row : l));

        var (exit, _, error) = Cli.Run("nab", "--data", data, "--windows", windows, "--out", Path.Combine(_directory, "out"), "--scores", scores);

        exit.Should().Be(2);
        error.TrimEnd().Split('\n')[^1].Should().Be($"crisiskit: {file}:11: {string.Format(CultureInfo.InvariantCulture, reason, series)}");
    }

    [SkippableFact]
    public void The_published_outputs_of_artime_score_what_nab_published_for_them()
    {
        var corpus = SharedData.Require("nab-corpus");

        var (exit, output, error) = Cli.Run("nab", "--data", Path.Combine(corpus, "data"), "--windows", Path.Combine(corpus, "windows.json"), "--out", Path.Combine(_directory, "out"), "--json", "--scores", Path.Combine(corpus, "reference", "ARTime"));

        exit.Should().Be(0, error);
        using var json = JsonDocument.Parse(output);
        var profiles = json.RootElement.GetProperty("profiles");
        // ../shared/data/nab-corpus/README.md: 74.0 / 64.9 / 79.4 (to one decimal), 90 of 100 windows, 176 false-alarm rows (standard).
        profiles.GetProperty("standard").GetProperty("score").GetDouble().Should().BeApproximately(74.0, 0.06);
        profiles.GetProperty("reward_low_FP_rate").GetProperty("score").GetDouble().Should().BeApproximately(64.9, 0.06);
        profiles.GetProperty("reward_low_FN_rate").GetProperty("score").GetDouble().Should().BeApproximately(79.4, 0.06);
        profiles.GetProperty("standard").GetProperty("detected").GetInt32().Should().Be(90);
        profiles.GetProperty("standard").GetProperty("falseAlarms").GetInt32().Should().Be(176);
    }

    [Fact]
    public void Prints_a_table_without_json()
    {
        var (data, windows) = WriteSeries();

        var (exit, output, _) = Cli.Run("nab", "--data", data, "--windows", windows, "--out", Path.Combine(_directory, "out"), "--detector", "volume");

        exit.Should().Be(0);
        output.Should().Contain("detector: volume on 1 series, 1 windows").And.Contain("reward_low_FN_rate");
    }

    [Theory]
    [InlineData("--detector", "magic", "crisiskit: --detector: no detector is named 'magic'; the detectors are: composite, volume,")]
    [InlineData("--detector", "negative-share", "crisiskit: --detector: the 'negative-share' detector needs the sentiment of each mention's text, and NAB series hold only a count per row; use --detector volume")]
    [InlineData("--detector", "composite", "crisiskit: --detector: the 'composite' detector needs the negative share")]
    [InlineData("--data", "missing-dir", "crisiskit: --data: the directory")]
    [InlineData("--windows", "missing.json", "crisiskit: --windows: the file")]
    [InlineData("--windows", "data", "crisiskit: --windows: '{0}' is a folder; give a file.")]
    [InlineData("--data", "windows.json", "crisiskit: --data: '{0}' is a file; give a folder.")]
    public void Bad_input_exits_non_zero_with_a_one_line_reason(string option, string value, string expected)
    {
        var (data, windows) = WriteSeries();
        var args = new Dictionary<string, string> { ["--data"] = data, ["--windows"] = windows, ["--out"] = Path.Combine(_directory, "out") };
        args[option] = option == "--detector" ? value : Path.Combine(_directory, value);

        var (exit, _, error) = Cli.Run(["nab", .. args.SelectMany(a => new[] { a.Key, a.Value })]);

        exit.Should().Be(2);
        error.Should().StartWith(string.Format(CultureInfo.InvariantCulture, expected, args[option]));
        error.TrimEnd().Split('\n').Should().ContainSingle();
    }

    [Fact]
    public void A_malformed_series_is_reported_with_its_file_and_line()
    {
        var (data, windows) = WriteSeries();
        File.WriteAllText(Path.Combine(data, "Twitter_volume_BAD.csv"), "timestamp,value\n2026-03-02 00:00:00,1\nnot a row\n");

        var (exit, _, error) = Cli.Run("nab", "--data", data, "--windows", windows, "--out", Path.Combine(_directory, "out"));

        exit.Should().Be(2);
        error.Should().Contain("Twitter_volume_BAD.csv").And.Contain(":3");
    }

    [Fact]
    public void A_huge_malformed_field_is_quoted_by_its_start_and_length_not_whole()
    {
        var (data, windows) = WriteSeries();
        File.WriteAllText(Path.Combine(data, "Twitter_volume_HUGE.csv"), "timestamp,value\n2026-03-02 00:00:00," + new string('9', 1_000_000) + "x\n");

        var (exit, _, error) = Cli.Run("nab", "--data", data, "--windows", windows, "--out", Path.Combine(_directory, "out"));

        exit.Should().Be(2);
        error.TrimEnd().Should().Be($"crisiskit: {Path.Combine(data, "Twitter_volume_HUGE.csv")}:2: value '{new string('9', 40)}… (1,000,001 characters)' is not a finite number.");
    }

    [Fact]
    public void A_row_with_a_mistyped_year_is_refused_naming_the_row_not_scored_as_a_gap_of_centuries()
    {
        var (data, windows) = WriteSeries();
        var rows = Enumerable.Range(0, 300).Select(i => new DateTime(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc).AddMinutes(5 * i).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + ",12").ToList();
        rows[200] = "9999-03-02 16:40:00,12";
        File.WriteAllText(Path.Combine(data, "Twitter_volume_TYPO.csv"), "timestamp,value\n" + string.Join('\n', rows) + "\n");

        var (exit, _, error) = Cli.Run("nab", "--data", data, "--windows", windows, "--out", Path.Combine(_directory, "out"));

        exit.Should().Be(2);
        var reason = error.TrimEnd().Split('\n')[^1];
        reason.Should().StartWith($"crisiskit: {Path.Combine(data, "Twitter_volume_TYPO.csv")}:202: the series cannot be read as buckets: line 202 (9999-03-02 16:40:00) comes")
            .And.Contain("after line 201 (2026-03-02 16:35:00)")
            .And.EndWith("is taken for a wrong date, not missing data.");
    }

    [Theory]
    [InlineData("", 1, "the file is empty; the first line must be the header 'timestamp,value'.")]
    [InlineData("timestamp,value\n", 1, "the file has its header and no row; a series needs at least one 'timestamp,value' row.")]
    [InlineData("time,count\n", 1, "the header must be 'timestamp,value' (found 'time,count').")]
    [InlineData("timestamp,value\n2026-03-02 00:00:00,1\n\n2026-03-02 00:05,2\n", 4, "timestamp '2026-03-02 00:05' is not in the form yyyy-MM-dd HH:mm:ss.")]
    [InlineData("timestamp,value\n2026-03-02 00:00:00,1\n\n2026-03-02 00:05:00,many\n", 4, "value 'many' is not a finite number.")]
    [InlineData("timestamp,value\n2026-03-02 00:00:00,1\n \n2026-03-02 00:05:00,NaN\n", 4, "value 'NaN' is not a finite number.")]
    [InlineData("timestamp,value\n2026-03-02 00:00:00,1\n\n2026-03-02 00:05:00,1,2\n", 4, "expected 2 comma-separated fields, found 3.")]
    [InlineData("timestamp,value\n2026-03-02 00:00:00,1\n\n2026-03-02 00:07:00,2\n2026-03-02 00:14:00,3\n", 4, "the series cannot be read as buckets: its rows are 00:07:00 apart (the median step between rows, as from line 2 to line 4), and DetectionOptions.BucketSize must be between 00:01:00 and 01:00:00 and divide a day evenly (was 00:07:00).")]
    [InlineData("timestamp,value\n2026-03-02 00:00:00,1\n2026-03-02 00:05:00,1\n\n2026-03-02 00:10:00,2\n9999-03-02 00:10:00,2\n", 6, "the series cannot be read as buckets: line 6 (9999-03-02 00:10:00) comes 2912078 days after line 5 (2026-03-02 00:10:00); a gap longer than 366 days is taken for a wrong date, not missing data.")]
    public void Every_refusal_of_a_series_names_its_file_and_line(string content, int line, string reason)
    {
        var (data, windows) = WriteSeries();
        var file = Path.Combine(data, "Twitter_volume_BAD.csv");
        File.WriteAllText(file, content);

        var (exit, _, error) = Cli.Run("nab", "--data", data, "--windows", windows, "--out", Path.Combine(_directory, "out"));

        exit.Should().Be(2);
        error.TrimEnd().Split('\n')[^1].Should().Be($"crisiskit: {file}:{line}: {reason}");
    }
}
