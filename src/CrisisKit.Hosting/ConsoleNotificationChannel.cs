using CrisisKit.Escalation;

namespace CrisisKit.Hosting;

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
