using System.Diagnostics;
using CrisisKit.Benchmarking;

namespace CrisisKit.IntegrationTests;

/// <summary>A wall-clock guard on the threshold sweep: it must stay O(N log N), so 80,000 rows take milliseconds, not minutes.</summary>
public class NabScorerSpeedTests
{
    [Fact]
    public void The_best_threshold_search_is_fast_on_80000_rows()
    {
        var random = new Random(7);
        var scored = Enumerable.Range(0, 5).Select(s =>
        {
            var series = new NabSeries($"s{s}.csv", [.. Enumerable.Range(0, 16_000).Select(i => new DateTime(2015, 3, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(5 * i))], new double[16_000], [new NabWindow(2000, 2800), new NabWindow(9000, 9800), new NabWindow(14000, 14800)]);
            var scores = Enumerable.Range(0, 16_000).Select(_ => random.NextDouble()).ToArray();
            return (series, (IReadOnlyList<double>)scores);
        }).ToList();

        var stopwatch = Stopwatch.StartNew();
        var best = NabScorer.BestThreshold(scored, NabProfile.Standard);
        stopwatch.Stop();

        best.Raw.Should().BeGreaterThanOrEqualTo(best.Null);
        stopwatch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(3), "an O(N log N) sweep of 80,000 rows takes milliseconds");
    }
}
