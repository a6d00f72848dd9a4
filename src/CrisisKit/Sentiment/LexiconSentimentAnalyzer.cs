using System.Collections.Frozen;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CrisisKit.Text;

namespace CrisisKit.Sentiment;

/// <summary>
/// The default <see cref="ISentimentAnalyzer"/>: a lexicon-and-rules scorer for short social-media text in English
/// and Greek, with lexicons written for CrisisKit (embedded in the package) that an app can extend or add to through
/// <see cref="SentimentOptions.Lexicons"/>.
/// </summary>
/// <remarks>
/// <para>
/// Each sentiment-bearing word, phrase, emoji or emoticon contributes its valence (-4..+4), adjusted by the rules
/// documented in <c>docs/sentiment.md</c>: intensifiers and dampeners up to three words before it, negation up to
/// three words before it (within the clause), ALL-CAPS emphasis in mixed-case text, elongation (<c>soooo</c>),
/// contrast (<c>but</c>, <c>αλλά</c>: what follows counts more than what precedes, within the sentence), questions
/// (positive words in a sentence ending in <c>?</c> count half: praise asked about is not asserted), and
/// exclamation and question marks. The sum is normalised into the compound score with <c>s / sqrt(s² + 15)</c>.
/// Links and @handles are ignored; #CamelCase hashtags are split into words; HTML entities are decoded.
/// </para>
/// <para>Thread-safe; scoring allocates nothing.</para>
/// </remarks>
public sealed class LexiconSentimentAnalyzer : ISentimentAnalyzer
{
    private const float NegationScale = -0.74f;
    private const float CapsEmphasis = 0.733f;
    private const float ElongationEmphasis = 0.3f;
    private const float ExclamationEmphasis = 0.292f;
    private const int MaxExclamations = 4;
    private const float QuestionEmphasis = 0.18f;
    private const float QuestionPraiseWeight = 0.5f;
    private const float BeforeContrastWeight = 0.5f;
    private const float AfterContrastWeight = 1.5f;
    private const float Normalization = 15f;
    private const int ModifierReach = 3;
    private const int MaxInflectedLength = 64;

    [ThreadStatic] private static Scratch? t_scratch;

    private readonly FrozenDictionary<string, SentimentLexicon> _lexicons;
    private readonly SentimentLexicon _default;
    private readonly string _defaultCode;

    /// <summary>Creates an analyzer with the built-in lexicons and default options.</summary>
    public LexiconSentimentAnalyzer()
        : this(new SentimentOptions())
    {
    }

    /// <summary>Creates an analyzer with the built-in lexicons and the given options.</summary>
    /// <param name="options">The options.</param>
    /// <exception cref="ArgumentException">An option is invalid, or an app lexicon does not follow the format (the message names the language, line and problem).</exception>
    public LexiconSentimentAnalyzer(SentimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = SentimentOptionsValidator.Check(options);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        _lexicons = LexiconSet.Build(
            BuiltIn, [SymbolResource], options.Lexicons, "SentimentOptions.Lexicons",
            language => new SentimentLexicon.Builder(language), (b, text, source) => b.Add(text, source), b => b.Build());
        _default = _lexicons[options.DefaultLanguage];
        _defaultCode = _default.Language;
        NeutralThreshold = options.NeutralThreshold;
    }

    /// <summary>The languages with a lexicon.</summary>
    public IReadOnlyCollection<string> Languages => _lexicons.Keys;

    /// <summary>The neutral band's half-width used by <see cref="Label"/>.</summary>
    public double NeutralThreshold { get; }

    private const string SymbolResource = "emoji.sentiment.txt";

    private static readonly (string Language, string[] Resources)[] BuiltIn =
    [
        ("en", [SymbolResource, "en.words.txt", "en.social.txt", "en.phrases.txt", "en.modifiers.txt"]),
        ("el", [SymbolResource, "el.sentiment.txt"]),
    ];

    /// <summary>Scores <paramref name="text"/> and classifies it with <see cref="NeutralThreshold"/>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="language">Its language, if known.</param>
    /// <returns>The class.</returns>
    public SentimentLabel Label(ReadOnlySpan<char> text, string? language = null) => Analyze(text, language).ToLabel(NeutralThreshold);

    /// <inheritdoc />
    public SentimentScore Analyze(ReadOnlySpan<char> text, string? language = null) => Analyze(text, language, out _);

    /// <summary>
    /// Scores <paramref name="text"/> and hands back its tokens (this thread's buffers, valid until the thread's next
    /// call), so that the categorizer reads the same token pass instead of splitting the text again.
    /// </summary>
    internal SentimentScore Analyze(ReadOnlySpan<char> text, string? language, out SentimentTokens tokenized)
    {
        var lexicon = Choose(text, language);
        var scratch = t_scratch ??= new Scratch();
        tokenized = scratch.Text;
        var count = tokenized.Tokenize(text, lexicon);
        var counts = tokenized.Counts;
        if (count == 0)
        {
            return default;
        }

        if (scratch.Scores.Length < count)
        {
            scratch.Scores = new float[count * 2];
            scratch.Roles = new TermInfo[count * 2];
        }

        var tokens = tokenized.Tokens.AsSpan(0, count);
        var scores = scratch.Scores.AsSpan(0, count);
        Score(lexicon, tokenized.Chars, tokens, scores, scratch.Roles.AsSpan(0, count), counts);
        return Summarise(tokens, scores, counts);
    }

    private SentimentLexicon Choose(ReadOnlySpan<char> text, string? language) =>
        language is not null && (ReferenceEquals(language, _defaultCode) || language == _defaultCode)
            ? _default
            : LanguageChoice.Choose(_lexicons, _default, text, language);

    /// <summary>Gives each token its adjusted valence (zero for tokens without sentiment).</summary>
    private static void Score(SentimentLexicon lexicon, char[] chars, Span<SentimentToken> tokens, Span<float> scores, Span<TermInfo> roles, TextCounts counts)
    {
        // Every score is written below (and every word's role before any later word reads it), so neither span is cleared first.
        var mixedCase = counts.CapsWords > 0 && counts.CapsWords < counts.Words;
        var sentenceStart = 0;
        var contrastAt = -1;
        for (var t = 0; t < tokens.Length; t++)
        {
            ref readonly var token = ref tokens[t];
            switch (token.Kind)
            {
                case SentimentTokenKind.SentenceBreak:
                    scores[t] = 0;
                    ApplyContrast(scores, sentenceStart, contrastAt, t);
                    if (token.Question)
                    {
                        DampenPositive(scores, sentenceStart, t, QuestionPraiseWeight);
                    }

                    sentenceStart = t + 1;
                    contrastAt = -1;
                    continue;
                case SentimentTokenKind.ClauseBreak:
                    scores[t] = 0;
                    continue;
                case SentimentTokenKind.Symbol:
                    scores[t] = token.Valence;
                    continue;
            }

            var span = 1;
            var info = Lookup(lexicon, chars, tokens, t, out span);
            roles[t] = info;
            for (var k = 1; k < span; k++)
            {
                roles[t + k] = default;
                scores[t + k] = 0;
            }

            if (info.Contrast)
            {
                contrastAt = t;
            }

            scores[t] = info.Valence != 0 ? Adjust(info.Valence, tokens, roles, t, mixedCase) : 0;

            t += span - 1;
        }

        ApplyContrast(scores, sentenceStart, contrastAt, tokens.Length);
    }

    private static float Adjust(float valence, Span<SentimentToken> tokens, Span<TermInfo> roles, int t, bool mixedCase)
    {
        var sign = MathF.Sign(valence);
        var v = valence;
        if (mixedCase && tokens[t].Caps)
        {
            v += sign * CapsEmphasis;
        }

        if (tokens[t].Elongated)
        {
            v += sign * ElongationEmphasis;
        }

        var negated = false;
        var seen = 0;
        for (var p = t - 1; p >= 0 && seen < ModifierReach; p--)
        {
            var kind = tokens[p].Kind;
            if (kind is SentimentTokenKind.ClauseBreak or SentimentTokenKind.SentenceBreak)
            {
                break;
            }

            if (kind != SentimentTokenKind.Word)
            {
                continue;
            }

            var role = roles[p];
            if (role.Modifier != 0)
            {
                var strength = role.Modifier * (1f - (0.05f * seen));
                if (mixedCase && tokens[p].Caps)
                {
                    strength += MathF.Sign(strength) * CapsEmphasis * 0.5f;
                }

                if (tokens[p].Elongated)
                {
                    strength += MathF.Sign(strength) * ElongationEmphasis;
                }

                var adjusted = v + (sign * strength);
                v = MathF.Sign(adjusted) == sign ? adjusted : 0.05f * sign;
            }

            negated ^= role.Negator;
            seen++;
        }

        return negated ? v * NegationScale : v;
    }

    /// <summary>Weakens the positive scores from <paramref name="start"/> to <paramref name="end"/> (a question: praise asked about is not asserted).</summary>
    private static void DampenPositive(Span<float> scores, int start, int end, float factor)
    {
        for (var i = start; i < end; i++)
        {
            if (scores[i] > 0)
            {
                scores[i] *= factor;
            }
        }
    }

    private static void ApplyContrast(Span<float> scores, int start, int contrastAt, int end)
    {
        if (contrastAt < 0)
        {
            return;
        }

        for (var i = start; i < contrastAt; i++)
        {
            scores[i] *= BeforeContrastWeight;
        }

        for (var i = contrastAt + 1; i < end; i++)
        {
            scores[i] *= AfterContrastWeight;
        }
    }

    /// <summary>Finds what the word at <paramref name="t"/> (or a phrase starting there) means; <paramref name="span"/> is how many words it covers.</summary>
    private static TermInfo Lookup(SentimentLexicon lexicon, char[] chars, Span<SentimentToken> tokens, int t, out int span)
    {
        span = 1;
        ref readonly var token = ref tokens[t];
        var word = chars.AsSpan(token.Start, token.Length);
        if (lexicon.Words.TryGetValue(token.Hash, token.Slot, word, out var entry))
        {
            if (entry.PhraseCount != 0 && TryPhrase(lexicon, entry, chars, tokens, t, out span, out var phrase))
            {
                return phrase;
            }

            if (!entry.Info.IsEmpty)
            {
                return entry.Info;
            }
        }

        // Every fallback needs three letters at least (an elongated word has them too).
        return word.Length >= 3 ? LookupUnknown(lexicon, word, token.Elongated) : default;
    }

    /// <summary>The phrase starting at <paramref name="t"/> among those <paramref name="entry"/>'s word starts, longest first.</summary>
    private static bool TryPhrase(SentimentLexicon lexicon, in WordEntry entry, char[] chars, Span<SentimentToken> tokens, int t, out int span, out TermInfo info)
    {
        var hashes = lexicon.PhraseHashes;
        foreach (ref readonly var phrase in lexicon.Phrases.AsSpan(entry.PhraseStart, entry.PhraseCount))
        {
            var length = phrase.Length;
            if (t + length > tokens.Length)
            {
                continue;
            }

            var k = 1;
            while (k < length)
            {
                ref readonly var next = ref tokens[t + k];
                if (next.Hash != hashes[phrase.HashStart + k] || next.Kind != SentimentTokenKind.Word
                    || !chars.AsSpan(next.Start, next.Length).SequenceEqual(phrase.Words[k]))
                {
                    break;
                }

                k++;
            }

            if (k == length)
            {
                span = length;
                info = phrase.Info;
                return true;
            }
        }

        span = 1;
        info = default;
        return false;
    }

    /// <summary>
    /// What a word of three letters or more that the lexicon does not list means: a negating <c>-n't</c>
    /// contraction, a possessive, a stem, an inflected form or an elongated form of a listed word, or nothing.
    /// </summary>
    private static TermInfo LookupUnknown(SentimentLexicon lexicon, ReadOnlySpan<char> word, bool elongated)
    {
        var last = word[^1];
        if (word[^2] == '\'')
        {
            if (last == 't' && word[^3] == 'n')
            {
                return new TermInfo(0, 0, true, false); // any "-n't" contraction negates
            }

            if (last == 's' && TryWord(lexicon, word[..^2], out var possessive))
            {
                return possessive;
            }
        }

        var starts = lexicon.Starts(word);
        if (starts.First != 0 && lexicon.Stems.TryMatch(word, starts.First, out var stemValence))
        {
            return new TermInfo(stemValence, 0, false, false);
        }

        if (starts.Second != 0 && word.Length >= 4 && TryInflection(lexicon, word, starts.Second, out var inflected))
        {
            return inflected;
        }

        return elongated ? LookupCollapsed(lexicon, word) : default;
    }

    /// <summary>Looks an elongated word up again with its runs of a letter cut to two, then to one (<c>soooo</c> → <c>soo</c>, <c>so</c>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static TermInfo LookupCollapsed(SentimentLexicon lexicon, ReadOnlySpan<char> word)
    {
        Span<char> collapsed = stackalloc char[Math.Min(word.Length, 64)];
        for (var keep = 2; keep >= 1; keep--)
        {
            var length = Collapse(word, collapsed, keep);
            if (TryWord(lexicon, collapsed[..length], out var info))
            {
                return info;
            }

            if (TryStem(lexicon, collapsed[..length], out var stemValence) && stemValence != 0)
            {
                return new TermInfo(stemValence, 0, false, false);
            }
        }

        return default;
    }

    /// <summary>
    /// Looks a word up again without an inflection suffix (<c>luckiest</c> → <c>lucky</c>, <c>hates</c> → <c>hate</c>);
    /// <paramref name="lengths"/> are the lengths a word with a valence starting like it may have
    /// (<see cref="SentimentLexicon.Starts"/>), so that most rules need no lookup.
    /// </summary>
    private static bool TryInflection(SentimentLexicon lexicon, ReadOnlySpan<char> word, ulong lengths, out TermInfo info)
    {
        var last = word[^1];
        foreach (var rule in lexicon.SuffixesEndingWith(last))
        {
            var suffix = rule.Suffix;
            var stemLength = word.Length - suffix.Length;
            if (suffix[^1] != last || stemLength < 3 || !word.EndsWith(suffix))
            {
                continue;
            }

            var replacement = rule.Replacement;
            var length = stemLength + replacement.Length;
            if (length > MaxInflectedLength)
            {
                break;
            }

            var stem = word[..stemLength];
            if ((lengths & StartFilter.Bit(length)) != 0 && TryWord(lexicon, stem, replacement, out info) && info.Valence != 0)
            {
                return true;
            }

            // A doubled final consonant before -ed, -ing, -er, -est: stopped -> stop, biggest -> big.
            if (replacement.Length == 0 && length >= 4 && stem[^1] == stem[^2] && (lengths & StartFilter.Bit(length - 1)) != 0
                && TryWord(lexicon, stem[..^1], out info) && info.Valence != 0)
            {
                return true;
            }
        }

        info = default;
        return false;
    }

    private static bool TryWord(SentimentLexicon lexicon, ReadOnlySpan<char> stem, ReadOnlySpan<char> ending, out TermInfo info)
    {
        if (lexicon.Words.TryGetValue(TermHash.Of(stem, ending), stem, ending, out var entry) && !entry.Info.IsEmpty)
        {
            info = entry.Info;
            return true;
        }

        info = default;
        return false;
    }

    private static bool TryWord(SentimentLexicon lexicon, ReadOnlySpan<char> word, out TermInfo info)
    {
        if (lexicon.Words.TryGetValue(TermHash.Of(word), word, out var entry) && !entry.Info.IsEmpty)
        {
            info = entry.Info;
            return true;
        }

        info = default;
        return false;
    }

    private static bool TryStem(SentimentLexicon lexicon, ReadOnlySpan<char> word, out float valence) => lexicon.Stems.TryMatch(word, out valence);

    private static int Collapse(ReadOnlySpan<char> word, Span<char> destination, int keep)
    {
        var written = 0;
        var run = 0;
        var previous = '\0';
        foreach (var c in word)
        {
            run = c == previous ? run + 1 : 1;
            previous = c;
            if (run <= keep && written < destination.Length)
            {
                destination[written++] = c;
            }
        }

        return written;
    }

    private static SentimentScore Summarise(Span<SentimentToken> tokens, Span<float> scores, TextCounts counts)
    {
        float sum = 0, positive = 0, negative = 0, neutral = 0;
        ref var token = ref MemoryMarshal.GetReference(tokens);
        ref var score = ref MemoryMarshal.GetReference(scores);
        for (var t = 0; t < tokens.Length; t++)
        {
            // scores is as long as tokens (Analyze slices both to the token count).
            if (Unsafe.Add(ref token, t).Kind is SentimentTokenKind.ClauseBreak or SentimentTokenKind.SentenceBreak)
            {
                continue;
            }

            var v = Unsafe.Add(ref score, t);
            sum += v;
            if (v > 0)
            {
                positive += v + 1;
            }
            else if (v < 0)
            {
                negative += v - 1;
            }
            else
            {
                neutral++;
            }
        }

        if (sum != 0)
        {
            var emphasis = Math.Min(counts.Exclamations, MaxExclamations) * ExclamationEmphasis;
            if (counts.Questions > 1)
            {
                emphasis += Math.Min(counts.Questions, 3) * QuestionEmphasis;
            }

            sum += MathF.Sign(sum) * emphasis;
            if (positive > -negative)
            {
                positive += emphasis;
            }
            else if (positive < -negative)
            {
                negative -= emphasis;
            }
        }

        var compound = sum / MathF.Sqrt((sum * sum) + Normalization);
        var total = positive - negative + neutral;
        return total == 0
            ? new SentimentScore(compound, 0, 0, 0)
            : new SentimentScore(compound, positive / total, -negative / total, neutral / total);
    }

    /// <summary>Per-thread buffers, grown as needed and reused, so scoring allocates nothing.</summary>
    private sealed class Scratch
    {
        public readonly SentimentTokens Text = new();
        public float[] Scores = new float[64];
        public TermInfo[] Roles = new TermInfo[64];
    }
}
