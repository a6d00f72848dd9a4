using CrisisKit.Escalation;
using CrisisKit.Incidents;
using CrisisKit.Severity;
using Xunit;

namespace CrisisKit.Testing;

/// <summary>
/// The behaviour every <see cref="INotificationChannel"/> must have towards the escalation engine: a stable non-empty
/// name, <see cref="ArgumentNullException"/> for a missing notification, <see cref="OperationCanceledException"/> for a
/// cancelled send, and failures reported as <see cref="NotificationChannelException"/> naming the channel (the engine
/// retries those). Derive a test class and return a channel whose receiver accepts everything.
/// </summary>
public abstract class NotificationChannelContractTests
{
    /// <summary>Creates the channel under test, ready to send.</summary>
    /// <returns>The channel.</returns>
    protected abstract INotificationChannel CreateChannel();

    /// <summary>Creates the channel under test in a state where its receiver refuses every send, or <see langword="null"/> when the test cannot arrange that.</summary>
    /// <returns>The failing channel, or <see langword="null"/>.</returns>
    protected virtual INotificationChannel? CreateFailingChannel() => null;

    /// <summary>A notification as the engine sends it; override to give the address your channel expects.</summary>
    /// <param name="channel">The channel's name.</param>
    /// <returns>The notification.</returns>
    protected virtual Notification SampleNotification(string channel) => new(
        "veltro-20260303T1400/standard/0/0/maria/" + channel,
        NotificationKind.Escalation,
        "veltro-20260303T1400",
        "veltro",
        SeverityLevel.High,
        "standard",
        0,
        0,
        "maria",
        "https://hooks.example.com/maria",
        channel,
        "en",
        "[High] Veltro: possible crisis",
        "Negative share 61% vs 10% usual. Acknowledge within 15 minutes.",
        new DateTimeOffset(2026, 3, 3, 14, 0, 0, TimeSpan.Zero));

    /// <summary>The name is set and does not change.</summary>
    [Fact]
    public void The_name_is_set_and_stable()
    {
        var channel = CreateChannel();
        Assert.False(string.IsNullOrWhiteSpace(channel.Name));
        Assert.Equal(channel.Name, channel.Name);
    }

    /// <summary>A send completes, and a second send with the same idempotency key does too (receivers deduplicate).</summary>
    /// <returns>The test.</returns>
    [Fact]
    public async Task A_send_completes_and_a_repeat_with_the_same_key_is_accepted()
    {
        var channel = CreateChannel();
        var notification = SampleNotification(channel.Name);
        await channel.SendAsync(notification);
        await channel.SendAsync(notification);
    }

    /// <summary>A null notification is an argument error.</summary>
    /// <returns>The test.</returns>
    [Fact]
    public async Task A_null_notification_is_refused()
    {
        var channel = CreateChannel();
        await Assert.ThrowsAsync<ArgumentNullException>(() => channel.SendAsync(null!));
    }

    /// <summary>A cancelled send throws <see cref="OperationCanceledException"/>.</summary>
    /// <returns>The test.</returns>
    [Fact]
    public async Task A_cancelled_send_throws_operation_cancelled()
    {
        var channel = CreateChannel();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => channel.SendAsync(SampleNotification(channel.Name), cancelled.Token));
    }

    /// <summary>A refused send is a <see cref="NotificationChannelException"/> that names the channel.</summary>
    /// <returns>The test.</returns>
    [Fact]
    public async Task A_refused_send_is_a_channel_exception_naming_the_channel()
    {
        if (CreateFailingChannel() is not { } channel)
        {
            return;
        }

        var error = await Assert.ThrowsAsync<NotificationChannelException>(() => channel.SendAsync(SampleNotification(channel.Name)));
        Assert.Equal(channel.Name, error.Channel);
    }
}
