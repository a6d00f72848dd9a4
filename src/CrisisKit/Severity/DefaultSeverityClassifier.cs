using CrisisKit.Categories;
using CrisisKit.Correlation;
using CrisisKit.Detection;

namespace CrisisKit.Severity;

/// <summary>
/// The default <see cref="ISeverityClassifier"/>: adds up points for volume against expected, the rise in negative
/// share, the reach of critics and of the conversation, how fast it spreads, how many platforms it is on, how long it
/// has lasted and its crisis category; maps the score to a level by <see cref="SeverityOptions"/> thresholds; then
/// applies the category floors.
/// </summary>
/// <param name="options">The weights and thresholds.</param>
public sealed class DefaultSeverityClassifier(SeverityOptions options) : ISeverityClassifier
{
    /// <inheritdoc />
    public SeverityAssessment Assess(CrisisCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var m = candidate.Metrics;
        var factors = new List<SeverityFactor>();

        var ratio = m.VolumeRatio;
        Add(factors, "volume", ratio, options.VolumeWeight * Math.Clamp(5 * Math.Log2(ratio), 0, 25), $"volume {ratio:0.#}x the expected level ({m.PeakMentions:N0} mentions in the busiest bucket vs {m.ExpectedMentions:0.#})");

        var rise = m.PeakNegativeShare - m.UsualNegativeShare;
        Add(factors, "negative-share", m.PeakNegativeShare, options.NegativeShareWeight * Math.Clamp(50 * rise, 0, 20), $"negative share {m.PeakNegativeShare * 100:0}% vs {m.UsualNegativeShare * 100:0}% usual");

        var critic = m.TopNegativeAuthorFollowers;
        Add(factors, "critic-reach", critic, options.ReachWeight * Math.Clamp(5 * Math.Log10(Math.Max(critic, 1) / 10_000.0), 0, 15), m.TopNegativeAuthor is null ? "no negative author of note" : $"most-followed critic @{m.TopNegativeAuthor.TrimStart('@')} with {critic:N0} followers");
        Add(factors, "potential-reach", m.PotentialReach, options.ReachWeight * Math.Clamp(5 * Math.Log10(Math.Max(m.PotentialReach, 1) / 1_000_000.0), 0, 10), $"potential reach {m.PotentialReach:N0}");

        var spread = (m.PeakSpread + 1.0) / (m.UsualSpread + 1.0);
        Add(factors, "spread", spread, options.SpreadWeight * Math.Clamp(3.75 * Math.Log2(spread), 0, 15), $"shares, quotes and replies {spread:0.#}x usual ({m.PeakSpread:N0} in the busiest bucket)");

        var platforms = m.Platforms.Count;
        Add(factors, "platforms", platforms, options.PlatformsWeight * Math.Clamp(3.0 * (platforms - 1), 0, 10), $"on {platforms} platform{(platforms == 1 ? "" : "s")} ({string.Join(", ", m.Platforms)})");

        var hours = (candidate.LastSignalAt - candidate.FirstSignalAt).TotalHours;
        Add(factors, "duration", hours, options.DurationWeight * Math.Clamp(2 * hours, 0, 10), hours <= 0 ? "all signals so far in one bucket" : hours < 1 ? $"signals for {hours * 60:0} min" : $"signals for {hours:0.#} hours");

        if (m.Category is { } category)
        {
            Add(factors, "category", (int)category, options.CategoryWeight * CategoryPoints(category), $"crisis category {category.ToId()}");
        }

        factors.Sort((a, b) => b.Points.CompareTo(a.Points) is var c && c != 0 ? c : string.CompareOrdinal(a.Name, b.Name));
        var score = factors.Sum(f => f.Points);
        var level = score >= options.CriticalFrom ? SeverityLevel.Critical
            : score >= options.HighFrom ? SeverityLevel.High
            : score >= options.ModerateFrom ? SeverityLevel.Moderate
            : SeverityLevel.Low;
        if (m.Category is { } floored && options.CategoryFloors.TryGetValue(floored, out var floor) && floor > level)
        {
            level = floor;
            factors.Add(new SeverityFactor("category-floor", (int)floor, 0, $"a {floored.ToId()} incident is never below {floor}"));
        }

        return new SeverityAssessment(level, Math.Round(score, 1), factors);
    }

    private static double CategoryPoints(CrisisCategory category) => category switch
    {
        CrisisCategory.DataBreach or CrisisCategory.ProductSafety => 15,
        CrisisCategory.OffensiveContent or CrisisCategory.Misconduct or CrisisCategory.LegalRegulatory => 10,
        CrisisCategory.Outage or CrisisCategory.Misinformation => 8,
        _ => 5,
    };

    private static void Add(List<SeverityFactor> factors, string name, double value, double points, string description) =>
        factors.Add(new SeverityFactor(name, value, Math.Round(points, 1), description));
}
