using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CrisisKit.Text;

namespace CrisisKit.Mentions;

/// <summary>What a token of text is, for matching.</summary>
internal enum MatchTokenKind : byte
{
    /// <summary>A run of letters and digits.</summary>
    Word = 0,

    /// <summary>A <c>#hashtag</c>; its text excludes the <c>#</c>.</summary>
    Hashtag = 1,

    /// <summary>An <c>@handle</c>; its text excludes the <c>@</c>.</summary>
    Handle = 2,
}

/// <summary>A folded token: where its folded text lies in the buffer, its hash and its kind.</summary>
internal struct MatchToken
{
    public int Start;
    public int Length;
    public ulong Hash;
    public MatchTokenKind Kind;
}

/// <summary>
/// Splits text into folded word, hashtag and handle tokens without allocating: folded characters go into a
/// reusable buffer and each token carries a hash of its folded text. Links (<c>http://</c>, <c>https://</c>,
/// <c>www.</c>) are skipped. A handle is <c>@</c> at the start of a token followed by letters, digits,
/// <c>_</c> or inner dots; a hashtag is <c>#</c> followed by letters, digits or <c>_</c>.
/// </summary>
internal static class MatchTokenizer
{
    private const ulong Seed = TermHash.Seed;

    /// <summary>Hash of a folded token's text and kind, as the tokenizer computes it.</summary>
    public static ulong Hash(ReadOnlySpan<char> folded, MatchTokenKind kind) => TermHash.Of(folded, (byte)kind);

    /// <summary>
    /// Tokenizes <paramref name="text"/>, writing folded characters into <paramref name="chars"/> and tokens into
    /// <paramref name="tokens"/>, growing either when needed. Returns the number of tokens.
    /// </summary>
    public static int Tokenize(ReadOnlySpan<char> text, ref char[] chars, ref MatchToken[] tokens)
    {
        SocialText.EnsureCapacity(ref chars, text.Length);
        var count = 0;
        var written = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var folded = TextFolding.Fold(c);
            if (folded == TextFolding.Separator)
            {
                if ((c == '#' || c == '@') && i + 1 < text.Length && StartsPrefixed(text[i + 1]) && !SocialText.PrecededByWordChar(text, i))
                {
                    var kind = c == '#' ? MatchTokenKind.Hashtag : MatchTokenKind.Handle;
                    var start = written;
                    i = ReadPrefixed(text, i + 1, kind, chars, ref written, out var hash);
                    Add(ref tokens, ref count, start, written - start, Finish(hash, kind), kind);
                    continue;
                }

                i++;
                continue;
            }

            if (folded == TextFolding.Ignorable)
            {
                i++;
                continue;
            }

            if (SocialText.IsLinkStart(text, i))
            {
                i = SocialText.SkipLink(text, i);
                continue;
            }

            // The hot loop: one table lookup, one store and one hash step per character. The buffer holds at least
            // text.Length characters, so the unchecked writes stay inside it.
            var wordStart = written;
            var wordHash = Seed;
            ref var source = ref MemoryMarshal.GetReference(text);
            ref var destination = ref MemoryMarshal.GetArrayDataReference(chars);
            while (i < text.Length)
            {
                var f = TextFolding.Fold(Unsafe.Add(ref source, i));
                if (f <= TextFolding.Ignorable)
                {
                    if (f == TextFolding.Separator)
                    {
                        break;
                    }

                    i++;
                    continue;
                }

                Unsafe.Add(ref destination, written++) = f;
                wordHash = Step(wordHash, f);
                i++;
            }

            Add(ref tokens, ref count, wordStart, written - wordStart, Finish(wordHash, MatchTokenKind.Word), MatchTokenKind.Word);
        }

        return count;
    }

    /// <summary>
    /// Tokenizes one matching rule entry (a keyword, handle or hashtag). For handles and hashtags the prefix is
    /// optional. Allocates; used when a matcher is built.
    /// </summary>
    public static IReadOnlyList<(string Text, MatchTokenKind Kind, ulong Hash)> TokenizeRule(string entry, MatchTokenKind kind)
    {
        var text = entry.AsSpan().Trim();
        if (kind == MatchTokenKind.Handle && (text.Length == 0 || text[0] != '@'))
        {
            text = ("@" + text.ToString()).AsSpan();
        }
        else if (kind == MatchTokenKind.Hashtag && (text.Length == 0 || text[0] != '#'))
        {
            text = ("#" + text.ToString()).AsSpan();
        }

        var chars = new char[Math.Max(16, text.Length)];
        var tokens = new MatchToken[8];
        var count = Tokenize(text, ref chars, ref tokens);
        var result = new List<(string, MatchTokenKind, ulong)>(count);
        for (var t = 0; t < count; t++)
        {
            var token = tokens[t];
            result.Add((new string(chars, token.Start, token.Length), token.Kind, token.Hash));
        }

        return result;
    }

    /// <summary>Folds an author handle (with or without <c>@</c>) into <paramref name="chars"/>; returns its length and hash.</summary>
    public static int FoldHandle(ReadOnlySpan<char> handle, ref char[] chars, out ulong hash)
    {
        if (handle.Length > 0 && handle[0] == '@')
        {
            handle = handle[1..];
        }

        SocialText.EnsureCapacity(ref chars, handle.Length);

        var written = 0;
        ReadPrefixed(handle, 0, MatchTokenKind.Handle, chars, ref written, out var raw);
        hash = Finish(raw, MatchTokenKind.Handle);
        return written;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Step(ulong hash, char c) => TermHash.Step(hash, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Finish(ulong hash, MatchTokenKind kind) => TermHash.Finish(hash, (byte)kind);

    private static bool StartsPrefixed(char next) => next == '_' || TextFolding.Fold(next) > TextFolding.Ignorable;

    private static int ReadPrefixed(ReadOnlySpan<char> text, int i, MatchTokenKind kind, char[] chars, ref int written, out ulong hash)
    {
        hash = Seed;
        while (i < text.Length)
        {
            var c = text[i];
            var f = TextFolding.Fold(c);
            if (f == TextFolding.Ignorable)
            {
                i++;
                continue;
            }

            if (f == TextFolding.Separator)
            {
                var innerDot = kind == MatchTokenKind.Handle && c == '.' && i + 1 < text.Length
                    && TextFolding.Fold(text[i + 1]) > TextFolding.Ignorable;
                if (c != '_' && !innerDot)
                {
                    break;
                }

                f = c;
            }

            chars[written++] = f;
            hash = Step(hash, f);
            i++;
        }

        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add(ref MatchToken[] tokens, ref int count, int start, int length, ulong hash, MatchTokenKind kind)
    {
        if (count == tokens.Length)
        {
            Array.Resize(ref tokens, tokens.Length * 2);
        }

        ref var token = ref tokens[count++];
        token.Start = start;
        token.Length = length;
        token.Hash = hash;
        token.Kind = kind;
    }
}
