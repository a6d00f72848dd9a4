namespace CrisisKit.Sentiment;

/// <summary>The three sentiment classes.</summary>
public enum SentimentLabel
{
    /// <summary>Negative.</summary>
    Negative = -1,

    /// <summary>Neither clearly positive nor clearly negative.</summary>
    Neutral = 0,

    /// <summary>Positive.</summary>
    Positive = 1,
}

/// <summary>The sentiment of one text.</summary>
/// <param name="compound">Overall sentiment from -1 (most negative) to +1 (most positive); 0 when nothing carries sentiment.</param>
/// <param name="positive">Share of the text that reads positive, from 0 to 1.</param>
/// <param name="negative">Share of the text that reads negative, from 0 to 1.</param>
/// <param name="neutral">Share of the text that reads neutral, from 0 to 1. The three shares add up to 1 (or are all 0 for an empty text).</param>
public readonly struct SentimentScore(double compound, double positive, double negative, double neutral)
{
    /// <summary>Overall sentiment from -1 (most negative) to +1 (most positive); 0 when nothing carries sentiment.</summary>
    public double Compound { get; } = compound;

    /// <summary>Share of the text that reads positive, from 0 to 1.</summary>
    public double Positive { get; } = positive;

    /// <summary>Share of the text that reads negative, from 0 to 1.</summary>
    public double Negative { get; } = negative;

    /// <summary>Share of the text that reads neutral, from 0 to 1. The three shares add up to 1 (or are all 0 for an empty text).</summary>
    public double Neutral { get; } = neutral;

    /// <summary>The class of <see cref="Compound"/>: negative at or below <c>-threshold</c>, positive at or above <c>threshold</c>, neutral between.</summary>
    /// <param name="threshold">The neutral band's half-width, from 0 to 1; <see cref="SentimentOptions.NeutralThreshold"/> by default.</param>
    /// <returns>The class.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is outside [0, 1].</exception>
    public SentimentLabel ToLabel(double threshold = SentimentOptions.DefaultNeutralThreshold)
    {
        if (threshold is < 0 or > 1 || double.IsNaN(threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold must be between 0 and 1.");
        }

        return Compound >= threshold && Compound > 0 ? SentimentLabel.Positive
            : Compound <= -threshold && Compound < 0 ? SentimentLabel.Negative
            : SentimentLabel.Neutral;
    }
}
