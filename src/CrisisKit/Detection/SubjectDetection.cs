using CrisisKit.Aggregation;
using CrisisKit.Correlation;
using CrisisKit.Mentions;

namespace CrisisKit.Detection;

/// <summary>One subject's detection pipeline: its buckets, its detector and its candidate correlator. Not thread-safe.</summary>
internal sealed class SubjectDetection
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

    public void Save(BinaryWriter writer)
    {
        Series.Save(writer);
        Detector.SaveState(writer);
        Correlator.Save(writer);
    }

    public void Load(BinaryReader reader)
    {
        Series.Load(reader);
        Detector.LoadState(reader);
        Correlator.Load(reader);
    }
}
