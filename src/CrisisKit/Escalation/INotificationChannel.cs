namespace CrisisKit.Escalation;

/// <summary>
/// A way to reach people. <see cref="SendAsync"/> completes when the channel has accepted the message and throws
/// when it has not; the engine then records the failure and retries with backoff. Built in:
/// <see cref="InMemoryNotificationChannel"/>; the console and webhook channels are in the CrisisKit.Hosting and
/// CrisisKit.Channels.Webhook packages.
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
