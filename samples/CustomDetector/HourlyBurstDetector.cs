using CrisisKit.Aggregation;
using CrisisKit.Detection;

namespace CustomDetector;

/// <summary>
/// A researcher's detector: how far the newest bucket's count is above the mean of the hour before, in Poisson
/// standard deviations. It reads everything it needs from the series' history, so it keeps no state and implements
/// only <see cref="Name"/> and <see cref="Evaluate"/> (no SaveState/LoadState).
/// </summary>
public sealed class HourlyBurstDetector : ICrisisDetector
{
    /// <summary>The detector's name, as it appears in reasons and in <c>DetectionOptions.DetectorWeights</c>.</summary>
    public const string DetectorName = "hourly-burst";

    /// <inheritdoc />
    public string Name => DetectorName;

    /// <inheritdoc />
    public DetectorSignal Evaluate(SubjectSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var hour = (int)(TimeSpan.FromHours(1) / series.BucketSize);
        if (series.Count <= hour)
        {
            return new DetectorSignal(Name, 0, null);
        }

        var mean = 0.0;
        for (var ago = 1; ago <= hour; ago++)
        {
            mean += series.MentionsAt(ago);
        }

        mean /= hour;
        var count = series.MentionsAt(0);
        var z = (count - mean) / Math.Sqrt(mean + 1);
        var score = Math.Clamp((z - 4) / 6, 0, 1);
        return new DetectorSignal(Name, score, score >= DetectorSignal.ExplainFrom ? $"{count} mentions vs {mean:0.#} a bucket over the last hour ({z:0.#} standard deviations)" : null);
    }
}
