using System.Runtime.CompilerServices;

namespace CrisisKit.Text;

/// <summary>
/// A filter over a set of folded terms keyed by their first three characters: for a word, the lengths (as bits of a
/// mask; lengths of 63 and more share bit 63) of the terms that may start with the same three characters. A zero
/// mask means no term does; a set bit only means one may (keys are hashed, so first letters can share a key).
/// </summary>
internal sealed class StartFilter
{
    private const int KeyBits = 14;

    // One byte per key indexes a small table of distinct masks (index 0 is the empty mask), so the filter stays as
    // compact as a table of flags.
    private readonly byte[] _index = new byte[1 << KeyBits];
    private readonly ulong[] _masks;

    /// <summary>A filter over <paramref name="terms"/> (terms shorter than three characters are left out).</summary>
    public StartFilter(IEnumerable<string> terms)
    {
        var byKey = new ulong[1 << KeyBits];
        foreach (var term in terms)
        {
            if (term.Length >= 3)
            {
                byKey[Key(term)] |= Bit(term.Length);
            }
        }

        var all = 0UL;
        foreach (var mask in byKey)
        {
            all |= mask;
        }

        var masks = new List<ulong> { 0 };
        var positions = new Dictionary<ulong, byte> { [0] = 0 };
        for (var key = 0; key < byKey.Length; key++)
        {
            var mask = byKey[key];
            if (!positions.TryGetValue(mask, out var position))
            {
                if (masks.Count == byte.MaxValue)
                {
                    // Out of room: the rest share the union of every mask (still a superset).
                    position = byte.MaxValue;
                }
                else
                {
                    position = (byte)masks.Count;
                    masks.Add(mask);
                    positions[mask] = position;
                }
            }

            _index[key] = position;
        }

        if (masks.Count == byte.MaxValue)
        {
            masks.Add(all);
        }

        _masks = [.. masks];
    }

    /// <summary>The mask bit of a term length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Bit(int length) => 1UL << Math.Min(length, 63);

    /// <summary>The lengths of the terms that may start like <paramref name="word"/> (zero for words shorter than three characters).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Lengths(ReadOnlySpan<char> word) => word.Length >= 3 ? _masks[_index[Key(word)]] : 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Key(ReadOnlySpan<char> word) => ((word[0] * 961) + (word[1] * 31) + word[2]) & ((1 << KeyBits) - 1);
}
