using CrisisKit.Aggregation;
using CrisisKit.Categories;
using CrisisKit.Snapshots;

namespace CrisisKit.Detection;

/// <summary>
/// A rise in mentions citing one crisis category (product safety, data breach, outage...; see
/// <see cref="CrisisCategory"/>), which often comes before sentiment turns: a defect report can read neutral.
/// For each category, a one-sided CUSUM (Page, 1954) of the binomial log-likelihood ratio of the bucket's
/// count of mentions citing it: "its share has quadrupled (or risen by 15 points)" against "as usual". The usual
/// share per category is a running mean over about a day, capped per bucket like <see cref="NegativeShiftDetector"/>
/// learning slowly while evidence piles up, and each sum is capped like the negative share's. The category with the most evidence speaks; with nine categories
/// watched, more evidence is asked of it than of the negative share.
/// </summary>
internal sealed class CategoryShiftDetector : ICrisisDetector, ISnapshotState
{
    /// <summary>The detector's name.</summary>
    public const string DetectorName = "category-shift";

    private const double ScoreScale = 16;
    private readonly ShareCusum[] _shares = [.. CrisisCategories.All.Select(_ => new ShareCusum(0.02, 50, (4, 0.15)))];
    private readonly LearningWeight _weight = new();

    /// <inheritdoc />
    public string Name => DetectorName;

    /// <summary>The category with the most evidence after the newest bucket, if any has some.</summary>
    public CrisisCategory? Leading { get; private set; }

    /// <inheritdoc />
    public DetectorSignal Evaluate(SubjectSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Count == 0)
        {
            return new DetectorSignal(Name, 0, null);
        }

        var n = series.MentionsAt(0);
        var counts = series.CategoryMentions;
        // As for the negative share, the evidence before this bucket decides how much it teaches the usual shares.
        var before = 0.0;
        foreach (var share in _shares)
        {
            before = Math.Max(before, share.Evidence);
        }

        var best = -1;
        var bestSum = 0.0;
        var usualBest = 0.0;
        for (var c = 0; c < _shares.Length; c++)
        {
            var usual = _shares[c].Usual;
            var sum = _shares[c].Step(n, counts[c]);
            if (sum > bestSum)
            {
                bestSum = sum;
                best = c;
                usualBest = usual;
            }
        }

        var learn = _weight.Next(n, before);
        for (var c = 0; c < _shares.Length; c++)
        {
            _shares[c].Learn(n, counts[c], learn);
        }

        Leading = best >= 0 ? (CrisisCategory)best : null;
        var score = DetectorMath.Saturate(bestSum, 0, ScoreScale);
        string? reason = null;
        if (score >= DetectorSignal.ExplainFrom && best >= 0)
        {
            var share = n == 0 ? 0 : (double)counts[best] / n;
            reason = $"mentions citing {((CrisisCategory)best).ToId()}: {counts[best]} of {n} ({DetectorMath.Percent(share)}) vs {DetectorMath.Percent(usualBest)} usual; the rise has built up to a likelihood ratio of {Math.Exp(Math.Min(bestSum, 40)):0.#e0}";
        }

        return new DetectorSignal(Name, score, reason);
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
        writer.WriteMessage(Field.Weight, _weight);
        foreach (var share in _shares)
        {
            writer.WriteMessage(Field.Share, share);
        }
    }

    void ISnapshotState.Read(ref SnapshotReader reader)
    {
        var shares = 0;
        while (reader.Next(out Field field))
        {
            switch (field)
            {
                case Field.Weight:
                    reader.ReadMessage(_weight);
                    break;
                case Field.Share:
                    if (shares < _shares.Length)
                    {
                        reader.ReadMessage(_shares[shares++]);
                    }
                    else
                    {
                        reader.Skip();
                    }

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
        Weight = 1,

        // One per crisis category, in the order of CrisisCategory (the categories are listed in the OPTS section).
        Share = 2,
    }
}
