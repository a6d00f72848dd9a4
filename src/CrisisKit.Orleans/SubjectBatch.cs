using CrisisKit.Categories;
using CrisisKit.Mentions;
using CrisisKit.Sentiment;
using Orleans;

namespace CrisisKit.Orleans;

/// <summary>The ingest side of a subject grain, used by the router only.</summary>
internal interface ISubjectIngestGrain : IGrainWithStringKey
{
    /// <summary>
    /// Applies one batch from one router. Batches from a router are applied once each, in sequence order: a batch
    /// already applied is ignored, and one that comes after a gap is not applied (the receipt says where the grain
    /// is, and the router sends the missing batches first).
    /// </summary>
    Task<BatchReceipt> ApplyAsync(SubjectBatch batch);
}

/// <summary>
/// The mentions one router sends one subject in one call, enriched, each with the router's watermark after it; and
/// the router's watermark when it sent the batch, up to which the grain closes its buckets.
/// </summary>
[GenerateSerializer, Immutable]
internal sealed class SubjectBatch
{
    [Id(0)] public Guid Router { get; init; }

    [Id(1)] public long Sequence { get; init; }

    [Id(2)] public long WatermarkTicks { get; init; }

    [Id(3)] public RoutedMention[] Mentions { get; init; } = [];
}

/// <summary>What a subject grain tells the router after a batch: how far it has applied and written that router's batches.</summary>
[GenerateSerializer, Immutable]
internal readonly record struct BatchReceipt([property: Id(0)] long Applied, [property: Id(1)] long Persisted);

/// <summary>A mention on the wire to a subject grain, with its enrichment and the router's watermark once it was accepted.</summary>
[GenerateSerializer, Immutable]
internal sealed class RoutedMention
{
    [Id(0)] public required string Id { get; init; }

    [Id(1)] public required string Platform { get; init; }

    [Id(2)] public required string AuthorHandle { get; init; }

    [Id(3)] public long Followers { get; init; }

    [Id(4)] public bool Verified { get; init; }

    [Id(5)] public required string Text { get; init; }

    [Id(6)] public long TimestampTicks { get; init; }

    [Id(7)] public string? Language { get; init; }

    [Id(8)] public long Likes { get; init; }

    [Id(9)] public long Shares { get; init; }

    [Id(10)] public long Replies { get; init; }

    [Id(11)] public long Views { get; init; }

    [Id(12)] public string? InReplyToId { get; init; }

    [Id(13)] public string? QuotedId { get; init; }

    [Id(14)] public double Compound { get; init; }

    [Id(15)] public double Positive { get; init; }

    [Id(16)] public double Negative { get; init; }

    [Id(17)] public double Neutral { get; init; }

    [Id(18)] public required float[] Categories { get; init; }

    [Id(19)] public long WatermarkTicks { get; init; }

    [Id(20)] public string? Url { get; init; }

    [Id(21)] public string? AuthorDisplayName { get; init; }

    public static RoutedMention From(Mention mention, SentimentScore sentiment, CategoryScores categories, long watermarkTicks)
    {
        var confidences = new float[CrisisCategories.All.Count];
        for (var i = 0; i < confidences.Length; i++)
        {
            confidences[i] = (float)categories[(CrisisCategory)i];
        }

        return new RoutedMention
        {
            Id = mention.Id,
            Platform = mention.Platform,
            AuthorHandle = mention.Author.Handle,
            AuthorDisplayName = mention.Author.DisplayName,
            Followers = mention.Author.Followers,
            Verified = mention.Author.Verified,
            Text = mention.Text,
            TimestampTicks = mention.Timestamp.UtcTicks,
            Language = mention.Language,
            Likes = mention.Engagement.Likes,
            Shares = mention.Engagement.Shares,
            Replies = mention.Engagement.Replies,
            Views = mention.Engagement.Views,
            InReplyToId = mention.InReplyToId,
            QuotedId = mention.QuotedId,
            Url = mention.Url,
            Compound = sentiment.Compound,
            Positive = sentiment.Positive,
            Negative = sentiment.Negative,
            Neutral = sentiment.Neutral,
            Categories = confidences,
            WatermarkTicks = watermarkTicks,
        };
    }

    public Mention ToMention() => new()
    {
        Id = Id,
        Platform = Platform,
        Author = new MentionAuthor(AuthorHandle, Followers, Verified) { DisplayName = AuthorDisplayName },
        Text = Text,
        Timestamp = new DateTimeOffset(TimestampTicks, TimeSpan.Zero),
        Language = Language,
        Engagement = new MentionEngagement(Likes, Shares, Replies, Views),
        InReplyToId = InReplyToId,
        QuotedId = QuotedId,
        Url = Url,
    };

    public SentimentScore Sentiment => new(Compound, Positive, Negative, Neutral);

    public CategoryScores CategoryScores => new(Categories);
}
