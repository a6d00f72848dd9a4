using CrisisKit.Detection;

namespace CrisisKit.Aggregation;

/// <summary>What one subject's mentions added up to in one time bucket.</summary>
/// <param name="Start">When the bucket starts (UTC; buckets are aligned to midnight UTC).</param>
/// <param name="Mentions">Mentions in the bucket.</param>
/// <param name="NegativeMentions">Of those, mentions whose compound sentiment is negative (see <see cref="DetectionOptions.NegativeThreshold"/>).</param>
/// <param name="SentimentSum">The sum of the mentions' compound sentiment scores (kept to float precision).</param>
/// <param name="PotentialReach">The sum of the authors' follower counts (kept to float precision, about 7 significant digits).</param>
/// <param name="UniqueAuthors">Distinct authors, estimated (exact for small counts, within a few per cent beyond a few hundred).</param>
/// <param name="Shares">Shares and quotes: the engagement shares reported on the mentions plus mentions that quote another post.</param>
/// <param name="Replies">Mentions that reply to another post.</param>
public readonly record struct MentionBucket(DateTimeOffset Start, int Mentions, int NegativeMentions, double SentimentSum, double PotentialReach, int UniqueAuthors, int Shares, int Replies)
{
    /// <summary>The share of mentions that are negative, 0 for an empty bucket.</summary>
    public double NegativeShare => Mentions == 0 ? 0 : (double)NegativeMentions / Mentions;

    /// <summary>The mean compound sentiment, 0 for an empty bucket.</summary>
    public double MeanSentiment => Mentions == 0 ? 0 : SentimentSum / Mentions;
}
