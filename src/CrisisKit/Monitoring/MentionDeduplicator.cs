using CrisisKit.Mentions;

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
