using System.Collections.Concurrent;
using CrisisKit.Escalation;

namespace CrisisKit.Orleans.Tests;

/// <summary>
/// The receiving end of the notification channels of a test cluster, shared by every silo (it stands for the people's
/// phones and inboxes): it records every delivery, repeats included, so a test can tell a message delivered twice
/// (the same idempotency key twice) from one delivered once. It can hold the next send, to let a test kill the silo
/// while a message is with a channel.
/// </summary>
internal sealed class NotificationRecorder : IDisposable
{
    private readonly ConcurrentQueue<Notification> _deliveries = new();
    private readonly CancellationTokenSource _stopping = new();
    private (TaskCompletionSource<Notification> Held, bool Accept)? _hold;
    private readonly Lock _gate = new();
    private int _disposed;

    /// <summary>Every delivery, in order, repeats included.</summary>
    public IReadOnlyList<Notification> Deliveries => [.. _deliveries];

    /// <summary>The keys delivered more than once.</summary>
    public IReadOnlyList<string> RepeatedKeys => [.. _deliveries.GroupBy(n => n.IdempotencyKey, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key)];

    /// <summary>The keys delivered, once each: what a receiver that drops a key it has seen passes on.</summary>
    public IReadOnlySet<string> Keys => _deliveries.Select(n => n.IdempotencyKey).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The next send is never answered: the channel takes it (it counts as delivered) when <paramref name="accept"/>
    /// is true, or never takes it. The task completes with the message once it has reached the channel.
    /// </summary>
    public Task<Notification> HoldNext(bool accept)
    {
        var held = new TaskCompletionSource<Notification>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _hold = (held, accept);
        }

        return held.Task;
    }

    public INotificationChannel Channel(string name) => new RecordingChannel(name, this);

    /// <summary>Ends the sends still held (they fail), once the test no longer needs them.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _stopping.Cancel();
            _stopping.Dispose();
        }
    }

    private async Task ReceiveAsync(Notification notification, CancellationToken cancellationToken)
    {
        (TaskCompletionSource<Notification> Held, bool Accept)? hold;
        lock (_gate)
        {
            hold = _hold;
            _hold = null;
        }

        if (hold is not { } h)
        {
            _deliveries.Enqueue(notification);
            return;
        }

        if (h.Accept)
        {
            _deliveries.Enqueue(notification);
        }

        h.Held.TrySetResult(notification);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
    }

    private sealed class RecordingChannel(string name, NotificationRecorder recorder) : INotificationChannel
    {
        public string Name => name;

        public Task SendAsync(Notification notification, CancellationToken cancellationToken = default) => recorder.ReceiveAsync(notification, cancellationToken);
    }
}
