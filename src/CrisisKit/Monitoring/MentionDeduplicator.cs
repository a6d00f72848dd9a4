using CrisisKit.Mentions;
using CrisisKit.Text;

namespace CrisisKit.Monitoring;

/// <summary>
/// Remembers the keys of accepted mentions for a window of mention time and up to a capacity, forgetting the
/// oldest first, so memory stays bounded however long the stream.
/// </summary>
/// <remarks>
/// The keys sit in one open-addressed table (linear probing, at most half full, deletion by shifting back) holding
/// each key's hash code beside it, and in a ring in the order they came. A busy stream's keys were made long before
/// they are forgotten and are no longer in the processor's cache by then: forgetting one reads the table and none of
/// its strings, and remembering one reads the strings of a kept key only when the hash codes are equal.
/// </remarks>
internal sealed class MentionDeduplicator
{
    private const int InitialSize = 16;

    private readonly long _window;
    private readonly int _capacity;
    private Slot[] _slots = new Slot[2 * InitialSize];
    private Remembered[] _order = new Remembered[InitialSize];
    private int _oldest;
    private int _count;

    public MentionDeduplicator(TimeSpan window, int capacity)
    {
        _window = window.Ticks;
        _capacity = capacity;
    }

    /// <summary>Records <paramref name="key"/>; returns <see langword="false"/> if it was already remembered.</summary>
    public bool TryAdd(MentionKey key, DateTimeOffset timestamp, DateTimeOffset watermark)
    {
        if (_capacity == 0)
        {
            return true;
        }

        // Saturating: a watermark near DateTimeOffset.MinValue must not underflow.
        var horizon = Math.Max(watermark.UtcTicks - _window, DateTimeOffset.MinValue.UtcTicks);
        while (_count > 0 && (_count >= _capacity || _order[_oldest].Ticks < horizon))
        {
            Forget(_order[_oldest]);
            _order[_oldest] = default;
            _oldest = (_oldest + 1) & (_order.Length - 1);
            _count--;
        }

        var hash = key.GetHashCode();
        var mask = _slots.Length - 1;
        var i = hash & mask;
        while (_slots[i].Used)
        {
            if (_slots[i].Hash == hash && _slots[i].Key == key)
            {
                return false;
            }

            i = (i + 1) & mask;
        }

        if (2 * (_count + 1) > _slots.Length)
        {
            Grow();
            mask = _slots.Length - 1;
            i = hash & mask;
            while (_slots[i].Used)
            {
                i = (i + 1) & mask;
            }
        }

        _slots[i] = new Slot(hash, key);
        _order[(_oldest + _count) & (_order.Length - 1)] = new Remembered(hash, key, timestamp.UtcTicks);
        _count++;
        return true;
    }

    /// <summary>Removes <paramref name="remembered"/>'s slot and shifts back the entries after it that may move.</summary>
    private void Forget(Remembered remembered)
    {
        // While a key is remembered no equal key is added, so its slot is the one holding these very strings.
        var mask = _slots.Length - 1;
        var i = remembered.Hash & mask;
        while (!(_slots[i].Hash == remembered.Hash && ReferenceEquals(_slots[i].Key.Id, remembered.Key.Id) && ReferenceEquals(_slots[i].Key.Platform, remembered.Key.Platform)))
        {
            i = (i + 1) & mask;
        }

        for (var j = (i + 1) & mask; _slots[j].Used; j = (j + 1) & mask)
        {
            // An entry may fill the hole unless the hole lies before its own first slot.
            var home = _slots[j].Hash & mask;
            if (((j - home) & mask) >= ((j - i) & mask))
            {
                _slots[i] = _slots[j];
                i = j;
            }
        }

        _slots[i] = default;
    }

    /// <summary>Doubles the table and the ring, keeping the ring's order.</summary>
    private void Grow()
    {
        var slots = new Slot[_slots.Length * 2];
        var order = new Remembered[_order.Length * 2];
        var mask = slots.Length - 1;
        for (var n = 0; n < _count; n++)
        {
            var remembered = _order[(_oldest + n) & (_order.Length - 1)];
            order[n] = remembered;
            var i = remembered.Hash & mask;
            while (slots[i].Used)
            {
                i = (i + 1) & mask;
            }

            slots[i] = new Slot(remembered.Hash, remembered.Key);
        }

        _slots = slots;
        _order = order;
        _oldest = 0;
    }

    private readonly record struct Slot(int Hash, MentionKey Key)
    {
        public bool Used { get; } = true;
    }

    private readonly record struct Remembered(int Hash, MentionKey Key, long Ticks);
}

/// <summary>
/// A <see cref="MentionDeduplicator"/> split into stripes by a stable hash of the mention key, each behind its own
/// lock, so that threads ingesting different mentions rarely wait for each other. A small capacity keeps one
/// stripe (exactly the oldest-first order of one deduplicator); from <see cref="StripedCapacity"/> keys up it is
/// split into <see cref="Stripes"/> stripes of an equal share. The stripes do not depend on the monitor's shards,
/// so neither do the results.
/// </summary>
internal sealed class StripedMentionDeduplicator
{
    /// <summary>How many stripes a large capacity is split into.</summary>
    public const int Stripes = 16;

    /// <summary>The smallest capacity that is striped.</summary>
    public const int StripedCapacity = 65_536;

    private readonly Stripe[] _stripes;
    private readonly int _mask;

    public StripedMentionDeduplicator(TimeSpan window, int capacity)
    {
        var count = capacity >= StripedCapacity ? Stripes : 1;
        _mask = count - 1;
        _stripes = new Stripe[count];
        for (var i = 0; i < count; i++)
        {
            _stripes[i] = new Stripe(new MentionDeduplicator(window, capacity / count));
        }
    }

    /// <summary>Records <paramref name="key"/>; returns <see langword="false"/> if it was already remembered.</summary>
    public bool TryAdd(MentionKey key, DateTimeOffset timestamp, DateTimeOffset watermark)
    {
        var stripe = _stripes[_mask == 0 ? 0 : StableHash(key) & _mask];
        lock (stripe.Gate)
        {
            return stripe.Keys.TryAdd(key, timestamp, watermark);
        }
    }

    /// <summary>A hash of the key that is the same in every process, so a stream is striped the same way each run.</summary>
    private static int StableHash(MentionKey key)
    {
        var hash = TermHash.Seed;
        foreach (var c in key.Id)
        {
            hash = TermHash.Step(hash, c);
        }

        foreach (var c in key.Platform)
        {
            hash = TermHash.Step(hash, c);
        }

        return (int)(TermHash.Finish(hash) >> 33);
    }

    private sealed class Stripe(MentionDeduplicator keys)
    {
        public readonly Lock Gate = new();
        public readonly MentionDeduplicator Keys = keys;
    }
}
