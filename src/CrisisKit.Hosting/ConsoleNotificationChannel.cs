using CrisisKit.Escalation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrisisKit.Hosting;

/// <summary>A channel that writes each message as a few lines of text (to the console by default): for drills, demos and hosts without other channels.</summary>
/// <param name="writer">Where to write; <see langword="null"/> for <see cref="Console.Out"/>.</param>
/// <param name="name">The channel's name; default <c>console</c>.</param>
public sealed class ConsoleNotificationChannel(TextWriter? writer = null, string name = "console") : INotificationChannel
{
    private readonly Lock _gate = new();
    private readonly ILogger _logger = NullLogger.Instance;

    /// <summary>Creates the channel logging each write (at debug level) to <paramref name="logger"/>; <c>AddConsoleChannel</c> passes the container's.</summary>
    internal ConsoleNotificationChannel(TextWriter? writer, string name, ILogger? logger)
        : this(writer, name)
    {
        _logger = logger ?? NullLogger.Instance;
    }

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

        _logger.Written(Name, notification.IdempotencyKey, notification.Address);

        return Task.CompletedTask;
    }
}
