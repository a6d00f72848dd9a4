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
/// <param name="Compound">Overall sentiment from -1 (most negative) to +1 (most positive); 0 when nothing carries sentiment.</param>
/// <param name="Positive">Share of the text that reads positive, from 0 to 1.</param>
/// <param name="Negative">Share of the text that reads negative, from 0 to 1.</param>
/// <param name="Neutral">Share of the text that reads neutral, from 0 to 1. The three shares add up to 1 (or are all 0 for an empty text).</param>
public readonly record struct SentimentScore(double Compound, double Positive, double Negative, double Neutral)
{
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
