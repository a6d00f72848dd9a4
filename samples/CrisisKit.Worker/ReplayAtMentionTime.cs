using System.Runtime.CompilerServices;
using CrisisKit.Escalation;
using CrisisKit.Hosting;
using CrisisKit.Mentions;
using CrisisKit.Monitoring;
using CrisisKit.Simulation;

namespace CrisisKit.Worker;

/// <summary>
/// A recorded mentions file replayed on a virtual clock: the clock moves to each mention's time before the mention
/// goes in. A live stream needs none of this; a replay runs hours in a second, so when a crisis candidate opens, the
/// replay waits until the engine has opened its incident before the clock moves on, and the incident opens at the
/// candidate's time, as it would live.
/// </summary>
internal sealed class ReplayAtMentionTime(FileMentionSource file, VirtualClock clock, ICrisisMonitor monitor, IEscalationEngine engine) : IMentionSource, IObserver<MonitorEvent>
{
    private string? _opening;

    public string Name => file.Name;

    public async IAsyncEnumerable<Mention> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var subscription = monitor.Subscribe(this);
        await foreach (var mention in file.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (Volatile.Read(ref _opening) is { } candidate && !cancellationToken.IsCancellationRequested && !engine.OpenIncidents.Any(i => i.CandidateId == candidate))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(1), TimeProvider.System, CancellationToken.None).ConfigureAwait(false);
            }

            Volatile.Write(ref _opening, null);
            clock.AdvanceTo(mention.Timestamp);
            yield return mention;
        }
    }

    public void OnNext(MonitorEvent value)
    {
        if (value is CrisisCandidateOpened or CrisisCandidateReopened)
        {
            Volatile.Write(ref _opening, ((CrisisCandidateEvent)value).Candidate.Id);
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }
}
