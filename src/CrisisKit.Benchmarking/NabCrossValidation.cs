namespace CrisisKit.Benchmarking;

/// <summary>
/// A detector's leave-one-series-out NAB score on a set of series under one profile: each series scored at the
/// threshold that is best for all the others (see <see cref="NabScorer.LeaveOneSeriesOut"/>), the figures summed.
/// </summary>
/// <param name="Profile">The cost profile.</param>
/// <param name="Thresholds">
/// The threshold each series was scored at, in the order of the set; <see cref="double.PositiveInfinity"/> where never
/// alarming was best for the other series.
/// </param>
/// <param name="Raw">The raw score: the sum over the series of true-positive, false-positive and missed-window terms.</param>
/// <param name="Null">The score of a detector that never alarms, <c>−A_FN · W</c>.</param>
/// <param name="Perfect">The score of a perfect detector, <c>A_TP · W</c>.</param>
/// <param name="WindowCount">W, the number of scored windows in the set.</param>
/// <param name="Detected">The windows with a counted alarm.</param>
/// <param name="FalseAlarms">The counted alarms outside every window.</param>
public sealed record NabCrossValidation(NabProfile Profile, IReadOnlyList<double> Thresholds, double Raw, double Null, double Perfect, int WindowCount, int Detected, int FalseAlarms)
{
    /// <summary>
    /// The normalised score, <c>100 · (raw − null) / (perfect − null)</c>: 0 for a detector that never alarms, 100 for a
    /// perfect one; <see cref="double.NaN"/> when the set has no windows.
    /// </summary>
    public double Normalised => Perfect == Null ? double.NaN : 100.0 * (Raw - Null) / (Perfect - Null);

    /// <summary>The windows without a counted alarm.</summary>
    public int Missed => WindowCount - Detected;
}
