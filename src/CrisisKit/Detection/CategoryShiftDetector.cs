using CrisisKit.Categories;

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
public sealed class CategoryShiftDetector : ICrisisDetector
{
    /// <summary>The detector's name.</summary>
    public const string DetectorName = "category-shift";

    private const double PriorShare = 0.02;
    private const double PriorWeight = 50;
    private const double Decay = 1 - (1.0 / 288);
    private const double ScoreScale = 16;
    private const double MinimumCap = 5;
    private const double MaximumEvidence = 25;
    private readonly double[] _weightedCue = new double[CrisisCategories.All.Count];
    private readonly double[] _sum = new double[CrisisCategories.All.Count];
    private double _weightedMentions;
    private double _usualVolume;

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
        var best = -1;
        var bestSum = 0.0;
        var evidence = 0.0;
        for (var c = 0; c < _sum.Length; c++)
        {
            var q0 = Usual(c);
            var q1 = Math.Min(0.95, Math.Max(4 * q0, q0 + 0.15));
            var k = counts[c];
            _sum[c] = Math.Clamp(_sum[c] + (k * Math.Log(q1 / q0)) + ((n - k) * Math.Log((1 - q1) / (1 - q0))), 0, MaximumEvidence);
            if (_sum[c] > bestSum)
            {
                bestSum = _sum[c];
                best = c;
            }

            evidence = Math.Max(evidence, _sum[c]);
        }

        var usualBest = best >= 0 ? Usual(best) : 0;
        var cap = Math.Max(MinimumCap, _usualVolume);
        var weight = n > cap ? cap / n : 1.0;
        var learn = (evidence > 3 ? 0.1 : 1.0) * weight;
        _weightedMentions = (_weightedMentions * Decay) + (learn * n);
        for (var c = 0; c < _sum.Length; c++)
        {
            _weightedCue[c] = (_weightedCue[c] * Decay) + (learn * counts[c]);
        }

        _usualVolume += (1.0 / 288) * (Math.Min(n, 2 * cap) - _usualVolume);
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
        writer.Write(DetectorName);
        writer.Write(_weightedMentions);
        writer.Write(_usualVolume);
        for (var c = 0; c < _sum.Length; c++)
        {
            writer.Write(_weightedCue[c]);
            writer.Write(_sum[c]);
        }
    }

    /// <inheritdoc />
    public void LoadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        DetectorMath.Expect(reader, DetectorName);
        _weightedMentions = reader.ReadDouble();
        _usualVolume = reader.ReadDouble();
        for (var c = 0; c < _sum.Length; c++)
        {
            _weightedCue[c] = reader.ReadDouble();
            _sum[c] = reader.ReadDouble();
        }
    }

    private double Usual(int category) => (_weightedCue[category] + (PriorShare * PriorWeight)) / (_weightedMentions + PriorWeight);
}
