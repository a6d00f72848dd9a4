namespace CrisisKit.Mentions;

/// <summary>How people reacted to a <see cref="Mention"/>. Every count is zero or more.</summary>
/// <param name="Likes">Likes, favourites or positive reactions.</param>
/// <param name="Shares">Shares, reposts or retweets.</param>
/// <param name="Replies">Replies or comments.</param>
/// <param name="Views">Views or impressions, where the platform reports them.</param>
public readonly record struct MentionEngagement(long Likes, long Shares, long Replies, long Views)
{
    /// <summary>Likes, shares and replies added together (views excluded).</summary>
    public long Interactions => Likes + Shares + Replies;
}
