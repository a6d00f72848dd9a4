using CrisisKit.Categories;
using CrisisKit.Correlation;
using CrisisKit.Detection;

namespace CrisisKit.Severity;

/// <summary>Judges how bad a crisis candidate is.</summary>
public interface ISeverityClassifier
{
    /// <summary>Assesses <paramref name="candidate"/> as it stands now.</summary>
    /// <param name="candidate">The candidate, with its metrics.</param>
    /// <returns>The level and the factors behind it.</returns>
    SeverityAssessment Assess(CrisisCandidate candidate);
}
