using System.Globalization;
using System.Text;
using CrisisKit.Text;

namespace CrisisKit.Sentiment;

/// <summary>What one lexicon term does: its valence, how it modifies the next sentiment word, and its grammatical roles.</summary>
internal readonly record struct TermInfo(float Valence, float Modifier, bool Negator, bool Contrast)
{
    public bool IsEmpty => Valence == 0 && Modifier == 0 && !Negator && !Contrast;

    public TermInfo Merge(TermInfo other) => new(
        other.Valence != 0 ? other.Valence : Valence,
        other.Modifier != 0 ? other.Modifier : Modifier,
        Negator || other.Negator,
        Contrast || other.Contrast);
}

/// <summary>
/// A multi-word lexicon term: its words (<see cref="Length"/> of them, each one's term hash in
/// <see cref="SentimentLexicon.PhraseHashes"/> from <see cref="HashStart"/>, for a quick first comparison) and what
/// it means.
/// </summary>
internal readonly record struct LexiconPhrase(string[] Words, int Length, int HashStart, TermInfo Info);

/// <summary>
/// A single-word entry: what the word means alone and which phrases start with it (<see cref="PhraseCount"/>
/// entries of <see cref="SentimentLexicon.Phrases"/> from <see cref="PhraseStart"/>, longest first).
/// </summary>
internal readonly record struct WordEntry(TermInfo Info, int PhraseStart, int PhraseCount);

/// <summary>
/// One language's sentiment lexicon, compiled for allocation-free lookup: words (with the phrases they start),
/// stems (prefix entries for inflected forms), emoticons and emoji.
/// </summary>
internal sealed class SentimentLexicon
{
    private SentimentLexicon(string language, TermTable<WordEntry> words, IEnumerable<string> wordsWithValence, StemTable<float> stems, IEnumerable<string> stemTerms, LexiconPhrase[] phrases, ulong[] phraseHashes, Emoticon[] emoticons, Dictionary<int, float> emoji, SuffixRule[] suffixes)
    {
        Language = language;
        Words = words;
        Stems = stems;
        Phrases = phrases;
        PhraseHashes = phraseHashes;
        Emoticons = emoticons;
        Emoji = emoji;
        Suffixes = suffixes;
        _starts = new StartFilter(stemTerms, wordsWithValence);
        _suffixesByLast = new SuffixRule[SuffixBuckets][];
        for (var b = 0; b < SuffixBuckets; b++)
        {
            _suffixesByLast[b] = [.. suffixes.Where(r => (r.Suffix[^1] & (SuffixBuckets - 1)) == b)];
        }

        _emoticonsByFirst = new Emoticon[128][];
        for (var c = 0; c < 128; c++)
        {
            _emoticonsByFirst[c] = [.. emoticons.Where(e => char.ToLowerInvariant(e.Text[0]) == char.ToLowerInvariant((char)c))];
        }
    }

    private readonly Emoticon[][] _emoticonsByFirst;

    public string Language { get; }

    public TermTable<WordEntry> Words { get; }

    public StemTable<float> Stems { get; }

    /// <summary>The phrases, grouped by first word (see <see cref="WordEntry"/>).</summary>
    public LexiconPhrase[] Phrases { get; }

    /// <summary>The term hashes of the phrases' words, each phrase's together (see <see cref="LexiconPhrase.HashStart"/>).</summary>
    public ulong[] PhraseHashes { get; }

    /// <summary>Emoticons, longest first.</summary>
    public Emoticon[] Emoticons { get; }

    public Dictionary<int, float> Emoji { get; }

    /// <summary>
    /// For a word's first three letters, the lengths (as <see cref="StartFilter"/> bits) of the stems
    /// (<see cref="StartLengths.First"/>) and of the words with a valence (<see cref="StartLengths.Second"/>) that
    /// may start the same way; zero for words shorter than three letters. A cheap test that spares most unknown
    /// words the stem lookups and the inflection rules (an inflected form keeps its first three letters), and most
    /// rules their lookup (the word a rule would look up must have one of these lengths).
    /// </summary>
    public StartLengths Starts(ReadOnlySpan<char> word) => _starts.Lengths(word);

    private const int SuffixBuckets = 64;

    private readonly StartFilter _starts;

    private readonly SuffixRule[][] _suffixesByLast;

    /// <summary>Inflection rules tried, longest suffix first, when a word is not in the lexicon (<c>luckiest</c> → <c>lucky</c>).</summary>
    public SuffixRule[] Suffixes { get; }

    /// <summary>
    /// The <see cref="Suffixes"/> that may end with <paramref name="last"/>, in the same order (rules ending with
    /// other letters can be among them: check the suffix).
    /// </summary>
    public ReadOnlySpan<SuffixRule> SuffixesEndingWith(char last) => _suffixesByLast[last & (SuffixBuckets - 1)];

    /// <summary>The emoticons that start with <paramref name="c"/> (either case), longest first; empty for most characters.</summary>
    public ReadOnlySpan<Emoticon> EmoticonsStartingWith(char c) => c < 128 ? _emoticonsByFirst[c] : [];

    public int TermCount => Words.Count + Stems.Count + Emoticons.Length + Emoji.Count;

    /// <summary>An inflection rule: a word ending in <see cref="Suffix"/> is looked up with <see cref="Replacement"/> in its place.</summary>
    internal sealed record SuffixRule(string Suffix, string Replacement);

    /// <summary>An emoticon written in ASCII, matched case-sensitively as written.</summary>
    internal readonly record struct Emoticon(string Text, float Valence);

    /// <summary>Collects entries from lexicon texts (later entries override earlier ones) and compiles them.</summary>
    internal sealed class Builder(string language)
    {
        private static readonly string[] Sections = ["words", "phrases", "boosters", "dampeners", "negators", "contrast", "suffixes"];

        private readonly Dictionary<string, TermInfo> _words = new(StringComparer.Ordinal);
        private readonly Dictionary<string, float> _stems = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (string[] Words, TermInfo Info)> _phrases = new(StringComparer.Ordinal);
        private readonly Dictionary<string, float> _emoticons = new(StringComparer.Ordinal);
        private readonly Dictionary<int, float> _emoji = [];
        private readonly List<SuffixRule> _suffixes = [];

        /// <summary>Adds the entries of a lexicon text; errors name <paramref name="source"/> and the line.</summary>
        /// <exception cref="FormatException">The text does not follow the lexicon format.</exception>
        public Builder Add(string text, string source)
        {
            foreach (var line in LexiconFile.Read(text, source, Sections))
            {
                if (line.Section == "suffixes")
                {
                    AddSuffix(line.Term, source, line.LineNumber);
                    continue;
                }

                var section = line.Section switch
                {
                    "words" => Section.Words,
                    "phrases" => Section.Phrases,
                    "boosters" => Section.Boosters,
                    "dampeners" => Section.Dampeners,
                    "negators" => Section.Negators,
                    "contrast" => Section.Contrast,
                    _ => Section.Contrast,
                };
                var needsValue = section is not (Section.Negators or Section.Contrast);
                var value = line.Value ?? 0;
                if (needsValue)
                {
                    var (min, max) = section is Section.Boosters or Section.Dampeners ? (0.0, 2.0) : (-4.0, 4.0);
                    if (line.Value is null || value < min || value > max)
                    {
                        throw LexiconFile.Error(source, line.LineNumber, $"'{line.Term}' needs a value from {min} to {max} after a TAB");
                    }
                }

                var info = section switch
                {
                    Section.Words or Section.Phrases => new TermInfo((float)value, 0, false, false),
                    Section.Boosters => new TermInfo(0, (float)value, false, false),
                    Section.Dampeners => new TermInfo(0, -(float)value, false, false),
                    Section.Negators => new TermInfo(0, 0, true, false),
                    _ => new TermInfo(0, 0, false, true),
                };
                AddTerm(line.Term, info, source, line.LineNumber);
            }

            return this;
        }

        public SentimentLexicon Build()
        {
            // Each word's phrases together, longest first (a stable sort: equal lengths keep the order they were added).
            var byFirst = _phrases.Values.GroupBy(p => p.Words[0], StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.OrderByDescending(p => p.Words.Length).ToList(), StringComparer.Ordinal);
            var phrases = new List<LexiconPhrase>();
            var hashes = new List<ulong>();
            var starts = new Dictionary<string, (int Start, int Count)>(StringComparer.Ordinal);
            foreach (var (first, list) in byFirst)
            {
                starts[first] = (phrases.Count, list.Count);
                foreach (var (phraseWords, info) in list)
                {
                    phrases.Add(new LexiconPhrase(phraseWords, phraseWords.Length, hashes.Count, info));
                    hashes.AddRange(phraseWords.Select(w => TermHash.Of(w)));
                }
            }

            var words = _words.Keys.Union(starts.Keys).Select(w =>
            {
                var (start, count) = starts.GetValueOrDefault(w);
                return new KeyValuePair<string, WordEntry>(w, new WordEntry(_words.GetValueOrDefault(w), start, count));
            });
            var emoticons = _emoticons.OrderByDescending(e => e.Key.Length).ThenBy(e => e.Key, StringComparer.Ordinal).Select(e => new Emoticon(e.Key, e.Value)).ToArray();
            return new SentimentLexicon(
                language,
                new TermTable<WordEntry>(words),
                _words.Where(w => w.Value.Valence != 0).Select(w => w.Key),
                new StemTable<float>(_stems),
                _stems.Keys.Where(s => s.Length <= StemTable<float>.MaximumLength),
                [.. phrases],
                [.. hashes],
                emoticons,
                new Dictionary<int, float>(_emoji),
                [.. _suffixes.OrderByDescending(r => r.Suffix.Length)]);
        }

        private void AddSuffix(string term, string source, int lineNumber)
        {
            var parts = term.Split('>');
            var suffix = parts[0].Trim();
            var replacement = parts.Length > 1 ? parts[1].Trim() : "";
            if (parts.Length > 2 || suffix.Length == 0 || !suffix.All(char.IsLetter) || !replacement.All(char.IsLetter))
            {
                throw LexiconFile.Error(source, lineNumber, $"the suffix rule '{term}' must be 'suffix' or 'suffix>replacement', letters only");
            }

            // A rule replaces an identical one; rules with the same suffix and different replacements are all tried.
            var rule = new SuffixRule(TextFolding.FoldString(suffix), TextFolding.FoldString(replacement));
            _suffixes.RemoveAll(r => r == rule);
            _suffixes.Add(rule);
        }

        private void AddTerm(string term, TermInfo info, string source, int lineNumber)
        {
            if (term.Length == 0)
            {
                throw LexiconFile.Error(source, lineNumber, "an empty term");
            }

            if (TryEmoji(term, out var codePoint))
            {
                _emoji[codePoint] = info.Valence;
                return;
            }

            var isStem = term.Length > 1 && term[^1] == '*';
            var words = SentimentTokenizer.FoldTerm(isStem ? term[..^1] : term);
            if (words.Count == 0 || (words.Count == 1 && !isStem && IsEmoticon(term)))
            {
                if (info.Valence == 0 || term.Any(char.IsWhiteSpace))
                {
                    throw LexiconFile.Error(source, lineNumber, $"'{term}' has no letters or digits and is not an emoticon with a valence");
                }

                _emoticons[term] = info.Valence;
                return;
            }

            if (isStem)
            {
                if (words.Count != 1 || words[0].Length < 3)
                {
                    throw LexiconFile.Error(source, lineNumber, $"the stem '{term}' must be one word of at least 3 letters");
                }

                _stems[words[0]] = info.Valence;
                return;
            }

            if (words.Count == 1)
            {
                _words[words[0]] = _words.TryGetValue(words[0], out var existing) ? existing.Merge(info) : info;
                return;
            }

            var key = string.Join(' ', words);
            _phrases[key] = _phrases.TryGetValue(key, out var phrase) ? (phrase.Words, phrase.Info.Merge(info)) : ([.. words], info);
        }

        private static bool IsEmoticon(string term) => term.Any(c => !char.IsLetterOrDigit(c) && c is not '\'' and not '’' and not '-' && !char.IsWhiteSpace(c));

        private static bool TryEmoji(string term, out int codePoint)
        {
            codePoint = 0;
            var runes = term.EnumerateRunes().Where(r => !SentimentTokenizer.IsEmojiModifier(r.Value)).ToList();
            if (runes.Count != 1)
            {
                return false;
            }

            var category = Rune.GetUnicodeCategory(runes[0]);
            if (category is UnicodeCategory.OtherSymbol or UnicodeCategory.MathSymbol || runes[0].Value >= 0x1F000)
            {
                codePoint = runes[0].Value;
                return true;
            }

            return false;
        }

        private enum Section
        {
            Words,
            Phrases,
            Boosters,
            Dampeners,
            Negators,
            Contrast,
        }
    }
}
