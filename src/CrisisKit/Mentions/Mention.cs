namespace CrisisKit.Mentions;

/// <summary>
/// One post, comment or review that may concern a monitored subject: the unit CrisisKit watches.
/// </summary>
/// <remarks>
/// A mention is identified by <see cref="Platform"/> and <see cref="Id"/> together; two mentions with the same
/// pair are the same post. Instances are immutable; use a <c>with</c> expression
/// to derive a changed copy.
/// </remarks>
public sealed record Mention
{
    /// <summary>The platform's own identifier of the post. Never empty.</summary>
    public required string Id { get; init; }

    /// <summary>
    /// The platform the post was made on, in lower case (for example <c>x</c>, <c>facebook</c>); see
    /// <see cref="Platforms"/> for the names CrisisKit knows. Never empty.
    /// </summary>
    public required string Platform { get; init; }

    /// <summary>Who posted it.</summary>
    public required MentionAuthor Author { get; init; }

    /// <summary>The text of the post. May be empty (an image or video with no caption), never <see langword="null"/>.</summary>
    public required string Text { get; init; }

    /// <summary>When the post was made.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The ISO 639-1 language code if known (for example <c>en</c>, <c>el</c>), otherwise <see langword="null"/>.</summary>
    public string? Language { get; init; }

    /// <summary>Likes, shares, replies and views at the time the mention was collected.</summary>
    public MentionEngagement Engagement { get; init; }

    /// <summary>The <see cref="Id"/> of the post (on the same platform) this one replies to, if any.</summary>
    public string? InReplyToId { get; init; }

    /// <summary>The <see cref="Id"/> of the post (on the same platform) this one quotes or shares, if any.</summary>
    public string? QuotedId { get; init; }

    /// <summary>A link to the post, if known.</summary>
    public string? Url { get; init; }

    /// <summary>The identity of this mention: platform and id.</summary>
    internal MentionKey Key => new(Platform, Id);
}
