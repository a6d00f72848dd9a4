namespace CrisisKit.Escalation;

/// <summary>A channel that keeps messages in memory: for tests, drills and samples. Drops a repeated idempotency key (counted in <see cref="Duplicates"/>). Thread-safe.</summary>
/// <param name="name">The channel's name; default <c>in-memory</c>.</param>
public sealed class InMemoryNotificationChannel(string name = "in-memory") : INotificationChannel
{
    private readonly Lock _gate = new();
    private readonly List<Notification> _sent = [];
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
    private readonly Queue<string> _failures = new();
    private int _duplicates;

    /// <inheritdoc />
    public string Name { get; } = name;

    /// <summary>The messages accepted, in order.</summary>
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

    /// <summary>How many messages arrived with a key already accepted.</summary>
    public int Duplicates => Volatile.Read(ref _duplicates);

    /// <summary>Makes the next <paramref name="count"/> sends fail with <paramref name="error"/>.</summary>
    /// <param name="count">How many.</param>
    /// <param name="error">The failure message.</param>
    public void FailNext(int count, string error = "channel unavailable")
    {
        lock (_gate)
        {
            for (var i = 0; i < count; i++)
            {
                _failures.Enqueue(error);
            }
        }
    }

    /// <inheritdoc />
    public Task SendAsync(Notification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_failures.TryDequeue(out var error))
            {
                return Task.FromException(new NotificationChannelException(Name, error));
            }

            if (!_keys.Add(notification.IdempotencyKey))
            {
                _duplicates++;
                return Task.CompletedTask;
            }

            _sent.Add(notification);
        }

        return Task.CompletedTask;
    }
}
