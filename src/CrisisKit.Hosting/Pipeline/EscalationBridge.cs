using System.Threading.Channels;
using CrisisKit.Correlation;
using CrisisKit.Escalation;
using CrisisKit.Monitoring;
using Microsoft.Extensions.Logging;

namespace CrisisKit.Hosting;

/// <summary>
/// Carries crisis candidates from the monitor to the escalation engine without making the ingesting thread wait for
/// the engine or its store: a monitor observer writes candidate events into a bounded queue, and one consumer opens and
/// updates incidents in order, retrying a failed call a few times with a growing wait on the <see cref="TimeProvider"/>.
/// A call that fails every attempt is logged with the candidate and counted; the bridge goes on with the next event.
/// </summary>
internal sealed partial class EscalationBridge : IObserver<MonitorEvent>
{
    private readonly Channel<CrisisCandidateEvent> _queue;
    private readonly IEscalationEngine _engine;
    private readonly ICrisisMonitor _monitor;
    private readonly HostedPipelineOptions _options;
    private readonly PipelineStatus _status;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private int _warnedFull;

    public EscalationBridge(IEscalationEngine engine, ICrisisMonitor monitor, HostedPipelineOptions options, PipelineStatus status, TimeProvider time, ILogger logger)
    {
        _engine = engine;
        _monitor = monitor;
        _options = options;
        _status = status;
        _time = time;
        _logger = logger;
        _queue = Channel.CreateBounded<CrisisCandidateEvent>(new BoundedChannelOptions(options.BridgeCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void OnNext(MonitorEvent value)
    {
        if (value is not (CrisisCandidateOpened or CrisisCandidateReopened or CrisisCandidateUpdated))
        {
            return;
        }

        var candidateEvent = (CrisisCandidateEvent)value;
        if (_queue.Writer.TryWrite(candidateEvent))
        {
            return;
        }

        try
        {
            if (Interlocked.Exchange(ref _warnedFull, 1) == 0)
            {
                LogFull(_logger, _options.BridgeCapacity);
            }

            // Back-pressure: ingestion waits for room rather than losing a candidate.
            _queue.Writer.WriteAsync(candidateEvent).AsTask().GetAwaiter().GetResult();
        }
        catch (ChannelClosedException)
        {
            _status.BridgeFailed(_time.GetUtcNow(), $"candidate {candidateEvent.Candidate.Id} arrived after the bridge closed");
            LogClosed(_logger, candidateEvent.Candidate.Id, value.GetType().Name);
        }
    }

    /// <summary>No more events will be written; <see cref="RunAsync"/> ends once the queue is empty.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    /// <summary>Hands each event to the engine, in order, until <see cref="Complete"/> and the queue is empty.</summary>
    /// <param name="abort">Cancels the wait between attempts and the engine's call (the host's stop has run out of time).</param>
    public async Task RunAsync(CancellationToken abort)
    {
        await foreach (var candidateEvent in _queue.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            await DeliverAsync(candidateEvent, abort).ConfigureAwait(false);
        }
    }

    private async Task DeliverAsync(CrisisCandidateEvent candidateEvent, CancellationToken abort)
    {
        var candidate = candidateEvent.Candidate;
        var delay = _options.BridgeRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                switch (candidateEvent)
                {
                    case CrisisCandidateOpened or CrisisCandidateReopened:
                        var name = _monitor.Subjects.FirstOrDefault(s => s.Id == candidate.SubjectId)?.Name;
                        var incident = await _engine.OpenAsync(candidate, string.IsNullOrWhiteSpace(name) ? null : name, abort).ConfigureAwait(false);
                        LogOpened(_logger, incident.Id, candidate.Id, incident.Severity);
                        break;
                    case CrisisCandidateUpdated:
                        await _engine.UpdateAsync(candidate, abort).ConfigureAwait(false);
                        break;
                }

                return;
            }
            catch (OperationCanceledException) when (abort.IsCancellationRequested)
            {
                _status.BridgeFailed(_time.GetUtcNow(), $"candidate {candidate.Id}: the host stopped before the engine took it");
                LogAbandoned(_logger, candidate.Id, candidateEvent.GetType().Name);
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                if (attempt >= _options.BridgeAttempts)
                {
                    _status.BridgeFailed(_time.GetUtcNow(), $"candidate {candidate.Id}: {ex.Message}");
                    LogGaveUp(_logger, ex, candidate.Id, candidateEvent.GetType().Name, attempt);
                    return;
                }

                LogRetry(_logger, ex, candidate.Id, candidateEvent.GetType().Name, attempt, delay);
                try
                {
                    await Task.Delay(delay, _time, abort).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    _status.BridgeFailed(_time.GetUtcNow(), $"candidate {candidate.Id}: the host stopped before the engine took it");
                    LogAbandoned(_logger, candidate.Id, candidateEvent.GetType().Name);
                    return;
                }

                delay += delay;
            }
        }
    }

    [LoggerMessage(EventId = 5201, EventName = "IncidentOpenedFromCandidate", Level = LogLevel.Information, Message = "Incident {IncidentId} is open for crisis candidate {CandidateId}, severity {Severity}.")]
    private static partial void LogOpened(ILogger logger, string incidentId, string candidateId, CrisisKit.Severity.SeverityLevel severity);

    [LoggerMessage(EventId = 5202, EventName = "BridgeRetry", Level = LogLevel.Warning, Message = "The escalation engine failed on {Event} of crisis candidate {CandidateId} (attempt {Attempt}); trying again in {Delay}.")]
    private static partial void LogRetry(ILogger logger, Exception exception, string candidateId, string @event, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 5203, EventName = "BridgeGaveUp", Level = LogLevel.Error, Message = "The escalation engine failed on {Event} of crisis candidate {CandidateId} {Attempts} times; the event is dropped and the bridge goes on.")]
    private static partial void LogGaveUp(ILogger logger, Exception exception, string candidateId, string @event, int attempts);

    [LoggerMessage(EventId = 5204, EventName = "BridgeFull", Level = LogLevel.Warning, Message = "The bridge to the escalation engine is full ({Capacity} events): ingestion waits for the engine. Raise HostedPipelineOptions.BridgeCapacity or find what slows the engine's store.")]
    private static partial void LogFull(ILogger logger, int capacity);

    [LoggerMessage(EventId = 5205, EventName = "BridgeClosed", Level = LogLevel.Error, Message = "{Event} of crisis candidate {CandidateId} arrived after the bridge to the escalation engine closed; it was not escalated.")]
    private static partial void LogClosed(ILogger logger, string candidateId, string @event);

    [LoggerMessage(EventId = 5206, EventName = "BridgeAbandoned", Level = LogLevel.Error, Message = "The host stopped before the escalation engine took {Event} of crisis candidate {CandidateId}.")]
    private static partial void LogAbandoned(ILogger logger, string candidateId, string @event);
}
