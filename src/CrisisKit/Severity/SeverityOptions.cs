using CrisisKit.Categories;
using CrisisKit.Detection;

namespace CrisisKit.Severity;

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
