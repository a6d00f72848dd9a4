using CrisisKit.Aggregation;
using CrisisKit.Detection;

namespace CrisisKit.Benchmarking;

/// <summary>Runs CrisisKit's detectors over NAB-format volume series, and holds their shipped NAB thresholds.</summary>
public static class NabDetection
{
    // The thresholds the built-in detectors ship with, one per NAB profile: the best single threshold on the 53 series
    // of NAB's corpus less five kept-apart realTweets series (docs/benchmarks.md gives the leave-one-series-out figures
    // that validate the choice). On a volume-only series every built-in detector but the volume one is silent, so they
    // share these.
    private static readonly Dictionary<string, double> VolumeThresholds = new(StringComparer.Ordinal)
    {
        [NabProfile.Standard.Name] = 0.5319,
        [NabProfile.RewardLowFalsePositives.Name] = 0.5319,
        [NabProfile.RewardLowFalseNegatives.Name] = 0.5319,
    };

    /// <summary>The detector used when none is named: the volume-spike detector, the one that can read a volume-only series.</summary>
    public const string DefaultDetector = VolumeSpikeDetector.DetectorName;

    /// <summary>The shipped threshold of a built-in detector for a profile.</summary>
    /// <param name="detector">A name from <see cref="CrisisDetectors.Names"/>.</param>
    /// <param name="profile">The profile.</param>
    /// <returns>The threshold: a row alarms when its score is at least this.</returns>
    /// <exception cref="ArgumentException">The detector is unknown.</exception>
    public static double DefaultThreshold(string detector, NabProfile profile)
    {
        ArgumentNullException.ThrowIfNull(detector);
        ArgumentNullException.ThrowIfNull(profile);
        CrisisDetectors.EnsureKnown(detector);
        return VolumeThresholds.TryGetValue(profile.Name, out var threshold) ? threshold : VolumeThresholds[NabProfile.Standard.Name];
    }

    /// <summary>
    /// Why a built-in detector cannot be scored on NAB-format data, or <see langword="null"/> when it can. NAB series
    /// hold a count per row and nothing else, so only the <c>volume</c> detector reads them: the others need what the
    /// mentions carry (their text for sentiment, terms and crisis categories; authors' follower counts; shares), and
    /// the composite weighs volume by the negative share, which a count series does not have.
    /// </summary>
    /// <param name="detector">A name from <see cref="CrisisDetectors.Names"/> (case-insensitive).</param>
    /// <returns>A one-line reason, or <see langword="null"/>.</returns>
    public static string? VolumeOnlyRefusal(string detector)
    {
        ArgumentNullException.ThrowIfNull(detector);
        var needs = detector.ToLowerInvariant() switch
        {
            CompositeCrisisDetector.DetectorName => "the negative share of mentions (from their text) to weigh volume by",
            NegativeShiftDetector.DetectorName => "the sentiment of each mention's text",
            EmergingTermsDetector.DetectorName => "the terms in each mention's text",
            CategoryShiftDetector.DetectorName => "the crisis categories cited in each mention's text",
            HighReachDetector.DetectorName => "each negative mention's author and follower count",
            ShareVelocityDetector.DetectorName => "the shares, quotes and replies of each mention",
            _ => null,
        };
        return needs is null ? null : $"the '{detector.ToLowerInvariant()}' detector needs {needs}, and NAB series hold only a count per row; use --detector {VolumeSpikeDetector.DetectorName}, or a detector of your own through NabDetection.ScoreWith.";
    }

    /// <summary>The longest gap between two rows that <see cref="ScoreWith"/> reads as missing data: 366 days.</summary>
    public static readonly TimeSpan MaxGap = TimeSpan.FromDays(366);

    /// <summary>The most buckets a series may span, gaps included, for <see cref="ScoreWith"/>: 10 million (95 years of 5-minute buckets).</summary>
    public const long MaxBuckets = 10_000_000;

    /// <summary>
    /// Scores every row of <paramref name="series"/> with a fresh built-in detector (see <see cref="ScoreWith"/>).
    /// </summary>
    /// <param name="series">The series; its spacing must be a bucket size CrisisKit accepts (see <see cref="DetectionOptions.BucketSize"/>).</param>
    /// <param name="detector">A name from <see cref="CrisisDetectors.Names"/> that reads volume alone (see <see cref="VolumeOnlyRefusal"/>).</param>
    /// <returns>The score per row, each in [0, 1].</returns>
    /// <exception cref="ArgumentException">The detector is unknown or needs more than volume, or the series' spacing is not a valid bucket size.</exception>
    public static double[] Score(NabSeries series, string detector = DefaultDetector)
    {
        ArgumentNullException.ThrowIfNull(detector);
        CrisisDetectors.EnsureKnown(detector);
        if (VolumeOnlyRefusal(detector) is { } refusal)
        {
            throw new ArgumentException(refusal, nameof(detector));
        }

        return ScoreWith(series, options => CrisisDetectors.Create(detector, options));
    }

    /// <summary>
    /// Scores every row of <paramref name="series"/> with a fresh detector, online: row i's score uses rows up to i
    /// only. Each row is one bucket, the bucket size being the series' spacing (the median step between rows): the
    /// row's value is the bucket's measured value (<see cref="SubjectSeries.ValueAt"/>), fractions included, and,
    /// rounded to a whole number, its mention count. The buckets of a gap keep the last value read; while the values are
    /// whole, non-negative numbers they hold no mentions (the series may be counts), after that the last value's. Rows
    /// are read in file order: a timestamp that repeats or steps back starts the next
    /// bucket, as NAB reads such files.
    /// </summary>
    /// <remarks>
    /// This is how to NAB-score a detector of your own: each bucket it sees carries only its value and mention count,
    /// so it must read volume alone. Its scores are clamped to [0, 1]; pick its thresholds with <see cref="NabScorer"/>.
    /// </remarks>
    /// <param name="series">The series; its spacing must be a bucket size CrisisKit accepts (see <see cref="DetectionOptions.BucketSize"/>).</param>
    /// <param name="createDetector">Creates the detector from the options the series is read with (its bucket size is the series' spacing).</param>
    /// <returns>The score per row, each in [0, 1].</returns>
    /// <exception cref="ArgumentException">
    /// The series' spacing is not a valid bucket size; or a row comes more than <see cref="MaxGap"/> after the row before
    /// it (a wrong date, such as a year mistyped, rather than missing data: its gap would be scored bucket by bucket); or
    /// the series spans more than <see cref="MaxBuckets"/> buckets. The message names the row: by file and line for a
    /// series read by <see cref="NabData"/>, else by its 1-based number.
    /// </exception>
    public static double[] ScoreWith(NabSeries series, Func<DetectionOptions, ICrisisDetector> createDetector)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(createDetector);
        var spacing = Spacing(series);
        var options = new DetectionOptions { BucketSize = spacing, GracePeriod = TimeSpan.Zero };
        var problems = DetectionOptionsValidator.Check(options);
        if (problems.Count > 0)
        {
            var step = FirstStep(series, spacing);
            throw new ArgumentException($"{series.RefusalAt(step)} cannot be read as buckets: its rows are {spacing} apart (the median step between rows, as from {series.RowName(step - 1)} to {series.RowName(step)}), and {problems[0]}", nameof(series));
        }

        var indices = BucketIndices(series, spacing.Ticks);
        var instance = createDetector(options);
        var buckets = new SubjectSeries(series.Name, options, []);
        var scores = new double[series.Count];
        var bucketTicks = spacing.Ticks;
        var origin = new DateTimeOffset(DateTime.SpecifyKind(series.Count == 0 ? default : series.Timestamps[0], DateTimeKind.Utc));

        // A gap is a stretch without readings: its buckets keep the last value read as their measured value. While
        // every value read is a whole, non-negative number the series may be counts, so a gap's buckets hold no
        // mentions; otherwise their mention count is that last value too.
        var counts = true;
        var last = 0.0;
        for (var i = 0; i < series.Count; i++)
        {
            var index = indices[i];

            // The buckets of a gap are closed and shown to the detector one by one, as a monitor does, so its notion of
            // time (days, hours) stays that of the bucket grid.
            for (var gap = i == 0 ? index : indices[i - 1] + 1; gap < index; gap++)
            {
                buckets.Append(origin.AddTicks(gap * bucketTicks), counts ? 0 : Mentions(last), last);
                instance.Evaluate(buckets);
                buckets.FinishTerms();
            }

            last = series.Values[i];
            counts &= last >= 0 && last == Math.Floor(last);
            buckets.Append(origin.AddTicks(index * bucketTicks), Mentions(last), last);
            scores[i] = DetectorMath.Clamp01(instance.Evaluate(buckets).Score);
            buckets.FinishTerms();
        }

        return scores;
    }

    /// <summary>
    /// Each row's bucket on the grid. Rows are placed by their offset from the first row, so series not aligned to
    /// midnight keep their spacing; a gap becomes empty buckets only when it spans whole buckets. Rows are taken in
    /// file order, as NAB does: a row whose timestamp repeats, steps back (a clock change) or falls in the previous
    /// row's bucket becomes the next bucket.
    /// </summary>
    private static long[] BucketIndices(NabSeries series, long bucketTicks)
    {
        var indices = new long[series.Count];
        for (var i = 0; i < series.Count; i++)
        {
            var offset = (series.Timestamps[i] - series.Timestamps[0]).Ticks / bucketTicks;
            if (i > 0 && series.Timestamps[i] - series.Timestamps[i - 1] > MaxGap)
            {
                throw new ArgumentException(
                    $"{series.RefusalAt(i)} cannot be read as buckets: {series.RowName(i)} ({series.Timestamps[i]:yyyy-MM-dd HH:mm:ss}) comes {(series.Timestamps[i] - series.Timestamps[i - 1]).TotalDays:0.#} days after {series.RowName(i - 1)} ({series.Timestamps[i - 1]:yyyy-MM-dd HH:mm:ss}); a gap longer than {MaxGap.TotalDays:0} days is taken for a wrong date, not missing data.",
                    nameof(series));
            }

            indices[i] = i == 0 ? 0 : Math.Max(indices[i - 1] + 1, offset);
            if (indices[i] >= MaxBuckets)
            {
                throw new ArgumentException(
                    $"{series.RefusalAt(i)} cannot be read as buckets: at {series.RowName(i)} ({series.Timestamps[i]:yyyy-MM-dd HH:mm:ss}) it spans more than {MaxBuckets:N0} buckets of {TimeSpan.FromTicks(bucketTicks)}.",
                    nameof(series));
            }
        }

        return indices;
    }

    /// <summary>A value as a whole number of mentions, for the detectors that count mentions.</summary>
    private static int Mentions(double value) => (int)Math.Min(int.MaxValue, Math.Max(0, Math.Round(value)));

    /// <summary>
    /// The first row that comes <paramref name="spacing"/> after the row before it, for a refusal to point at. Only a
    /// spacing taken from the rows can be refused (the five minutes assumed without a forward step are a valid bucket
    /// size), and it is the median of such steps, so one row is that far after its predecessor.
    /// </summary>
    private static int FirstStep(NabSeries series, TimeSpan spacing)
    {
        for (var i = 1; i < series.Count; i++)
        {
            if (series.Timestamps[i] - series.Timestamps[i - 1] == spacing)
            {
                return i;
            }
        }

        return 0;
    }

    private static TimeSpan Spacing(NabSeries series)
    {
        if (series.Count < 2)
        {
            return TimeSpan.FromMinutes(5);
        }

        // The median of the forward steps: repeated or stepped-back timestamps say nothing about the spacing.
        var gaps = new List<long>(series.Count - 1);
        for (var i = 1; i < series.Count; i++)
        {
            var gap = (series.Timestamps[i] - series.Timestamps[i - 1]).Ticks;
            if (gap > 0)
            {
                gaps.Add(gap);
            }
        }

        if (gaps.Count == 0)
        {
            return TimeSpan.FromMinutes(5);
        }

        gaps.Sort();
        return TimeSpan.FromTicks(gaps[gaps.Count / 2]);
    }
}
