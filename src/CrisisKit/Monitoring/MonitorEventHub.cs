using CrisisKit.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrisisKit.Monitoring;

/// <summary>
/// Delivers <see cref="MonitorEvent"/>s to observers, synchronously and in publication order. Subscribing and
/// unsubscribing are safe at any time. An observer that throws is logged (with the event it failed on) and stays
/// subscribed: one faulty call cannot stop the pipeline, nor silently disconnect the observer from every later event.
/// </summary>
internal sealed class MonitorEventHub : IObservable<MonitorEvent>
{
    private readonly Lock _gate = new();
    private readonly ILogger _logger;
    private IObserver<MonitorEvent>[] _observers = [];

    public MonitorEventHub(ILogger<MonitorEventHub>? logger = null) => _logger = logger ?? NullLogger<MonitorEventHub>.Instance;

    public bool HasObservers => Volatile.Read(ref _observers).Length > 0;

    /// <summary>How many times an observer has thrown.</summary>
    public long ObserverFailures => Interlocked.Read(ref _failures);

    private long _failures;

    public IDisposable Subscribe(IObserver<MonitorEvent> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        lock (_gate)
        {
            _observers = [.. _observers, observer];
        }

        return new Subscription(this, observer);
    }

    public void Publish(MonitorEvent monitorEvent)
    {
        foreach (var observer in Volatile.Read(ref _observers))
        {
            try
            {
                observer.OnNext(monitorEvent);
            }
#pragma warning disable CA1031 // An observer's failure must not break ingestion; it is logged and the observer kept.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Interlocked.Increment(ref _failures);
                _logger.MonitorObserverFailed(ex, observer.GetType().FullName ?? observer.GetType().Name, monitorEvent.GetType().Name);
            }
        }
    }

    private void Unsubscribe(IObserver<MonitorEvent> observer)
    {
        lock (_gate)
        {
            _observers = [.. _observers.Where(o => !ReferenceEquals(o, observer))];
        }
    }

    private sealed class Subscription(MonitorEventHub hub, IObserver<MonitorEvent> observer) : IDisposable
    {
        public void Dispose() => hub.Unsubscribe(observer);
    }
}
