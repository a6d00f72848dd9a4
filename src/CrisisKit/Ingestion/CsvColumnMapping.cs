namespace CrisisKit.Ingestion;

/// <summary>
/// Which CSV header names hold which mention fields, and the delimiter. Header names are compared without regard
/// to case or surrounding spaces; columns not named here are ignored. A header with two columns of a name read here
/// (two <c>text</c> columns, say) is refused rather than one of them picked.
/// </summary>
/// <remarks>
/// Required columns: <see cref="Id"/>, <see cref="Timestamp"/> and <see cref="AuthorHandle"/>, and
/// <see cref="Platform"/> unless <see cref="MentionReaderOptions.DefaultPlatform"/> is set. Set an optional
/// column's name to <see langword="null"/> to ignore that field even when a column of that name exists.
/// Values: timestamps in ISO 8601 (UTC when no offset is given) or Unix seconds/milliseconds; counts as whole
/// numbers, zero or more (empty is zero); <see cref="AuthorVerified"/> as true/false, 1/0 or yes/no.
/// </remarks>
public sealed class CsvColumnMapping
{
    /// <summary>The field delimiter; default <c>,</c>. Must not be a quote, a line break or a letter or digit.</summary>
    public char Delimiter { get; init; } = ',';

    /// <summary>Column of <see cref="Mentions.Mention.Id"/>; default <c>id</c>. Required.</summary>
    public string Id { get; init; } = "id";

    /// <summary>Column of <see cref="Mentions.Mention.Platform"/>; default <c>platform</c>.</summary>
    public string? Platform { get; init; } = "platform";

    /// <summary>Column of <see cref="Mentions.Mention.Timestamp"/>; default <c>timestamp</c>. Required.</summary>
    public string Timestamp { get; init; } = "timestamp";

    /// <summary>Column of <see cref="Mentions.Mention.Text"/>; default <c>text</c>.</summary>
    public string? Text { get; init; } = "text";

    /// <summary>Column of <see cref="Mentions.Mention.Language"/>; default <c>language</c>.</summary>
    public string? Language { get; init; } = "language";

    /// <summary>Column of the author's handle; default <c>author</c>. Required.</summary>
    public string AuthorHandle { get; init; } = "author";

    /// <summary>Column of the author's display name; default <c>author_name</c>.</summary>
    public string? AuthorDisplayName { get; init; } = "author_name";

    /// <summary>Column of the author's follower count; default <c>followers</c>.</summary>
    public string? AuthorFollowers { get; init; } = "followers";

    /// <summary>Column of the author's verified flag; default <c>verified</c>.</summary>
    public string? AuthorVerified { get; init; } = "verified";

    /// <summary>Column of the like count; default <c>likes</c>.</summary>
    public string? Likes { get; init; } = "likes";

    /// <summary>Column of the share count; default <c>shares</c>.</summary>
    public string? Shares { get; init; } = "shares";

    /// <summary>Column of the reply count; default <c>replies</c>.</summary>
    public string? Replies { get; init; } = "replies";

    /// <summary>Column of the view count; default <c>views</c>.</summary>
    public string? Views { get; init; } = "views";

    /// <summary>Column of the id of the post replied to; default <c>in_reply_to_id</c>.</summary>
    public string? InReplyToId { get; init; } = "in_reply_to_id";

    /// <summary>Column of the id of the post quoted or shared; default <c>quoted_id</c>.</summary>
    public string? QuotedId { get; init; } = "quoted_id";

    /// <summary>Column of the post's link; default <c>url</c>.</summary>
    public string? Url { get; init; } = "url";

    internal void Validate()
    {
        if (Delimiter is '"' or '\r' or '\n' || char.IsLetterOrDigit(Delimiter))
        {
            throw new ArgumentException($"CsvColumnMapping.Delimiter '{Delimiter}' cannot be used; choose a punctuation character or tab.", nameof(Delimiter));
        }

        if (string.IsNullOrWhiteSpace(Id) || string.IsNullOrWhiteSpace(Timestamp) || string.IsNullOrWhiteSpace(AuthorHandle))
        {
            throw new ArgumentException("CsvColumnMapping.Id, Timestamp and AuthorHandle name required columns and must not be empty.");
        }
    }
}
