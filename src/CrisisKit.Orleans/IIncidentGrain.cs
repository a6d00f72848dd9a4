using CrisisKit.Correlation;
using CrisisKit.Incidents;
using Orleans;

namespace CrisisKit.Orleans;

/// <summary>
/// The grain of one incident, keyed by the id of the crisis candidate it comes from (which is also the incident's id,
/// as in the in-process <see cref="Escalation.IEscalationEngine"/>): it keeps the incident's timeline in the
/// <see cref="CrisisKitOrleansOptions.StorageName"/> grain storage, runs the protocol's escalation with the library's
/// planner, sends notifications through the silo's <see cref="Escalation.INotificationChannel"/>s, and wakes itself
/// with an Orleans reminder when something falls due. Registered by <c>siloBuilder.AddCrisisKitEscalation()</c>,
/// whose candidate sink opens and updates incidents from the subject grains; people's actions are its methods.
/// </summary>
/// <remarks>
/// <para>
/// Decisions are the engine's own: the same severity assessment, protocol choice, plan, idempotency keys, checks on
/// people's actions and messages, so over the same candidates and clock the grain sends the notifications the engine
/// sends. A notification is recorded as scheduled (<see cref="NotificationScheduled"/>) in stored state before its
/// channel is called, and its outcome after. An activation that starts from a timeline with a scheduled notification
/// and no outcome (its silo died in between) sends it again with the same key: delivery is at least once per key,
/// and exactly once for a channel that drops a key it has already accepted.
/// </para>
/// <para>
/// Decisions are made one at a time per incident, as under the engine's lock; sends happen outside it, so opening,
/// updating and people's actions record and return without waiting for a channel (what they make due goes out on
/// the grain's timer at once). Only <see cref="RunDueAsync"/> waits for sends, each bounded by
/// <see cref="Escalation.EscalationOptions.SendTimeout"/>. A refused action throws
/// <see cref="Escalation.IncidentActionException"/> or <see cref="IncidentTransitionException"/> to the caller.
/// </para>
/// </remarks>
public interface IIncidentGrain : IGrainWithStringKey
{
    /// <summary>
    /// Opens the incident for <paramref name="candidate"/> (assesses its severity, picks its protocol and schedules the
    /// first step), or, when it is open already, re-assesses it like <see cref="UpdateAsync"/>. A change the grain has
    /// seen already (the candidate's <see cref="CrisisCandidate.SignalCount"/> is not above the highest it has taken)
    /// is ignored, so a change delivered twice counts once.
    /// </summary>
    /// <param name="candidate">The candidate; its <see cref="CrisisCandidate.Id"/> must be the grain's key.</param>
    /// <param name="subjectName">The subject's name for messages; the subject id when null.</param>
    /// <returns>The incident.</returns>
    /// <exception cref="ArgumentException">The candidate's id is not the grain's key.</exception>
    Task<Incident> OpenAsync(CrisisCandidate candidate, string? subjectName);

    /// <summary>
    /// Re-assesses the open incident from its candidate as it is now: a rise is recorded at once (a stronger protocol
    /// takes over), a fall once it has held for <see cref="Severity.SeverityOptions.DowngradeAfter"/>. A change seen
    /// already is ignored.
    /// </summary>
    /// <param name="candidate">The candidate; its id must be the grain's key.</param>
    /// <returns>The incident, or null when no incident is open for the candidate.</returns>
    /// <exception cref="ArgumentException">The candidate's id is not the grain's key.</exception>
    Task<Incident?> UpdateAsync(CrisisCandidate candidate);

    /// <summary>The incident as its stored timeline makes it.</summary>
    /// <returns>The incident, or null when none was opened under this key.</returns>
    Task<Incident?> GetAsync();

    /// <summary>
    /// Does everything that is due now on the silo's <see cref="TimeProvider"/> (deadline records, notifications,
    /// retries, and sends left scheduled by an earlier activation) and waits until every send started so far, by this
    /// call or by the grain's timer, has its outcome recorded. The grain's reminder and timer call it; calling it again
    /// does nothing twice.
    /// </summary>
    /// <returns>How many of the notifications this call sent the channels accepted.</returns>
    Task<int> RunDueAsync();

    /// <summary>When something is next due for the incident (a step, a repeat, a deadline, a retry), if anything is.</summary>
    /// <returns>The time on the silo's clock, or null when nothing is (the incident is closed, or waits only for people).</returns>
    Task<DateTimeOffset?> GetNextDueAsync();

    /// <summary>A person acknowledges the incident: the escalation chain stops.</summary>
    /// <param name="personId">The person's id in the protocol.</param>
    /// <returns>The incident after the action.</returns>
    /// <exception cref="Escalation.IncidentActionException">The incident is unknown or closed, or the person may not acknowledge it.</exception>
    Task<Incident> AcknowledgeAsync(string personId);

    /// <summary>A person adds a note to the timeline (also of a closed incident).</summary>
    /// <param name="personId">The person.</param>
    /// <param name="text">The note.</param>
    /// <returns>The incident after the action.</returns>
    /// <exception cref="Escalation.IncidentActionException">The incident is unknown, or the person may not add notes.</exception>
    Task<Incident> AddNoteAsync(string personId, string text);

    /// <summary>A person passes an approval gate of the protocol.</summary>
    /// <param name="personId">The person; must hold the gate's role.</param>
    /// <param name="gate">The gate's id.</param>
    /// <returns>The incident after the action.</returns>
    /// <exception cref="Escalation.IncidentActionException">The incident is unknown or closed, the gate is unknown, or the person does not hold its role.</exception>
    Task<Incident> ApproveAsync(string personId, string gate);

    /// <summary>A person records that a public statement was published (the incident moves to Responding).</summary>
    /// <param name="personId">The person.</param>
    /// <param name="language">The statement's language.</param>
    /// <param name="platform">Where it was published.</param>
    /// <param name="text">The statement.</param>
    /// <returns>The incident after the action.</returns>
    /// <exception cref="Escalation.IncidentActionException">The incident is unknown, closed or not acknowledged yet, an approval gate is still closed, or the person may not publish.</exception>
    Task<Incident> PublishStatementAsync(string personId, string language, string platform, string text);

    /// <summary>A person moves the incident to another status (Acknowledged, Monitoring, Responding, Resolved, Reviewed or Dismissed).</summary>
    /// <param name="personId">The person.</param>
    /// <param name="status">The new status.</param>
    /// <param name="reason">Why; required for <see cref="IncidentStatus.Dismissed"/>.</param>
    /// <returns>The incident after the action.</returns>
    /// <exception cref="IncidentTransitionException">The lifecycle does not allow the change.</exception>
    /// <exception cref="Escalation.IncidentActionException">The incident is unknown, the person may not make the change, or a dismissal has no reason.</exception>
    Task<Incident> ChangeStatusAsync(string personId, IncidentStatus status, string? reason);
}
