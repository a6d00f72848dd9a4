using CrisisKit.Aggregation;
using CrisisKit.Detection;

namespace CrisisKit.Tests.Detection;

/// <summary>Runs the volume detector over buckets of measured values, as NAB series and sensors give them.</summary>
internal static class MeasuredVolume
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// The detector's signal for each bucket <c>0 .. end-1</c> (measured value <paramref name="value"/>, no mentions), in
    /// buckets of five minutes or of <paramref name="bucket"/>.
    /// </summary>
    public static List<DetectorSignal> Signals(Func<int, double> value, int end, TimeSpan? bucket = null)
    {
        var options = new DetectionOptions { BucketSize = bucket ?? TimeSpan.FromMinutes(5) };
        var series = new SubjectSeries("measured", options, []);
        var detector = new VolumeSpikeDetector(options);
        var signals = new List<DetectorSignal>(end);
        for (var i = 0; i < end; i++)
        {
            series.Append(Start + (i * options.BucketSize), 0, value(i));
            signals.Add(detector.Evaluate(series));
        }

        return signals;
    }

    /// <summary>
    /// Feeds five-minute buckets <c>0 .. end-1</c> (mention count <paramref name="count"/>, measured value
    /// <paramref name="value"/>) to one detector; at <paramref name="cut"/> a second is loaded from its saved state.
    /// Returns both detectors' scores from <paramref name="cut"/> on.
    /// </summary>
    public static List<(double A, double B)> ScoresAcrossSaveAndLoad(Func<int, double> value, Func<int, int> count, int cut, int end)
    {
        var options = new DetectionOptions();
        var series = new SubjectSeries("measured", options, []);
        var a = new VolumeSpikeDetector(options);
        for (var i = 0; i < cut; i++)
        {
            series.Append(Start.AddMinutes(5 * i), count(i), value(i));
            a.Evaluate(series);
        }

        using var state = new MemoryStream();
        a.SaveState(new BinaryWriter(state));
        state.Position = 0;
        var b = new VolumeSpikeDetector(options);
        b.LoadState(new BinaryReader(state));

        var scores = new List<(double A, double B)>();
        for (var i = cut; i < end; i++)
        {
            series.Append(Start.AddMinutes(5 * i), count(i), value(i));
            scores.Add((a.Evaluate(series).Score, b.Evaluate(series).Score));
        }

        return scores;
    }
}
