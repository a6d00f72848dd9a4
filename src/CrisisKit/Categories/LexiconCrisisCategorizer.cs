using System.Collections.Frozen;
using CrisisKit.Sentiment;
using CrisisKit.Text;

namespace CrisisKit.Categories;

/// <summary>
/// The default <see cref="ICrisisCategorizer"/>: cue words, phrases and stems per category in English and Greek,
/// written for CrisisKit and embedded in the package, extensible through <see cref="CategorizerOptions.Lexicons"/>.
/// </summary>
/// <remarks>
/// Each cue found in the text adds its weight (0.1 to 3) to its category; a category's confidence is
/// <c>1 − e^(−sum / 2)</c>, so one unambiguous cue (weight 3) gives 0.78 and one weak cue (weight 1) gives 0.39.
/// A cue inside a <c>[not-crisis]</c> idiom (<c>dying to try</c>, <c>killing it</c>) or within two words after a
/// negator (<c>no outage</c>, <c>δεν χάκαραν</c>) does not count. Thread-safe; allocates nothing per call.
/// </remarks>
public sealed class LexiconCrisisCategorizer : ICrisisCategorizer
{
    private const float Saturation = 2f;
    private const int NegationReach = 2;
    private const int CategoryCount = 9;
    private const int NoNegator = -1000;

    private static readonly (string, string[])[] BuiltIn = [("en", ["en.categories.txt"]), ("el", ["el.categories.txt"])];

    [ThreadStatic] private static SentimentTokens? t_scratch;

    private readonly FrozenDictionary<string, CategoryLexicon> _lexicons;
    private readonly CategoryLexicon _default;

    /// <summary>Creates a categorizer with the built-in cues.</summary>
    public LexiconCrisisCategorizer()
        : this(new CategorizerOptions())
    {
    }

    /// <summary>Creates a categorizer with the built-in cues and the given options.</summary>
    /// <param name="options">The options.</param>
    /// <exception cref="ArgumentException">An option is invalid, or an app lexicon does not follow the format (the message names the language, line and problem).</exception>
    public LexiconCrisisCategorizer(CategorizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var lexicons = LexiconSet.Build(
            BuiltIn, [], options.Lexicons, "CategorizerOptions.Lexicons",
            language => new CategoryLexicon.Builder(language), (b, text, source) => b.Add(text, source), b => b.Build());
        if (string.IsNullOrWhiteSpace(options.DefaultLanguage) || !lexicons.ContainsKey(options.DefaultLanguage))
        {
            throw new ArgumentException($"CategorizerOptions.DefaultLanguage must be a language with a category lexicon ({string.Join(", ", lexicons.Keys)}) (was '{options.DefaultLanguage}').", nameof(options));
        }

        _lexicons = lexicons;
        _default = _lexicons[options.DefaultLanguage];
    }

    /// <inheritdoc />
    public CategoryScores Categorize(ReadOnlySpan<char> text, string? language = null)
    {
        var tokenized = t_scratch ??= new SentimentTokens();
        tokenized.Tokenize(text, null);
        return Categorize(text, language, tokenized);
    }

    /// <summary>
    /// Categorizes a text already split by the sentiment analyzer (<see cref="LexiconSentimentAnalyzer"/>), so a
    /// mention is split once for both. Emoji symbols are passed over as if absent; an emoticon such as <c>:(</c>
    /// is one symbol here, where <see cref="Categorize(ReadOnlySpan{char}, string?)"/> alone reads its
    /// punctuation as a clause break.
    /// </summary>
    internal CategoryScores Categorize(ReadOnlySpan<char> text, string? language, SentimentTokens tokenized)
    {
        var lexicon = LanguageChoice.Choose(_lexicons, _default, text, language);
        Span<float> sums = stackalloc float[CategoryCount];
        sums.Clear();
        var tokens = tokenized.Span;
        var chars = tokenized.Chars;
        var lastNegator = NoNegator;
        var wordIndex = 0;
        for (var t = 0; t < tokens.Length; t++)
        {
            ref readonly var token = ref tokens[t];
            if (token.Kind != SentimentTokenKind.Word)
            {
                if (token.Kind != SentimentTokenKind.Symbol)
                {
                    lastNegator = NoNegator; // negation stops at a clause break
                }

                continue;
            }

            wordIndex++;
            var word = chars.AsSpan(token.Start, token.Length);
            var negated = wordIndex - lastNegator <= NegationReach;
            if (lexicon.Words.TryGetValue(token.Hash, word, out var entry))
            {
                var matched = false;
                foreach (var p in entry.Phrases)
                {
                    var phrase = lexicon.Phrases[p];
                    if (PhraseEnd(phrase.Words, chars, tokens, t) is var end and >= 0)
                    {
                        if (!phrase.NotCrisis && !negated)
                        {
                            Add(sums, phrase.Cues);
                        }

                        wordIndex += phrase.Words.Length - 1;
                        t = end;
                        matched = true;
                        break;
                    }
                }

                if (matched)
                {
                    continue;
                }

                if (entry.Negator)
                {
                    lastNegator = wordIndex;
                }

                if (entry.Cues.Length > 0)
                {
                    if (!negated)
                    {
                        Add(sums, entry.Cues);
                    }

                    continue;
                }
            }

            if (!negated && lexicon.Stems.TryMatch(word, out var stemCues))
            {
                Add(sums, stemCues);
            }
        }

        Span<float> confidences = stackalloc float[CategoryCount];
        for (var c = 0; c < CategoryCount; c++)
        {
            confidences[c] = sums[c] == 0 ? 0 : 1f - MathF.Exp(-sums[c] / Saturation);
        }

        return new CategoryScores(confidences);
    }

    private static void Add(Span<float> sums, Cue[] cues)
    {
        foreach (var cue in cues)
        {
            sums[(int)cue.Category] += cue.Weight;
        }
    }

    /// <summary>The index of the phrase's last token when the phrase starts at token <paramref name="t"/>, or -1. Symbols (emoji) between its words are passed over.</summary>
    private static int PhraseEnd(string[] words, char[] chars, ReadOnlySpan<SentimentToken> tokens, int t)
    {
        var next = t;
        for (var k = 1; k < words.Length; k++)
        {
            next++;
            while (next < tokens.Length && tokens[next].Kind == SentimentTokenKind.Symbol)
            {
                next++;
            }

            if (next >= tokens.Length || tokens[next].Kind != SentimentTokenKind.Word
                || !chars.AsSpan(tokens[next].Start, tokens[next].Length).SequenceEqual(words[k]))
            {
                return -1;
            }
        }

        return next;
    }
}
