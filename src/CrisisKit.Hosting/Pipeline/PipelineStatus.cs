namespace CrisisKit.Hosting;

/// <summary>What the hosted pipeline's parts report about themselves, for the health checks and for tests. Thread-safe.</summary>
internal sealed class PipelineStatus
{
    private readonly Lock _gate = new();
    private long _ingested;
    private long _malformed;
    private DateTimeOffset? _lastMentionAt;

    public bool Running { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>When a mention last arrived (by the pipeline's clock).</summary>
    public DateTimeOffset? LastMentionAt
    {
        get
        {
            lock (_gate)
            {
                return _lastMentionAt;
            }
        }

        set
        {
            lock (_gate)
            {
                _lastMentionAt = value;
            }
        }
    }

    public bool SourcesEnded { get; set; }

    public long Ingested => Interlocked.Read(ref _ingested);

    /// <summary>Records not used: malformed in a file, or refused by the monitor as invalid.</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    public (DateTimeOffset At, string Error)? LastCheckpointFailure { get; private set; }

    public (DateTimeOffset At, string Error)? LastBridgeFailure { get; private set; }

    public long BridgeFailures { get; private set; }

    public void CountIngested(DateTimeOffset now)
    {
        LastMentionAt = now;
        Interlocked.Increment(ref _ingested);
    }

    public void CountMalformed(long count = 1) => Interlocked.Add(ref _malformed, count);

    public void CheckpointSaved()
    {
        lock (_gate)
        {
            LastCheckpointFailure = null;
        }
    }

    public void CheckpointFailed(DateTimeOffset at, string error)
    {
        lock (_gate)
        {
            LastCheckpointFailure = (at, error);
        }
    }

    public void BridgeFailed(DateTimeOffset at, string error)
    {
        lock (_gate)
        {
            LastBridgeFailure = (at, error);
            BridgeFailures++;
        }
    }
}
