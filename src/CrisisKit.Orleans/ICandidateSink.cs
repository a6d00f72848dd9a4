using CrisisKit.Monitoring;

namespace CrisisKit.Orleans;

/// <summary>
/// Receives the crisis candidate changes of the subject grains on a silo: the same <see cref="CrisisCandidateOpened"/>,
/// <see cref="CrisisCandidateUpdated"/>, <see cref="CrisisCandidateReopened"/> and <see cref="CrisisCandidateClosed"/>
/// events an in-process <see cref="ICrisisMonitor"/> publishes. Register one in the silo's services (the default logs
/// each change); it is called on the subject grain's turn, one call at a time per subject.
/// </summary>
/// <remarks>
/// Delivery is at least once: a grain publishes a change before it writes the state that contains it, so a silo that
/// dies in between makes the grain raise the change again when the batches are re-sent. A change is identified by
/// the candidate's <see cref="Correlation.CrisisCandidate.Id"/>, the event's type and the candidate's
/// <see cref="Correlation.CrisisCandidate.SignalCount"/>: a sink that acts on changes should ignore one it has seen.
/// </remarks>
public interface ICandidateSink
{
    /// <summary>Handles one candidate change.</summary>
    /// <param name="change">The change, with the candidate as it now is.</param>
    /// <param name="cancellationToken">Cancelled when the grain's call is.</param>
    /// <returns>A task that completes when the change has been handled; an exception is logged and does not stop detection.</returns>
    ValueTask PublishAsync(CrisisCandidateEvent change, CancellationToken cancellationToken);
}
