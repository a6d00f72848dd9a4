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
public sealed class NegativeShiftDetector : ICrisisDetector
{
    /// <summary>The detector's name.</summary>
    public const string DetectorName = "negative-share";

    private const double PriorShare = 0.15;
    private const double PriorWeight = 20;
    private const double Decay = 1 - (1.0 / 288);
    private const double ScoreScale = 13.3;
    private const double MinimumCap = 5;

    // Capping the sums (at a likelihood ratio of about 10^11, a score of 0.85) lets the evidence fall back within
    // hours once a crisis is over, however extreme it was.
    private const double MaximumEvidence = 25;
    private double _weightedMentions;
    private double _weightedNegative;
    private double _usualVolume;
    private double _sum;
    private double _strongSum;

    /// <inheritdoc />
    public string Name => DetectorName;

    /// <summary>The negative share expected before the newest bucket was seen.</summary>
    public double ExpectedShare { get; private set; } = PriorShare;

    /// <summary>The CUSUM statistic (in nats) after the newest bucket: the larger of the two alternatives' sums.</summary>
    public double Cusum => Math.Max(_sum, _strongSum);

    /// <inheritdoc />
    public DetectorSignal Evaluate(SubjectSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Count == 0)
        {
            return new DetectorSignal(Name, 0, null);
        }

        var bucket = series[0];
        var p0 = (_weightedNegative + (PriorShare * PriorWeight)) / (_weightedMentions + PriorWeight);
        ExpectedShare = p0;
        var n = bucket.Mentions;
        var negative = bucket.NegativeMentions;
        _sum = Math.Clamp(_sum + LogLikelihoodRatio(n, negative, p0, Math.Max(2 * p0, p0 + 0.1)), 0, MaximumEvidence);
        _strongSum = Math.Clamp(_strongSum + LogLikelihoodRatio(n, negative, p0, Math.Max(4 * p0, p0 + 0.25)), 0, MaximumEvidence);
        var evidence = Math.Max(_sum, _strongSum);

        // No bucket weighs more than the usual volume, and the usual volume itself moves by at most a doubling
        // per update, so a flood of (non-negative) spam hardly moves the usual share.
        var cap = Math.Max(MinimumCap, _usualVolume);
        var weight = n > cap ? cap / n : 1.0;
        var learn = (evidence > 3 ? 0.1 : 1.0) * weight;
        _weightedMentions = (_weightedMentions * Decay) + (learn * n);
        _weightedNegative = (_weightedNegative * Decay) + (learn * negative);
        _usualVolume += (1.0 / 288) * (Math.Min(n, 2 * cap) - _usualVolume);

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
        writer.Write(DetectorName);
        writer.Write(_weightedMentions);
        writer.Write(_weightedNegative);
        writer.Write(_usualVolume);
        writer.Write(_sum);
        writer.Write(_strongSum);
    }

    /// <inheritdoc />
    public void LoadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        DetectorMath.Expect(reader, DetectorName);
        _weightedMentions = reader.ReadDouble();
        _weightedNegative = reader.ReadDouble();
        _usualVolume = reader.ReadDouble();
        _sum = reader.ReadDouble();
        _strongSum = reader.ReadDouble();
    }
}
