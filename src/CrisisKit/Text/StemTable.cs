using System.Numerics;

namespace CrisisKit.Text;

/// <summary>
/// Prefix entries for inflected words (<c>disappoint*</c>, <c>απαράδεκτ*</c>): finds the longest stored stem that
/// starts a folded word, without allocating, probing only the stem lengths that exist for the word's first three
/// letters.
/// </summary>
/// <typeparam name="TValue">The value stored per stem.</typeparam>
internal sealed class StemTable<TValue>
{
    public const int MinimumLength = 3;
    public const int MaximumLength = 63;

    private readonly TermTable<TValue> _stems;

    // Most words start with no stem's first three letters: one lookup rules them out before any hashing, and for
    // the rest gives the lengths of the stems that may start them (a superset: first letters can share a key).
    private readonly StartFilter _starts;

    public StemTable(IEnumerable<KeyValuePair<string, TValue>> stems)
    {
        var list = stems.Where(s => s.Key.Length is >= MinimumLength and <= MaximumLength).ToList();
        _stems = new TermTable<TValue>(list);
        _starts = new StartFilter(list.Select(s => s.Key));
    }

    public int Count => _stems.Count;

    public bool TryMatch(ReadOnlySpan<char> word, out TValue value) => TryMatch(word, _starts.Lengths(word).First, out value);

    /// <summary>
    /// Finds the longest stem that starts <paramref name="word"/>, probing only the lengths in
    /// <paramref name="lengths"/>: the <see cref="StartFilter"/> lengths of this table's stems for the word, or a
    /// superset of them.
    /// </summary>
    public bool TryMatch(ReadOnlySpan<char> word, ulong lengths, out TValue value)
    {
        value = default!;
        if (word.Length < MinimumLength)
        {
            return false;
        }

        var longest = Math.Min(word.Length, MaximumLength);
        lengths &= (2UL << longest) - 1;
        while (lengths != 0)
        {
            // Longest first: the highest set bit is the longest stem length left to try.
            var k = 63 - BitOperations.LeadingZeroCount(lengths);
            lengths &= ~(1UL << k);
            var prefix = word[..k];
            if (_stems.TryGetValue(TermHash.Of(prefix), prefix, out value))
            {
                return true;
            }
        }

        return false;
    }
}
