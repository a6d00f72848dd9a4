using CrisisKit.Benchmarking;
using CrisisKit.Sentiment;

namespace CrisisKit.Tests.Benchmarking;

public class SentimentEvaluationTests
{
    /// <summary>Scores each text by a fixed table, so the figures can be computed by hand.</summary>
    private sealed class TableAnalyzer(Dictionary<string, double> scores) : ISentimentAnalyzer
    {
        public SentimentScore Analyze(ReadOnlySpan<char> text, string? language = null) => new(scores[text.ToString()], 0, 0, 1);
    }

    [Fact]
    public void Pearson_correlation_matches_a_hand_computed_value()
    {
        SentimentEvaluation.Correlation([1, 2, 3, 4], [2, 4, 6, 8]).Should().BeApproximately(1, 1e-12);
        SentimentEvaluation.Correlation([1, 2, 3, 4], [8, 6, 4, 2]).Should().BeApproximately(-1, 1e-12);
        // x = 1,2,3; y = 1,3,2: sxy = 1, sxx = 2, syy = 2, r = 0.5
        SentimentEvaluation.Correlation([1, 2, 3], [1, 3, 2]).Should().BeApproximately(0.5, 1e-12);
    }

    [Fact]
    public void Pearson_correlation_of_a_constant_series_is_undefined_not_zero()
    {
        SentimentEvaluation.Correlation([1, 1, 1], [1, 2, 3]).Should().Be(double.NaN);
        SentimentEvaluation.Correlation([1, 2, 3], [0, 0, 0]).Should().Be(double.NaN);

        var rows = new List<LabelledText> { new("1", "a", 2.0, null), new("2", "b", 2.0, null) };
        SentimentEvaluation.Run(rows, new TableAnalyzer(new() { ["a"] = 0.8, ["b"] = -0.6 }), minimumTimingSeconds: 0).Pearson.Should().Be(double.NaN);
    }

    [Fact]
    public void Macro_f1_and_accuracy_match_hand_computed_values()
    {
        var rows = new List<LabelledText>
        {
            new("1", "a", 2.0, null),   // positive, scored positive
            new("2", "b", -3.0, null),  // negative, scored negative
            new("3", "c", 0.1, null),   // neutral, scored positive
            new("4", "d", -1.0, null),  // negative, scored neutral
        };
        var analyzer = new TableAnalyzer(new() { ["a"] = 0.8, ["b"] = -0.6, ["c"] = 0.3, ["d"] = 0.0 });

        var result = SentimentEvaluation.Run(rows, analyzer, minimumTimingSeconds: 0);

        // positive: tp 1, fp 1, fn 0 -> 2/3; negative: tp 1, fp 0, fn 1 -> 2/3; neutral: tp 0 -> 0.
        result.F1[SentimentLabel.Positive].Should().BeApproximately(2.0 / 3, 1e-12);
        result.F1[SentimentLabel.Negative].Should().BeApproximately(2.0 / 3, 1e-12);
        result.F1[SentimentLabel.Neutral].Should().Be(0);
        result.MacroF1.Should().BeApproximately(4.0 / 9, 1e-12);
        result.Accuracy.Should().Be(0.5);
        result.Scores.Should().Equal(0.8, -0.6, 0.3, 0.0);
        result.Pearson.Should().NotBeNull();
        result.TextsPerSecond.Should().BeGreaterThan(0);
    }

    [Fact]
    public void Labelled_rows_use_their_label_and_rated_rows_are_classed_at_half_a_point()
    {
        new LabelledText("x", "t", 0.5, null).TrueLabel.Should().Be(SentimentLabel.Positive);
        new LabelledText("x", "t", 0.49, null).TrueLabel.Should().Be(SentimentLabel.Neutral);
        new LabelledText("x", "t", -0.5, null).TrueLabel.Should().Be(SentimentLabel.Negative);
        new LabelledText("x", "t", null, SentimentLabel.Negative).TrueLabel.Should().Be(SentimentLabel.Negative);
    }

    [Fact]
    public void An_empty_set_is_rejected() =>
        FluentActions.Invoking(() => SentimentEvaluation.Run([], new LexiconSentimentAnalyzer())).Should().Throw<ArgumentException>();
}
