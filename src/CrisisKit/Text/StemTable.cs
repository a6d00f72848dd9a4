namespace CrisisKit.Text;

/// <summary>
/// Prefix entries for inflected words (<c>disappoint*</c>, <c>απαράδεκτ*</c>): finds the longest stored stem that
/// starts a folded word, without allocating, probing only the stem lengths that exist.
/// </summary>
/// <typeparam name="TValue">The value stored per stem.</typeparam>
internal sealed class StemTable<TValue>
{
    public const int MinimumLength = 3;
    private const int MaximumLength = 63;

    private const int FilterSize = 1 << 14;

    private readonly TermTable<TValue> _stems;
    private readonly ulong _lengths;

    // Most words start with no stem's first three letters: one bit test rules them out before any hashing.
    private readonly bool[] _starts = new bool[FilterSize];

    public StemTable(IEnumerable<KeyValuePair<string, TValue>> stems)
    {
        var list = stems.Where(s => s.Key.Length is >= MinimumLength and <= MaximumLength).ToList();
        _stems = new TermTable<TValue>(list);
        foreach (var stem in list)
        {
            _lengths |= 1UL << stem.Key.Length;
            _starts[StartKey(stem.Key)] = true;
        }
    }

    public int Count => _stems.Count;

    public bool TryMatch(ReadOnlySpan<char> word, out TValue value)
    {
        value = default!;
        if (_lengths == 0 || word.Length < MinimumLength)
        {
            return false;
        }

        if (!_starts[StartKey(word)])
        {
            return false;
        }

        var longest = Math.Min(word.Length, MaximumLength);
        if ((_lengths & ((2UL << longest) - 1)) == 0)
        {
            return false;
        }

        Span<ulong> prefixes = stackalloc ulong[longest + 1];
        var hash = TermHash.Seed;
        for (var k = 0; k < longest; k++)
        {
            hash = TermHash.Step(hash, word[k]);
            prefixes[k + 1] = hash;
        }

        for (var k = longest; k >= MinimumLength; k--)
        {
            if (((_lengths >> k) & 1) != 0 && _stems.TryGetValue(TermHash.Finish(prefixes[k]), word[..k], out value))
            {
                return true;
            }
        }

        return false;
    }

    private static int StartKey(ReadOnlySpan<char> word) => ((word[0] * 961) + (word[1] * 31) + word[2]) & (FilterSize - 1);
}
