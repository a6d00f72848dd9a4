namespace CrisisKit.Monitoring;

/// <summary>
/// Delivers <see cref="MonitorEvent"/>s to observers, synchronously and in publication order. Subscribing and
/// unsubscribing are safe at any time; an observer that throws is told of its error and dropped, so one faulty
/// observer cannot stop the pipeline.
/// </summary>
internal sealed class MonitorEventHub : IObservable<MonitorEvent>
{
    private readonly Lock _gate = new();
    private IObserver<MonitorEvent>[] _observers = [];

    public bool HasObservers => Volatile.Read(ref _observers).Length > 0;

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
#pragma warning disable CA1031 // An observer's failure must not break ingestion; it is reported to that observer.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Unsubscribe(observer);
                try
                {
                    observer.OnError(ex);
                }
#pragma warning disable CA1031
                catch (Exception)
#pragma warning restore CA1031
                {
                    // The observer is already removed; nothing more can be done for it.
                }
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
