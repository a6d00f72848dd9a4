namespace CrisisKit.Mentions;

/// <summary>
/// Names of the platforms CrisisKit knows, as they appear in <see cref="Mention.Platform"/>. Any other lower-case
/// name is accepted too; these are interned by the readers so common values cost no allocation.
/// </summary>
public static class Platforms
{
    /// <summary>X (formerly Twitter).</summary>
    public const string X = "x";

    /// <summary>Facebook.</summary>
    public const string Facebook = "facebook";

    /// <summary>Instagram.</summary>
    public const string Instagram = "instagram";

    /// <summary>TikTok.</summary>
    public const string TikTok = "tiktok";

    /// <summary>YouTube.</summary>
    public const string YouTube = "youtube";

    /// <summary>Reddit.</summary>
    public const string Reddit = "reddit";

    /// <summary>LinkedIn.</summary>
    public const string LinkedIn = "linkedin";

    /// <summary>Threads.</summary>
    public const string Threads = "threads";

    /// <summary>Bluesky.</summary>
    public const string Bluesky = "bluesky";

    /// <summary>Mastodon and other fediverse servers.</summary>
    public const string Mastodon = "mastodon";

    /// <summary>News sites and their comment sections.</summary>
    public const string News = "news";

    /// <summary>Review sites and app-store reviews.</summary>
    public const string Reviews = "reviews";

    /// <summary>Forums and blogs.</summary>
    public const string Forum = "forum";

    /// <summary>All the names above.</summary>
    public static IReadOnlyList<string> Known { get; } =
        [X, Facebook, Instagram, TikTok, YouTube, Reddit, LinkedIn, Threads, Bluesky, Mastodon, News, Reviews, Forum];
}
