using CrisisKit.Incidents;

namespace CrisisKit.Escalation;

/// <summary>Why a notification is sent.</summary>
public enum NotificationKind
{
    /// <summary>An escalation step: please acknowledge the incident.</summary>
    Escalation = 0,

    /// <summary>A deadline is near.</summary>
    DeadlineReminder = 1,

    /// <summary>A deadline has passed.</summary>
    DeadlineBreached = 2,
}

/// <summary>One message to one person through one channel.</summary>
/// <param name="IdempotencyKey">Identifies this message: the same step, round, person and channel always give the same key, and the engine never sends a key twice (receivers can also use it to drop a repeat after a crash).</param>
/// <param name="Kind">Why it is sent.</param>
/// <param name="IncidentId">The incident.</param>
/// <param name="SubjectId">The incident's subject.</param>
/// <param name="Severity">The incident's severity.</param>
/// <param name="ProtocolId">The protocol.</param>
/// <param name="Step">The escalation step (0-based; -1 for deadline messages).</param>
/// <param name="Round">The repeat round within the step.</param>
/// <param name="Person">The person's id in the protocol.</param>
/// <param name="Address">The person's contact on this channel.</param>
/// <param name="Channel">The channel's name.</param>
/// <param name="Language">The language the text is written in.</param>
/// <param name="Title">A one-line title.</param>
/// <param name="Text">The message, with the severity's factors and the holding statement to start from.</param>
/// <param name="At">When it is sent.</param>
public sealed record Notification(
    string IdempotencyKey,
    NotificationKind Kind,
    string IncidentId,
    string SubjectId,
    SeverityLevel Severity,
    string ProtocolId,
    int Step,
    int Round,
    string Person,
    string Address,
    string Channel,
    string Language,
    string Title,
    string Text,
    DateTimeOffset At);

/// <summary>
/// A way to reach people. <see cref="SendAsync"/> completes when the channel has accepted the message and throws
/// when it has not; the engine then records the failure and retries with backoff. Built in:
/// <see cref="InMemoryNotificationChannel"/>, <see cref="ConsoleNotificationChannel"/>, <see cref="WebhookNotificationChannel"/>.
/// </summary>
public interface INotificationChannel
{
    /// <summary>The channel's name, as protocols refer to it (for example <c>webhook</c>).</summary>
    string Name { get; }

    /// <summary>Delivers <paramref name="notification"/>.</summary>
    /// <param name="notification">The message.</param>
    /// <param name="cancellationToken">Cancels the delivery.</param>
    /// <returns>A task that completes once the channel has accepted the message.</returns>
    Task SendAsync(Notification notification, CancellationToken cancellationToken = default);
}

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

/// <summary>A channel that writes each message as a few lines of text (to the console by default): for drills, demos and hosts without other channels.</summary>
/// <param name="writer">Where to write; <see langword="null"/> for <see cref="Console.Out"/>.</param>
/// <param name="name">The channel's name; default <c>console</c>.</param>
public sealed class ConsoleNotificationChannel(TextWriter? writer = null, string name = "console") : INotificationChannel
{
    private readonly Lock _gate = new();

    /// <inheritdoc />
    public string Name { get; } = name;

    /// <inheritdoc />
    public Task SendAsync(Notification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var output = writer ?? Console.Out;
        lock (_gate)
        {
            output.WriteLine($"[{notification.At:yyyy-MM-dd HH:mm} UTC] to {notification.Address} ({notification.Person}): {notification.Title}");
        }

        return Task.CompletedTask;
    }
}

/// <summary>A channel refused a message.</summary>
/// <param name="channel">The channel.</param>
/// <param name="message">What went wrong.</param>
/// <param name="inner">The underlying error, if any.</param>
public sealed class NotificationChannelException(string channel, string message, Exception? inner = null) : Exception($"The {channel} channel failed: {message}", inner)
{
    /// <summary>The channel.</summary>
    public string Channel { get; } = channel;
}
