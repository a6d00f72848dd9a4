using CrisisKit.Aggregation;
using CrisisKit.Correlation;
using CrisisKit.Mentions;
using CrisisKit.Snapshots;

namespace CrisisKit.Detection;

/// <summary>One subject's detection pipeline: its buckets, its detector and its candidate correlator. Not thread-safe.</summary>
internal sealed class SubjectDetection : ISnapshotState
{
    public SubjectDetection(MonitoredSubject subject, DetectionOptions options, ICrisisDetectorFactory factory)
    {
        Series = new SubjectSeries(subject.Id, options, [subject.Name ?? "", .. subject.Keywords, .. subject.Hashtags, .. subject.Handles]);
        Detector = factory.Create(subject.Id);
        Correlator = new CandidateCorrelator(subject.Id, options);
    }

    public SubjectSeries Series { get; }

    public ICrisisDetector Detector { get; }

    public CandidateCorrelator Correlator { get; }

    /// <summary>Closes every bucket up to index <paramref name="through"/>, scoring each and correlating the signals.</summary>
    public void CloseThrough(long through, List<(CandidateChange Change, CrisisCandidate Candidate)> changes)
    {
        Series.SkipSilence(through);
        while (Series.TryCloseNext(through))
        {
            var signal = Detector.Evaluate(Series);
            Series.FinishTerms();
            Correlator.Observe(Series, signal, Detector as CompositeCrisisDetector, changes);
        }
    }

    public IReadOnlyList<CrisisCandidate> Candidates()
    {
        var list = new List<CrisisCandidate>(2);
        if (Correlator.LastClosed is { } closed)
        {
            list.Add(closed);
        }

        if (Correlator.Open is { } open)
        {
            list.Add(open);
        }

        return list;
    }

    /// <summary>
    /// Writes the series, the detector and the correlator. A built-in detector writes its fields; another one's
    /// <see cref="ICrisisDetector.SaveState"/> bytes are kept as they are, with its name either way.
    /// </summary>
    void ISnapshotState.Write(SnapshotWriter writer)
    {
        writer.WriteMessage(Field.Series, Series);
        writer.WriteString(Field.DetectorName, Detector.Name);
        if (Detector is ISnapshotState state)
        {
            writer.WriteMessage(Field.Detector, state);
        }
        else
        {
            DetectorStateBlob.WriteOpaque(writer, Field.CustomDetector, Detector);
        }

        writer.WriteMessage(Field.Correlator, Correlator);
    }

    void ISnapshotState.Read(ref SnapshotReader reader)
    {
        string? name = null;
        while (reader.Next(out Field field))
        {
            switch (field)
            {
                case Field.Series:
                    reader.ReadMessage(Series);
                    break;
                case Field.DetectorName:
                    name = reader.ReadString();
                    if (name != Detector.Name)
                    {
                        throw new SnapshotDataException($"The snapshot holds the state of the '{name}' detector for subject '{Series.SubjectId}', whose detector is now '{Detector.Name}': restore it with the same detector.", corrupt: false);
                    }

                    break;
                case Field.Detector when Detector is ISnapshotState state:
                    reader.ReadMessage(state);
                    break;
                case Field.CustomDetector when Detector is not ISnapshotState:
                    DetectorStateBlob.ReadOpaque(ref reader, Detector);
                    break;
                case Field.Correlator:
                    reader.ReadMessage(Correlator);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (name is null)
        {
            throw reader.Corrupt("the subject's state does not name its detector (DetectorName, field 2)");
        }
    }

    /// <summary>The fields of a subject's detection state in snapshots (docs/snapshots.md); numbers are never reused.</summary>
    private enum Field
    {
        Series = 1,
        DetectorName = 2,

        // The detector's own fields, for a detector that has them (the built-in ones).
        Detector = 3,

        // What ICrisisDetector.SaveState wrote, for any other detector.
        CustomDetector = 4,
        Correlator = 5,
    }
}
