using CrisisKit.Categories;
using CrisisKit.Detection;

namespace CrisisKit.Severity;

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
