using System.Collections.Frozen;
using System.Text;
using CrisisKit.Text;

namespace CrisisKit.Statements;

/// <summary>The kinds of statement cue, one per lexicon section (a phrase may belong to several).</summary>
[Flags]
internal enum CueKinds
{
    None = 0,
    Acknowledge = 1 << 0,
    Apology = 1 << 1,
    Empathy = 1 << 2,
    Blame = 1 << 3,
    Minimising = 1 << 4,
    NonApology = 1 << 5,
    NextSteps = 1 << 6,
    Updates = 1 << 7,
    Legalese = 1 << 8,
    Placeholder = 1 << 9,
    Denial = 1 << 10,
}

/// <summary>How one word of a cue matches a word of the draft.</summary>
internal enum CueWordKind
{
    /// <summary>The folded word equals the text.</summary>
    Exact,

    /// <summary>The folded word starts with the text (<c>apologi*</c>).</summary>
    Prefix,

    /// <summary>The folded word ends with the text and is longer (<c>*ing</c>).</summary>
    Suffix,

    /// <summary>The word starts with a digit (<c>&lt;n&gt;</c>).</summary>
    Number,
}

/// <summary>One word of a cue.</summary>
internal readonly record struct CueWord(CueWordKind Kind, string Text)
{
    public bool Matches(ReadOnlySpan<char> word) => Kind switch
    {
        CueWordKind.Exact => word.SequenceEqual(Text),
        CueWordKind.Prefix => word.StartsWith(Text, StringComparison.Ordinal),
        CueWordKind.Suffix => word.Length > Text.Length && word.EndsWith(Text, StringComparison.Ordinal),
        _ => word.Length > 0 && char.IsAsciiDigit(word[0]),
    };

    public override string ToString() => Kind switch
    {
        CueWordKind.Exact => Text,
        CueWordKind.Prefix => Text + "*",
        CueWordKind.Suffix => "*" + Text,
        _ => "<n>",
    };
}

/// <summary>A cue phrase and the sections it belongs to.</summary>
internal sealed record StatementCue(CueWord[] Words, CueKinds Kinds);

/// <summary>A cue found in a draft: the first and last word index and the cue's kinds.</summary>
internal readonly record struct CueMatch(int First, int Last, CueKinds Kinds);

/// <summary>One language's statement cues, compiled for lookup by first word.</summary>
internal sealed class StatementLexicon
{
    private readonly FrozenDictionary<string, StatementCue[]> _byFirstWord;
    private readonly FrozenDictionary<string, StatementCue[]>.AlternateLookup<ReadOnlySpan<char>> _byFirstWordSpan;
    private readonly StatementCue[] _patternFirst;
    private readonly FrozenSet<string> _negators;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _negatorsSpan;

    private StatementLexicon(string language, FrozenDictionary<string, StatementCue[]> byFirstWord, StatementCue[] patternFirst, FrozenSet<string> negators)
    {
        Language = language;
        _byFirstWord = byFirstWord;
        _byFirstWordSpan = byFirstWord.GetAlternateLookup<ReadOnlySpan<char>>();
        _patternFirst = patternFirst;
        _negators = negators;
        _negatorsSpan = negators.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string Language { get; }

    /// <summary>The number of distinct cues.</summary>
    public int CueCount => _byFirstWord.Values.Sum(c => c.Length) + _patternFirst.Length;

    /// <summary>
    /// Finds the cues of <paramref name="kinds"/> in <paramref name="text"/>, longest first at each word, without overlaps.
    /// With <paramref name="skipNegated"/>, a cue right after a negator (<c>not sorry</c>, <c>δεν θα</c>) or right
    /// before one (<c>we will not</c>) in the same clause does not count.
    /// </summary>
    public List<CueMatch> FindAll(StatementText text, CueKinds kinds, bool skipNegated)
    {
        var matches = new List<CueMatch>();
        for (var i = 0; i < text.Count; i++)
        {
            var best = -1;
            var bestKinds = CueKinds.None;
            if (_byFirstWordSpan.TryGetValue(text.Folded(i), out var cues))
            {
                Longest(text, i, cues, kinds, ref best, ref bestKinds);
            }

            Longest(text, i, _patternFirst, kinds, ref best, ref bestKinds);
            if (best < 0)
            {
                continue;
            }

            if (!skipNegated || !IsNegated(text, i, best))
            {
                matches.Add(new CueMatch(i, best, bestKinds));
            }

            i = best;
        }

        return matches;
    }

    /// <summary>Whether the cue spanning words <paramref name="first"/> to <paramref name="last"/> is negated.</summary>
    private bool IsNegated(StatementText text, int first, int last)
    {
        if (first > 0 && !text[first].BreakBefore && _negatorsSpan.Contains(text.Folded(first - 1)))
        {
            return true;
        }

        return last + 1 < text.Count && !text[last + 1].BreakBefore && _negatorsSpan.Contains(text.Folded(last + 1));
    }

    private static void Longest(StatementText text, int start, StatementCue[] cues, CueKinds kinds, ref int best, ref CueKinds bestKinds)
    {
        foreach (var cue in cues)
        {
            if ((cue.Kinds & kinds) == 0)
            {
                continue;
            }

            var last = start + cue.Words.Length - 1;
            if (last <= best || last >= text.Count)
            {
                continue;
            }

            var matches = true;
            for (var k = 0; k < cue.Words.Length && matches; k++)
            {
                matches = (k == 0 || !text[start + k].BreakBefore) && cue.Words[k].Matches(text.Folded(start + k));
            }

            if (matches)
            {
                best = last;
                bestKinds = cue.Kinds & kinds;
            }
        }
    }

    /// <summary>Collects statement lexicon files (entries add up) and compiles them.</summary>
    internal sealed class Builder(string language)
    {
        private const string NegatorsSection = "negators";
        private const int MinimumStem = 3;
        private const int MinimumSuffix = 2;

        private static readonly (string Section, CueKinds Kind)[] Kinds =
        [
            ("acknowledge", CueKinds.Acknowledge), ("apology", CueKinds.Apology), ("empathy", CueKinds.Empathy),
            ("blame", CueKinds.Blame), ("minimising", CueKinds.Minimising), ("non-apology", CueKinds.NonApology),
            ("next-steps", CueKinds.NextSteps), ("updates", CueKinds.Updates), ("legalese", CueKinds.Legalese),
            ("denial", CueKinds.Denial), ("placeholders", CueKinds.Placeholder),
        ];

        private static readonly string[] Sections = [.. Kinds.Select(k => k.Section), NegatorsSection];

        private readonly Dictionary<string, (CueWord[] Words, CueKinds Kinds)> _cues = new(StringComparer.Ordinal);
        private readonly HashSet<string> _negators = new(StringComparer.Ordinal);

        /// <exception cref="FormatException">The text does not follow the format; the message names the source and line.</exception>
        public Builder Add(string text, string source)
        {
            foreach (var line in LexiconFile.Read(text, source, Sections))
            {
                if (line.Value is not null)
                {
                    throw LexiconFile.Error(source, line.LineNumber, $"'{line.Term}' takes no value; statement cues are phrases only");
                }

                var words = Parse(line.Term, source, line.LineNumber);
                if (line.Section == NegatorsSection)
                {
                    if (words.Length != 1 || words[0].Kind != CueWordKind.Exact)
                    {
                        throw LexiconFile.Error(source, line.LineNumber, $"the negator '{line.Term}' must be one plain word");
                    }

                    _negators.Add(words[0].Text);
                    continue;
                }

                var kind = Kinds.First(k => k.Section == line.Section).Kind;
                var key = string.Join(' ', words);
                _cues[key] = _cues.TryGetValue(key, out var existing) ? (existing.Words, existing.Kinds | kind) : (words, kind);
            }

            return this;
        }

        public StatementLexicon Build()
        {
            var cues = _cues.Values.Select(c => new StatementCue(c.Words, c.Kinds)).ToArray();
            var byFirstWord = cues.Where(c => c.Words[0].Kind == CueWordKind.Exact)
                .GroupBy(c => c.Words[0].Text, StringComparer.Ordinal)
                .ToFrozenDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
            var patternFirst = cues.Where(c => c.Words[0].Kind != CueWordKind.Exact).ToArray();
            return new StatementLexicon(language, byFirstWord, patternFirst, _negators.ToFrozenSet(StringComparer.Ordinal));
        }

        /// <summary>Splits a term into cue words: pieces between spaces, each folded and split at separators.</summary>
        private static CueWord[] Parse(string term, string source, int lineNumber)
        {
            var words = new List<CueWord>();
            foreach (var piece in term.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (piece == "<n>")
                {
                    words.Add(new CueWord(CueWordKind.Number, ""));
                    continue;
                }

                var prefix = piece.Length > 1 && piece[^1] == '*';
                var suffix = piece.Length > 1 && piece[0] == '*';
                var parts = Fold(piece.Trim('*'));
                if (parts.Count == 0)
                {
                    throw LexiconFile.Error(source, lineNumber, $"'{piece}' in '{term}' has no letters or digits");
                }

                for (var p = 0; p < parts.Count; p++)
                {
                    var kind = prefix && p == parts.Count - 1 ? CueWordKind.Prefix : suffix && p == 0 ? CueWordKind.Suffix : CueWordKind.Exact;
                    if ((kind == CueWordKind.Prefix && parts[p].Length < MinimumStem) || (kind == CueWordKind.Suffix && parts[p].Length < MinimumSuffix))
                    {
                        throw LexiconFile.Error(source, lineNumber, $"'{piece}' in '{term}' is too short a stem (at least {MinimumStem} letters before *, {MinimumSuffix} after)");
                    }

                    words.Add(new CueWord(kind, parts[p]));
                }
            }

            if (words.Count == 0 || words.TrueForAll(w => w.Kind == CueWordKind.Number))
            {
                throw LexiconFile.Error(source, lineNumber, $"'{term}' has no words");
            }

            return [.. words];
        }

        private static List<string> Fold(string piece)
        {
            var parts = new List<string>();
            var current = new StringBuilder();
            foreach (var c in piece)
            {
                var folded = TextFolding.Fold(c);
                if (folded == TextFolding.Separator)
                {
                    Flush();
                }
                else if (folded != TextFolding.Ignorable)
                {
                    current.Append(folded);
                }
            }

            Flush();
            return parts;

            void Flush()
            {
                if (current.Length > 0)
                {
                    parts.Add(current.ToString());
                    current.Clear();
                }
            }
        }
    }
}
