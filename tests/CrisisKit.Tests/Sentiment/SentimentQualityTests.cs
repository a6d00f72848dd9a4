using CrisisKit.Benchmarking;
using CrisisKit.Sentiment;

namespace CrisisKit.Tests.Sentiment;

/// <summary>
/// Agreement with human ratings on the shared development data (skipped, with the reason shown, where the data is
/// absent). Each floor sits just under the figure measured and recorded in docs/benchmarks.md, so a change that
/// makes the analyzer worse on real text fails here; where the product target is higher, the gap is recorded there.
/// </summary>
public class SentimentQualityTests
{
    private static readonly LexiconSentimentAnalyzer Analyzer = new();

    private static SentimentEvaluation Evaluate(string file) =>
        SentimentEvaluation.Run(LabelledText.ReadTsv(SharedData.Require($"sentiment/{file}")).Rows, Analyzer, minimumTimingSeconds: 0);

    [SkippableFact]
    public void Tweets_correlate_with_human_ratings_and_classes_agree()
    {
        var result = Evaluate("vader-tweets-dev.tsv");
        result.Pearson.Should().BeGreaterThanOrEqualTo(0.90);
        result.MacroF1.Should().BeGreaterThanOrEqualTo(0.75);
    }

    [SkippableFact]
    public void Product_review_snippets_correlate_with_human_ratings() =>
        Evaluate("vader-product-reviews-dev.tsv").Pearson.Should().BeGreaterThanOrEqualTo(0.60);

    [SkippableFact]
    public void Customer_tweets_to_airlines_are_classed() =>
        Evaluate("airline-tweets-dev.tsv").MacroF1.Should().BeGreaterThanOrEqualTo(0.62);

    [SkippableFact]
    public void Greek_tweets_are_classed() =>
        Evaluate("greek-mp-tweets-dev.tsv").MacroF1.Should().BeGreaterThanOrEqualTo(0.55);
}
