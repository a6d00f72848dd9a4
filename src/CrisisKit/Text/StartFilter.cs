using System.Runtime.CompilerServices;

namespace CrisisKit.Text;

/// <summary>The term lengths a <see cref="StartFilter"/> gives for a word, one mask per set of terms.</summary>
/// <param name="First">The lengths (as <see cref="StartFilter.Bit"/> bits) of the first set's terms that may start like the word.</param>
/// <param name="Second">The same for the second set.</param>
internal readonly record struct StartLengths(ulong First, ulong Second);

/// <summary>
/// A filter over one or two sets of folded terms keyed by their first three characters: for a word, the lengths
/// (as bits of a mask; lengths of 63 and more share bit 63) of each set's terms that may start with the same three
/// characters. A zero mask means no term does; a set bit only means one may (keys are hashed, so first letters can
/// share a key).
/// </summary>
internal sealed class StartFilter
{
    private const int KeyBits = 14;

    // One byte per key indexes a small table of distinct mask pairs (index 0 is the empty pair), so the filter
    // stays as compact as a table of flags.
    private readonly byte[] _index = new byte[1 << KeyBits];
    private readonly StartLengths[] _masks;

    /// <summary>A filter over <paramref name="first"/> and <paramref name="second"/> (terms shorter than three characters are left out).</summary>
    public StartFilter(IEnumerable<string> first, IEnumerable<string>? second = null)
    {
        var byKey = new StartLengths[1 << KeyBits];
        foreach (var term in first)
        {
            if (term.Length >= 3)
            {
                ref var masks = ref byKey[Key(term)];
                masks = masks with { First = masks.First | Bit(term.Length) };
            }
        }

        foreach (var term in second ?? [])
        {
            if (term.Length >= 3)
            {
                ref var masks = ref byKey[Key(term)];
                masks = masks with { Second = masks.Second | Bit(term.Length) };
            }
        }

        var all = default(StartLengths);
        foreach (var masks in byKey)
        {
            all = new StartLengths(all.First | masks.First, all.Second | masks.Second);
        }

        var distinct = new List<StartLengths> { default };
        var positions = new Dictionary<StartLengths, byte> { [default] = 0 };
        for (var key = 0; key < byKey.Length; key++)
        {
            var masks = byKey[key];
            if (!positions.TryGetValue(masks, out var position))
            {
                if (distinct.Count == byte.MaxValue)
                {
                    // Out of room: the rest share the union of every mask (still a superset).
                    position = byte.MaxValue;
                }
                else
                {
                    position = (byte)distinct.Count;
                    distinct.Add(masks);
                    positions[masks] = position;
                }
            }

            _index[key] = position;
        }

        if (distinct.Count == byte.MaxValue)
        {
            distinct.Add(all);
        }

        _masks = [.. distinct];
    }

    /// <summary>The mask bit of a term length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Bit(int length) => 1UL << Math.Min(length, 63);

    /// <summary>The lengths of the terms that may start like <paramref name="word"/> (zero for words shorter than three characters).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public StartLengths Lengths(ReadOnlySpan<char> word) => word.Length >= 3 ? _masks[_index[Key(word)]] : default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Key(ReadOnlySpan<char> word) => ((word[0] * 961) + (word[1] * 31) + word[2]) & ((1 << KeyBits) - 1);
}
