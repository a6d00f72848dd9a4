using CrisisKit.Escalation;

namespace CrisisKit.Orleans;

/// <summary>
/// Receives the changes the incident grains on a silo record: one <see cref="IncidentChange"/> per timeline event,
/// as an in-process <see cref="IEscalationEngine.Subscribe"/> observer gets them. Register any number in the silo's
/// services (none by default); each is called on the incident grain's turn after the event is in stored state, in
/// timeline order per incident.
/// </summary>
/// <remarks>
/// A sink that throws is logged and does not stop the incident. A change is delivered once per activation that
/// records it; if a silo dies after the state was written and before a sink was called, that change is not raised
/// again (the stored timeline holds it: read it with <see cref="IIncidentGrain.GetAsync"/>).
/// </remarks>
public interface IIncidentChangeSink
{
    /// <summary>Handles one change.</summary>
    /// <param name="change">The event and the incident as it left it.</param>
    /// <param name="cancellationToken">Not cancelled by the grain today; there for sinks that pass it on.</param>
    /// <returns>A task that completes when the change has been handled.</returns>
    ValueTask PublishAsync(IncidentChange change, CancellationToken cancellationToken);
}
