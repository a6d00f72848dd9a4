using System.Text.Json.Serialization;
namespace CrisisKit.Evaluation;

/// <summary>
/// Several incidents' evaluations side by side, for a quarterly review: the median timings, the share of deadlines
/// met, and a trend per metric comparing the earlier half of the incidents with the later half (see
/// <c>docs/evaluation.md</c>).
/// </summary>
public sealed class IncidentComparison
{
    /// <summary>How much better or worse the later half must be to count as a change: 10 per cent of the earlier half's median for durations, 10 percentage points for the deadline hit rate.</summary>
    public const double TrendThreshold = 0.10;

    /// <summary>How many evaluations were compared.</summary>
    public int Count { get; internal init; }

    /// <summary>The earliest opening among them, if any.</summary>
    public DateTimeOffset? From { get; internal init; }

    /// <summary>The latest opening among them, if any.</summary>
    public DateTimeOffset? To { get; internal init; }

    /// <summary>The median <see cref="IncidentEvaluation.TimeToDetect"/>.</summary>
    public TimeSpan? MedianTimeToDetect { get; internal init; }

    /// <summary>The median <see cref="IncidentEvaluation.TimeToAcknowledge"/> of the incidents acknowledged.</summary>
    public TimeSpan? MedianTimeToAcknowledge { get; internal init; }

    /// <summary>The median <see cref="IncidentEvaluation.TimeToFirstResponse"/> of the incidents answered.</summary>
    public TimeSpan? MedianTimeToFirstResponse { get; internal init; }

    /// <summary>The median <see cref="IncidentEvaluation.TimeToResolve"/> of the incidents closed.</summary>
    public TimeSpan? MedianTimeToResolve { get; internal init; }

    /// <summary>The median <see cref="SentimentRecovery.RecoveryTime"/> of the incidents whose sentiment recovered.</summary>
    public TimeSpan? MedianRecoveryTime { get; internal init; }

    /// <summary>Deadlines met, over all the evaluations.</summary>
    public int DeadlinesMet { get; internal init; }

    /// <summary>Deadlines counted, over all the evaluations.</summary>
    public int DeadlinesTotal { get; internal init; }

    /// <summary>The share of deadlines met, or <see langword="null"/> when there were none.</summary>
    public double? DeadlineHitRate { get; internal init; }

    /// <summary>One trend per metric (<see cref="ComparisonMetric"/>), in that order.</summary>
    public IReadOnlyList<MetricTrend> Trends { get; internal init; } = [];

    /// <summary>Compares evaluations.</summary>
    /// <param name="evaluations">The evaluations, in any order (they are put in order of opening).</param>
    /// <returns>The comparison.</returns>
    public static IncidentComparison Compare(IReadOnlyList<IncidentEvaluation> evaluations)
    {
        ArgumentNullException.ThrowIfNull(evaluations);
        var ordered = evaluations.OrderBy(e => e.OpenedAt).ThenBy(e => e.IncidentId, StringComparer.Ordinal).ToArray();
        var half = ordered.Length / 2;
        var first = ordered.Take(half).ToArray();
        var second = ordered.Skip(ordered.Length - half).ToArray();

        var durations = new (ComparisonMetric Metric, Func<IncidentEvaluation, TimeSpan?> Of)[]
        {
            (ComparisonMetric.TimeToDetect, e => e.TimeToDetect),
            (ComparisonMetric.TimeToAcknowledge, e => e.TimeToAcknowledge),
            (ComparisonMetric.TimeToFirstResponse, e => e.TimeToFirstResponse),
            (ComparisonMetric.TimeToResolve, e => e.TimeToResolve),
            (ComparisonMetric.RecoveryTime, e => e.SentimentRecovery.RecoveryTime),
        };

        static TimeSpan? MedianOf(IEnumerable<IncidentEvaluation> set, Func<IncidentEvaluation, TimeSpan?> of) =>
            EvaluationMath.Median(set.Select(of).Where(v => v is not null).Select(v => v!.Value));

        var trends = new List<MetricTrend>();
        foreach (var (metric, of) in durations)
        {
            var before = MedianOf(first, of)?.TotalMinutes;
            var after = MedianOf(second, of)?.TotalMinutes;
            trends.Add(new MetricTrend(metric, before, after, DurationTrend(before, after)));
        }

        var rateBefore = HitRate(first).Rate;
        var rateAfter = HitRate(second).Rate;
        trends.Add(new MetricTrend(ComparisonMetric.DeadlineHitRate, rateBefore, rateAfter, RateTrend(rateBefore, rateAfter)));

        var (met, total, rate) = HitRate(ordered);
        return new IncidentComparison
        {
            Count = ordered.Length,
            From = ordered.Length == 0 ? null : ordered[0].OpenedAt,
            To = ordered.Length == 0 ? null : ordered[^1].OpenedAt,
            MedianTimeToDetect = MedianOf(ordered, durations[0].Of),
            MedianTimeToAcknowledge = MedianOf(ordered, durations[1].Of),
            MedianTimeToFirstResponse = MedianOf(ordered, durations[2].Of),
            MedianTimeToResolve = MedianOf(ordered, durations[3].Of),
            MedianRecoveryTime = MedianOf(ordered, durations[4].Of),
            DeadlinesMet = met,
            DeadlinesTotal = total,
            DeadlineHitRate = rate,
            Trends = trends,
        };
    }

    private static (int Met, int Total, double? Rate) HitRate(IEnumerable<IncidentEvaluation> set)
    {
        var deadlines = set.SelectMany(e => e.Deadlines).ToArray();
        var met = deadlines.Count(d => d.Met);
        return (met, deadlines.Length, deadlines.Length == 0 ? null : (double)met / deadlines.Length);
    }

    private const double Epsilon = 1e-9;

    private static Trend DurationTrend(double? before, double? after) => (before, after) switch
    {
        ({ } b, { } a) when a <= b - (Math.Abs(b) * TrendThreshold) + Epsilon && a < b => Trend.Improving,
        ({ } b, { } a) when a >= b + (Math.Abs(b) * TrendThreshold) - Epsilon && a > b => Trend.Worsening,
        ({ }, { }) => Trend.Steady,
        _ => Trend.InsufficientData,
    };

    private static Trend RateTrend(double? before, double? after) => (before, after) switch
    {
        ({ } b, { } a) when a - b >= TrendThreshold - Epsilon => Trend.Improving,
        ({ } b, { } a) when b - a >= TrendThreshold - Epsilon => Trend.Worsening,
        ({ }, { }) => Trend.Steady,
        _ => Trend.InsufficientData,
    };
}

/// <summary>How one metric moved from the earlier half of the incidents to the later half.</summary>
/// <param name="Metric">The metric: one of <see cref="ComparisonMetric"/>.</param>
/// <param name="FirstHalf">The earlier half's median (durations in minutes) or hit rate, or <see langword="null"/> without values.</param>
/// <param name="SecondHalf">The later half's.</param>
/// <param name="Trend">One of <see cref="Trend"/>.</param>
public sealed record MetricTrend(ComparisonMetric Metric, double? FirstHalf, double? SecondHalf, Trend Trend);

/// <summary>The metrics an <see cref="IncidentComparison"/> follows.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ComparisonMetric>))]
public enum ComparisonMetric
{
    /// <summary>The median time to detect.</summary>
    [JsonStringEnumMemberName("time-to-detect")]
    TimeToDetect = 0,

    /// <summary>The median time to acknowledge.</summary>
    [JsonStringEnumMemberName("time-to-acknowledge")]
    TimeToAcknowledge = 1,

    /// <summary>The median time to the first response.</summary>
    [JsonStringEnumMemberName("time-to-first-response")]
    TimeToFirstResponse = 2,

    /// <summary>The median time to resolve.</summary>
    [JsonStringEnumMemberName("time-to-resolve")]
    TimeToResolve = 3,

    /// <summary>The median sentiment recovery time.</summary>
    [JsonStringEnumMemberName("recovery-time")]
    RecoveryTime = 4,

    /// <summary>The share of deadlines met.</summary>
    [JsonStringEnumMemberName("deadline-hit-rate")]
    DeadlineHitRate = 5,
}

/// <summary>The trends of a <see cref="MetricTrend"/>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Trend>))]
public enum Trend
{
    /// <summary>Shorter times, or a higher hit rate, by at least the threshold.</summary>
    [JsonStringEnumMemberName("improving")]
    Improving = 0,

    /// <summary>Longer times, or a lower hit rate, by at least the threshold.</summary>
    [JsonStringEnumMemberName("worsening")]
    Worsening = 1,

    /// <summary>Within the threshold.</summary>
    [JsonStringEnumMemberName("steady")]
    Steady = 2,

    /// <summary>A half has no value for the metric (fewer than two evaluations, or nothing measured).</summary>
    [JsonStringEnumMemberName("insufficient-data")]
    InsufficientData = 3,
}
