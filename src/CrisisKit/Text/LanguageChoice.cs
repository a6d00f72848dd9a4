using System.Collections.Frozen;

namespace CrisisKit.Text;

/// <summary>Picks the per-language resource for a text: the given language's, else by script (Greek letters mean Greek), else the default.</summary>
internal static class LanguageChoice
{
    public static T Choose<T>(FrozenDictionary<string, T> byLanguage, T fallback, ReadOnlySpan<char> text, string? language)
    {
        if (!string.IsNullOrEmpty(language))
        {
            return byLanguage.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(LanguageCodes.Primary(language), out var chosen) ? chosen : fallback;
        }

        return IsMostlyGreek(text) && byLanguage.TryGetValue("el", out var greek) ? greek : fallback;
    }

    /// <summary>Whether Greek letters outnumber Latin ones (in the first 280 characters, a post's usual length).</summary>
    public static bool IsMostlyGreek(ReadOnlySpan<char> text)
    {
        var greek = 0;
        var latin = 0;
        foreach (var c in text[..Math.Min(text.Length, 280)])
        {
            if (c is >= '\u0370' and <= '\u03FF' or >= '\u1F00' and <= '\u1FFF')
            {
                greek++;
            }
            else if (c is >= 'A' and <= 'Z' or >= 'a' and <= 'z')
            {
                latin++;
            }
        }

        return greek > latin;
    }
}
