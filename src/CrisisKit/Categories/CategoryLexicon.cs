using CrisisKit.Sentiment;
using CrisisKit.Text;

namespace CrisisKit.Categories;

/// <summary>One cue: which category it signals and how strongly.</summary>
internal readonly record struct Cue(CrisisCategory Category, float Weight);

/// <summary>A multi-word entry: a cue, or an idiom that is not a crisis (<see cref="Cues"/> empty).</summary>
internal sealed record CuePhrase(string[] Words, Cue[] Cues, bool NotCrisis);

/// <summary>What a single word does: its cues, whether it negates, and the phrases starting with it.</summary>
internal readonly record struct CueWord(Cue[] Cues, bool Negator, int[] Phrases);

/// <summary>One language's category cues, compiled for allocation-free lookup.</summary>
internal sealed class CategoryLexicon
{
    private CategoryLexicon(string language, TermTable<CueWord> words, StemTable<Cue[]> stems, CuePhrase[] phrases)
    {
        Language = language;
        Words = words;
        Stems = stems;
        Phrases = phrases;
    }

    public string Language { get; }

    public TermTable<CueWord> Words { get; }

    public StemTable<Cue[]> Stems { get; }

    public CuePhrase[] Phrases { get; }

    /// <summary>Collects cue files (later entries override earlier ones) and compiles them.</summary>
    internal sealed class Builder(string language)
    {
        private const string NotCrisis = "not-crisis";
        private const string Negators = "negators";

        private static readonly string[] Sections = [.. CrisisCategories.All.Select(c => c.ToId()), NotCrisis, Negators];

        private readonly Dictionary<string, Dictionary<CrisisCategory, float>> _words = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Dictionary<CrisisCategory, float>> _stems = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (string[] Words, Dictionary<CrisisCategory, float> Cues, bool NotCrisis)> _phrases = new(StringComparer.Ordinal);
        private readonly HashSet<string> _negators = new(StringComparer.Ordinal);

        /// <exception cref="FormatException">The text does not follow the format; the message names the source and line.</exception>
        public Builder Add(string text, string source)
        {
            foreach (var line in LexiconFile.Read(text, source, Sections))
            {
                var isNotCrisis = line.Section == NotCrisis;
                var isNegator = line.Section == Negators;
                _ = CrisisCategories.TryParse(line.Section, out var category); // the section names are checked by the reader

                var weight = (float)(line.Value ?? 0);
                if (!isNotCrisis && !isNegator && (line.Value is null || weight is < 0.1f or > 3f))
                {
                    throw LexiconFile.Error(source, line.LineNumber, $"'{line.Term}' needs a weight from 0.1 to 3 after a TAB");
                }

                var isStem = line.Term.Length > 1 && line.Term[^1] == '*';
                var words = SentimentTokenizer.FoldTerm(isStem ? line.Term[..^1] : line.Term);
                if (words.Count == 0)
                {
                    throw LexiconFile.Error(source, line.LineNumber, $"'{line.Term}' has no letters or digits");
                }

                if (isStem && (words.Count != 1 || words[0].Length < StemTable<Cue[]>.MinimumLength))
                {
                    throw LexiconFile.Error(source, line.LineNumber, $"the stem '{line.Term}' must be one word of at least {StemTable<Cue[]>.MinimumLength} letters");
                }

                if (isNegator)
                {
                    _negators.Add(string.Join(' ', words));
                    continue;
                }

                if (isStem)
                {
                    Cues(_stems, words[0])[category] = weight;
                }
                else if (words.Count == 1 && !isNotCrisis)
                {
                    Cues(_words, words[0])[category] = weight;
                }
                else
                {
                    var key = string.Join(' ', words);
                    if (!_phrases.TryGetValue(key, out var phrase))
                    {
                        _phrases[key] = phrase = ([.. words], [], isNotCrisis);
                    }

                    if (isNotCrisis)
                    {
                        _phrases[key] = phrase with { NotCrisis = true };
                    }
                    else
                    {
                        phrase.Cues[category] = weight;
                    }
                }
            }

            return this;
        }

        public CategoryLexicon Build()
        {
            var phrases = _phrases.Values.Select(p => new CuePhrase(p.Words, ToCues(p.Cues), p.NotCrisis)).ToArray();
            var starts = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            for (var i = 0; i < phrases.Length; i++)
            {
                if (!starts.TryGetValue(phrases[i].Words[0], out var list))
                {
                    starts[phrases[i].Words[0]] = list = [];
                }

                list.Add(i);
            }

            var keys = _words.Keys.Union(starts.Keys).Union(_negators.Where(n => !n.Contains(' ', StringComparison.Ordinal)));
            var words = keys.Select(k => new KeyValuePair<string, CueWord>(k, new CueWord(
                _words.TryGetValue(k, out var cues) ? ToCues(cues) : [],
                _negators.Contains(k),
                starts.TryGetValue(k, out var list) ? [.. list.OrderByDescending(p => phrases[p].Words.Length)] : [])));
            return new CategoryLexicon(language, new TermTable<CueWord>(words), new StemTable<Cue[]>(_stems.Select(s => new KeyValuePair<string, Cue[]>(s.Key, ToCues(s.Value)))), phrases);
        }

        private static Dictionary<CrisisCategory, float> Cues(Dictionary<string, Dictionary<CrisisCategory, float>> table, string key)
        {
            if (!table.TryGetValue(key, out var cues))
            {
                table[key] = cues = [];
            }

            return cues;
        }

        private static Cue[] ToCues(Dictionary<CrisisCategory, float> cues) => [.. cues.OrderBy(c => c.Key).Select(c => new Cue(c.Key, c.Value))];
    }
}
