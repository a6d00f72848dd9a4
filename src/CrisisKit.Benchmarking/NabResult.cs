namespace CrisisKit.Benchmarking;

/// <summary>A detector's NAB score on a set of series under one profile and one threshold.</summary>
/// <param name="Profile">The cost profile.</param>
/// <param name="Threshold">
/// The alarm threshold θ (a row alarms when its score is at least θ); <see cref="double.PositiveInfinity"/> when the
/// best choice is never to alarm.
/// </param>
/// <param name="Raw">The raw score: the sum over the series of true-positive, false-positive and missed-window terms.</param>
/// <param name="Null">The score of a detector that never alarms, <c>−A_FN · W</c>.</param>
/// <param name="Perfect">The score of a perfect detector, <c>A_TP · W</c>.</param>
/// <param name="WindowCount">W, the number of scored windows in the set (windows that end inside a probation period are not scored).</param>
/// <param name="Detected">The windows with a counted alarm (after the probation period).</param>
/// <param name="FalseAlarms">The counted alarms outside every window.</param>
public sealed record NabResult(NabProfile Profile, double Threshold, double Raw, double Null, double Perfect, int WindowCount, int Detected, int FalseAlarms)
{
    /// <summary>
    /// The normalised score, <c>100 · (raw − null) / (perfect − null)</c>: 0 for a detector that never alarms, 100 for a
    /// perfect one; <see cref="double.NaN"/> when the set has no windows.
    /// </summary>
    public double Normalised => Perfect == Null ? double.NaN : 100.0 * (Raw - Null) / (Perfect - Null);

    /// <summary>The windows without a counted alarm.</summary>
    public int Missed => WindowCount - Detected;
}
