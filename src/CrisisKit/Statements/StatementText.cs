using CrisisKit.Text;

namespace CrisisKit.Statements;

/// <summary>A word of a draft: where it is in the draft and in the folded buffer, and whether a clause break precedes it.</summary>
internal readonly record struct StatementWord(int Start, int End, int FoldedStart, int FoldedLength, bool BreakBefore);

/// <summary>A draft split into folded words (case, accents, Greek tonos and final sigma folded by <see cref="TextFolding"/>).</summary>
internal sealed class StatementText
{
    private readonly char[] _folded;
    private readonly List<StatementWord> _words;

    public StatementText(string draft)
    {
        Draft = draft;
        _folded = new char[draft.Length];
        _words = [];
        var length = 0;
        var start = -1;
        var foldedStart = 0;
        var pendingBreak = false;
        for (var i = 0; i < draft.Length; i++)
        {
            var folded = TextFolding.Fold(draft[i]);
            if (folded == TextFolding.Separator)
            {
                if (start >= 0)
                {
                    _words.Add(new StatementWord(start, i, foldedStart, length - foldedStart, pendingBreak));
                    pendingBreak = false;
                    start = -1;
                }

                pendingBreak |= IsClauseBreak(draft[i]);
                continue;
            }

            if (folded == TextFolding.Ignorable)
            {
                continue;
            }

            if (start < 0)
            {
                start = i;
                foldedStart = length;
            }

            _folded[length++] = folded;
        }

        if (start >= 0)
        {
            _words.Add(new StatementWord(start, draft.Length, foldedStart, length - foldedStart, pendingBreak));
        }
    }

    public string Draft { get; }

    public int Count => _words.Count;

    public StatementWord this[int index] => _words[index];

    /// <summary>The folded form of word <paramref name="index"/>.</summary>
    public ReadOnlySpan<char> Folded(int index)
    {
        var word = _words[index];
        return _folded.AsSpan(word.FoldedStart, word.FoldedLength);
    }

    /// <summary>The span of the draft from the start of word <paramref name="first"/> to the end of word <paramref name="last"/>.</summary>
    public StatementSpan Span(int first, int last) => new(_words[first].Start, _words[last].End - _words[first].Start);

    /// <summary>Whether a character ends a clause: negation and phrases do not reach across it.</summary>
    public static bool IsClauseBreak(char c) => c is '.' or ',' or ';' or ':' or '!' or '?' or '(' or ')' or '\n' or '\u2013' or '\u2014' or '\u00B7' or '\u0387' or '\u037E' or '\u2026' or '"' or '\u201C' or '\u201D' or '\u00AB' or '\u00BB';
}
