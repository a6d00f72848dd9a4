namespace CrisisKit.Escalation;

/// <summary>A channel refused a message.</summary>
/// <param name="channel">The channel.</param>
/// <param name="message">What went wrong.</param>
/// <param name="inner">The underlying error, if any.</param>
public sealed class NotificationChannelException(string channel, string message, Exception? inner = null) : Exception($"The {channel} channel failed: {message}", inner)
{
    /// <summary>The channel.</summary>
    public string Channel { get; } = channel;
}
