using CrisisKit.Snapshots;

namespace CrisisKit.Detection;

/// <summary>
/// The usual level of a share of mentions (negative ones, or ones citing a category) and one-sided CUSUMs
/// (Page, 1954) of the binomial log-likelihood ratio of each bucket's count against raised alternatives
/// ("the share has grown <c>Factor</c> times, or by <c>Lift</c> points, whichever is more"). The usual share is a
/// running mean over about a day, starting from a prior; the sums never go below zero and are capped, so they fall
/// back within hours once a shift is over. Shared by <see cref="NegativeShiftDetector"/> and <see cref="CategoryShiftDetector"/>.
/// </summary>
internal sealed class ShareCusum(double priorShare, double priorWeight, params (double Factor, double Lift)[] alternatives) : ISnapshotState
{
    /// <summary>The cap on each sum: a likelihood ratio of about 10^11.</summary>
    public const double MaximumEvidence = 25;

    private const double Decay = 1 - (1.0 / 288);
    private readonly double[] _sums = new double[alternatives.Length];
    private double _weightedMentions;
    private double _weightedHits;

    /// <summary>The usual share, from the prior and the buckets learnt so far.</summary>
    public double Usual => (_weightedHits + (priorShare * priorWeight)) / (_weightedMentions + priorWeight);

    /// <summary>The largest sum.</summary>
    public double Evidence { get; private set; }

    /// <summary>Adds a bucket of <paramref name="mentions"/> with <paramref name="hits"/> counted ones to the sums; returns <see cref="Evidence"/>.</summary>
    public double Step(int mentions, int hits)
    {
        var p0 = Usual;
        var evidence = 0.0;
        for (var i = 0; i < _sums.Length; i++)
        {
            var p1 = Math.Min(0.95, Math.Max(alternatives[i].Factor * p0, p0 + alternatives[i].Lift));
            var llr = (hits * Math.Log(p1 / p0)) + ((mentions - hits) * Math.Log((1 - p1) / (1 - p0)));
            _sums[i] = Math.Clamp(_sums[i] + llr, 0, MaximumEvidence);
            evidence = Math.Max(evidence, _sums[i]);
        }

        Evidence = evidence;
        return evidence;
    }

    /// <summary>Folds a bucket into the usual share with weight <paramref name="learn"/> (1 in full, less to learn slowly).</summary>
    public void Learn(int mentions, int hits, double learn)
    {
        _weightedMentions = (_weightedMentions * Decay) + (learn * mentions);
        _weightedHits = (_weightedHits * Decay) + (learn * hits);
    }

    void ISnapshotState.Write(SnapshotWriter writer)
    {
        writer.WriteDouble(Field.WeightedMentions, _weightedMentions);
        writer.WriteDouble(Field.WeightedHits, _weightedHits);
        writer.WriteDoubles(Field.Sums, _sums);
    }

    void ISnapshotState.Read(ref SnapshotReader reader)
    {
        while (reader.Next(out Field field))
        {
            switch (field)
            {
                case Field.WeightedMentions:
                    _weightedMentions = reader.ReadDouble();
                    break;
                case Field.WeightedHits:
                    _weightedHits = reader.ReadDouble();
                    break;
                case Field.Sums:
                    reader.ReadDoubles(_sums);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        Evidence = _sums.Length == 0 ? 0 : _sums.Max();
    }

    /// <summary>The fields of a share's state in snapshots (docs/snapshots.md); numbers are never reused.</summary>
    private enum Field
    {
        WeightedMentions = 1,
        WeightedHits = 2,

        // One sum per alternative, in the order given to the constructor.
        Sums = 3,
    }
}
