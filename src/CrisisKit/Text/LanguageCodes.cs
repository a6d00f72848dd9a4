using System.Buffers;
using System.Collections.Frozen;

namespace CrisisKit.Text;

/// <summary>
/// The ISO 639-1 language codes, and the language tags built on them (<c>en</c>, <c>en-GB</c>, <c>pt-BR</c>): what a
/// monitored subject may list, and the primary subtag by which languages are compared.
/// </summary>
internal static class LanguageCodes
{
    /// <summary>The longest tag accepted: the length RFC 5646 (section 4.4.1) asks every implementation to support.</summary>
    public const int MaxTagLength = 35;

    /// <summary>What to write instead, for a message about a refused language.</summary>
    public const string Hint = "use a two-letter ISO 639-1 code such as 'en' or 'de', optionally with a region such as 'en-GB'";

    /// <summary>
    /// The 184 two-letter codes of ISO 639-1 (including <c>bh</c>, Bihari, withdrawn in 2021 but still found in
    /// data), in lower case. Matched without regard to case.
    /// </summary>
    public static FrozenSet<string> Iso639_1 { get; } = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az",
        "ba", "be", "bg", "bh", "bi", "bm", "bn", "bo", "br", "bs",
        "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy",
        "da", "de", "dv", "dz",
        "ee", "el", "en", "eo", "es", "et", "eu",
        "fa", "ff", "fi", "fj", "fo", "fr", "fy",
        "ga", "gd", "gl", "gn", "gu", "gv",
        "ha", "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz",
        "ia", "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu",
        "ja", "jv",
        "ka", "kg", "ki", "kj", "kk", "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky",
        "la", "lb", "lg", "li", "ln", "lo", "lt", "lu", "lv",
        "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my",
        "na", "nb", "nd", "ne", "ng", "nl", "nn", "no", "nr", "nv", "ny",
        "oc", "oj", "om", "or", "os",
        "pa", "pi", "pl", "ps", "pt",
        "qu",
        "rm", "rn", "ro", "ru", "rw",
        "sa", "sc", "sd", "se", "sg", "si", "sk", "sl", "sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw",
        "ta", "te", "tg", "th", "ti", "tk", "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty",
        "ug", "uk", "ur", "uz",
        "ve", "vi", "vo",
        "wa", "wo",
        "xh",
        "yi", "yo",
        "za", "zh", "zu");

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> CodeLookup = Iso639_1.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly SearchValues<char> Letters = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private static readonly SearchValues<char> LettersAndDigits = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");

    /// <summary>The primary subtag of a language tag: what comes before the first <c>-</c> or <c>_</c> (<c>en-GB</c> → <c>en</c>).</summary>
    /// <param name="tag">A language tag, such as a mention's or a subject's language.</param>
    /// <returns>The primary subtag; the whole tag when it has no separator (or starts with one).</returns>
    public static ReadOnlySpan<char> Primary(ReadOnlySpan<char> tag)
    {
        var dash = tag.IndexOfAny('-', '_');
        return dash > 0 ? tag[..dash] : tag;
    }

    /// <summary>Whether <paramref name="code"/> is one of the <see cref="Iso639_1"/> codes, in any letter case.</summary>
    /// <param name="code">A two-letter code.</param>
    /// <returns><see langword="true"/> for <c>en</c> or <c>EL</c>; <see langword="false"/> for <c>gr</c>, <c>eng</c> or <c>en-GB</c>.</returns>
    public static bool IsIso639_1(ReadOnlySpan<char> code) => code.Length == 2 && CodeLookup.Contains(code);

    /// <summary>
    /// Says what is wrong with <paramref name="tag"/> as a language to keep: it must be an ISO 639-1 code, optionally
    /// followed by subtags of 1 to 8 letters or digits, each after a <c>-</c> or <c>_</c> (<c>en</c>, <c>en-GB</c>,
    /// <c>zh-Hant-TW</c>). Spaces around the tag are allowed.
    /// </summary>
    /// <param name="tag">The tag to check.</param>
    /// <returns><see langword="null"/> when the tag is fine; otherwise the reason, to follow the quoted tag in a message.</returns>
    public static string? Problem(string tag)
    {
        var value = tag.AsSpan().Trim();
        if (value.IsEmpty)
        {
            return "is empty";
        }

        if (value.Length > MaxTagLength)
        {
            return $"is {value.Length} characters long; a language tag has at most {MaxTagLength}";
        }

        var primary = Primary(value);
        if (!IsIso639_1(primary))
        {
            return primary.Length == 3 && IsLetters(primary)
                ? "is not an ISO 639-1 language code (three letters make an ISO 639-2 or 639-3 code)"
                : "is not an ISO 639-1 language code";
        }

        var rest = value[primary.Length..];
        while (!rest.IsEmpty)
        {
            rest = rest[1..];
            var subtag = Primary(rest);
            if (rest.IndexOfAny('-', '_') == 0 || subtag.Length is 0 or > 8 || !IsLettersOrDigits(subtag))
            {
                return "has a malformed part after the language: each must be 1 to 8 letters or digits after a '-'";
            }

            rest = rest[subtag.Length..];
        }

        return null;
    }

    private static bool IsLetters(ReadOnlySpan<char> value) => !value.ContainsAnyExcept(Letters);

    private static bool IsLettersOrDigits(ReadOnlySpan<char> value) => !value.ContainsAnyExcept(LettersAndDigits);
}
