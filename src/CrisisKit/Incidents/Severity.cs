using CrisisKit.Categories;
using CrisisKit.Detection;

namespace CrisisKit.Incidents;

/// <summary>How bad an incident is. Each level says who must be involved and how fast.</summary>
public enum SeverityLevel
{
    /// <summary>A routine flare-up (a handful of complaints, a small spike): the social team handles it in normal community management; no escalation beyond the on-duty moderator.</summary>
    Low = 1,

    /// <summary>Noticeable and growing, or touching a sensitive topic: the communications lead is told, a holding statement is prepared, and a response is expected within hours.</summary>
    Moderate = 2,

    /// <summary>A threat to the brand's reputation (wide negative reach, news coverage, a safety or data angle): the crisis team and leadership are engaged and the first public response is due within the hour.</summary>
    High = 3,

    /// <summary>A threat to people's safety, customers' data, the company's licence or its leadership: executives and legal are engaged at once, every channel escalates, and the response is measured in minutes.</summary>
    Critical = 4,
}

/// <summary>One factor behind a severity assessment, in words and numbers.</summary>
/// <param name="Name">The factor's name (for example <c>volume</c>, <c>negative-share</c>, <c>category</c>).</param>
/// <param name="Value">The measured value (for example the volume ratio, or the share of negative mentions).</param>
/// <param name="Points">What it added to the severity score.</param>
/// <param name="Description">The factor in words, for example "volume 12.4x the expected level".</param>
public sealed record SeverityFactor(string Name, double Value, double Points, string Description);

/// <summary>A severity level with the factors that led to it.</summary>
/// <param name="Level">The level.</param>
/// <param name="Score">The sum of the factors' points (before any category floor).</param>
/// <param name="Factors">The factors, largest contribution first; a category floor, when it applied, is one of them with 0 points.</param>
public sealed record SeverityAssessment(SeverityLevel Level, double Score, IReadOnlyList<SeverityFactor> Factors)
{
    /// <summary>The factors in one line, for notifications and logs.</summary>
    /// <returns>For example "High (52 points): volume 12.4x expected (+22); negative share 41% vs 9% usual (+16); ...".</returns>
    public string Explain() => $"{Level} ({Score:0} points): {string.Join("; ", Factors.Select(f => f.Points > 0 ? $"{f.Description} (+{f.Points:0})" : f.Description))}";
}

/// <summary>Judges how bad a crisis candidate is.</summary>
public interface ISeverityClassifier
{
    /// <summary>Assesses <paramref name="candidate"/> as it stands now.</summary>
    /// <param name="candidate">The candidate, with its metrics.</param>
    /// <returns>The level and the factors behind it.</returns>
    SeverityAssessment Assess(CrisisCandidate candidate);
}

/// <summary>
/// Weights and thresholds of <see cref="DefaultSeverityClassifier"/>, set with
/// <c>services.Configure&lt;SeverityOptions&gt;(...)</c> and validated at start-up. Each factor earns points up to its
/// maximum; the weights scale those maxima (1 = as documented, 0 = ignore the factor).
/// </summary>
public sealed class SeverityOptions
{
    /// <summary>Scales the volume factor (up to 25 points at 32 times the expected volume). Default 1; from 0 to 10.</summary>
    public double VolumeWeight { get; set; } = 1;

    /// <summary>Scales the negative-share factor (up to 20 points for a rise of 40 percentage points). Default 1; from 0 to 10.</summary>
    public double NegativeShareWeight { get; set; } = 1;

    /// <summary>Scales the reach factors (up to 15 points for a critic with 10 million followers, up to 10 for 100 million potential reach). Default 1; from 0 to 10.</summary>
    public double ReachWeight { get; set; } = 1;

    /// <summary>Scales the spread factor (up to 15 points at 16 times the usual shares, quotes and replies). Default 1; from 0 to 10.</summary>
    public double SpreadWeight { get; set; } = 1;

    /// <summary>Scales the platforms factor (3 points per platform beyond the first, up to 10). Default 1; from 0 to 10.</summary>
    public double PlatformsWeight { get; set; } = 1;

    /// <summary>Scales the duration factor (2 points an hour, up to 10). Default 1; from 0 to 10.</summary>
    public double DurationWeight { get; set; } = 1;

    /// <summary>Scales the category factor (data breach and product safety 15 points; offensive content, misconduct, legal 10; outage, misinformation 8; customer service, pricing 5). Default 1; from 0 to 10.</summary>
    public double CategoryWeight { get; set; } = 1;

    /// <summary>The score from which an incident is <see cref="SeverityLevel.Moderate"/>. Default 25.</summary>
    public double ModerateFrom { get; set; } = 25;

    /// <summary>The score from which an incident is <see cref="SeverityLevel.High"/>. Default 45.</summary>
    public double HighFrom { get; set; } = 45;

    /// <summary>The score from which an incident is <see cref="SeverityLevel.Critical"/>. Default 70.</summary>
    public double CriticalFrom { get; set; } = 70;

    /// <summary>
    /// The lowest level per category, whatever the score. Default: a data breach or a product-safety issue is never
    /// below <see cref="SeverityLevel.High"/>.
    /// </summary>
    public IDictionary<CrisisCategory, SeverityLevel> CategoryFloors { get; } = new Dictionary<CrisisCategory, SeverityLevel>
    {
        [CrisisCategory.DataBreach] = SeverityLevel.High,
        [CrisisCategory.ProductSafety] = SeverityLevel.High,
    };

    /// <summary>How long an incident must stay calmer before its severity is lowered (raising is immediate). Default 2 hours; from zero to 7 days.</summary>
    public TimeSpan DowngradeAfter { get; set; } = TimeSpan.FromHours(2);
}

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
        Add(factors, "duration", hours, options.DurationWeight * Math.Clamp(2 * hours, 0, 10), $"signals for {hours:0.#} hours");

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
