using CrisisKit.Detection;

namespace CrisisKit.Correlation;

/// <summary>Whether a crisis candidate is still collecting signals.</summary>
public enum CandidateStatus
{
    /// <summary>Signals are still joining it.</summary>
    Open = 0,

    /// <summary>It has been quiet for <see cref="DetectionOptions.QuietPeriod"/>.</summary>
    Closed = 1,
}
