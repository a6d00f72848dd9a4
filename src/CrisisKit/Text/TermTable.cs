namespace CrisisKit.Text;

/// <summary>
/// An immutable open-addressing table from folded terms to values, probed by <see cref="TermHash"/> and a span of
/// folded characters without allocating. Each slot holds the full hash next to the entry index, so a miss usually
/// costs one memory access. Built once; safe to read from many threads.
/// </summary>
/// <typeparam name="TValue">The value stored per term.</typeparam>
internal sealed class TermTable<TValue>
{
    private readonly Slot[] _slots;
    private readonly string[] _terms;
    private readonly TValue[] _values;
    private readonly int _mask;

    public TermTable(IEnumerable<KeyValuePair<string, TValue>> entries, byte kind = 0)
    {
        var list = entries.ToList();
        _terms = new string[list.Count];
        _values = new TValue[list.Count];
        var size = 16;
        while (size < list.Count * 4)
        {
            size *= 2;
        }

        _slots = new Slot[size];
        _mask = size - 1;
        for (var i = 0; i < list.Count; i++)
        {
            _terms[i] = list[i].Key;
            _values[i] = list[i].Value;
            var hash = TermHash.Of(list[i].Key, kind);
            var slot = (int)(hash & (ulong)_mask);
            while (_slots[slot].Index != 0)
            {
                slot = (slot + 1) & _mask;
            }

            _slots[slot] = new Slot(hash, i + 1);
        }
    }

    public int Count => _terms.Length;

    /// <summary>Finds <paramref name="folded"/>, whose term hash is <paramref name="hash"/>.</summary>
    public bool TryGetValue(ulong hash, ReadOnlySpan<char> folded, out TValue value)
    {
        var slots = _slots;
        var slot = (int)(hash & (ulong)_mask);
        while (true)
        {
            var entry = slots[slot];
            if (entry.Index == 0)
            {
                value = default!;
                return false;
            }

            if (entry.Hash == hash && folded.SequenceEqual(_terms[entry.Index - 1]))
            {
                value = _values[entry.Index - 1];
                return true;
            }

            slot = (slot + 1) & _mask;
        }
    }

    /// <summary>
    /// Finds the term written as <paramref name="head"/> followed by <paramref name="tail"/>, whose term hash is
    /// <paramref name="hash"/>, without joining them.
    /// </summary>
    public bool TryGetValue(ulong hash, ReadOnlySpan<char> head, ReadOnlySpan<char> tail, out TValue value)
    {
        var slots = _slots;
        var slot = (int)(hash & (ulong)_mask);
        while (true)
        {
            var entry = slots[slot];
            if (entry.Index == 0)
            {
                value = default!;
                return false;
            }

            if (entry.Hash == hash)
            {
                var term = _terms[entry.Index - 1].AsSpan();
                if (term.Length == head.Length + tail.Length && term.StartsWith(head) && term[head.Length..].SequenceEqual(tail))
                {
                    value = _values[entry.Index - 1];
                    return true;
                }
            }

            slot = (slot + 1) & _mask;
        }
    }

    private readonly record struct Slot(ulong Hash, int Index);
}
