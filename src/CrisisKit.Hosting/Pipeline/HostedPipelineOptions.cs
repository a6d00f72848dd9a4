namespace CrisisKit.Hosting;

/// <summary>
/// Settings of the hosted pipeline (<c>AddHostedPipeline</c>): how often the clock ticks and the state is checkpointed,
/// how the bridge to the escalation engine retries, and when the health checks report trouble. Validated when the host
/// starts; a bad value fails the start with the option's name and its allowed range.
/// </summary>
public sealed class HostedPipelineOptions
{
    /// <summary>
    /// How often the monitor's clock is moved to the <see cref="TimeProvider"/>'s time
    /// (<see cref="Monitoring.ICrisisMonitor.AdvanceTo"/>), so buckets close and quiet candidates close on a stream that
    /// has gone silent, and overdue escalation work is run. Default 10 seconds; from 10 milliseconds to 1 hour.
    /// </summary>
    public TimeSpan ClockInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the detection state is saved to the <see cref="ISnapshotStore"/> (it is also saved at stop). Default 5 minutes; from 1 second to 1 day.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many crisis-candidate events may wait for the escalation engine; the ingesting thread waits when the queue is full. Default 1024; from 1 to 1,000,000.</summary>
    public int BridgeCapacity { get; set; } = 1024;

    /// <summary>How many times the bridge tries to open or update an incident before it logs the event as failed. Default 4; from 1 to 20.</summary>
    public int BridgeAttempts { get; set; } = 4;

    /// <summary>The wait before the bridge's second attempt; each later wait is twice the one before. Default 1 second; from 0 to 5 minutes.</summary>
    public TimeSpan BridgeRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The feed health check reports <c>Degraded</c> when no mention has arrived for this long. Default 15 minutes; more than 0, at most 7 days.</summary>
    public TimeSpan FeedStaleAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The engine health check reports <c>Unhealthy</c> when escalation work has been due for this long without being run. Default 1 minute; more than 0, at most 1 day.</summary>
    public TimeSpan EngineOverdueAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The channels health check reports <c>Degraded</c> for a channel whose latest send failed within this window. Default 1 hour; more than 0, at most 7 days.</summary>
    public TimeSpan ChannelFailureWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Stop the host once every mention source has ended (a replay of a file, say). Default <see langword="false"/>: a service keeps running.</summary>
    public bool StopWhenSourcesEnd { get; set; }
}
