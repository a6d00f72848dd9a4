using CrisisKit.Evaluation;

namespace CrisisKit.Tests.Evaluation;

public class IncidentComparisonTests
{
    private static readonly DateTimeOffset Q1 = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    private static IncidentEvaluation Evaluation(int week, double detect, double? acknowledge, double? respond, double? resolve, double? recoveryHours, params bool[] deadlines) => new()
    {
        IncidentId = $"incident-{week}",
        SubjectId = "veltro",
        OnsetSource = OnsetSource.GroundTruth,
        OpenedAt = Q1.AddDays(7 * week),
        Onset = Q1.AddDays(7 * week).AddMinutes(-detect),
        TimeToDetect = TimeSpan.FromMinutes(detect),
        TimeToAcknowledge = acknowledge is { } a ? TimeSpan.FromMinutes(a) : null,
        TimeToFirstResponse = respond is { } r ? TimeSpan.FromMinutes(r) : null,
        TimeToResolve = resolve is { } s ? TimeSpan.FromMinutes(s) : null,
        SentimentRecovery = new SentimentRecovery(0.3, 0.25, 0.35, null, recoveryHours is { } h ? TimeSpan.FromHours(h) : null),
        Deadlines = [.. deadlines.Select(met => new DeadlineOutcome("acknowledge", Q1.AddDays(7 * week), null, met, null))],
    };

    [Fact]
    public void Medians_hit_rate_and_trends_compare_the_earlier_half_with_the_later_half()
    {
        // Given out of order: the comparison sorts by opening.
        var comparison = IncidentComparison.Compare(
        [
            Evaluation(3, detect: 6, acknowledge: 50, respond: 95, resolve: null, recoveryHours: 5, true),
            Evaluation(0, detect: 10, acknowledge: 30, respond: 100, resolve: null, recoveryHours: 4, true, false),
            Evaluation(1, detect: 20, acknowledge: 40, respond: 100, resolve: null, recoveryHours: null),
            Evaluation(2, detect: 5, acknowledge: 60, respond: 105, resolve: null, recoveryHours: 3, true),
        ]);

        comparison.Count.Should().Be(4);
        comparison.From.Should().Be(Q1);
        comparison.To.Should().Be(Q1.AddDays(21));
        comparison.MedianTimeToDetect.Should().Be(TimeSpan.FromMinutes(8), "the median of 5, 6, 10 and 20");
        comparison.MedianTimeToAcknowledge.Should().Be(TimeSpan.FromMinutes(45));
        comparison.MedianTimeToFirstResponse.Should().Be(TimeSpan.FromMinutes(100));
        comparison.MedianTimeToResolve.Should().BeNull();
        comparison.MedianRecoveryTime.Should().Be(TimeSpan.FromHours(4), "the median of the three that recovered");
        comparison.DeadlinesMet.Should().Be(3);
        comparison.DeadlinesTotal.Should().Be(4);
        comparison.DeadlineHitRate.Should().Be(0.75);

        comparison.Trends.Should().Equal(
            new MetricTrend(ComparisonMetric.TimeToDetect, 15, 5.5, Trend.Improving),
            new MetricTrend(ComparisonMetric.TimeToAcknowledge, 35, 55, Trend.Worsening),
            new MetricTrend(ComparisonMetric.TimeToFirstResponse, 100, 100, Trend.Steady),
            new MetricTrend(ComparisonMetric.TimeToResolve, null, null, Trend.InsufficientData),
            new MetricTrend(ComparisonMetric.RecoveryTime, 240, 240, Trend.Steady),
            new MetricTrend(ComparisonMetric.DeadlineHitRate, 0.5, 1.0, Trend.Improving));
    }

    [Theory]
    [InlineData(100, 90, Trend.Improving)]
    [InlineData(100, 90.5, Trend.Steady)]
    [InlineData(100, 109.5, Trend.Steady)]
    [InlineData(100, 110, Trend.Worsening)]
    [InlineData(0, 0, Trend.Steady)]
    [InlineData(0, 1, Trend.Worsening)]
    public void A_duration_trend_needs_a_ten_per_cent_change(double before, double after, Trend trend)
    {
        var comparison = IncidentComparison.Compare([Evaluation(0, before, null, null, null, null), Evaluation(1, after, null, null, null, null)]);

        comparison.Trends[0].Trend.Should().Be(trend);
    }

    [Fact]
    public void A_hit_rate_trend_needs_ten_percentage_points()
    {
        bool[] nineOfTen = [true, true, true, true, true, true, true, true, true, false];
        bool[] eightOfTen = [true, true, true, true, true, true, true, true, false, false];
        bool[] seventeenOfTwenty = [.. nineOfTen, .. eightOfTen];

        Rate(nineOfTen, [true]).Should().Be(new MetricTrend(ComparisonMetric.DeadlineHitRate, 0.9, 1.0, Trend.Improving), "0.9 to 1.0 is ten points up");
        Rate(nineOfTen, seventeenOfTwenty).Should().Be(new MetricTrend(ComparisonMetric.DeadlineHitRate, 0.9, 0.85, Trend.Steady), "five points down");
        Rate(nineOfTen, eightOfTen).Trend.Should().Be(Trend.Worsening, "0.9 to 0.8 is ten points down");

        static MetricTrend Rate(bool[] before, bool[] after) =>
            IncidentComparison.Compare([Evaluation(0, 5, null, null, null, null, before), Evaluation(1, 5, null, null, null, null, after)]).Trends[^1];
    }

    [Fact]
    public void With_an_odd_count_the_middle_evaluation_belongs_to_neither_half()
    {
        var comparison = IncidentComparison.Compare(
        [
            Evaluation(0, 10, null, null, null, null),
            Evaluation(1, 1000, null, null, null, null),
            Evaluation(2, 10, null, null, null, null),
        ]);

        comparison.Trends[0].Should().Be(new MetricTrend(ComparisonMetric.TimeToDetect, 10, 10, Trend.Steady));
        comparison.MedianTimeToDetect.Should().Be(TimeSpan.FromMinutes(10));
    }

    [Fact]
    public void Fewer_than_two_evaluations_have_no_trend()
    {
        IncidentComparison.Compare([]).Trends.Should().OnlyContain(t => t.Trend == Trend.InsufficientData);
        var one = IncidentComparison.Compare([Evaluation(0, 10, 20, null, null, null, true)]);
        one.Trends.Should().OnlyContain(t => t.Trend == Trend.InsufficientData);
        one.MedianTimeToDetect.Should().Be(TimeSpan.FromMinutes(10));
        one.DeadlineHitRate.Should().Be(1.0);
        IncidentComparison.Compare([]).DeadlineHitRate.Should().BeNull();
    }
}
