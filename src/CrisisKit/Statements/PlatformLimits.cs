using System.Globalization;
using CrisisKit.Mentions;

namespace CrisisKit.Statements;

/// <summary>Length limits of the platforms a statement can go to, and the counting each uses.</summary>
internal static class PlatformLimits
{
    /// <summary>What X counts a link as, whatever its length.</summary>
    public const int XLinkLength = 23;

    /// <summary>Hard limits in characters (grapheme clusters; X: weighted characters). Approximate, current when written.</summary>
    private static readonly Dictionary<string, int> HardLimits = new(StringComparer.Ordinal)
    {
        [Platforms.X] = 280,
        [Platforms.Threads] = 500,
        [Platforms.Bluesky] = 300,
        [Platforms.Mastodon] = 500,
        [Platforms.Instagram] = 2200,
        [Platforms.TikTok] = 4000,
        [Platforms.LinkedIn] = 3000,
        [Platforms.Facebook] = 63206,
    };

    /// <summary>The canonical platform name: trimmed, lower case, <c>twitter</c> read as <c>x</c>.</summary>
    public static string Normalize(string platform)
    {
        var name = platform.Trim().ToLowerInvariant();
        return name == "twitter" ? Platforms.X : name;
    }

    /// <summary>The platform's hard limit, or <see langword="null"/> when it has none CrisisKit knows.</summary>
    public static int? HardLimit(string platform) => HardLimits.TryGetValue(platform, out var limit) ? limit : null;

    /// <summary>
    /// Counts <paramref name="text"/> as <paramref name="platform"/> does (X: links count 23, emoji 2, letters
    /// outside Latin, Greek, Cyrillic and the like 2, everything else 1; others: grapheme clusters) and returns the
    /// index of the first character past <paramref name="limit"/>, or -1 when the text fits.
    /// </summary>
    public static int Overflow(string text, string platform, int limit, IReadOnlyList<(int Start, int End)> links, out int length)
    {
        var isX = platform == Platforms.X;
        length = 0;
        var overflow = -1;
        var link = 0;
        var i = 0;
        while (i < text.Length)
        {
            int weight;
            int next;
            while (link < links.Count && links[link].End <= i)
            {
                link++;
            }

            if (isX && link < links.Count && links[link].Start == i)
            {
                weight = XLinkLength;
                next = links[link].End;
            }
            else
            {
                next = i + StringInfo.GetNextTextElementLength(text, i);
                weight = isX ? XWeight(text.AsSpan(i, next - i)) : 1;
            }

            length += weight;
            if (length > limit && overflow < 0)
            {
                overflow = i;
            }

            i = next;
        }

        return overflow;
    }

    private static int XWeight(ReadOnlySpan<char> grapheme)
    {
        var weight = 0;
        var first = true;
        foreach (var rune in grapheme.EnumerateRunes())
        {
            if (first && IsEmoji(rune.Value))
            {
                return 2;
            }

            first = false;
            weight += rune.Value is <= 0x10FF or >= 0x2000 and <= 0x200D or >= 0x2010 and <= 0x201F or >= 0x2032 and <= 0x2037 ? 1 : 2;
        }

        return weight;
    }

    private static bool IsEmoji(int codePoint) => codePoint is >= 0x1F000 and <= 0x1FAFF or >= 0x2600 and <= 0x27BF;

    internal static string Describe(string platform) => platform switch
    {
        Platforms.X => "X",
        Platforms.LinkedIn => "LinkedIn",
        Platforms.TikTok => "TikTok",
        _ => char.ToUpperInvariant(platform[0]) + platform[1..],
    };
}
