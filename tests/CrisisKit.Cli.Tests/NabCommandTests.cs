using System.Globalization;
using System.Text.Json;

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
    [InlineData("--data", "missing-dir", "crisiskit: --data: the directory")]
    [InlineData("--windows", "missing.json", "crisiskit: --windows: the file")]
    public void Bad_input_exits_non_zero_with_a_one_line_reason(string option, string value, string expected)
    {
        var (data, windows) = WriteSeries();
        var args = new Dictionary<string, string> { ["--data"] = data, ["--windows"] = windows, ["--out"] = Path.Combine(_directory, "out") };
        args[option] = option == "--detector" ? value : Path.Combine(_directory, value);

        var (exit, _, error) = Cli.Run(["nab", .. args.SelectMany(a => new[] { a.Key, a.Value })]);

        exit.Should().Be(2);
        error.Should().StartWith(expected);
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
}
