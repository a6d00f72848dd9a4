using CrisisKit.Categories;

namespace CrisisKit.Monitoring;

/// <summary>A snapshot of what the monitor has seen of one subject.</summary>
public sealed class SubjectActivity
{
    /// <summary>The subject's id.</summary>
    public string SubjectId { get; internal init; } = "";

    /// <summary>Mentions of the subject accepted (late ones included).</summary>
    public long Mentions { get; internal init; }

    /// <summary>Of those, how many arrived late.</summary>
    public long LateMentions { get; internal init; }

    /// <summary>The earliest mention timestamp, or <see langword="null"/> before the first mention.</summary>
    public DateTimeOffset? FirstMention { get; internal init; }

    /// <summary>The latest mention timestamp, or <see langword="null"/> before the first mention.</summary>
    public DateTimeOffset? LastMention { get; internal init; }

    /// <summary>Potential reach: the authors' followers summed over all mentions.</summary>
    public long PotentialReach { get; internal init; }

    /// <summary>Likes, shares and replies summed over all mentions.</summary>
    public long Interactions { get; internal init; }

    /// <summary>Mentions the sentiment analyzer classed negative.</summary>
    public long NegativeMentions { get; internal init; }

    /// <summary>The mean compound sentiment of the mentions, from -1 to 1 (0 before the first mention).</summary>
    public double MeanSentiment { get; internal init; }

    /// <summary>Mentions per crisis category (each mention counted under its primary category when its confidence is at least 0.5), most first.</summary>
    public IReadOnlyList<KeyValuePair<CrisisCategory, long>> Categories { get; internal init; } = [];

    /// <summary>Mentions per language code; <c>und</c> counts mentions whose language is unknown. Sorted by count, descending.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Languages { get; internal init; } = [];

    /// <summary>Mentions per platform, sorted by count, descending.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Platforms { get; internal init; } = [];

    /// <summary>
    /// The most active authors, by mentions, most first. Counted with a bounded heavy-hitters sketch of
    /// <see cref="CrisisKitOptions.TopAuthorsTracked"/> entries: counts are exact while fewer authors than that have
    /// posted, and otherwise may overstate an author by at most <see cref="AuthorActivity.MaxOvercount"/>.
    /// </summary>
    public IReadOnlyList<AuthorActivity> TopAuthors { get; internal init; } = [];

    /// <summary>The authors with the most followers among those who mentioned the subject, most first (at most ten).</summary>
    public IReadOnlyList<AuthorActivity> TopAuthorsByReach { get; internal init; } = [];
}

/// <summary>One author's activity about a subject.</summary>
/// <param name="handle">The author's handle.</param>
/// <param name="mentions">Mentions by the author (an upper bound; see <see cref="MaxOvercount"/>).</param>
/// <param name="followers">The author's follower count as last seen.</param>
/// <param name="verified">Whether the author is verified, as last seen.</param>
/// <param name="maxOvercount">How much <see cref="Mentions"/> may overstate the true count (zero when exact).</param>
public sealed class AuthorActivity(string handle, long mentions, long followers, bool verified, long maxOvercount)
{
    /// <summary>The author's handle.</summary>
    public string Handle { get; } = handle;

    /// <summary>Mentions by the author (an upper bound; see <see cref="MaxOvercount"/>).</summary>
    public long Mentions { get; } = mentions;

    /// <summary>The author's follower count as last seen.</summary>
    public long Followers { get; } = followers;

    /// <summary>Whether the author is verified, as last seen.</summary>
    public bool Verified { get; } = verified;

    /// <summary>How much <see cref="Mentions"/> may overstate the true count (zero when exact).</summary>
    public long MaxOvercount { get; } = maxOvercount;
}
