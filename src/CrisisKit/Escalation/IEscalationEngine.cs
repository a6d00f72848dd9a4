using CrisisKit.Correlation;
using CrisisKit.Detection;
using CrisisKit.Incidents;

namespace CrisisKit.Escalation;

/// <summary>
/// Runs each open incident's response protocol on the <see cref="TimeProvider"/>: notifies the people of each
/// escalation step, repeats, escalates when nobody acknowledges, stops when someone does, switches to a stronger
/// protocol when the severity rises, reminds before deadlines and records breaches after them. Every change is an
/// event on the incident's timeline in the <see cref="IIncidentStore"/>; after a restart,
/// <see cref="ResumeAsync"/> picks up every open incident from its timeline, so no step is lost and none is sent
/// twice. It is also the API for people's actions, each checked against the lifecycle
/// (<see cref="IncidentLifecycle"/>) and the person's roles in the protocol. Thread-safe; operations run one at a time.
/// </summary>
public interface IEscalationEngine
{
    /// <summary>The open incidents the engine is running.</summary>
    IReadOnlyList<Incident> OpenIncidents { get; }

    /// <summary>When something is next due (a notification, a repeat, a reminder, a retry), if anything is.</summary>
    DateTimeOffset? NextDueAt { get; }

    /// <summary>Opens an incident for a crisis candidate (or, if one is open for it already, re-assesses it like <see cref="UpdateAsync"/>), assesses its severity, picks its protocol and starts the chain.</summary>
    /// <param name="candidate">The candidate.</param>
    /// <param name="subjectName">The subject's name for messages; the subject id when omitted.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The incident.</returns>
    Task<Incident> OpenAsync(CrisisCandidate candidate, string? subjectName = null, CancellationToken cancellationToken = default);

    /// <summary>Re-assesses an incident's severity from its candidate as it is now: a rise is recorded at once (and a stronger protocol takes over), a fall only once it has held for <see cref="Severity.SeverityOptions.DowngradeAfter"/>.</summary>
    /// <param name="candidate">The candidate.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The incident, or <see langword="null"/> when no incident is open for the candidate.</returns>
    Task<Incident?> UpdateAsync(CrisisCandidate candidate, CancellationToken cancellationToken = default);

    /// <summary>Does everything that is due now. A timer on the <see cref="TimeProvider"/> calls it; calling it again does nothing twice.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>How many notifications were sent.</returns>
    Task<int> RunDueAsync(CancellationToken cancellationToken = default);

    /// <summary>Loads every open incident from the store (after a restart) and does what is due.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>How many incidents were loaded.</returns>
    Task<int> ResumeAsync(CancellationToken cancellationToken = default);

    /// <summary>A person acknowledges the incident: the chain stops.</summary>
    /// <param name="incidentId">The incident.</param>
    /// <param name="personId">The person's id in the protocol.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The incident after the action.</returns>
    /// <exception cref="IncidentActionException">The incident is unknown or closed, or the person may not acknowledge it.</exception>
    Task<Incident> AcknowledgeAsync(string incidentId, string personId, CancellationToken cancellationToken = default);

    /// <summary>A person adds a note to the timeline.</summary>
    /// <param name="incidentId">The incident.</param>
    /// <param name="personId">The person.</param>
    /// <param name="text">The note.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The incident after the action.</returns>
    /// <exception cref="IncidentActionException">The incident is unknown, or the person may not add notes.</exception>
    Task<Incident> AddNoteAsync(string incidentId, string personId, string text, CancellationToken cancellationToken = default);

    /// <summary>A person passes an approval gate of the protocol.</summary>
    /// <param name="incidentId">The incident.</param>
    /// <param name="personId">The person; must hold the gate's role.</param>
    /// <param name="gate">The gate's id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The incident after the action.</returns>
    /// <exception cref="IncidentActionException">The gate is unknown or the person does not hold its role.</exception>
    Task<Incident> ApproveAsync(string incidentId, string personId, string gate, CancellationToken cancellationToken = default);

    /// <summary>A person records that a public statement was published (the incident moves to Responding).</summary>
    /// <param name="incidentId">The incident.</param>
    /// <param name="personId">The person.</param>
    /// <param name="language">The statement's language.</param>
    /// <param name="platform">Where it was published.</param>
    /// <param name="text">The statement.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The incident after the action.</returns>
    /// <exception cref="IncidentActionException">The incident is not acknowledged yet, an approval gate is still closed, or the person may not publish.</exception>
    Task<Incident> PublishStatementAsync(string incidentId, string personId, string language, string platform, string text, CancellationToken cancellationToken = default);

    /// <summary>A person moves the incident to another status (Monitoring, Responding, Resolved, Reviewed or Dismissed).</summary>
    /// <param name="incidentId">The incident.</param>
    /// <param name="personId">The person.</param>
    /// <param name="status">The new status.</param>
    /// <param name="reason">Why; required for <see cref="IncidentStatus.Dismissed"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The incident after the action.</returns>
    /// <exception cref="IncidentTransitionException">The lifecycle does not allow the change.</exception>
    /// <exception cref="IncidentActionException">The person may not make it, or a dismissal has no reason.</exception>
    Task<Incident> ChangeStatusAsync(string incidentId, string personId, IncidentStatus status, string? reason = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Tells <paramref name="observer"/> of every change to every incident: one <see cref="IncidentChange"/> per event
    /// the engine records on a timeline (opened, severity changed, acknowledged, notification sent or failed, deadline
    /// breached, status changed, …). A change is raised after the store has accepted the event and outside the
    /// engine's lock (an observer may call the engine), in timeline order per incident, on the thread that made the
    /// change; keep <see cref="IObserver{T}.OnNext"/> short. An observer that throws is logged and stays subscribed.
    /// Disposing the engine calls <see cref="IObserver{T}.OnCompleted"/>.
    /// </summary>
    /// <param name="observer">The observer.</param>
    /// <returns>Dispose it to stop observing.</returns>
    IDisposable Subscribe(IObserver<IncidentChange> observer);
}

/// <summary>A person's action on an incident was refused: unknown incident, wrong role, closed gate or missing reason.</summary>
/// <param name="message">Why.</param>
public sealed class IncidentActionException(string message) : InvalidOperationException(message);
