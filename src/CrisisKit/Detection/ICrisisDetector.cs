using CrisisKit.Aggregation;

namespace CrisisKit.Detection;

/// <summary>
/// A streaming crisis detector for one subject: told about each closed bucket in time order, it scores the newest
/// one using only that bucket and earlier ones, and keeps whatever state it needs between calls. Detectors are
/// deterministic: the same buckets give the same signals. One instance serves one subject (see
/// <see cref="ICrisisDetectorFactory"/>); calls are never concurrent.
/// </summary>
public interface ICrisisDetector
{
    /// <summary>The detector's name, as used in reasons, options and the <c>crisiskit nab --detector</c> flag.</summary>
    string Name { get; }

    /// <summary>Scores the newest closed bucket of <paramref name="series"/> and updates the detector's state.</summary>
    /// <param name="series">The subject's buckets; the newest closed one is <c>series[0]</c>.</param>
    /// <returns>The signal: a score from 0 (nothing unusual) to 1, and a reason in words and numbers when the score is at least <see cref="DetectorSignal.ExplainFrom"/>.</returns>
    DetectorSignal Evaluate(SubjectSeries series);

    /// <summary>
    /// Writes the detector's state, so a restored detector carries on exactly where this one is. Monitor snapshots
    /// keep these bytes as they are for a detector of the app's own (docs/snapshots.md); a detector that will change
    /// its fields should write a version of its own first. By default nothing is written: a detector that keeps no
    /// state between buckets implements only <see cref="Name"/> and <see cref="Evaluate"/>.
    /// </summary>
    /// <param name="writer">Where to write.</param>
    void SaveState(BinaryWriter writer)
    {
    }

    /// <summary>
    /// Reads state written by <see cref="SaveState"/> of a detector of the same type and options, into a detector just
    /// created. By default nothing is read, matching the default <see cref="SaveState"/>.
    /// </summary>
    /// <param name="reader">Where to read.</param>
    /// <exception cref="InvalidDataException">The state is not this detector's.</exception>
    void LoadState(BinaryReader reader)
    {
    }
}
