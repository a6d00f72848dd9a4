using CrisisKit.Benchmarking;

namespace CrisisKit.Tests.Benchmarking;

public sealed class NabScorerTests : IDisposable
{
    // σ(x) = 2 / (1 + e^(5x)) − 1, so σ(−1) = 2 / (1 + e^−5) − 1 = 0.98661429815143.
    private const double SigmaMinusOne = 0.98661429815143;

    private readonly string _dir = Directory.CreateTempSubdirectory("nab-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A 100-row series' scores: 1 at the given rows, 0 elsewhere. Probation is floor(0.15 · 100) = 15 rows.</summary>
    private static double[] Alarms(params int[] rows)
    {
        var scores = new double[100];
        foreach (var r in rows)
        {
            scores[r] = 1;
        }

        return scores;
    }

    private static readonly NabWindow[] OneWindow = [new(40, 49)];

    private static double Raw(double[] scores, NabProfile? profile = null) =>
        NabScorer.RawScore(scores, OneWindow, profile ?? NabProfile.Standard, 0.5);

    private static NabSeries Series(string name, int rows, params NabWindow[] windows) =>
        new(name, [.. Enumerable.Range(0, rows).Select(i => new DateTime(2015, 3, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(5 * i))], new double[rows], windows);

    [Fact]
    public void Profiles_have_the_nab_weights_in_order()
    {
        NabProfile.All.Select(p => p.Name).Should().Equal("standard", "reward_low_FP_rate", "reward_low_FN_rate");
        NabProfile.Standard.Should().Be(new NabProfile("standard", 1, 0.11, 1));
        NabProfile.RewardLowFalsePositives.Should().Be(new NabProfile("reward_low_FP_rate", 1, 0.22, 1));
        NabProfile.RewardLowFalseNegatives.Should().Be(new NabProfile("reward_low_FN_rate", 1, 0.11, 2));
    }

    [Fact]
    public void Probation_is_fifteen_percent_capped_at_750_rows()
    {
        NabScorer.ProbationLength(100).Should().Be(15);
        NabScorer.ProbationLength(99).Should().Be(14);
        NabScorer.ProbationLength(5000).Should().Be(750);
        NabScorer.ProbationLength(15903).Should().Be(750);
        NabScorer.ProbationLength(0).Should().Be(0);
    }

    [Fact]
    public void Scaled_sigmoid_matches_the_formula_and_is_minus_one_from_three_on()
    {
        NabScorer.ScaledSigmoid(-1).Should().BeApproximately(SigmaMinusOne, 1e-13);
        NabScorer.ScaledSigmoid(0).Should().Be(0);
        NabScorer.ScaledSigmoid(3.0001).Should().Be(-1);
        NabScorer.ScaledSigmoid(3).Should().Be(-1, "NAB's scorer is −1 from 3 on, not only beyond it");
        NabScorer.ScaledSigmoid(2.9999).Should().BeApproximately(-1, 1e-6).And.BeGreaterThan(-1);
    }

    [Fact]
    public void An_alarm_at_the_first_row_of_a_window_scores_one()
    {
        // A_TP · σ(−(49 − 40 + 1) / 10) / σ(−1) = σ(−1) / σ(−1) = 1.
        Raw(Alarms(40)).Should().BeApproximately(1.0, 1e-12);
    }

    [Fact]
    public void An_alarm_at_the_last_row_of_a_window_scores_little()
    {
        // σ(−(49 − 49 + 1) / 10) = σ(−0.1) = 2 / (1 + e^−0.5) − 1 = 0.24491866240371;
        // divided by σ(−1) = 0.98661429815143 that is 0.24824154977543.
        Raw(Alarms(49)).Should().BeApproximately(0.24824154977543, 1e-12);
    }

    [Fact]
    public void A_later_first_alarm_scores_by_its_position_and_the_profile_weights_it()
    {
        // Row 45: σ(−5 / 10) / σ(−1) = (2 / (1 + e^−2.5) − 1) / 0.98661429815143 = 0.84828363995751 / 0.98661429815143 = 0.85979256690978.
        Raw(Alarms(45)).Should().BeApproximately(0.85979256690978, 1e-12);
        Raw(Alarms(45), new NabProfile("double", 2, 0.11, 1)).Should().BeApproximately(2 * 0.85979256690978, 1e-12);
    }

    [Fact]
    public void Alarms_in_the_probation_period_are_ignored()
    {
        // Probation is rows 0..14: alarms there count for nothing, so only the missed window's −A_FN remains.
        Raw(Alarms(0, 7, 14)).Should().BeApproximately(-1.0, 1e-12);
        // Row 15 is the first scored row: a false alarm before the first window, −A_FP.
        Raw(Alarms(15)).Should().BeApproximately(-1.0 - 0.11, 1e-12);
    }

    [Fact]
    public void A_false_alarm_before_the_first_window_costs_the_full_false_positive_weight()
    {
        Raw(Alarms(20, 40)).Should().BeApproximately(1.0 - 0.11, 1e-12);
        Raw(Alarms(39, 40), NabProfile.RewardLowFalsePositives).Should().BeApproximately(1.0 - 0.22, 1e-12);
    }

    [Fact]
    public void A_false_alarm_right_after_a_window_costs_little_and_far_away_the_full_weight()
    {
        // The position past a window of L rows is measured in units of L − 1 (NAB's divisor), here 9.
        // Row 50: A_FP · σ((50 − 49) / 9) = 0.11 · (2 / (1 + e^(5/9)) − 1) = 0.11 · −0.27084711851672 = −0.02979318303684.
        Raw(Alarms(40, 50)).Should().BeApproximately(1.0 - 0.02979318303684, 1e-12);
        // Row 54: 0.11 · σ(5 / 9) = 0.11 · −0.88292619425126 = −0.09712188136764.
        Raw(Alarms(40, 54)).Should().BeApproximately(1.0 - 0.09712188136764, 1e-12);
        // Row 76: (76 − 49) / 9 = 3 exactly, so σ = −1 and the alarm costs 0.11; so does row 90.
        Raw(Alarms(40, 76)).Should().BeApproximately(1.0 - 0.11, 1e-15);
        Raw(Alarms(40, 90)).Should().BeApproximately(1.0 - 0.11, 1e-12);
    }

    [Fact]
    public void A_false_alarm_after_a_one_row_window_costs_the_full_false_positive_weight()
    {
        // L − 1 = 0: NAB's own scorer divides by zero here; the alarm is scored as far from the window.
        NabScorer.RawScore(Alarms(40, 41), [new NabWindow(40, 40)], NabProfile.Standard, 0.5).Should().BeApproximately(1.0 - 0.11, 1e-12);
    }

    [Fact]
    public void A_window_that_ends_in_the_probation_period_is_neither_detected_nor_missed()
    {
        // Probation is rows 0..14: window [5, 9] is not scored at all; window [10, 19] is, and only its rows from 15 on can detect it.
        NabWindow[] windows = [new(5, 9), new(10, 19), new(40, 49)];
        NabScorer.RawScore(Alarms(40), windows, NabProfile.Standard, 0.5).Should().BeApproximately(1.0 - 1.0, 1e-12);
        NabScorer.RawScore(Alarms(12, 40), windows, NabProfile.Standard, 0.5).Should().BeApproximately(1.0 - 1.0, 1e-12);
        // Row 15 of [10, 19]: σ(−(19 − 15 + 1) / 10) / σ(−1) = 0.85979256690978.
        NabScorer.RawScore(Alarms(15, 40), windows, NabProfile.Standard, 0.5).Should().BeApproximately(1.0 + 0.85979256690978, 1e-12);

        var series = Series("p.csv", 100, windows);
        var result = NabScorer.Score([(series, Alarms(40))], NabProfile.Standard, 0.5);
        result.WindowCount.Should().Be(2);
        result.Null.Should().Be(-2);
        NabScorer.ScoredWindowCount(windows, 100).Should().Be(2);
        NabScorer.BestThreshold([(series, Alarms(15, 40))], NabProfile.Standard).Raw.Should().BeApproximately(1.0 + 0.85979256690978, 1e-12);
    }

    [Fact]
    public void A_false_alarm_is_measured_from_the_last_window_that_ended_before_it()
    {
        // Windows [20, 29] and [60, 69]; an alarm at row 32 is 3 rows after the first: 0.11 · σ(3 / 9) = 0.11 · (2 / (1 + e^(5/3)) − 1).
        var scores = new double[100];
        scores[32] = 1;
        var expected = (0.11 * ((2 / (1 + Math.Exp(5.0 / 3.0))) - 1)) - 2.0;
        NabScorer.RawScore(scores, [new(20, 29), new(60, 69)], NabProfile.Standard, 1).Should().BeApproximately(expected, 1e-12);
    }

    [Fact]
    public void Only_the_first_alarm_in_a_window_counts()
    {
        Raw(Alarms(40, 45)).Should().BeApproximately(1.0, 1e-12);
        Raw(Alarms(45, 46, 47, 49)).Should().BeApproximately(0.85979256690978, 1e-12);
    }

    [Fact]
    public void A_missed_window_costs_the_false_negative_weight()
    {
        Raw(Alarms()).Should().BeApproximately(-1.0, 1e-12);
        Raw(Alarms(), NabProfile.RewardLowFalseNegatives).Should().BeApproximately(-2.0, 1e-12);
    }

    [Fact]
    public void Rows_alarm_when_their_score_reaches_the_threshold()
    {
        var scores = new double[100];
        scores[40] = 0.7;
        NabScorer.RawScore(scores, OneWindow, NabProfile.Standard, 0.7).Should().BeApproximately(1.0, 1e-12);
        NabScorer.RawScore(scores, OneWindow, NabProfile.Standard, 0.7000001).Should().BeApproximately(-1.0, 1e-12);
    }

    [Fact]
    public void A_set_is_normalised_between_never_alarming_and_perfect()
    {
        var a = Series("a.csv", 100, new NabWindow(40, 49));
        var b = Series("b.csv", 200, new NabWindow(50, 59), new NabWindow(120, 139));
        var aScores = Alarms(40);               // +1
        var bScores = new double[200];
        bScores[35] = 1;                        // probation is 30 rows: before the first window, −0.11
        bScores[130] = 1;                       // window [120, 139] at row 130: σ(−10 / 20) / σ(−1) = 0.85979256690978
                                                // window [50, 59] missed: −1
        var result = NabScorer.Score([(a, aScores), (b, bScores)], NabProfile.Standard, 0.5);

        var raw = 1 - 0.11 + 0.85979256690978 - 1;
        result.Raw.Should().BeApproximately(raw, 1e-12);
        result.WindowCount.Should().Be(3);
        result.Null.Should().Be(-3);
        result.Perfect.Should().Be(3);
        result.Normalised.Should().BeApproximately(100 * (raw + 3) / 6, 1e-9);
        result.Detected.Should().Be(2);
        result.Missed.Should().Be(1);
        result.FalseAlarms.Should().Be(1);
        result.Threshold.Should().Be(0.5);
        result.Profile.Should().Be(NabProfile.Standard);

        // Under reward_low_FN_rate: null = −2 · 3 = −6, the miss costs 2.
        var lowFn = NabScorer.Score([(a, aScores), (b, bScores)], NabProfile.RewardLowFalseNegatives, 0.5);
        lowFn.Raw.Should().BeApproximately(raw - 1, 1e-12);
        lowFn.Normalised.Should().BeApproximately(100 * (raw - 1 + 6) / 9, 1e-9);
    }

    [Fact]
    public void Never_alarming_scores_zero_and_a_perfect_detector_100()
    {
        var a = Series("a.csv", 100, new NabWindow(40, 49));
        NabScorer.Score([(a, new double[100])], NabProfile.Standard, 0.5).Normalised.Should().Be(0);
        NabScorer.Score([(a, Alarms(40))], NabProfile.Standard, 0.5).Normalised.Should().BeApproximately(100, 1e-9);
    }

    [Fact]
    public void The_best_threshold_is_never_alarming_when_every_alarm_hurts()
    {
        var a = Series("a.csv", 100, new NabWindow(40, 49));
        var scores = Alarms(20, 30);
        var best = NabScorer.BestThreshold([(a, scores)], NabProfile.Standard);
        best.Threshold.Should().Be(double.PositiveInfinity);
        best.Raw.Should().Be(-1);
        best.Normalised.Should().Be(0);
    }

    [Fact]
    public void The_best_threshold_prefers_the_highest_of_equal_scores()
    {
        // Rows 40 (0.9) and 41 (0.6) both alarm in the window; only row 40 counts, so θ = 0.9 and θ = 0.6 tie.
        var a = Series("a.csv", 100, new NabWindow(40, 49));
        var scores = new double[100];
        scores[40] = 0.9;
        scores[41] = 0.6;
        scores[70] = 0.3;
        var best = NabScorer.BestThreshold([(a, scores)], NabProfile.Standard);
        best.Threshold.Should().Be(0.9);
        best.Raw.Should().BeApproximately(1, 1e-12);
    }

    /// <summary>Random series with windows, scores on a coarse grid so that many rows share a value.</summary>
    private static List<(NabSeries Series, IReadOnlyList<double> Scores)> RandomSet(int seed, int count = 5)
    {
        var random = new Random(seed);
        var scored = new List<(NabSeries Series, IReadOnlyList<double> Scores)>();
        for (var s = 0; s < count; s++)
        {
            var n = random.Next(150, 500);
            var windows = new List<NabWindow>();
            var start = random.Next(0, 60);
            while (true)
            {
                var length = random.Next(1, 40);
                if (start + length > n)
                {
                    break;
                }

                windows.Add(new NabWindow(start, start + length - 1));
                start += length + random.Next(1, 120);
            }

            // Scores on a coarse grid so that many rows share a value; inside windows the larger of two draws, so that alarming
            // pays but rarely without false alarms.
            var scores = new double[n];
            for (var i = 0; i < n; i++)
            {
                var inWindow = windows.Any(w => w.Contains(i));
                scores[i] = Math.Round(inWindow ? Math.Max(random.NextDouble(), random.NextDouble()) : random.NextDouble(), 2);
            }

            scored.Add((Series($"s{s}.csv", n, [.. windows]), scores));
        }

        return scored;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_best_threshold_agrees_with_a_brute_force_search(int seed)
    {
        var scored = RandomSet(seed);
        foreach (var profile in NabProfile.All)
        {
            // Every distinct score, highest first, after never alarming; a lower threshold must beat the best so far.
            var candidates = scored.SelectMany(x => x.Scores).Distinct().OrderDescending().Prepend(double.PositiveInfinity);
            NabResult? expected = null;
            foreach (var theta in candidates)
            {
                var result = NabScorer.Score(scored, profile, theta);
                if (expected is null || result.Raw > expected.Raw + (1e-9 * Math.Max(1, Math.Abs(expected.Raw))))
                {
                    expected = result;
                }
            }

            var best = NabScorer.BestThreshold(scored, profile);
            best.Threshold.Should().Be(expected!.Threshold, $"profile {profile.Name}, seed {seed}");
            best.Raw.Should().BeApproximately(expected.Raw, 1e-9);
            best.Should().Be(expected);
            best.Threshold.Should().BeLessThan(1, "the random scores make some alarms pay");
            best.Detected.Should().BeGreaterThan(0);
            best.FalseAlarms.Should().BeGreaterThan(0);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(5)]
    public void Leave_one_series_out_scores_each_series_at_the_threshold_best_for_the_others(int seed)
    {
        var scored = RandomSet(seed, count: 6);
        foreach (var profile in NabProfile.All)
        {
            var validated = NabScorer.LeaveOneSeriesOut(scored, profile);

            double raw = 0;
            int windows = 0, detected = 0, falseAlarms = 0;
            for (var s = 0; s < scored.Count; s++)
            {
                var others = scored.Where((_, i) => i != s).ToList();
                var threshold = NabScorer.BestThreshold(others, profile).Threshold;
                validated.Thresholds[s].Should().Be(threshold, $"series {s}, profile {profile.Name}, seed {seed}");
                var own = NabScorer.Score([scored[s]], profile, threshold);
                raw += own.Raw;
                windows += own.WindowCount;
                detected += own.Detected;
                falseAlarms += own.FalseAlarms;
            }

            validated.Raw.Should().BeApproximately(raw, 1e-9);
            validated.WindowCount.Should().Be(windows);
            validated.Null.Should().Be(-profile.FalseNegativeWeight * windows);
            validated.Perfect.Should().Be(profile.TruePositiveWeight * windows);
            validated.Detected.Should().Be(detected);
            validated.FalseAlarms.Should().Be(falseAlarms);
            validated.Missed.Should().Be(windows - detected);
            validated.Profile.Should().Be(profile);
            validated.Normalised.Should().BeLessThanOrEqualTo(NabScorer.BestThreshold(scored, profile).Normalised + 1e-9, "a threshold tuned on the scored series cannot do worse on them");
        }
    }

    [Fact]
    public void Leave_one_series_out_scores_a_series_at_the_threshold_of_the_others_not_its_own()
    {
        // a and b find their windows at score 1 and have false alarms at 0.5; c finds its window only at 0.4. Tuned on
        // all three, 0.4 pays (c's window outweighs the false alarms), and so it does for a's and b's folds, which hold c;
        // but c's own fold holds only a and b, for which 1 is best, so c's window is missed.
        var a = Series("a.csv", 100, new NabWindow(40, 49));
        var b = Series("b.csv", 100, new NabWindow(40, 49));
        var c = Series("c.csv", 100, new NabWindow(40, 49));
        var aScores = Alarms(40);
        aScores[70] = 0.5;
        aScores[80] = 0.5;
        var bScores = Alarms(40);
        bScores[60] = 0.5;
        var cScores = new double[100];
        cScores[40] = 0.4;
        (NabSeries, IReadOnlyList<double>)[] set = [(a, aScores), (b, bScores), (c, cScores)];

        var validated = NabScorer.LeaveOneSeriesOut(set, NabProfile.Standard);

        NabScorer.BestThreshold(set, NabProfile.Standard).Threshold.Should().Be(0.4);
        validated.Thresholds.Should().Equal(0.4, 0.4, 1);
        validated.Detected.Should().Be(2);
        validated.FalseAlarms.Should().Be(3);
        var expected = NabScorer.RawScore(aScores, a.Windows, NabProfile.Standard, 0.4) + NabScorer.RawScore(bScores, b.Windows, NabProfile.Standard, 0.4) - 1;
        validated.Raw.Should().BeApproximately(expected, 1e-12);
    }

    [Fact]
    public void Leave_one_series_out_needs_two_series()
    {
        var a = Series("a.csv", 100, new NabWindow(40, 49));
        FluentActions.Invoking(() => NabScorer.LeaveOneSeriesOut([(a, Alarms(40))], NabProfile.Standard)).Should().Throw<ArgumentException>().WithMessage("*at least two series*");
    }

    [Fact]
    public void Bad_arguments_are_rejected_with_clear_messages()
    {
        var a = Series("a.csv", 100, new NabWindow(40, 49));
        var p = NabProfile.Standard;

        FluentActions.Invoking(() => NabScorer.RawScore(null!, OneWindow, p, 0.5)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => NabScorer.RawScore(Alarms(), null!, p, 0.5)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => NabScorer.RawScore(Alarms(), OneWindow, null!, 0.5)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => NabScorer.RawScore(Alarms(), OneWindow, p, double.NaN)).Should().Throw<ArgumentException>().WithMessage("*NaN*");

        var nan = Alarms();
        nan[3] = double.NaN;
        FluentActions.Invoking(() => NabScorer.RawScore(nan, OneWindow, p, 0.5)).Should().Throw<ArgumentException>().WithMessage("Score 3 is NaN*[0, 1]*");
        var high = Alarms();
        high[5] = 1.5;
        FluentActions.Invoking(() => NabScorer.RawScore(high, OneWindow, p, 0.5)).Should().Throw<ArgumentException>().WithMessage("Score 5 is 1.5*");
        var negative = Alarms();
        negative[6] = -0.01;
        FluentActions.Invoking(() => NabScorer.Score([(a, negative)], p, 0.5)).Should().Throw<ArgumentException>().WithMessage("*'a.csv'*");

        FluentActions.Invoking(() => NabScorer.RawScore(Alarms(), [new(90, 100)], p, 0.5)).Should().Throw<ArgumentException>().WithMessage("*0..99*");
        FluentActions.Invoking(() => NabScorer.RawScore(Alarms(), [new(-1, 5)], p, 0.5)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => NabScorer.RawScore(Alarms(), [new(10, 5)], p, 0.5)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => NabScorer.RawScore(Alarms(), [new(10, 20), new(20, 30)], p, 0.5)).Should().Throw<ArgumentException>().WithMessage("*overlap*");

        FluentActions.Invoking(() => NabScorer.Score(null!, p, 0.5)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => NabScorer.Score([], p, 0.5)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => NabScorer.Score([(a, new double[99])], p, 0.5)).Should().Throw<ArgumentException>().WithMessage("*100 rows but 99 scores*");
        FluentActions.Invoking(() => NabScorer.BestThreshold([(a, new double[101])], p)).Should().Throw<ArgumentException>().WithMessage("*100 rows but 101 scores*");
        FluentActions.Invoking(() => NabScorer.BestThreshold([(a, Alarms())], null!)).Should().Throw<ArgumentNullException>();

        FluentActions.Invoking(() => Series("x.csv", 10, new NabWindow(5, 10))).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => new NabSeries("x.csv", [DateTime.UnixEpoch], [1, 2], [])).Should().Throw<ArgumentException>();
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Writes a series of three five-minute rows at each of <paramref name="paths"/> under <c>data/</c>.</summary>
    private void WriteThreeRowSeries(params string[] paths)
    {
        foreach (var path in paths)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(_dir, "data", path))!);
            Write(Path.Combine("data", path), "timestamp,value\n2015-03-01 00:00:00,1\n2015-03-01 00:05:00,2\n2015-03-01 00:10:00,3\n");
        }
    }

    private static DateTime Utc(string s) => DateTime.SpecifyKind(DateTime.Parse(s, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);

    [Fact]
    public void A_series_file_is_read_and_its_windows_become_row_windows()
    {
        var path = Write("Twitter_volume_X.csv", """
            timestamp,value
            2015-03-01 00:00:00,10
            2015-03-01 00:05:00,12.5
            2015-03-01 00:10:00,7
            2015-03-01 00:20:00,3
            2015-03-01 00:25:00,0

            """);

        var series = NabData.ReadSeries(path, [
            (Utc("2015-03-01 00:12:00"), Utc("2015-03-01 00:13:00")),   // between rows 2 and 3: dropped
            (Utc("2015-03-01 00:02:00"), Utc("2015-03-01 00:10:00")),   // rows 1..2 (end on a row is inclusive)
            (Utc("2015-03-01 00:20:00"), Utc("2015-03-01 09:00:00")),   // rows 3..4, clipped at the end
        ]);

        series.Name.Should().Be("Twitter_volume_X.csv");
        series.Count.Should().Be(5);
        series.Values.Should().Equal(10, 12.5, 7, 3, 0);
        series.Timestamps[1].Should().Be(new DateTime(2015, 3, 1, 0, 5, 0, DateTimeKind.Utc));
        series.Timestamps[1].Kind.Should().Be(DateTimeKind.Utc);
        series.Windows.Should().Equal(new NabWindow(1, 2), new NabWindow(3, 4));
    }

    [Fact]
    public void Rows_that_repeat_or_step_back_a_timestamp_are_kept_in_file_order_and_a_window_names_the_first_row_with_its_timestamp()
    {
        // A clock set back: 01:00 and 01:05 come twice; then a step back of 10 minutes.
        var path = Write("clock.csv", """
            timestamp,value
            2015-03-01 00:55:00,1
            2015-03-01 01:00:00,2
            2015-03-01 01:05:00,3
            2015-03-01 01:00:00,4
            2015-03-01 01:05:00,5
            2015-03-01 01:10:00,6
            2015-03-01 01:00:00,7
            2015-03-01 01:15:00,8
            """);

        var series = NabData.ReadSeries(path, [
            (Utc("2015-03-01 01:00:00"), Utc("2015-03-01 01:05:00")),   // rows 1..2: the first rows with those timestamps
            (Utc("2015-03-01 01:10:00"), Utc("2015-03-01 01:12:00")),   // from row 5 to the row before the first one after 01:12
        ]);

        series.Values.Should().Equal(1, 2, 3, 4, 5, 6, 7, 8);
        series.Timestamps[3].Should().Be(Utc("2015-03-01 01:00:00"));
        series.Windows.Should().Equal(new NabWindow(1, 2), new NabWindow(5, 6));
        new NabSeries("x.csv", [DateTime.UnixEpoch, DateTime.UnixEpoch], [1, 2], []).Count.Should().Be(2);
    }

    [Theory]
    [InlineData("timestamp,value\n2015-03-01 00:00:00,1\n2015-03-01 00:05,2\n", ":3:*timestamp")]
    [InlineData("timestamp,value\n2015-03-01 00:00:00,1\n2015-03-01 00:05:00,abc\n", ":3:*value 'abc'")]
    [InlineData("timestamp,value\n2015-03-01 00:00:00,1,2\n", ":2:*2 comma-separated fields, found 3")]
    [InlineData("time,count\n2015-03-01 00:05:00,1\n", ":1:*header")]
    [InlineData("", ":1: the file is empty*")]
    [InlineData("timestamp,value\n\n", ":1: the file has its header and no row*")]
    [InlineData("timestamp,value\n2015-03-01 00:00:00,1\n\n  \n2015-03-01 00:05:00,x\n", ":5:*value 'x'")]
    public void A_malformed_series_file_is_reported_with_its_line(string text, string message)
    {
        var path = Write("bad.csv", text);
        FluentActions.Invoking(() => NabData.ReadSeries(path, []))
            .Should().Throw<InvalidDataException>().WithMessage($"*bad.csv{message}*");
    }

    [Fact]
    public void Windows_json_is_read_and_found_by_file_name()
    {
        var path = Write("windows.json", """
            {
              "realTweets/Twitter_volume_A.csv": [
                ["2015-03-03 04:37:53.000000", "2015-03-04 13:37:53.000000"],
                ["2015-03-09 01:02:53.000000", "2015-03-10 10:02:53.000000"]
              ],
              "realTweets/Twitter_volume_B.csv": []
            }
            """);

        var windows = NabData.ReadWindows(path);

        windows.Keys.Should().BeEquivalentTo("realTweets/Twitter_volume_A.csv", "realTweets/Twitter_volume_B.csv");
        var a = NabData.WindowsFor(windows, "Twitter_volume_A.csv");
        a.Should().Equal((Utc("2015-03-03 04:37:53"), Utc("2015-03-04 13:37:53")), (Utc("2015-03-09 01:02:53"), Utc("2015-03-10 10:02:53")));
        a[0].Start.Kind.Should().Be(DateTimeKind.Utc);
        NabData.WindowsFor(windows, "/some/dir/Twitter_volume_A.csv").Should().HaveCount(2);
        NabData.WindowsFor(windows, "Twitter_volume_B.csv").Should().BeEmpty();
        NabData.WindowsFor(windows, "Twitter_volume_C.csv").Should().BeEmpty();
        NabData.WindowsFor(windows, "A.csv").Should().BeEmpty();
    }

    [Theory]
    [InlineData("[1, 2]", "*object*")]
    [InlineData("""{"a.csv": [["2015-03-03 04:37:53"]]}""", "*'a.csv' window 0*pair*")]
    [InlineData("""{"a.csv": [["2015-03-03 04:37:53", "tomorrow"]]}""", "*'a.csv' window 0*\"tomorrow\"*")]
    [InlineData("""{"a.csv": [["2015-03-04 00:00:00", "2015-03-03 00:00:00"]]}""", "*'a.csv' window 0 ends before it starts*")]
    [InlineData("""{"a.csv": 3}""", "*'a.csv'*list*")]
    [InlineData("{", "*not valid JSON*")]
    [InlineData("""{"a.csv": [], "a.csv": [["2015-03-03 04:37:53", "2015-03-03 05:37:53"]]}""", "*: 'a.csv' is listed twice; each series has one list of windows.")]
    [InlineData("""{"a.csv": [["2015-03-03 04:00:00", "2015-03-03 06:00:00"], ["2015-03-03 06:00:00", "2015-03-03 07:00:00"]]}""", "*: 'a.csv' window 1 (2015-03-03 06:00:00 to 2015-03-03 07:00:00) overlaps window 0 (2015-03-03 04:00:00 to 2015-03-03 06:00:00); a series' windows must not overlap.")]
    public void Malformed_windows_json_is_rejected(string text, string message)
    {
        var path = Write("windows.json", text);
        FluentActions.Invoking(() => NabData.ReadWindows(path)).Should().Throw<InvalidDataException>().WithMessage(message);
    }

    [Fact]
    public void Windows_json_that_is_not_utf8_is_rejected_naming_the_byte()
    {
        var path = Path.Combine(_dir, "windows.json");
        File.WriteAllBytes(path, [.. "{\"a.csv\": [[\"2015-03-03 04:37:53"u8, 0xFF, .. "\", \"2015-03-03 05:37:53\"]]}"u8]);

        FluentActions.Invoking(() => NabData.ReadWindows(path)).Should().Throw<InvalidDataException>().WithMessage($"{path}: not UTF-8 text (byte 32 cannot be decoded).");
    }

    [Fact]
    public void A_directory_is_read_in_name_order_and_files_without_labels_get_no_windows()
    {
        const string Csv = "timestamp,value\n2015-03-01 00:00:00,1\n2015-03-01 00:05:00,2\n2015-03-01 00:10:00,3\n";
        Write("b.csv", Csv);
        Write("a.csv", Csv);
        Write("notes.txt", "not a series");
        var windows = Write("windows.json", """{"cat/a.csv": [["2015-03-01 00:05:00.000000", "2015-03-01 00:10:00.000000"]]}""");

        var series = NabData.ReadDirectory(_dir, windows);

        series.Select(s => s.Name).Should().Equal("a.csv", "b.csv");
        series[0].Windows.Should().Equal(new NabWindow(1, 2));
        series[0].Category.Should().Be("cat", "a file at the top of the folder takes its category from its windows key");
        series[1].Windows.Should().BeEmpty();
        series[1].Category.Should().BeEmpty();
    }

    [Fact]
    public void Category_folders_are_read_and_keys_match_the_whole_relative_path_first()
    {
        WriteThreeRowSeries("x/a.csv", "y/a.csv", "y/b.csv");
        var windows = Write("windows.json", """
            {
              "x/a.csv": [["2015-03-01 00:05:00.000000", "2015-03-01 00:10:00.000000"]],
              "y/a.csv": [["2015-03-01 00:00:00.000000", "2015-03-01 00:00:00.000000"]],
              "y/b.csv": []
            }
            """);

        var series = NabData.ReadDirectory(Path.Combine(_dir, "data"), windows);

        series.Select(s => s.Name).Should().Equal("x/a.csv", "y/a.csv", "y/b.csv");
        series.Select(s => s.Category).Should().Equal("x", "y", "y");
        series[0].Windows.Should().Equal(new NabWindow(1, 2));
        series[1].Windows.Should().Equal(new NabWindow(0, 0));
        FluentActions.Invoking(() => NabData.WindowsFor(NabData.ReadWindows(windows), "a.csv")).Should().Throw<ArgumentException>().WithMessage("*more than one key*");
    }

    [Fact]
    public void A_key_that_names_one_file_is_not_borrowed_by_a_file_of_the_same_name_in_another_folder()
    {
        WriteThreeRowSeries("x/a.csv", "y/a.csv");
        var windows = Write("windows.json", """{"x/a.csv": [["2015-03-01 00:05:00.000000", "2015-03-01 00:10:00.000000"]]}""");

        var series = NabData.ReadDirectory(Path.Combine(_dir, "data"), windows);

        series.Select(s => s.Name).Should().Equal("x/a.csv", "y/a.csv");
        series[0].Windows.Should().Equal(new NabWindow(1, 2));
        series[1].Windows.Should().BeEmpty("x/a.csv's windows are x/a.csv's, whose own file is in the folder");
        series[1].Category.Should().Be("y");
    }

    [SkippableFact]
    public void The_realtweets_development_series_load_and_bracket_the_score_range()
    {
        var windowsPath = SharedData.Require("nab-realtweets/windows.json");
        var dir = Path.GetDirectoryName(windowsPath)!;
        var windows = NabData.ReadWindows(windowsPath);

        var series = NabData.ReadDirectory(dir, windowsPath);

        series.Select(s => s.Name).Should().Equal(
            "Twitter_volume_AAPL.csv", "Twitter_volume_CVS.csv", "Twitter_volume_FB.csv", "Twitter_volume_KO.csv", "Twitter_volume_UPS.csv");
        foreach (var s in series)
        {
            s.Count.Should().BeGreaterThan(15_000);
            s.Windows.Should().HaveCount(NabData.WindowsFor(windows, s.Name).Count, s.Name);
            s.Windows[0].Start.Should().BeGreaterThanOrEqualTo(NabScorer.ProbationLength(s.Count), "no window of these series lies in the probation period");
        }

        series.Sum(s => s.Windows.Count).Should().Be(17);

        var silent = series.Select(s => (s, (IReadOnlyList<double>)new double[s.Count])).ToList();
        var oracle = series.Select(s =>
        {
            var scores = new double[s.Count];
            foreach (var w in s.Windows)
            {
                scores[w.Start] = 1;
            }

            return (s, (IReadOnlyList<double>)scores);
        }).ToList();

        foreach (var profile in NabProfile.All)
        {
            NabScorer.Score(silent, profile, 0.5).Normalised.Should().Be(0);
            NabScorer.BestThreshold(silent, profile).Normalised.Should().Be(0);
            NabScorer.Score(oracle, profile, 1).Normalised.Should().BeApproximately(100, 1e-9);
            var best = NabScorer.BestThreshold(oracle, profile);
            best.Threshold.Should().Be(1);
            best.Normalised.Should().BeApproximately(100, 1e-9);
        }
    }
}
