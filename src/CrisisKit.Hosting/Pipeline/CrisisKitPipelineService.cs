using CrisisKit.Escalation;
using CrisisKit.Monitoring;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrisisKit.Hosting;

/// <summary>
/// Runs the CrisisKit pipeline in a host. At start: restores the detection checkpoint, resumes the escalation engine
/// (every open incident's pending timers), connects the monitor to the engine through the bridge, and starts the
/// clock, the checkpoints and one reader per mention source. At stop, in this order, so no mention in flight is lost:
/// the sources stop and every mention they already yielded is ingested; the clock and checkpoint loops end; the bridge
/// hands its remaining candidates to the engine; the engine is disposed (it finishes what it is doing); incidents that
/// closed get their post-incident reports; the final checkpoint is saved.
/// </summary>
internal sealed partial class CrisisKitPipelineService : IHostedService, IDisposable
{
    private readonly ICrisisMonitor _monitor;
    private readonly IEscalationEngine _engine;
    private readonly IReadOnlyList<IMentionSource> _sources;
    private readonly ISnapshotStore? _snapshots;
    private readonly HostedPipelineOptions _options;
    private readonly PipelineStatus _status;
    private readonly TimeProvider _time;
    private readonly IHostApplicationLifetime? _lifetime;
    private readonly ILogger _logger;
    private readonly EscalationBridge _bridge;
    private readonly SemaphoreSlim _checkpointGate = new(1, 1);
    private readonly CancellationTokenSource _stopSources = new();
    private readonly CancellationTokenSource _stopLoops = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly List<Task> _pumps = [];
    private readonly PostIncidentStage? _postIncident;
    private IDisposable? _subscription;
    private Task _bridgeTask = Task.CompletedTask;
    private Task _clockTask = Task.CompletedTask;
    private Task _checkpointTask = Task.CompletedTask;

    /// <summary>The escalation round the clock started last; completed when none is running.</summary>
    private Task _dueRound = Task.CompletedTask;

    public CrisisKitPipelineService(
        ICrisisMonitor monitor,
        IEscalationEngine engine,
        IEnumerable<IMentionSource> sources,
        IOptions<HostedPipelineOptions> options,
        PipelineStatus status,
        TimeProvider time,
        ILogger<CrisisKitPipelineService> logger,
        ISnapshotStore? snapshots = null,
        IHostApplicationLifetime? lifetime = null,
        PostIncidentReporter? reporter = null)
    {
        _monitor = monitor;
        _engine = engine;
        _sources = [.. sources];
        _snapshots = snapshots;
        _options = options.Value;
        _status = status;
        _time = time;
        _lifetime = lifetime;
        _logger = logger;
        _bridge = new EscalationBridge(engine, monitor, _options, status, time, logger);
        _postIncident = reporter is null ? null : new PostIncidentStage(engine, reporter, logger);
    }

    internal EscalationBridge Bridge => _bridge;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _status.StartedAt = _time.GetUtcNow();
        if (_snapshots is not null)
        {
            await RestoreAsync(cancellationToken).ConfigureAwait(false);
        }

        var resumed = await _engine.ResumeAsync(cancellationToken).ConfigureAwait(false);
        LogResumed(_logger, resumed);
        _postIncident?.Start(_abort.Token);
        _subscription = _monitor.Subscribe(_bridge);
        _bridgeTask = Task.Run(() => _bridge.RunAsync(_abort.Token), CancellationToken.None);
        _clockTask = Task.Run(() => ClockAsync(_stopLoops.Token), CancellationToken.None);
        if (_snapshots is not null)
        {
            _checkpointTask = Task.Run(() => CheckpointLoopAsync(_stopLoops.Token), CancellationToken.None);
        }

        foreach (var source in _sources)
        {
            _pumps.Add(Task.Run(() => PumpAsync(source, _stopSources.Token), CancellationToken.None));
        }

        _status.Running = true;
        _status.LastMentionAt ??= _status.StartedAt;
        if (_sources.Count > 0)
        {
            _ = WatchSourcesAsync();
        }

        LogStarted(_logger, _sources.Count, _snapshots is null ? "none" : _snapshots.GetType().Name);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        using var abortOnTimeout = cancellationToken.Register(() => _abort.Cancel());

        // 1. The sources stop; every mention they already yielded is ingested.
        await _stopSources.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_pumps).ConfigureAwait(false);

        // 2. The clock and the periodic checkpoint end.
        await _stopLoops.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_clockTask, _checkpointTask).ConfigureAwait(false);
        await _dueRound.ConfigureAwait(false);

        // 3. The bridge hands the candidates still queued to the engine.
        _subscription?.Dispose();
        _bridge.Complete();
        await _bridgeTask.ConfigureAwait(false);

        // 4. The engine finishes what it is doing and stops its timer.
        switch (_engine)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }

        // 5. Incidents closed before the engine stopped get their post-incident reports.
        if (_postIncident is not null)
        {
            await _postIncident.StopAsync().ConfigureAwait(false);
        }

        // 6. The final checkpoint.
        if (_snapshots is not null)
        {
            await CheckpointAsync(CancellationToken.None).ConfigureAwait(false);
        }

        _status.Running = false;
        var statistics = _monitor.Statistics;
        LogStopped(_logger, _status.Ingested, _status.Malformed, statistics.Matched, _status.BridgeFailures);
    }

    public void Dispose()
    {
        _stopSources.Dispose();
        _stopLoops.Dispose();
        _abort.Dispose();
        _checkpointGate.Dispose();
    }

    /// <summary>Saves the detection state now (the periodic checkpoint and the one at stop call this).</summary>
    internal async Task<bool> CheckpointAsync(CancellationToken cancellationToken)
    {
        if (_snapshots is null)
        {
            return false;
        }

        await _checkpointGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var buffer = new MemoryStream();
            _monitor.SaveState(buffer);
            await _snapshots.SaveAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
            _status.CheckpointSaved();
            LogCheckpoint(_logger, buffer.Length);
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
        {
            _status.CheckpointFailed(_time.GetUtcNow(), ex.Message);
            LogCheckpointFailed(_logger, ex);
            return false;
        }
        finally
        {
            _checkpointGate.Release();
        }
    }

    private async Task RestoreAsync(CancellationToken cancellationToken)
    {
        var snapshot = await _snapshots!.LoadAsync(cancellationToken).ConfigureAwait(false);
        if (snapshot is null)
        {
            LogNoSnapshot(_logger);
            return;
        }

        try
        {
            using var stream = new MemoryStream(snapshot, writable: false);
            _monitor.RestoreState(stream);
            LogRestored(_logger, snapshot.Length);
        }
        catch (InvalidDataException ex)
        {
            // A snapshot taken with other detection options, or damaged: detection starts afresh rather than never.
            LogRestoreFailed(_logger, ex);
        }
    }

    private async Task PumpAsync(IMentionSource source, CancellationToken stop)
    {
        try
        {
            await foreach (var mention in source.ReadAsync(stop).ConfigureAwait(false))
            {
                try
                {
                    _monitor.Ingest(mention);
                    _status.CountIngested(_time.GetUtcNow());
                }
                catch (ArgumentException ex)
                {
                    _status.CountMalformed();
                    LogRefused(_logger, source.Name, mention?.Id, ex.Message);
                }
            }

            LogSourceEnded(_logger, source.Name);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            LogSourceEnded(_logger, source.Name);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogSourceFailed(_logger, ex, source.Name);
        }
        finally
        {
            if (source is FileMentionSource file)
            {
                _status.CountMalformed(file.Statistics.Malformed);
            }
        }
    }

    private async Task WatchSourcesAsync()
    {
        await Task.WhenAll(_pumps).ConfigureAwait(false);
        _status.SourcesEnded = true;
        if (_options.StopWhenSourcesEnd && !_stopSources.IsCancellationRequested)
        {
            LogAllSourcesEnded(_logger);
            _lifetime?.StopApplication();
        }
    }

    private async Task ClockAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(_options.ClockInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                Tick(stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>Moves the monitor's clock to now and runs escalation work that is overdue.</summary>
    private void Tick(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        try
        {
            _monitor.AdvanceTo(now);

            // A round waits for its sends (up to EscalationOptions.SendTimeout): it runs beside the clock, one at a
            // time, so that a slow channel does not stop the monitor's buckets from closing.
            if (_engine.NextDueAt is { } due && due <= now && _dueRound.IsCompleted)
            {
                _dueRound = RunDueRoundAsync(cancellationToken);
            }

        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
        {
            LogTickFailed(_logger, ex);
        }
    }

    private async Task RunDueRoundAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _engine.RunDueAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogTickFailed(_logger, ex);
        }
    }

    private async Task CheckpointLoopAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(_options.CheckpointInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                await CheckpointAsync(stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 5001, EventName = "PipelineStarted", Level = LogLevel.Information, Message = "CrisisKit pipeline started: {Sources} mention sources, snapshot store {SnapshotStore}.")]
    private static partial void LogStarted(ILogger logger, int sources, string snapshotStore);

    [LoggerMessage(EventId = 5002, EventName = "PipelineStopped", Level = LogLevel.Information, Message = "CrisisKit pipeline stopped: {Ingested} mentions ingested ({Matched} matched), {Malformed} records not used, {BridgeFailures} candidate events not escalated.")]
    private static partial void LogStopped(ILogger logger, long ingested, long malformed, long matched, long bridgeFailures);

    [LoggerMessage(EventId = 5003, EventName = "EngineResumed", Level = LogLevel.Information, Message = "The escalation engine resumed {Incidents} open incidents.")]
    private static partial void LogResumed(ILogger logger, int incidents);

    [LoggerMessage(EventId = 5004, EventName = "SnapshotRestored", Level = LogLevel.Information, Message = "Detection state restored from a {Bytes}-byte checkpoint.")]
    private static partial void LogRestored(ILogger logger, int bytes);

    [LoggerMessage(EventId = 5005, EventName = "SnapshotMissing", Level = LogLevel.Information, Message = "No detection checkpoint yet: detection starts afresh.")]
    private static partial void LogNoSnapshot(ILogger logger);

    [LoggerMessage(EventId = 5006, EventName = "SnapshotRefused", Level = LogLevel.Error, Message = "The detection checkpoint could not be restored; detection starts afresh.")]
    private static partial void LogRestoreFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5007, EventName = "CheckpointSaved", Level = LogLevel.Debug, Message = "Detection checkpoint saved ({Bytes} bytes).")]
    private static partial void LogCheckpoint(ILogger logger, long bytes);

    [LoggerMessage(EventId = 5008, EventName = "CheckpointFailed", Level = LogLevel.Error, Message = "The detection checkpoint could not be saved; the previous one is kept.")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5009, EventName = "MentionRefused", Level = LogLevel.Warning, Message = "{Source}: mention {MentionId} not used: {Reason}")]
    private static partial void LogRefused(ILogger logger, string source, string? mentionId, string reason);

    [LoggerMessage(EventId = 5010, EventName = "SourceEnded", Level = LogLevel.Information, Message = "Mention source {Source} ended.")]
    private static partial void LogSourceEnded(ILogger logger, string source);

    [LoggerMessage(EventId = 5011, EventName = "SourceFailed", Level = LogLevel.Error, Message = "Mention source {Source} failed and was stopped.")]
    private static partial void LogSourceFailed(ILogger logger, Exception exception, string source);

    [LoggerMessage(EventId = 5012, EventName = "AllSourcesEnded", Level = LogLevel.Information, Message = "Every mention source has ended; stopping the host (HostedPipelineOptions.StopWhenSourcesEnd).")]
    private static partial void LogAllSourcesEnded(ILogger logger);

    [LoggerMessage(EventId = 5013, EventName = "ClockTickFailed", Level = LogLevel.Error, Message = "A clock tick failed; the next tick tries again.")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);
}
