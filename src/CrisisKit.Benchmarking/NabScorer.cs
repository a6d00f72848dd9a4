namespace CrisisKit.Benchmarking;

/// <summary>
/// Scores a streaming anomaly detector the way the Numenta Anomaly Benchmark does: a row alarms when its score is at
/// least the threshold; alarms in the probation period are ignored; the first alarm in a window earns up to A_TP, more
/// the earlier it is; alarms outside every window cost up to A_FP, less just after a window; a window without an alarm
/// costs A_FN.
/// </summary>
/// <remarks>
/// The rules follow NAB's own sweep scorer closely enough to reproduce its published per-file scores to 1e-9: the
/// false-positive position after window k is <c>(i − b_k) / (L_k − 1)</c>; the scaled sigmoid is −1 from 3 on; a
/// window that ends inside the probation period is not scored at all (neither detected nor missed).
/// </remarks>
public static class NabScorer
{
    /// <summary>The longest probation period, in rows.</summary>
    public const int MaximumProbation = 750;

    /// <summary>Raw scores this close (relative to their size, at least 1) count as equal when choosing a threshold.</summary>
    private const double TieTolerance = 1e-9;

    private static readonly double SigmoidAtMinusOne = ScaledSigmoid(-1.0);

    /// <summary>The number of leading rows whose alarms are ignored: <c>min(floor(0.15 n), 750)</c>.</summary>
    /// <param name="rowCount">n, the series' row count.</param>
    /// <returns>The probation length in rows.</returns>
    public static int ProbationLength(int rowCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        return (int)Math.Min(Math.Floor(0.15 * rowCount), MaximumProbation);
    }

    /// <summary>NAB's scaled sigmoid: <c>2 / (1 + e^(5x)) − 1</c> for <c>x &lt; 3</c>, and −1 from 3 on (as NAB's scorer has it).</summary>
    /// <param name="x">The relative position.</param>
    /// <returns>A value from −1 to 1.</returns>
    public static double ScaledSigmoid(double x) => x >= 3.0 ? -1.0 : (2.0 / (1.0 + Math.Exp(5.0 * x))) - 1.0;

    /// <summary>
    /// The number of windows that are scored: those with at least one row after the probation period. A window that
    /// ends inside the probation period can be neither detected nor missed, as in NAB.
    /// </summary>
    /// <param name="windows">The series' windows, in order.</param>
    /// <param name="rowCount">The series' row count.</param>
    /// <returns>The count of windows ending at or after the first scored row.</returns>
    public static int ScoredWindowCount(IReadOnlyList<NabWindow> windows, int rowCount)
    {
        ArgumentNullException.ThrowIfNull(windows);
        var probation = ProbationLength(rowCount);
        var count = 0;
        foreach (var w in windows)
        {
            if (w.End >= probation)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The raw score of one series at one threshold.</summary>
    /// <param name="scores">The detector's anomaly score per row, each in [0, 1].</param>
    /// <param name="windows">The labelled windows (inclusive row indices, in order, not overlapping).</param>
    /// <param name="profile">The cost profile.</param>
    /// <param name="threshold">θ: a row alarms when its score is at least θ.</param>
    /// <returns>The sum of the true-positive, false-positive and missed-window terms.</returns>
    /// <exception cref="ArgumentException">A score is outside [0, 1] or NaN, a window is out of range or out of order, or θ is NaN.</exception>
    public static double RawScore(IReadOnlyList<double> scores, IReadOnlyList<NabWindow> windows, NabProfile profile, double threshold)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(windows);
        ValidateProfile(profile);
        ValidateThreshold(threshold);
        ValidateScores(scores, nameof(scores), null);
        ValidateWindows(windows, scores.Count, nameof(windows));
        return ScoreSeries(scores, windows, profile, threshold).Raw;
    }

    /// <summary>The score of a set of series at one threshold shared by all of them.</summary>
    /// <param name="scored">Each series with the detector's score per row (each in [0, 1], one per row).</param>
    /// <param name="profile">The cost profile.</param>
    /// <param name="threshold">θ: a row alarms when its score is at least θ.</param>
    /// <returns>The raw, null, perfect and normalised scores with the alarm counts.</returns>
    /// <exception cref="ArgumentException">The set is empty, a score list does not match its series' length, a score is outside [0, 1] or NaN, or θ is NaN.</exception>
    public static NabResult Score(IReadOnlyList<(NabSeries Series, IReadOnlyList<double> Scores)> scored, NabProfile profile, double threshold)
    {
        ValidateSet(scored, nameof(scored));
        ValidateProfile(profile);
        ValidateThreshold(threshold);
        double raw = 0;
        int windowCount = 0, detected = 0, falseAlarms = 0;
        foreach (var (series, scores) in scored)
        {
            var part = ScoreSeries(scores, series.Windows, profile, threshold);
            raw += part.Raw;
            detected += part.Detected;
            falseAlarms += part.FalseAlarms;
            windowCount += part.Windows;
        }

        return Result(profile, threshold, raw, windowCount, detected, falseAlarms);
    }

    /// <summary>
    /// The threshold that maximises the raw score of the set, searched exactly over every distinct score value and
    /// over never alarming; among equal raw scores the highest threshold wins. Runs in O(N log N) for N rows in all.
    /// </summary>
    /// <param name="scored">Each series with the detector's score per row (each in [0, 1], one per row).</param>
    /// <param name="profile">The cost profile.</param>
    /// <returns>
    /// The score at the best threshold; its <see cref="NabResult.Threshold"/> is <see cref="double.PositiveInfinity"/>
    /// when never alarming is best.
    /// </returns>
    /// <exception cref="ArgumentException">The set is empty, a score list does not match its series' length, or a score is outside [0, 1] or NaN.</exception>
    public static NabResult BestThreshold(IReadOnlyList<(NabSeries Series, IReadOnlyList<double> Scores)> scored, NabProfile profile)
    {
        ValidateSet(scored, nameof(scored));
        ValidateProfile(profile);
        var sweep = new Sweep(scored, profile);
        var bestRaw = sweep.Total;
        var bestThreshold = double.PositiveInfinity;
        while (sweep.Lower(out var threshold))
        {
            if (Improves(sweep.Total, bestRaw))
            {
                bestRaw = sweep.Total;
                bestThreshold = threshold;
            }
        }

        // Recompute at the chosen threshold so the figures match Score exactly.
        return Score(scored, profile, bestThreshold);
    }

    /// <summary>
    /// Leave-one-series-out validation of a threshold choice: each series is scored at the threshold that
    /// <see cref="BestThreshold"/> picks for all the other series of the set, so no series' score rests on a threshold
    /// tuned on it. The figures are summed over the series and normalised as for one threshold. Runs in
    /// O(N log N + S · N) for N rows in S series.
    /// </summary>
    /// <param name="scored">At least two series, each with the detector's score per row (each in [0, 1], one per row).</param>
    /// <param name="profile">The cost profile.</param>
    /// <returns>The pooled figures and the threshold each series was scored at.</returns>
    /// <exception cref="ArgumentException">The set has fewer than two series, a score list does not match its series' length, or a score is outside [0, 1] or NaN.</exception>
    public static NabCrossValidation LeaveOneSeriesOut(IReadOnlyList<(NabSeries Series, IReadOnlyList<double> Scores)> scored, NabProfile profile)
    {
        ValidateSet(scored, nameof(scored));
        ValidateProfile(profile);
        if (scored.Count < 2)
        {
            throw new ArgumentException("Leave-one-series-out needs at least two series.", nameof(scored));
        }

        // One sweep of the whole set tracks each series' raw score at every threshold; the set without series s scores
        // the total less s's part. A threshold that is a score of s alone leaves that difference unchanged, so it never
        // wins, and each fold picks exactly what BestThreshold would pick on the other series.
        var sweep = new Sweep(scored, profile);
        var best = new double[scored.Count];
        var thresholds = new double[scored.Count];
        for (var s = 0; s < scored.Count; s++)
        {
            best[s] = sweep.Total - sweep.SeriesRaw[s];
            thresholds[s] = double.PositiveInfinity;
        }

        while (sweep.Lower(out var threshold))
        {
            var total = sweep.Total;
            var seriesRaw = sweep.SeriesRaw;
            for (var s = 0; s < best.Length; s++)
            {
                var others = total - seriesRaw[s];
                if (Improves(others, best[s]))
                {
                    best[s] = others;
                    thresholds[s] = threshold;
                }
            }
        }

        double raw = 0;
        int windowCount = 0, detected = 0, falseAlarms = 0;
        for (var s = 0; s < scored.Count; s++)
        {
            var (series, scores) = scored[s];
            var part = ScoreSeries(scores, series.Windows, profile, thresholds[s]);
            raw += part.Raw;
            windowCount += part.Windows;
            detected += part.Detected;
            falseAlarms += part.FalseAlarms;
        }

        return new NabCrossValidation(profile, Array.AsReadOnly(thresholds), raw, -profile.FalseNegativeWeight * windowCount, profile.TruePositiveWeight * windowCount, windowCount, detected, falseAlarms);
    }

    /// <summary>Checks that windows are within <paramref name="rowCount"/> rows, not reversed, in order and not overlapping.</summary>
    internal static void ValidateWindows(IReadOnlyList<NabWindow> windows, int rowCount, string parameterName)
    {
        for (var k = 0; k < windows.Count; k++)
        {
            var w = windows[k];
            if (w.Start < 0 || w.End >= rowCount || w.Start > w.End)
            {
                throw new ArgumentException($"Window {k} [{w.Start}, {w.End}] is not a row range within 0..{rowCount - 1}.", parameterName);
            }

            if (k > 0 && w.Start <= windows[k - 1].End)
            {
                throw new ArgumentException($"Window {k} [{w.Start}, {w.End}] does not start after window {k - 1} [{windows[k - 1].Start}, {windows[k - 1].End}] ends; windows must be in order and not overlap.", parameterName);
            }
        }
    }

    private static void ValidateScores(IReadOnlyList<double> scores, string parameterName, string? seriesName)
    {
        for (var i = 0; i < scores.Count; i++)
        {
            var s = scores[i];
            if (!(s >= 0.0 && s <= 1.0))
            {
                var where = seriesName is null ? string.Empty : $" of series '{seriesName}'";
                throw new ArgumentException($"Score {i}{where} is {s}; scores must be in [0, 1].", parameterName);
            }
        }
    }

    private static void ValidateSet(IReadOnlyList<(NabSeries Series, IReadOnlyList<double> Scores)> scored, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(scored, parameterName);
        if (scored.Count == 0)
        {
            throw new ArgumentException("There are no series to score.", parameterName);
        }

        for (var s = 0; s < scored.Count; s++)
        {
            var (series, scores) = scored[s];
            if (series is null || scores is null)
            {
                throw new ArgumentException($"Entry {s} has no series or no scores.", parameterName);
            }

            if (scores.Count != series.Count)
            {
                throw new ArgumentException($"Series '{series.Name}' has {series.Count} rows but {scores.Count} scores.", parameterName);
            }

            ValidateScores(scores, parameterName, series.Name);
        }
    }

    private static void ValidateProfile(NabProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (!(double.IsFinite(profile.TruePositiveWeight) && double.IsFinite(profile.FalsePositiveWeight) && double.IsFinite(profile.FalseNegativeWeight)))
        {
            throw new ArgumentException($"Profile '{profile.Name}' has a weight that is not a finite number.", nameof(profile));
        }
    }

    private static void ValidateThreshold(double threshold)
    {
        if (double.IsNaN(threshold))
        {
            throw new ArgumentException("The threshold is NaN.", nameof(threshold));
        }
    }

    private static NabResult Result(NabProfile profile, double threshold, double raw, int windowCount, int detected, int falseAlarms) =>
        new(profile, threshold, raw, -profile.FalseNegativeWeight * windowCount, profile.TruePositiveWeight * windowCount, windowCount, detected, falseAlarms);

    private static (double Raw, int Windows, int Detected, int FalseAlarms) ScoreSeries(IReadOnlyList<double> scores, IReadOnlyList<NabWindow> windows, NabProfile profile, double threshold)
    {
        var scoredWindows = ScoredWindowCount(windows, scores.Count);
        var counted = new bool[windows.Count];
        double raw = 0;
        int detected = 0, falseAlarms = 0;
        for (var i = ProbationLength(scores.Count); i < scores.Count; i++)
        {
            if (!(scores[i] >= threshold))
            {
                continue;
            }

            var (inside, previous) = Locate(windows, i);
            if (inside < 0)
            {
                raw += FalsePositiveScore(windows, previous, i, profile);
                falseAlarms++;
            }
            else if (!counted[inside])
            {
                counted[inside] = true;
                raw += TruePositiveScore(windows[inside], i, profile);
                detected++;
            }
        }

        raw -= profile.FalseNegativeWeight * (scoredWindows - detected);
        return (raw, scoredWindows, detected, falseAlarms);
    }

    /// <summary>The window containing <paramref name="row"/> (or −1), and otherwise the last window ending before it (or −1).</summary>
    private static (int Inside, int Previous) Locate(IReadOnlyList<NabWindow> windows, int row)
    {
        // The last window starting at or before the row.
        int lo = 0, hi = windows.Count - 1, last = -1;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (windows[mid].Start <= row)
            {
                last = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return last >= 0 && windows[last].End >= row ? (last, -1) : (-1, last);
    }

    private static double TruePositiveScore(NabWindow window, int row, NabProfile profile) =>
        profile.TruePositiveWeight * ScaledSigmoid(-(window.End - row + 1) / (double)window.Length) / SigmoidAtMinusOne;

    /// <summary>
    /// What a false alarm at <paramref name="row"/> costs: −A_FP before the first window, otherwise
    /// <c>A_FP · σ((row − b) / (L − 1))</c> for the last window that ended before it. NAB divides by <c>L − 1</c>, and
    /// fails on a one-row window; here an alarm after a one-row window costs the full −A_FP.
    /// </summary>
    private static double FalsePositiveScore(IReadOnlyList<NabWindow> windows, int previous, int row, NabProfile profile)
    {
        if (previous < 0 || windows[previous].Length == 1)
        {
            return -profile.FalsePositiveWeight;
        }

        var window = windows[previous];
        return profile.FalsePositiveWeight * ScaledSigmoid((row - window.End) / (double)(window.Length - 1));
    }

    /// <summary>Whether <paramref name="raw"/> beats <paramref name="best"/> by more than the tie tolerance.</summary>
    private static bool Improves(double raw, double best) => raw > best + (TieTolerance * Math.Max(1.0, Math.Abs(best)));

    /// <summary>
    /// Lowers a threshold shared by a set of series one distinct score at a time, keeping each series' raw score and
    /// the total. False alarms add up; a window's true-positive term depends only on its earliest alarm row, which can
    /// only move earlier as more rows alarm.
    /// </summary>
    private sealed class Sweep
    {
        private readonly NabProfile _profile;
        private readonly double[] _keys;
        private readonly int[] _order;
        private readonly int[] _rows;
        private readonly int[] _seriesOfRow;
        private readonly int[] _windowOfRow;
        private readonly double[] _falsePositive;
        private readonly NabWindow[] _windows;
        private readonly int[] _seriesOfWindow;
        private readonly int[] _earliest;
        private int _next;

        public Sweep(IReadOnlyList<(NabSeries Series, IReadOnlyList<double> Scores)> scored, NabProfile profile)
        {
            _profile = profile;
            SeriesRaw = new double[scored.Count];
            var total = 0;
            var allWindowCount = 0;
            for (var s = 0; s < scored.Count; s++)
            {
                var series = scored[s].Series;
                total += series.Count - ProbationLength(series.Count);
                allWindowCount += series.Windows.Count;
                SeriesRaw[s] = -profile.FalseNegativeWeight * ScoredWindowCount(series.Windows, series.Count);
                Total += SeriesRaw[s];
            }

            // Every row after its series' probation, with where it lies: inside a window (the window's index in the
            // whole set) or outside (what an alarm there costs).
            _keys = new double[total];
            _rows = new int[total];
            _seriesOfRow = new int[total];
            _windowOfRow = new int[total];
            _falsePositive = new double[total];
            _windows = new NabWindow[allWindowCount];
            _seriesOfWindow = new int[allWindowCount];
            _earliest = new int[allWindowCount];
            var next = 0;
            var windowOffset = 0;
            for (var s = 0; s < scored.Count; s++)
            {
                var (series, scores) = scored[s];
                var windows = series.Windows;
                for (var k = 0; k < windows.Count; k++)
                {
                    _windows[windowOffset + k] = windows[k];
                    _seriesOfWindow[windowOffset + k] = s;
                }

                for (var i = ProbationLength(series.Count); i < series.Count; i++)
                {
                    _keys[next] = -scores[i];
                    _rows[next] = i;
                    _seriesOfRow[next] = s;
                    var (inside, previous) = Locate(windows, i);
                    _windowOfRow[next] = inside < 0 ? -1 : windowOffset + inside;
                    _falsePositive[next] = inside < 0 ? FalsePositiveScore(windows, previous, i, profile) : 0;
                    next++;
                }

                windowOffset += windows.Count;
            }

            _order = new int[total];
            for (var j = 0; j < total; j++)
            {
                _order[j] = j;
            }

            Array.Sort(_keys, _order);
            Array.Fill(_earliest, -1);
        }

        /// <summary>Each series' raw score at the current threshold.</summary>
        public double[] SeriesRaw { get; }

        /// <summary>The set's raw score at the current threshold.</summary>
        public double Total { get; private set; }

        /// <summary>Lowers the threshold to the next distinct score, if there is one, and updates the scores.</summary>
        public bool Lower(out double threshold)
        {
            if (_next >= _keys.Length)
            {
                threshold = double.NaN;
                return false;
            }

            var key = _keys[_next];
            for (; _next < _keys.Length && _keys[_next] == key; _next++)
            {
                var r = _order[_next];
                var w = _windowOfRow[r];
                double delta;
                if (w < 0)
                {
                    delta = _falsePositive[r];
                }
                else
                {
                    var earliest = _earliest[w];
                    var row = _rows[r];
                    if (earliest < 0)
                    {
                        delta = TruePositiveScore(_windows[w], row, _profile) + _profile.FalseNegativeWeight;
                    }
                    else if (row < earliest)
                    {
                        delta = TruePositiveScore(_windows[w], row, _profile) - TruePositiveScore(_windows[w], earliest, _profile);
                    }
                    else
                    {
                        continue;
                    }

                    _earliest[w] = row;
                }

                SeriesRaw[_seriesOfRow[r]] += delta;
                Total += delta;
            }

            threshold = -key;
            return true;
        }
    }
}
