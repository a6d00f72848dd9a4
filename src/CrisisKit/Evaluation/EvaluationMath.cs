namespace CrisisKit.Evaluation;

/// <summary>Small statistics shared by the evaluator and the comparison.</summary>
internal static class EvaluationMath
{
    /// <summary>The median (the mean of the two middle values for an even count), or <see langword="null"/> for none.</summary>
    public static double? Median(IEnumerable<double> values)
    {
        var copy = values.ToArray();
        return copy.Length == 0 ? null : Detection.DetectorMath.MedianInPlace(copy);
    }

    /// <summary>The median of durations, or <see langword="null"/> for none.</summary>
    public static TimeSpan? Median(IEnumerable<TimeSpan> values) =>
        Median(values.Select(v => (double)v.Ticks)) is { } ticks ? TimeSpan.FromTicks((long)Math.Round(ticks)) : null;

    /// <summary>The mean and the population standard deviation.</summary>
    public static (double Mean, double StandardDeviation) MeanAndDeviation(IReadOnlyList<double> values)
    {
        var mean = values.Average();
        var variance = values.Sum(v => (v - mean) * (v - mean)) / values.Count;
        return (mean, Math.Sqrt(variance));
    }
}
