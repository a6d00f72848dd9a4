namespace CrisisKit.Text;

/// <summary>Small scanning rules shared by the matching and sentiment tokenizers: words, links, handles and buffers.</summary>
internal static class SocialText
{
    /// <summary>Whether <paramref name="c"/> belongs to a word (a letter or digit after folding).</summary>
    public static bool IsWordChar(char c) => TextFolding.Fold(c) > TextFolding.Ignorable;

    /// <summary>Whether the character before <paramref name="i"/> belongs to a word or is <c>_</c>, so that <c>@</c> or <c>#</c> at <paramref name="i"/> is inside a token (an e-mail address, say).</summary>
    public static bool PrecededByWordChar(ReadOnlySpan<char> text, int i) =>
        i > 0 && (text[i - 1] == '_' || IsWordChar(text[i - 1]));

    /// <summary>Whether a link (<c>http://</c>, <c>https://</c> or <c>www.</c>) starts at <paramref name="i"/>.</summary>
    public static bool IsLinkStart(ReadOnlySpan<char> text, int i)
    {
        // The first two letters rule out nearly every word (what, with, have...) before any string comparison.
        var rest = text[i..];
        return rest.Length >= 4 && ((rest[0] | 0x20) == 'h' ? (rest[1] | 0x20) == 't' : (rest[0] | 0x20) == 'w' && (rest[1] | 0x20) == 'w')
            && (rest.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
                || rest.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
                || rest.StartsWith("www.", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The index after the link starting at <paramref name="i"/> (links end at white space).</summary>
    public static int SkipLink(ReadOnlySpan<char> text, int i)
    {
        while (i < text.Length && !char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }

    /// <summary>Grows <paramref name="buffer"/> to hold at least <paramref name="length"/> characters.</summary>
    public static void EnsureCapacity(ref char[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new char[Math.Max(length, buffer.Length * 2)];
        }
    }
}
