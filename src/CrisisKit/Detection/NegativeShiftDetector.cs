using CrisisKit.Aggregation;
using CrisisKit.Snapshots;

namespace CrisisKit.Detection;

/// <summary>
/// A turn to negative sentiment, found by one-sided CUSUMs (Page, 1954) of the binomial log-likelihood ratio of
/// each bucket's negative count: "the negative share has doubled (or risen by ten points, whichever is more)"
/// against "it is as usual", and alongside it "it has quadrupled (or risen by 25 points)", which reaches a sharp
/// turn sooner; the larger sum counts. Evidence therefore grows with the number of mentions, so two negative posts at night
/// weigh little and a real turn in a busy hour weighs a lot; the sum drifts down by itself when sentiment is as
/// usual, never goes below zero and is capped, so it falls back within hours when a crisis is over. The usual share is a running mean over about a day in which no bucket weighs
/// more than the usual volume (so a flood of spam does not redefine "usual") and which learns only slowly
/// while evidence is piling up (so a crisis does not become the new normal within hours).
/// </summary>
internal sealed class NegativeShiftDetector : ICrisisDetector, ISnapshotState
{
    /// <summary>The detector's name.</summary>
    public const string DetectorName = "negative-share";

    private const double ScoreScale = 13.3;
    private readonly ShareCusum _share = new(0.15, 20, (2, 0.1), (4, 0.25));
    private readonly LearningWeight _weight = new();

    /// <inheritdoc />
    public string Name => DetectorName;

    /// <summary>The negative share expected before the newest bucket was seen.</summary>
    public double ExpectedShare { get; private set; } = 0.15;

    /// <summary>The CUSUM statistic (in nats) after the newest bucket: the larger of the two alternatives' sums.</summary>
    public double Cusum => _share.Evidence;

    /// <inheritdoc />
    public DetectorSignal Evaluate(SubjectSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Count == 0)
        {
            return new DetectorSignal(Name, 0, null);
        }

        var bucket = series[0];
        var p0 = _share.Usual;
        ExpectedShare = p0;
        var n = bucket.Mentions;
        var negative = bucket.NegativeMentions;
        // How much this bucket teaches the usual share is decided by the evidence before it, never by its own count:
        // a weight that fell with the bucket's own negatives would learn the quiet buckets and skip the loud ones,
        // so the usual share would settle below the true one and ordinary noise would build up evidence.
        var before = _share.Evidence;
        var evidence = _share.Step(n, negative);
        _share.Learn(n, negative, _weight.Next(n, before));

        var score = DetectorMath.Saturate(evidence, 0, ScoreScale);
        string? reason = null;
        if (score >= DetectorSignal.ExplainFrom)
        {
            reason = $"negative share {DetectorMath.Percent(bucket.NegativeShare)} ({negative} of {n}) vs {DetectorMath.Percent(p0)} usual; the shift has built up to a likelihood ratio of {Math.Exp(Math.Min(evidence, 40)):0.#e0}";
        }

        return new DetectorSignal(Name, score, reason);
    }

    private static double LogLikelihoodRatio(int n, int negative, double p0, double p1)
    {
        p1 = Math.Min(p1, 0.95);
        return (negative * Math.Log(p1 / p0)) + ((n - negative) * Math.Log((1 - p1) / (1 - p0)));
    }

    /// <inheritdoc />
    public void SaveState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        DetectorStateBlob.Save(writer, DetectorName, this);
    }

    /// <inheritdoc />
    public void LoadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        DetectorStateBlob.Load(reader, DetectorName, this);
    }

    void ISnapshotState.Write(SnapshotWriter writer)
    {
        writer.WriteMessage(Field.Share, _share);
        writer.WriteMessage(Field.Weight, _weight);
    }

    void ISnapshotState.Read(ref SnapshotReader reader)
    {
        while (reader.Next(out Field field))
        {
            switch (field)
            {
                case Field.Share:
                    reader.ReadMessage(_share);
                    break;
                case Field.Weight:
                    reader.ReadMessage(_weight);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
    }

    /// <summary>The fields of this detector's state in snapshots (docs/snapshots.md); numbers are never reused.</summary>
    private enum Field
    {
        Share = 1,
        Weight = 2,
    }
}
