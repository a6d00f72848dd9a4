using CrisisKit.Correlation;
using CrisisKit.Detection;
using CrisisKit.Monitoring;

namespace CrisisKit.Escalation;

/// <summary>Connects a monitor's crisis candidates to the escalation engine.</summary>
public static class MonitorFollower
{
    /// <summary>
    /// Opens an incident for every crisis candidate <paramref name="monitor"/> opens or reopens, and re-assesses it
    /// whenever the candidate grows. The engine is called on the monitor's thread, so incidents open in the same
    /// order, at the same (virtual) times, as the candidates.
    /// </summary>
    /// <remarks>
    /// This is for replays, drills and tests on a virtual clock, where that lock-step order is the point: each call
    /// waits for the engine (and its store) on the thread that ingests, and a call that fails throws into the monitor,
    /// which logs it and carries on with the next event (the failed candidate is not retried). A host should use the
    /// hosted pipeline of the CrisisKit.Hosting package instead (<c>AddHostedPipeline</c>): its bridge hands candidates
    /// to the engine through a bounded queue, off the ingest thread, with retries and logging.
    /// </remarks>
    /// <param name="engine">The engine.</param>
    /// <param name="monitor">The monitor.</param>
    /// <returns>Dispose it to stop following.</returns>
    public static IDisposable Follow(this IEscalationEngine engine, ICrisisMonitor monitor)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(monitor);
        return monitor.Subscribe(new Observer(engine, monitor));
    }

    private sealed class Observer(IEscalationEngine engine, ICrisisMonitor monitor) : IObserver<MonitorEvent>
    {
        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void OnNext(MonitorEvent value)
        {
            switch (value)
            {
                case CrisisCandidateOpened opened:
                    Open(opened.Candidate);
                    break;
                case CrisisCandidateReopened reopened:
                    Open(reopened.Candidate);
                    break;
                case CrisisCandidateUpdated updated:
                    engine.UpdateAsync(updated.Candidate).GetAwaiter().GetResult();
                    break;
            }
        }

        private void Open(CrisisCandidate candidate)
        {
            var name = monitor.Subjects.FirstOrDefault(s => s.Id == candidate.SubjectId)?.Name;
            engine.OpenAsync(candidate, string.IsNullOrWhiteSpace(name) ? null : name).GetAwaiter().GetResult();
        }
    }
}
