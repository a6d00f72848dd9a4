using CrisisKit.Incidents;

namespace CrisisKit.Escalation;

/// <summary>
/// One change to an incident, as an app sees it through <see cref="IEscalationEngine.Subscribe"/>: the timeline event
/// the engine recorded and the incident as that event left it. The kinds of change are the timeline's own event types,
/// so an app switches on <see cref="Event"/>: <see cref="IncidentOpened"/>, <see cref="SeverityChanged"/>,
/// <see cref="ProtocolChosen"/>, <see cref="IncidentAcknowledged"/>, <see cref="NotificationSent"/>,
/// <see cref="NotificationFailed"/>, <see cref="DeadlineReminder"/>,
/// <see cref="DeadlineBreached"/>, <see cref="StatusChanged"/> (resolved, dismissed, reviewed, …),
/// <see cref="NoteAdded"/>, <see cref="StatementPublished"/> and <see cref="ApprovalGranted"/>.
/// </summary>
public sealed class IncidentChange
{
    internal IncidentChange(Incident incident, IncidentEvent incidentEvent)
    {
        Incident = incident;
        Event = incidentEvent;
    }

    /// <summary>The incident as <see cref="Event"/> left it (its timeline ends with <see cref="Event"/>); its id and subject are <c>Incident.Id</c> and <c>Incident.SubjectId</c>.</summary>
    public Incident Incident { get; }

    /// <summary>What happened, and when (<c>Event.At</c>, on the engine's clock): the event as it is stored on the timeline.</summary>
    public IncidentEvent Event { get; }
}
