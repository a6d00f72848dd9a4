using CrisisKit.Categories;
using CrisisKit.Detection;
using CrisisKit.Incidents;
using CrisisKit.Severity;
using CrisisKit.Tests.Escalation;

namespace CrisisKit.Tests.Severity;

public class SeverityClassifierTests
{
    private static readonly DefaultSeverityClassifier Classifier = new(new SeverityOptions());

    [Fact]
    public void A_small_flare_up_is_low_and_says_why()
    {
        var assessment = Classifier.Assess(EscalationEngineTests.Candidate(peak: 15, negativeShare: 0.15, critic: 500) with { Metrics = EscalationEngineTests.Candidate().Metrics with { PeakMentions = 15, PeakNegativeShare = 0.15, PeakSpread = 4, Platforms = ["x"], TopNegativeAuthorFollowers = 500 } });

        assessment.Level.Should().Be(SeverityLevel.Low);
        assessment.Factors.Select(f => f.Name).Should().Contain(["volume", "negative-share", "critic-reach", "spread", "platforms", "duration"]);
        assessment.Explain().Should().StartWith("Low (");
    }

    [Fact]
    public void Volume_negativity_reach_and_spread_add_up_to_a_higher_level()
    {
        var moderate = Classifier.Assess(EscalationEngineTests.Candidate());
        var severe = Classifier.Assess(EscalationEngineTests.Candidate(peak: 3_000, negativeShare: 0.75, critic: 5_000_000) with { LastSignalAt = EscalationEngineTests.T0.AddHours(4) });

        moderate.Level.Should().Be(SeverityLevel.Moderate);
        severe.Level.Should().Be(SeverityLevel.Critical);
        severe.Score.Should().BeGreaterThan(moderate.Score);
        severe.Factors[0].Description.Should().MatchRegex(@"^(volume|negative share|most-followed critic)");
        severe.Factors.Single(f => f.Name == "critic-reach").Description.Should().Be("most-followed critic @critic with 5,000,000 followers");
        severe.Factors.Single(f => f.Name == "duration").Points.Should().Be(8.2, "two points an hour for 4 h 5 min");
    }

    [Theory]
    [InlineData(CrisisCategory.DataBreach)]
    [InlineData(CrisisCategory.ProductSafety)]
    public void Data_breach_and_safety_are_never_below_high(CrisisCategory category)
    {
        var assessment = Classifier.Assess(EscalationEngineTests.Candidate(category, peak: 13, negativeShare: 0.12));

        assessment.Level.Should().Be(SeverityLevel.High);
        assessment.Score.Should().BeLessThan(45, "the floor, not the score, made it High");
        assessment.Factors.Should().Contain(f => f.Name == "category-floor" && f.Description == $"a {category.ToId()} incident is never below High");
    }

    [Fact]
    public void Weights_and_thresholds_are_options()
    {
        var loud = EscalationEngineTests.Candidate(peak: 3_000);
        var ignoringVolume = new DefaultSeverityClassifier(new SeverityOptions { VolumeWeight = 0 });

        ignoringVolume.Assess(loud).Factors.Single(f => f.Name == "volume").Points.Should().Be(0);
        new DefaultSeverityClassifier(new SeverityOptions { ModerateFrom = 1, HighFrom = 2, CriticalFrom = 3 }).Assess(loud).Level.Should().Be(SeverityLevel.Critical);
    }

    [Theory]
    [InlineData(0, "all signals so far in one bucket")]
    [InlineData(25, "signals for 25 min")]
    [InlineData(150, "signals for 2.5 hours")]
    public void The_duration_factor_is_said_in_words_that_fit(int minutes, string text)
    {
        var candidate = EscalationEngineTests.Candidate();
        var assessment = Classifier.Assess(candidate with { LastSignalAt = candidate.FirstSignalAt.AddMinutes(minutes) });

        assessment.Factors.Single(f => f.Name == "duration").Description.Should().Be(text);
    }
}
