using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using CrisisKit.Text;

namespace CrisisKit.Sentiment;

/// <summary>What a sentiment token is.</summary>
internal enum SentimentTokenKind : byte
{
    /// <summary>A word (letters, digits, inner apostrophes), folded.</summary>
    Word,

    /// <summary>An emoji or emoticon with its valence.</summary>
    Symbol,

    /// <summary>A clause break (<c>,</c> <c>;</c> <c>:</c> and similar): negation and modifiers do not reach across it.</summary>
    ClauseBreak,

    /// <summary>A sentence break (<c>.</c> <c>!</c> <c>?</c> or a line break): contrast does not reach across it either.</summary>
    SentenceBreak,
}

/// <summary>One token of a text being scored.</summary>
internal struct SentimentToken
{
    public ulong Hash;
    public int Start;
    public int Length;
    public float Valence;

    /// <summary>For a word, when tokenized for a lexicon: its first slot in the lexicon's word table (<see cref="TermTable{TValue}.FirstSlot"/>), read early.</summary>
    public uint Slot;

    public SentimentTokenKind Kind;
    public bool Caps;
    public bool Elongated;

    /// <summary>For a sentence break: whether it includes a question mark (the sentence before it asks).</summary>
    public bool Question;
}

/// <summary>Counts over the whole text that rules need.</summary>
internal struct TextCounts
{
    public int Exclamations;
    public int Questions;
    public int CapsWords;
    public int Words;
}

/// <summary>
/// Splits social-media text into folded sentiment tokens without allocating: HTML entities decoded, links and
/// @handles skipped, #CamelCase hashtags split into words, emoji and emoticons recognised, punctuation kept as
/// clause and sentence breaks and counted.
/// </summary>
internal static class SentimentTokenizer
{
    /// <summary>Splits a lexicon term into folded words (allocates; used when lexicons load).</summary>
    public static List<string> FoldTerm(string term)
    {
        var chars = new char[Math.Max(16, term.Length)];
        var tokens = new SentimentToken[8];
        var decoded = Array.Empty<char>();
        var counts = default(TextCounts);
        var count = Tokenize(term, null, ref decoded, ref chars, ref tokens, ref counts);
        var words = new List<string>();
        for (var t = 0; t < count; t++)
        {
            if (tokens[t].Kind == SentimentTokenKind.Word)
            {
                words.Add(new string(chars, tokens[t].Start, tokens[t].Length));
            }
        }

        return words;
    }

    /// <summary>Whether a code point only modifies an emoji (variation selectors, joiners, skin tones, tags).</summary>
    public static bool IsEmojiModifier(int codePoint) =>
        codePoint is 0xFE0E or 0xFE0F or 0x200D or 0x20E3 or (>= 0x1F3FB and <= 0x1F3FF) or (>= 0xE0020 and <= 0xE007F);

    /// <summary>
    /// Tokenizes <paramref name="text"/>. Folded word characters go into <paramref name="chars"/>, tokens into
    /// <paramref name="tokens"/> (both grown as needed); symbols are looked up in <paramref name="lexicon"/> when given.
    /// </summary>
    public static int Tokenize(ReadOnlySpan<char> text, SentimentLexicon? lexicon, ref char[] decoded, ref char[] chars, ref SentimentToken[] tokens, ref TextCounts counts)
    {
        if (text.Contains('&'))
        {
            SocialText.EnsureCapacity(ref decoded, text.Length);
            text = DecodeEntities(text, decoded);
        }

        SocialText.EnsureCapacity(ref chars, text.Length);

        var words = lexicon?.Words;
        var count = 0;
        var written = 0;
        var i = 0;
        // Locals handed to helpers by reference go through copies (w, n), so that the loop's own position
        // counters are never address-exposed and stay in registers.
        while (i < text.Length)
        {
            var c = text[i];
            if (c == ' ')
            {
                i++;
                continue;
            }

            var folded = TextFolding.Fold(c);
            if (folded > TextFolding.Ignorable)
            {
                if (SocialText.IsLinkStart(text, i))
                {
                    i = SocialText.SkipLink(text, i);
                    continue;
                }

                var w = written;
                var n = count;
                i = ReadWord(text, i, chars, ref w, ref tokens, ref n, ref counts, words, splitCamelCase: false);
                written = w;
                count = n;
                continue;
            }

            if (folded == TextFolding.Ignorable)
            {
                i++;
                continue;
            }

            switch (c)
            {
                case '@' when i + 1 < text.Length && SocialText.IsWordChar(text[i + 1]) && !SocialText.PrecededByWordChar(text, i):
                    i++;
                    while (i < text.Length && (SocialText.IsWordChar(text[i]) || text[i] == '_'))
                    {
                        i++;
                    }

                    continue;
                case '#' when i + 1 < text.Length && SocialText.IsWordChar(text[i + 1]) && !SocialText.PrecededByWordChar(text, i):
                    {
                        var w = written;
                        var n = count;
                        i = ReadWord(text, i + 1, chars, ref w, ref tokens, ref n, ref counts, words, splitCamelCase: true);
                        written = w;
                        count = n;
                        continue;
                    }
            }

            if (lexicon is not null && TryEmoticon(text, i, lexicon, out var emoticonLength, out var emoticonValence))
            {
                count = AddSymbol(ref tokens, count, emoticonValence);
                i += emoticonLength;
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var codePoint = char.ConvertToUtf32(c, text[i + 1]);
                if (lexicon is not null && lexicon.Emoji.TryGetValue(codePoint, out var valence))
                {
                    count = AddSymbol(ref tokens, count, valence);
                }

                i += 2;
                continue;
            }

            switch (c)
            {
                case '!':
                    counts.Exclamations++;
                    count = AddBreak(ref tokens, count, SentimentTokenKind.SentenceBreak);
                    break;
                case '?' or '\u037E':
                    counts.Questions++;
                    count = AddBreak(ref tokens, count, SentimentTokenKind.SentenceBreak);
                    tokens[count - 1].Question = true;
                    break;
                case '.' or '\n' or '\r' or '…':
                    count = AddBreak(ref tokens, count, SentimentTokenKind.SentenceBreak);
                    break;
                case ',' or ';' or ':' or '(' or ')' or '"' or '“' or '”' or '—' or '–' or '|':
                    count = AddBreak(ref tokens, count, SentimentTokenKind.ClauseBreak);
                    break;
                default:
                    if (c > 0x7F && lexicon is not null && lexicon.Emoji.TryGetValue(c, out var symbolValence))
                    {
                        count = AddSymbol(ref tokens, count, symbolValence);
                    }

                    break;
            }

            i++;
        }

        return count;
    }

    private static int ReadWord(ReadOnlySpan<char> text, int i, char[] chars, ref int writtenRef, ref SentimentToken[] tokens, ref int count, ref TextCounts counts, TermTable<WordEntry>? words, bool splitCamelCase)
    {
        if (splitCamelCase)
        {
            return ReadHashtag(text, i, chars, ref writtenRef, ref tokens, ref count, ref counts, words);
        }

        // A local copy keeps the position in a register; a ref would make every character wait on memory.
        var written = writtenRef;

        // chars holds the whole text and a word writes at most one char per char it reads, so no store needs a bounds check.
        ref var destination = ref MemoryMarshal.GetArrayDataReference(chars);

        // The hot loop: one fold and one class lookup, a store and a hash step per character.
        var start = written;
        var hash = TermHash.Seed;
        var upper = 0;
        var lower = 0;
        var run = 0;
        var previous = '\0';
        var elongated = false;
        while (i < text.Length)
        {
            var c = text[i];
            if ((uint)(c - 'a') <= 'z' - 'a')
            {
                // Lower-case ASCII, the common case: no table lookups.
                lower++;
                if (c == previous)
                {
                    elongated |= ++run >= 3;
                }
                else
                {
                    run = 1;
                    previous = c;
                }

                Unsafe.Add(ref destination, written++) = c;
                hash = TermHash.Step(hash, c);
                i++;
                continue;
            }

            var f = TextFolding.Fold(c);
            if (f <= TextFolding.Ignorable)
            {
                if (f == TextFolding.Ignorable)
                {
                    i++;
                    continue;
                }

                if (c is not ('\'' or '’' or '`') || written == start || i + 1 >= text.Length || TextFolding.Fold(text[i + 1]) <= TextFolding.Ignorable)
                {
                    break;
                }

                f = '\'';
            }

            var cls = TextFolding.Class(c);
            upper += cls & TextFolding.Upper;
            lower += cls >> 1;
            if (f == previous)
            {
                elongated |= ++run >= 3;
            }
            else
            {
                run = 1;
                previous = f;
            }

            Unsafe.Add(ref destination, written++) = f;
            hash = TermHash.Step(hash, f);
            i++;
        }

        writtenRef = written;
        Finish(ref tokens, ref count, ref counts, start, written - start, hash, elongated, upper, lower, words, hashtag: false);
        return i;
    }

    /// <summary>Reads a hashtag's body, splitting #CamelCase into words (a lower-to-upper change starts a new word).</summary>
    private static int ReadHashtag(ReadOnlySpan<char> text, int i, char[] chars, ref int written, ref SentimentToken[] tokens, ref int count, ref TextCounts counts, TermTable<WordEntry>? words)
    {
        var start = written;
        var hash = TermHash.Seed;
        var previousWasLower = false;
        while (i < text.Length)
        {
            var c = text[i];
            var f = TextFolding.Fold(c);
            if (f <= TextFolding.Ignorable)
            {
                if (f == TextFolding.Ignorable)
                {
                    i++;
                    continue;
                }

                break;
            }

            var cls = TextFolding.Class(c);
            if (cls == TextFolding.Upper && previousWasLower && written > start)
            {
                Finish(ref tokens, ref count, ref counts, start, written - start, hash, false, 0, 0, words, hashtag: true);
                start = written;
                hash = TermHash.Seed;
            }

            previousWasLower = cls == TextFolding.Lower;
            chars[written++] = f;
            hash = TermHash.Step(hash, f);
            i++;
        }

        if (written > start)
        {
            Finish(ref tokens, ref count, ref counts, start, written - start, hash, false, 0, 0, words, hashtag: true);
        }

        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish(ref SentimentToken[] tokens, ref int count, ref TextCounts counts, int start, int length, ulong hash, bool elongated, int upper, int lower, TermTable<WordEntry>? words, bool hashtag)
    {
        ref var token = ref Next(ref tokens, ref count);
        token.Kind = SentimentTokenKind.Word;
        token.Start = start;
        token.Length = length;
        hash = TermHash.Finish(hash);
        token.Hash = hash;

        // The word's first probe, read now so that the load overlaps reading the rest of the text.
        token.Slot = words is null ? 0 : words.FirstSlot(hash);
        token.Valence = 0;
        token.Caps = !hashtag && upper >= 2 && lower == 0;
        token.Elongated = elongated;
        token.Question = false;
        counts.Words++;
        if (token.Caps)
        {
            counts.CapsWords++;
        }
    }

    private static bool TryEmoticon(ReadOnlySpan<char> text, int i, SentimentLexicon lexicon, out int length, out float valence)
    {
        if (!SocialText.PrecededByWordChar(text, i))
        {
            var rest = text[i..];
            foreach (var emoticon in lexicon.EmoticonsStartingWith(text[i]))
            {
                if (rest.StartsWith(emoticon.Text, StringComparison.OrdinalIgnoreCase)
                    && (rest.Length == emoticon.Text.Length || !SocialText.IsWordChar(rest[emoticon.Text.Length])))
                {
                    length = emoticon.Text.Length;
                    valence = emoticon.Valence;
                    return true;
                }
            }
        }

        length = 0;
        valence = 0;
        return false;
    }

    private static ReadOnlySpan<char> DecodeEntities(ReadOnlySpan<char> text, char[] decoded)
    {
        var written = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '&')
            {
                var rest = text[i..];
                var semicolon = rest.IndexOf(';');
                if (semicolon is > 1 and <= 8 && TryEntity(rest[1..semicolon], out var replacement))
                {
                    decoded[written++] = replacement;
                    i += semicolon;
                    continue;
                }
            }

            decoded[written++] = c;
        }

        return decoded.AsSpan(0, written);
    }

    private static bool TryEntity(ReadOnlySpan<char> name, out char value)
    {
        value = name switch
        {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" => ' ',
            _ => '\0',
        };
        if (value != '\0')
        {
            return true;
        }

        if (name.Length > 1 && name[0] == '#')
        {
            var digits = name[1..];
            var style = System.Globalization.NumberStyles.None;
            if (digits[0] is 'x' or 'X')
            {
                digits = digits[1..];
                style = System.Globalization.NumberStyles.AllowHexSpecifier;
            }

            if (int.TryParse(digits, style, System.Globalization.CultureInfo.InvariantCulture, out var code) && code is > 0 and < 0xD800)
            {
                value = (char)code;
                return true;
            }
        }

        return false;
    }

    private static int AddSymbol(ref SentimentToken[] tokens, int count, float valence)
    {
        ref var token = ref Next(ref tokens, ref count);
        token.Kind = SentimentTokenKind.Symbol;
        token.Start = token.Length = 0;
        token.Hash = 0;
        token.Slot = 0;
        token.Valence = valence;
        token.Caps = token.Elongated = token.Question = false;
        return count;
    }

    private static int AddBreak(ref SentimentToken[] tokens, int count, SentimentTokenKind kind)
    {
        if (count > 0 && tokens[count - 1].Kind >= SentimentTokenKind.ClauseBreak)
        {
            if (kind > tokens[count - 1].Kind)
            {
                tokens[count - 1].Kind = kind;
            }

            return count;
        }

        ref var token = ref Next(ref tokens, ref count);
        token.Kind = kind;
        token.Start = token.Length = 0;
        token.Hash = 0;
        token.Slot = 0;
        token.Valence = 0;
        token.Caps = token.Elongated = token.Question = false;
        return count;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref SentimentToken Next(ref SentimentToken[] tokens, ref int count)
    {
        if (count == tokens.Length)
        {
            Array.Resize(ref tokens, tokens.Length * 2);
        }

        return ref tokens[count++];
    }
}
