namespace CrisisKit.Monitoring;

/// <summary>
/// Space-Saving heavy hitters (Metwally, Agrawal and El Abbadi, 2005): counts the most frequent keys of a stream in
/// a fixed number of slots. A key that is not tracked takes the slot of the smallest count, inheriting that count
/// as its possible overcount, so every key with a true frequency above n/capacity is kept.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">Data kept alongside each tracked key (last seen wins).</typeparam>
internal sealed class HeavyHitters<TKey, TValue>
    where TKey : notnull
{
    private readonly Dictionary<TKey, int> _slotOf;
    private readonly Slot[] _slots;
    private int _used;

    public HeavyHitters(int capacity, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _slotOf = new Dictionary<TKey, int>(capacity, comparer);
        _slots = new Slot[capacity];
    }

    public void Add(TKey key, TValue value)
    {
        if (_slotOf.TryGetValue(key, out var slot))
        {
            _slots[slot].Count++;
            _slots[slot].Value = value;
            return;
        }

        if (_used < _slots.Length)
        {
            slot = _used++;
            _slots[slot] = new Slot { Key = key, Value = value, Count = 1, Error = 0 };
            _slotOf.Add(key, slot);
            return;
        }

        slot = 0;
        for (var i = 1; i < _slots.Length; i++)
        {
            if (_slots[i].Count < _slots[slot].Count)
            {
                slot = i;
            }
        }

        ref var victim = ref _slots[slot];
        _slotOf.Remove(victim.Key);
        var inherited = victim.Count;
        victim = new Slot { Key = key, Value = value, Count = inherited + 1, Error = inherited };
        _slotOf.Add(key, slot);
    }

    /// <summary>The count and possible overcount of <paramref name="key"/>, if it is tracked.</summary>
    public bool TryGet(TKey key, out long count, out long error)
    {
        if (_slotOf.TryGetValue(key, out var slot))
        {
            count = _slots[slot].Count;
            error = _slots[slot].Error;
            return true;
        }

        count = error = 0;
        return false;
    }

    /// <summary>The tracked keys with their counts and possible overcounts, largest count first (ties in a fixed, deterministic order).</summary>
    public IEnumerable<(TKey Key, TValue Value, long Count, long Error)> Top(int count) =>
        _slots.Take(_used)
            .Select((s, i) => (s, i))
            .OrderByDescending(p => p.s.Count)
            .ThenBy(p => p.i)
            .Take(count)
            .Select(p => (p.s.Key, p.s.Value, p.s.Count, p.s.Error));

    private struct Slot
    {
        public TKey Key;
        public TValue Value;
        public long Count;
        public long Error;
    }
}
