using CrisisKit.Aggregation;
using CrisisKit.Detection;

namespace CrisisKit.Testing;

/// <summary>
/// Builds a <see cref="SubjectSeries"/> from ready-made <see cref="MentionBucket"/>s and runs a detector over it, bucket
/// by bucket as a monitor does, so a detector of your own can be unit-tested without mentions or a monitor (and
/// NAB-scored with <c>NabDetection.ScoreWith</c> from CrisisKit.Benchmarking). A bucket appended this way carries only
/// what <see cref="MentionBucket"/> holds: its newest-bucket details (top negative author, category counts, platforms,
/// terms) are empty.
/// </summary>
public static class DetectorReplay
{
    /// <summary>Creates an empty series for <paramref name="subjectId"/>, with the bucket size and history of <paramref name="options"/>.</summary>
    /// <param name="options">The detection options; <see langword="null"/> for the defaults (5-minute buckets, 7 days kept).</param>
    /// <param name="subjectId">The subject's id.</param>
    /// <returns>The series; add buckets with <see cref="Append"/>.</returns>
    /// <exception cref="ArgumentException">The options are not valid (the message names the option and its allowed range).</exception>
    public static SubjectSeries CreateSeries(DetectionOptions? options = null, string subjectId = "subject")
    {
        ArgumentNullException.ThrowIfNull(subjectId);
        options ??= new DetectionOptions();
        if (DetectionOptionsValidator.Check(options) is [var problem, ..])
        {
            throw new ArgumentException(problem, nameof(options));
        }

        return new SubjectSeries(subjectId, options, []);
    }

    /// <summary>
    /// Appends <paramref name="bucket"/> as the newest closed bucket of <paramref name="series"/>; the buckets between the
    /// previous newest and it close empty, as they do in a monitor when no mention arrives.
    /// </summary>
    /// <param name="series">The series, from <see cref="CreateSeries"/>.</param>
    /// <param name="bucket">The bucket; its start falls in the bucket grid of <see cref="SubjectSeries.BucketSize"/>.</param>
    /// <returns>The series.</returns>
    /// <exception cref="ArgumentException">The bucket does not start after the newest closed bucket.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative, or there are more negative mentions than mentions.</exception>
    public static SubjectSeries Append(this SubjectSeries series, MentionBucket bucket)
    {
        ArgumentNullException.ThrowIfNull(series);
        series.Append(bucket);
        return series;
    }

    /// <summary>
    /// Appends a bucket holding a measured <paramref name="value"/> (such as a CPU share or a latency) as the newest closed
    /// bucket of <paramref name="series"/>: <see cref="SubjectSeries.ValueAt"/> returns it, and its mention count is the
    /// value rounded to a whole number (0 when negative). The buckets between the previous newest and it close empty,
    /// with a value of 0.
    /// </summary>
    /// <param name="series">The series, from <see cref="CreateSeries"/>.</param>
    /// <param name="start">The bucket's start, in the bucket grid of <see cref="SubjectSeries.BucketSize"/>.</param>
    /// <param name="value">The measured value; a finite number.</param>
    /// <returns>The series.</returns>
    /// <exception cref="ArgumentException">The bucket does not start after the newest closed bucket.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a finite number.</exception>
    public static SubjectSeries AppendValue(this SubjectSeries series, DateTimeOffset start, double value)
    {
        ArgumentNullException.ThrowIfNull(series);
        var mentions = double.IsFinite(value) ? (int)Math.Min(int.MaxValue, Math.Max(0, Math.Round(value))) : 0;
        series.Append(start, mentions, value);
        return series;
    }

    /// <summary>
    /// Runs <paramref name="detector"/> over <paramref name="buckets"/> in order: appends each to a new series and
    /// evaluates the detector on it, as a monitor does when the bucket closes. Only the buckets given are evaluated
    /// (not the empty ones between them).
    /// </summary>
    /// <param name="detector">The detector, fresh or carrying on from its state.</param>
    /// <param name="buckets">The buckets, oldest first.</param>
    /// <param name="options">The detection options; <see langword="null"/> for the defaults.</param>
    /// <returns>The signal after each bucket, in order.</returns>
    /// <exception cref="ArgumentException">The options are not valid, or the buckets are not in time order.</exception>
    public static IReadOnlyList<DetectorSignal> Replay(this ICrisisDetector detector, IEnumerable<MentionBucket> buckets, DetectionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(detector);
        ArgumentNullException.ThrowIfNull(buckets);
        var series = CreateSeries(options);
        var signals = new List<DetectorSignal>();
        foreach (var bucket in buckets)
        {
            series.Append(bucket);
            signals.Add(detector.Evaluate(series));
        }

        return signals;
    }
}
