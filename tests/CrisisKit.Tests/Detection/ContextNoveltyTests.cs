using CrisisKit.Detection;
using CrisisKit.Snapshots;

namespace CrisisKit.Tests.Detection;

public class ContextNoveltyTests
{
    private const double Threshold = 0.5319; // the shipped NAB threshold

    // A load that climbs in ten steps and falls back, over and over (a day of 288 buckets is not a whole number of
    // cycles, so the same time of day sees a different step each day), with a little noise; from bucket 1,500 it stays
    // at the middle of its range for 30 buckets (a stuck sensor, a stalled job): no value outside the usual range, no
    // departure larger than the usual swing, but a sequence the series has never shown.
    private const double Middle = 0.54;

    private static double Sawtooth(int i) => 0.3 + (0.06 * (i % 10)) + (0.002 * Math.Sin(i * 1.7));

    private static double Stuck(int i) => i is >= 1_500 and < 1_530 ? Middle : Sawtooth(i);

    [Fact]
    public void A_new_pattern_inside_the_usual_range_is_raised_where_the_departure_alone_is_not()
    {
        var novelty = new ContextNovelty();
        var scores = Enumerable.Range(0, 1_600).Select(i => novelty.Next(Stuck(i))).ToList();

        scores.Take(ContextNovelty.WarmUp).Should().OnlyContain(s => s == 0, "the warm-up only learns the range");
        scores.Skip(1_000).Take(500).Should().OnlyContain(s => s < 0.3, "the sawtooth repeats what the series has shown");
        scores.Skip(1_500).Take(5).Max().Should().BeGreaterThan(0.7, "the series has never stayed at one level");

        var signals = MeasuredVolume.Signals(Stuck, 1_600);

        signals.Skip(1_000).Take(500).Should().OnlyContain(s => s.Score < Threshold);
        var raised = signals.Skip(1_500).Take(5).MaxBy(s => s.Score)!;
        raised.Score.Should().BeGreaterThan(Threshold);
        raised.Reason.Should().Contain("a sequence of values the series has not shown before");
    }

    [Fact]
    public void A_pattern_seen_once_before_is_not_new_the_second_time()
    {
        var novelty = new ContextNovelty();
        var first = 0.0;
        var second = 0.0;
        for (var i = 0; i < 2_400; i++)
        {
            var stuck = i is >= 1_500 and < 1_530 or >= 2_100 and < 2_130;
            var score = novelty.Next(stuck ? Middle : Sawtooth(i));
            if (i is >= 1_500 and < 1_530)
            {
                first = Math.Max(first, score);
            }
            else if (i is >= 2_100 and < 2_130)
            {
                second = Math.Max(second, score);
            }
        }

        first.Should().BeGreaterThan(0.7);
        second.Should().BeLessThan(first / 2, "the series has shown this before");
    }

    [Theory]
    [InlineData(300)]
    [InlineData(599)]
    [InlineData(600)]
    [InlineData(1_400)]
    public void Volume_spike_on_a_measured_series_with_a_new_pattern_carries_on_after_save_and_load_as_if_never_stopped(int cut)
    {
        var scores = MeasuredVolume.ScoresAcrossSaveAndLoad(Stuck, _ => 0, cut, end: 1_600);

        scores.Should().OnlyContain(s => s.A == s.B);
        scores.Max(s => s.A).Should().BeGreaterThan(Threshold, "the stuck level is raised by both");
    }

    [Fact]
    public void Values_that_are_not_finite_are_ignored()
    {
        var novelty = new ContextNovelty();
        var plain = new ContextNovelty();
        for (var i = 0; i < 1_600; i++)
        {
            if (i % 100 == 7)
            {
                novelty.Next(double.NaN).Should().Be(0);
                novelty.Next(double.PositiveInfinity).Should().Be(0);
            }

            novelty.Next(Stuck(i)).Should().Be(plain.Next(Stuck(i)));
        }
    }

    [Fact]
    public void A_constant_series_and_huge_values_score_without_overflow()
    {
        var novelty = new ContextNovelty();
        var scores = Enumerable.Range(0, 800).Select(i => novelty.Next(i < 700 ? 5 : i == 700 ? double.MaxValue : -double.MaxValue)).ToList();

        scores.Should().OnlyContain(s => s >= 0 && s <= 1);
        scores[700].Should().BeGreaterThan(0.4, "the first value far outside a constant series is new (and rare after only 100 scored values)");
    }

    private enum NoveltyField
    {
        WarmUp = 1,
        Plain = 2,
        Shifted = 3,
        Levels = 4,
        Judged = 5,
    }

    private enum GridField
    {
        Low = 1,
        High = 2,
        History = 4,
        Transitions = 7,
    }

    [Theory]
    [InlineData(1.0, 0.0, new int[0], 0, 0, "a grid without a valid range")]
    [InlineData(-1e308, double.PositiveInfinity, new int[0], 0, 0, "a grid without a valid range")]
    [InlineData(0.0, 1.0, new[] { 0, 0, 0, 0 }, 0, 0, "a history of 4 bins where at most 3")]
    [InlineData(0.0, 1.0, new[] { 5000 }, 0, 0, "a history of 1 bins where at most 3, each within ±2047")]
    [InlineData(0.0, 1.0, new int[0], 5, 0, "0 raw novelties counted for 5 values judged")]
    [InlineData(0.0, 1.0, new int[0], 0, -1, "a count of raw novelties (-1) outside 0 to the values judged (0)")]
    [InlineData(0.0, 1.0, new int[0], 0, long.MaxValue, "a count of raw novelties (9223372036854775807) outside")]
    public void A_corrupt_novelty_state_is_refused_with_what_is_wrong(double low, double high, int[] history, long judged, long firstLevel, string why)
    {
        using var writer = new SnapshotWriter();
        foreach (var grid in new[] { NoveltyField.Plain, NoveltyField.Shifted })
        {
            var bookmark = writer.BeginMessage(grid);
            writer.WriteDouble(GridField.Low, low);
            writer.WriteDouble(GridField.High, high);
            writer.WriteInt32s(GridField.History, history);
            writer.EndMessage(bookmark);
        }

        var levels = new ulong[101];
        levels[0] = unchecked((ulong)firstLevel);
        levels[1] = unchecked((ulong)firstLevel);
        writer.WriteUInt64s(NoveltyField.Levels, levels);
        writer.WriteInt64(NoveltyField.Judged, judged);

        Reading(writer).Should().Throw<SnapshotDataException>().WithMessage($"*{why}*");
    }

    [Fact]
    public void A_transition_after_a_context_never_seen_is_refused()
    {
        using var writer = new SnapshotWriter();
        var bookmark = writer.BeginMessage(NoveltyField.Plain);
        writer.WriteDouble(GridField.Low, 0.0);
        writer.WriteDouble(GridField.High, 1.0);
        writer.WriteUInt64s(GridField.Transitions, [42UL]);
        writer.EndMessage(bookmark);

        Reading(writer).Should().Throw<SnapshotDataException>().WithMessage("*a transition (42) after a context that was never seen*");
    }

    [Fact]
    public void A_warm_up_value_that_is_not_finite_is_refused()
    {
        using var writer = new SnapshotWriter();
        writer.WriteDoubles(NoveltyField.WarmUp, [0.5, double.NaN]);

        Reading(writer).Should().Throw<SnapshotDataException>().WithMessage("*a warm-up value that is not a finite number*");
    }

    [Fact]
    public void A_warm_up_at_both_ends_of_the_doubles_is_saved_and_loaded_like_any_other()
    {
        // Neighbouring warm-up values of −1e308 and +1e308 would overflow a quantile taken by difference, and a range
        // of infinite width would be written but refused when read back.
        double Value(int i) => i < 588 ? -1e308 : i < 600 ? 1e308 : Stuck(i);
        var scores = MeasuredVolume.ScoresAcrossSaveAndLoad(Value, _ => 0, cut: 700, end: 900);

        scores.Should().OnlyContain(s => s.A == s.B && double.IsFinite(s.A));
    }

    private static Action Reading(SnapshotWriter writer) => () =>
    {
        var state = (ISnapshotState)new ContextNovelty();
        var reader = new SnapshotReader(writer.Written);
        state.Read(ref reader);
    };
}
