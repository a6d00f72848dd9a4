using CrisisKit.Mentions;
using CrisisKit.Text;

namespace CrisisKit.Monitoring;

/// <summary>
/// Remembers the keys of accepted mentions for a window of mention time and up to a capacity, forgetting the
/// oldest first, so memory stays bounded however long the stream.
/// </summary>
internal sealed class MentionDeduplicator(TimeSpan window, int capacity)
{
    private readonly HashSet<MentionKey> _seen = [];
    private readonly Queue<(MentionKey Key, DateTimeOffset Timestamp)> _order = new();

    /// <summary>Records <paramref name="key"/>; returns <see langword="false"/> if it was already remembered.</summary>
    public bool TryAdd(MentionKey key, DateTimeOffset timestamp, DateTimeOffset watermark)
    {
        if (capacity == 0)
        {
            return true;
        }

        // Saturating: a watermark near DateTimeOffset.MinValue must not underflow.
        var horizon = watermark.UtcTicks - DateTimeOffset.MinValue.UtcTicks < window.Ticks ? DateTimeOffset.MinValue : watermark - window;
        while (_order.Count > 0 && (_order.Count >= capacity || _order.Peek().Timestamp < horizon))
        {
            _seen.Remove(_order.Dequeue().Key);
        }

        if (!_seen.Add(key))
        {
            return false;
        }

        _order.Enqueue((key, timestamp));
        return true;
    }
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
