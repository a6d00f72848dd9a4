using System.Collections.Concurrent;
using CrisisKit.Escalation;

namespace CrisisKit.Cluster;

/// <summary>What the people were sent, by idempotency key, and which silo sent each; shared by the silos as a real receiver would be.</summary>
internal sealed class Deliveries
{
    private readonly ConcurrentDictionary<string, string> _senders = new(StringComparer.Ordinal);
    private int _duplicates;

    /// <summary>Messages that arrived with a key already delivered (a send repeated after a silo's death), dropped.</summary>
    public int Duplicates => Volatile.Read(ref _duplicates);

    /// <summary>How many distinct messages <paramref name="silo"/> delivered.</summary>
    public int SentBy(string silo) => _senders.Values.Count(s => s == silo);

    /// <summary>Records a delivery; false when its key was delivered before.</summary>
    public bool Record(string key, string silo)
    {
        if (_senders.TryAdd(key, silo))
        {
            return true;
        }

        Interlocked.Increment(ref _duplicates);
        return false;
    }
}

/// <summary>A notification channel that records each message with the silo that sent it (printing it when <paramref name="print"/>), and drops a repeated key.</summary>
internal sealed class RecordingChannel(string name, string silo, Deliveries deliveries, bool print) : INotificationChannel
{
    public string Name { get; } = name;

    public Task SendAsync(Notification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (deliveries.Record(notification.IdempotencyKey, silo) && print)
        {
            Console.WriteLine($"    {notification.At:ddd HH:mm}  {silo} -> {notification.Person,-14} {notification.Title}");
        }

        return Task.CompletedTask;
    }
}
