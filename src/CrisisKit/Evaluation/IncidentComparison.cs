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

    /// <summary>One trend per metric (<see cref="ComparisonMetrics"/>), in that order.</summary>
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

        var durations = new (string Metric, Func<IncidentEvaluation, TimeSpan?> Of)[]
        {
            (ComparisonMetrics.TimeToDetect, e => e.TimeToDetect),
            (ComparisonMetrics.TimeToAcknowledge, e => e.TimeToAcknowledge),
            (ComparisonMetrics.TimeToFirstResponse, e => e.TimeToFirstResponse),
            (ComparisonMetrics.TimeToResolve, e => e.TimeToResolve),
            (ComparisonMetrics.RecoveryTime, e => e.SentimentRecovery.RecoveryTime),
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
        trends.Add(new MetricTrend(ComparisonMetrics.DeadlineHitRate, rateBefore, rateAfter, RateTrend(rateBefore, rateAfter)));

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

    private static string DurationTrend(double? before, double? after) => (before, after) switch
    {
        ({ } b, { } a) when a <= b - (Math.Abs(b) * TrendThreshold) + Epsilon && a < b => TrendNames.Improving,
        ({ } b, { } a) when a >= b + (Math.Abs(b) * TrendThreshold) - Epsilon && a > b => TrendNames.Worsening,
        ({ }, { }) => TrendNames.Steady,
        _ => TrendNames.InsufficientData,
    };

    private static string RateTrend(double? before, double? after) => (before, after) switch
    {
        ({ } b, { } a) when a - b >= TrendThreshold - Epsilon => TrendNames.Improving,
        ({ } b, { } a) when b - a >= TrendThreshold - Epsilon => TrendNames.Worsening,
        ({ }, { }) => TrendNames.Steady,
        _ => TrendNames.InsufficientData,
    };
}

/// <summary>How one metric moved from the earlier half of the incidents to the later half.</summary>
/// <param name="Metric">The metric: one of <see cref="ComparisonMetrics"/>.</param>
/// <param name="FirstHalf">The earlier half's median (durations in minutes) or hit rate, or <see langword="null"/> without values.</param>
/// <param name="SecondHalf">The later half's.</param>
/// <param name="Trend">One of <see cref="TrendNames"/>.</param>
public sealed record MetricTrend(string Metric, double? FirstHalf, double? SecondHalf, string Trend);

/// <summary>The metrics an <see cref="IncidentComparison"/> follows.</summary>
public static class ComparisonMetrics
{
    /// <summary>The median time to detect.</summary>
    public const string TimeToDetect = "time-to-detect";

    /// <summary>The median time to acknowledge.</summary>
    public const string TimeToAcknowledge = "time-to-acknowledge";

    /// <summary>The median time to the first response.</summary>
    public const string TimeToFirstResponse = "time-to-first-response";

    /// <summary>The median time to resolve.</summary>
    public const string TimeToResolve = "time-to-resolve";

    /// <summary>The median sentiment recovery time.</summary>
    public const string RecoveryTime = "recovery-time";

    /// <summary>The share of deadlines met.</summary>
    public const string DeadlineHitRate = "deadline-hit-rate";
}

/// <summary>The trends of a <see cref="MetricTrend"/>.</summary>
public static class TrendNames
{
    /// <summary>Shorter times, or a higher hit rate, by at least the threshold.</summary>
    public const string Improving = "improving";

    /// <summary>Longer times, or a lower hit rate, by at least the threshold.</summary>
    public const string Worsening = "worsening";

    /// <summary>Within the threshold.</summary>
    public const string Steady = "steady";

    /// <summary>A half has no value for the metric (fewer than two evaluations, or nothing measured).</summary>
    public const string InsufficientData = "insufficient-data";
}
