using CrisisKit.Categories;

namespace CrisisKit.Monitoring;

/// <summary>A snapshot of what the monitor has seen of one subject.</summary>
public sealed class SubjectActivity
{
    /// <summary>The subject's id.</summary>
    public required string SubjectId { get; init; }

    /// <summary>Mentions of the subject accepted (late ones included).</summary>
    public required long Mentions { get; init; }

    /// <summary>Of those, how many arrived late.</summary>
    public required long LateMentions { get; init; }

    /// <summary>The earliest mention timestamp, or <see langword="null"/> before the first mention.</summary>
    public DateTimeOffset? FirstMention { get; init; }

    /// <summary>The latest mention timestamp, or <see langword="null"/> before the first mention.</summary>
    public DateTimeOffset? LastMention { get; init; }

    /// <summary>Potential reach: the authors' followers summed over all mentions.</summary>
    public required long PotentialReach { get; init; }

    /// <summary>Likes, shares and replies summed over all mentions.</summary>
    public required long Interactions { get; init; }

    /// <summary>Mentions the sentiment analyzer classed negative.</summary>
    public required long NegativeMentions { get; init; }

    /// <summary>The mean compound sentiment of the mentions, from -1 to 1 (0 before the first mention).</summary>
    public required double MeanSentiment { get; init; }

    /// <summary>Mentions per crisis category (each mention counted under its primary category when its confidence is at least 0.5), most first.</summary>
    public required IReadOnlyList<KeyValuePair<CrisisCategory, long>> Categories { get; init; }

    /// <summary>Mentions per language code; <c>und</c> counts mentions whose language is unknown. Sorted by count, descending.</summary>
    public required IReadOnlyList<KeyValuePair<string, long>> Languages { get; init; }

    /// <summary>Mentions per platform, sorted by count, descending.</summary>
    public required IReadOnlyList<KeyValuePair<string, long>> Platforms { get; init; }

    /// <summary>
    /// The most active authors, by mentions, most first. Counted with a bounded heavy-hitters sketch of
    /// <see cref="CrisisKitOptions.TopAuthorsTracked"/> entries: counts are exact while fewer authors than that have
    /// posted, and otherwise may overstate an author by at most <see cref="AuthorActivity.MaxOvercount"/>.
    /// </summary>
    public required IReadOnlyList<AuthorActivity> TopAuthors { get; init; }

    /// <summary>The authors with the most followers among those who mentioned the subject, most first (at most ten).</summary>
    public required IReadOnlyList<AuthorActivity> TopAuthorsByReach { get; init; }
}

/// <summary>One author's activity about a subject.</summary>
/// <param name="Handle">The author's handle.</param>
/// <param name="Mentions">Mentions by the author (an upper bound; see <paramref name="MaxOvercount"/>).</param>
/// <param name="Followers">The author's follower count as last seen.</param>
/// <param name="Verified">Whether the author is verified, as last seen.</param>
/// <param name="MaxOvercount">How much <paramref name="Mentions"/> may overstate the true count (zero when exact).</param>
public sealed record AuthorActivity(string Handle, long Mentions, long Followers, bool Verified, long MaxOvercount);
