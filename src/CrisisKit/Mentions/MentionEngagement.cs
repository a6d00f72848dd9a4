namespace CrisisKit.Mentions;

/// <summary>How people reacted to a <see cref="Mention"/>. Every count is zero or more.</summary>
/// <param name="likes">Likes, favourites or positive reactions.</param>
/// <param name="shares">Shares, reposts or retweets.</param>
/// <param name="replies">Replies or comments.</param>
/// <param name="views">Views or impressions, where the platform reports them.</param>
public readonly struct MentionEngagement(long likes, long shares, long replies, long views)
{
    /// <summary>Likes, favourites or positive reactions.</summary>
    public long Likes { get; } = likes;

    /// <summary>Shares, reposts or retweets.</summary>
    public long Shares { get; } = shares;

    /// <summary>Replies or comments.</summary>
    public long Replies { get; } = replies;

    /// <summary>Views or impressions, where the platform reports them.</summary>
    public long Views { get; } = views;

    /// <summary>Likes, shares and replies added together (views excluded).</summary>
    public long Interactions => Likes + Shares + Replies;
}
