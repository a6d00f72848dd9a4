using CrisisKit.Protocols;

namespace CrisisKit.Escalation;

/// <summary>Settings of the <see cref="EscalationEngine"/>, validated at start-up.</summary>
public sealed class EscalationOptions
{
    /// <summary>How many times a notification is tried before giving up (each failure is recorded). Default 5; from 1 to 20.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait after the first failure; it doubles with each further failure. Default 30 seconds; from 1 second to 1 hour.</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between attempts. Default 10 minutes; at least <see cref="RetryBackoff"/>, at most 1 day.</summary>
    public TimeSpan MaxRetryBackoff { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long a channel has to accept one message before the attempt counts as failed (and is retried like any
    /// failure). It runs on the wall clock, never on the engine's <see cref="TimeProvider"/>, so a receiver that never
    /// answers cannot stall an engine on a virtual clock. Default 30 seconds; from 1 second to 10 minutes.
    /// </summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many messages one channel is sending at once, at most; the others wait their turn. Default 4; from 1 to 64.</summary>
    public int MaxConcurrentSendsPerChannel { get; set; } = 4;

    /// <summary>The language of messages to people whose language the protocol has no messages in. Default <c>en</c>.</summary>
    public string DefaultLanguage { get; set; } = "en";

    /// <summary>The response protocol documents, loaded and checked once at start-up (see <c>CrisisKitBuilder.AddProtocols</c>).</summary>
    public IList<ProtocolSource> Protocols { get; } = [];
}
