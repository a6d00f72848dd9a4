using CrisisKit.Diagnostics;
using CrisisKit.Incidents;
using Microsoft.Extensions.Logging;

namespace CrisisKit.Escalation;

/// <summary>
/// Delivers the engine's <see cref="IncidentChange"/>s to subscribers. The engine queues the events of each append
/// while it holds its lock (so the queue is in timeline order) and calls <see cref="Deliver"/> once it has let the lock
/// go: one thread delivers at a time, in queue order, and an observer that throws is logged and stays subscribed.
/// </summary>
internal sealed class IncidentChangeHub(ILogger logger)
{
    private readonly Lock _gate = new();
    private readonly Queue<IncidentChange> _queue = new();
    private IObserver<IncidentChange>[] _observers = [];
    private bool _delivering;

    public IDisposable Subscribe(IObserver<IncidentChange> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        lock (_gate)
        {
            _observers = [.. _observers, observer];
        }

        return new Subscription(this, observer);
    }

    /// <summary>Queues one change per event of an append that the store has accepted (<paramref name="before"/> is the incident before it).</summary>
    public void Enqueue(Incident? before, string incidentId, IReadOnlyList<IncidentEvent> events)
    {
        if (Volatile.Read(ref _observers).Length == 0)
        {
            return;
        }

        var changes = new IncidentChange[events.Count];
        var incident = before;
        for (var i = 0; i < events.Count; i++)
        {
            incident = incident is null ? Incident.FromTimeline(incidentId, [events[i]]) : incident.With([events[i]]);
            changes[i] = new IncidentChange(incident, events[i]);
        }

        lock (_gate)
        {
            foreach (var change in changes)
            {
                _queue.Enqueue(change);
            }
        }
    }

    /// <summary>Delivers what is queued, unless another thread is delivering already (it then delivers these too).</summary>
    public void Deliver()
    {
        lock (_gate)
        {
            if (_delivering)
            {
                return;
            }

            _delivering = true;
        }

        while (true)
        {
            IncidentChange change;
            IObserver<IncidentChange>[] observers;
            lock (_gate)
            {
                if (!_queue.TryDequeue(out change!))
                {
                    _delivering = false;
                    return;
                }

                observers = _observers;
            }

            foreach (var observer in observers)
            {
                try
                {
                    observer.OnNext(change);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    logger.IncidentObserverFailed(ex, change.Event.GetType().Name, change.Incident.Id, observer.GetType().FullName ?? observer.GetType().Name);
                }
            }
        }
    }

    /// <summary>Tells every subscriber that no more changes will come (the engine was disposed).</summary>
    public void Complete()
    {
        Deliver();
        IObserver<IncidentChange>[] observers;
        lock (_gate)
        {
            observers = _observers;
            _observers = [];
        }

        foreach (var observer in observers)
        {
            try
            {
                observer.OnCompleted();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                logger.IncidentObserverFailed(ex, "completion", "", observer.GetType().FullName ?? observer.GetType().Name);
            }
        }
    }

    private void Unsubscribe(IObserver<IncidentChange> observer)
    {
        lock (_gate)
        {
            var index = Array.IndexOf(_observers, observer);
            if (index >= 0)
            {
                _observers = [.. _observers[..index], .. _observers[(index + 1)..]];
            }
        }
    }

    private sealed class Subscription(IncidentChangeHub hub, IObserver<IncidentChange> observer) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                hub.Unsubscribe(observer);
            }
        }
    }
}
