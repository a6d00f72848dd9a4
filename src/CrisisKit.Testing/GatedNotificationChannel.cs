using CrisisKit.Escalation;

namespace CrisisKit.Testing;

/// <summary>
/// A channel double whose sends wait until the test opens the gate: for checking that human actions and ingestion do
/// not wait for a slow channel, and that a shutdown drains sends in flight. Delivered notifications are recorded.
/// </summary>
/// <param name="name">The channel's name.</param>
public sealed class GatedNotificationChannel(string name) : INotificationChannel
{
    private readonly Lock _gate = new();
    private readonly List<Notification> _sent = [];
    private TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<(int Count, TaskCompletionSource Done)> _watchers = [];
    private int _waiting;

    /// <inheritdoc />
    public string Name { get; } = string.IsNullOrWhiteSpace(name) ? throw new ArgumentException("A channel needs a name.", nameof(name)) : name;

    /// <summary>Sends that are waiting at the gate now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>The notifications delivered so far, in order.</summary>
    public IReadOnlyList<Notification> Sent
    {
        get
        {
            lock (_gate)
            {
                return [.. _sent];
            }
        }
    }

    /// <summary>
    /// Completes when at least <paramref name="count"/> notifications have been delivered: for awaiting work that a timer
    /// started in the background (for example after advancing a fake clock) without waiting real time.
    /// </summary>
    /// <param name="count">How many deliveries to wait for.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes once <see cref="Sent"/> holds <paramref name="count"/> notifications.</returns>
    public Task WhenSentAsync(int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_gate)
        {
            if (_sent.Count >= count)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _watchers.Add((count, done));
            return done.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Lets every waiting and future send through.</summary>
    public void Open()
    {
        lock (_gate)
        {
            _open.TrySetResult();
        }
    }

    /// <summary>Makes future sends wait again until the next <see cref="Open"/>.</summary>
    public void Close()
    {
        lock (_gate)
        {
            if (_open.Task.IsCompleted)
            {
                _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <inheritdoc />
    public async Task SendAsync(Notification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        cancellationToken.ThrowIfCancellationRequested();
        Task gate;
        lock (_gate)
        {
            gate = _open.Task;
        }

        Interlocked.Increment(ref _waiting);
        try
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }

        lock (_gate)
        {
            _sent.Add(notification);
            foreach (var watcher in _watchers.Where(w => _sent.Count >= w.Count).ToList())
            {
                _watchers.Remove(watcher);
                watcher.Done.TrySetResult();
            }
        }
    }
}
