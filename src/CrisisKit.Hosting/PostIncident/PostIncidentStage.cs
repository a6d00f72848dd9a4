using System.Threading.Channels;
using CrisisKit.Escalation;
using CrisisKit.Incidents;
using Microsoft.Extensions.Logging;

namespace CrisisKit.Hosting;

/// <summary>
/// Subscribes to the engine's incident changes and runs <see cref="PostIncidentReporter"/> for each incident that closes
/// (resolved or dismissed), on its own task so the engine never waits for an evaluation or a sink.
/// </summary>
internal sealed partial class PostIncidentStage(IEscalationEngine engine, PostIncidentReporter reporter, ILogger logger) : IObserver<IncidentChange>
{
    private readonly Channel<string> _closed = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private IDisposable? _subscription;
    private Task _consumer = Task.CompletedTask;

    public void Start(CancellationToken abort)
    {
        _subscription = engine.Subscribe(this);
        _consumer = Task.Run(() => RunAsync(abort), CancellationToken.None);
    }

    /// <summary>Stops listening and reports every incident that closed before.</summary>
    public async Task StopAsync()
    {
        _subscription?.Dispose();
        _closed.Writer.TryComplete();
        await _consumer.ConfigureAwait(false);
    }

    public void OnNext(IncidentChange value)
    {
        if (value.Event is StatusChanged { To: IncidentStatus.Resolved or IncidentStatus.Dismissed } changed && IncidentLifecycle.IsOpen(changed.From))
        {
            _closed.Writer.TryWrite(value.Incident.Id);
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    private async Task RunAsync(CancellationToken abort)
    {
        await foreach (var id in _closed.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            try
            {
                await reporter.ReportAsync(id, cancellationToken: abort).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (abort.IsCancellationRequested)
            {
                // A hurried stop: the incidents still queued get no report now; that is not a failure of the stage.
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogFailed(logger, ex, id);
            }
        }
    }

    [LoggerMessage(EventId = 5303, EventName = "PostIncidentFailed", Level = LogLevel.Error, Message = "The post-incident stage failed on incident {IncidentId}.")]
    private static partial void LogFailed(ILogger logger, Exception exception, string incidentId);
}
