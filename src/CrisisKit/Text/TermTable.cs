using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CrisisKit.Text;

/// <summary>
/// An immutable open-addressing table from folded terms to values, probed by <see cref="TermHash"/> and a span of
/// folded characters without allocating. Built once; safe to read from many threads.
/// </summary>
/// <remarks>
/// Laid out for the cache, since most probes are for words that are not there: each slot is four bytes holding the
/// entry's index and as many high bits of its hash as are left (a tag), so that a miss usually costs one access to
/// a small array and no text comparison. The terms' characters sit together in one array, so confirming a hit does
/// not visit a string object.
/// </remarks>
/// <typeparam name="TValue">The value stored per term.</typeparam>
internal sealed class TermTable<TValue>
{
    private readonly uint[] _slots;
    private readonly char[] _chars;
    private readonly Entry[] _entries;
    private readonly int _mask;
    private readonly uint _indexMask;

    public TermTable(IEnumerable<KeyValuePair<string, TValue>> entries, byte kind = 0)
    {
        var list = entries.ToList();
        _entries = new Entry[list.Count];
        _chars = new char[list.Sum(e => e.Key.Length)];
        var size = 16;
        while (size < list.Count * 2)
        {
            size *= 2;
        }

        // Slot values are index + 1 (0 marks an empty slot) in the low bits, the hash's tag in the rest.
        var indexBits = 32 - BitOperations.LeadingZeroCount((uint)list.Count + 1);
        if (indexBits > 24)
        {
            throw new ArgumentException("Too many terms for one table.", nameof(entries));
        }

        _indexMask = (1u << indexBits) - 1;
        _slots = new uint[size];
        _mask = size - 1;
        var written = 0;
        for (var i = 0; i < list.Count; i++)
        {
            var term = list[i].Key;
            term.CopyTo(_chars.AsSpan(written));
            _entries[i] = new Entry(written, term.Length, list[i].Value);
            written += term.Length;
            var hash = TermHash.Of(term, kind);
            var slot = (int)(hash & (ulong)_mask);
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & _mask;
            }

            _slots[slot] = (Tag(hash) & ~_indexMask) | (uint)(i + 1);
        }
    }

    public int Count => _entries.Length;

    /// <summary>
    /// The first slot a term with hash <paramref name="hash"/> probes, to read early (while the text is still being
    /// read) and hand to <see cref="TryGetValue(ulong, uint, ReadOnlySpan{char}, out TValue)"/>, so that the lookup
    /// does not wait for it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint FirstSlot(ulong hash) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_slots), (int)(hash & (ulong)_mask)); // the mask keeps it inside

    /// <summary>Finds <paramref name="folded"/>, whose term hash is <paramref name="hash"/>.</summary>
    public bool TryGetValue(ulong hash, ReadOnlySpan<char> folded, out TValue value) => TryGetValue(hash, FirstSlot(hash), folded, out value);

    /// <summary>Finds <paramref name="folded"/>, whose term hash is <paramref name="hash"/> and first slot <paramref name="first"/> (from <see cref="FirstSlot"/>).</summary>
    public bool TryGetValue(ulong hash, uint first, ReadOnlySpan<char> folded, out TValue value)
    {
        var slots = _slots;
        var mask = _mask;
        var indexMask = _indexMask;
        var tag = Tag(hash) & ~indexMask;
        var slot = (int)(hash & (ulong)mask);
        var entry = first;
        while (entry != 0)
        {
            if ((entry & ~indexMask) == tag)
            {
                ref readonly var candidate = ref _entries[(int)(entry & indexMask) - 1];
                if (candidate.Length == folded.Length && _chars.AsSpan(candidate.Start, candidate.Length).SequenceEqual(folded))
                {
                    value = candidate.Value;
                    return true;
                }
            }

            slot = (slot + 1) & mask;
            entry = slots[slot];
        }

        value = default!;
        return false;
    }

    /// <summary>
    /// Finds the term written as <paramref name="head"/> followed by <paramref name="tail"/>, whose term hash is
    /// <paramref name="hash"/>, without joining them.
    /// </summary>
    public bool TryGetValue(ulong hash, ReadOnlySpan<char> head, ReadOnlySpan<char> tail, out TValue value)
    {
        var index = IndexOf(hash, head, tail);
        if (index < 0)
        {
            value = default!;
            return false;
        }

        value = _entries[index].Value;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Tag(ulong hash) => (uint)(hash >> 32);

    private int IndexOf(ulong hash, ReadOnlySpan<char> head, ReadOnlySpan<char> tail)
    {
        var slots = _slots;
        var mask = _mask;
        var indexMask = _indexMask;
        var tag = Tag(hash) & ~indexMask;
        var slot = (int)(hash & (ulong)mask);
        while (true)
        {
            var entry = slots[slot];
            if (entry == 0)
            {
                return -1;
            }

            if ((entry & ~indexMask) == tag)
            {
                var index = (int)(entry & indexMask) - 1;
                ref readonly var candidate = ref _entries[index];
                var term = _chars.AsSpan(candidate.Start, candidate.Length);
                if (term.Length == head.Length + tail.Length && term.StartsWith(head) && term[head.Length..].SequenceEqual(tail))
                {
                    return index;
                }
            }

            slot = (slot + 1) & mask;
        }
    }

    /// <summary>A term's characters (in the shared array) and its value, together so that a hit reads one place.</summary>
    private readonly record struct Entry(int Start, int Length, TValue Value);
}
