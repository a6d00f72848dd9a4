using CrisisKit.Categories;
using CrisisKit.Detection;

namespace CrisisKit.Severity;

/// <summary>A severity level with the factors that led to it.</summary>
/// <param name="level">The level.</param>
/// <param name="score">The sum of the factors' points (before any category floor).</param>
/// <param name="factors">The factors, largest contribution first; a category floor, when it applied, is one of them with 0 points.</param>
public sealed class SeverityAssessment(SeverityLevel level, double score, IReadOnlyList<SeverityFactor> factors)
{
    /// <summary>The level.</summary>
    public SeverityLevel Level { get; } = level;

    /// <summary>The sum of the factors' points (before any category floor).</summary>
    public double Score { get; } = score;

    /// <summary>The factors, largest contribution first; a category floor, when it applied, is one of them with 0 points.</summary>
    public IReadOnlyList<SeverityFactor> Factors { get; } = factors;

    /// <summary>The factors in one line, for notifications and logs.</summary>
    /// <returns>For example "High (52 points): volume 12.4x expected (+22); negative share 41% vs 9% usual (+16); ...".</returns>
    public string Explain() => $"{Level} ({Score:0} points): {string.Join("; ", Factors.Select(f => f.Points > 0 ? $"{f.Description} (+{f.Points:0})" : f.Description))}";
}
