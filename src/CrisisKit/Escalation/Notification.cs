using CrisisKit.Incidents;
using CrisisKit.Severity;

namespace CrisisKit.Escalation;

/// <summary>One message to one person through one channel.</summary>
/// <param name="IdempotencyKey">Identifies this message: the same step, round, person and channel always give the same key, and the engine never sends a key twice (receivers can also use it to drop a repeat after a crash).</param>
/// <param name="Kind">Why it is sent.</param>
/// <param name="IncidentId">The incident.</param>
/// <param name="SubjectId">The incident's subject.</param>
/// <param name="Severity">The incident's severity.</param>
/// <param name="ProtocolId">The protocol.</param>
/// <param name="Step">The escalation step (0-based; -1 for deadline messages).</param>
/// <param name="Round">The repeat round within the step.</param>
/// <param name="Person">The person's id in the protocol.</param>
/// <param name="Address">The person's contact on this channel.</param>
/// <param name="Channel">The channel's name.</param>
/// <param name="Language">The language the text is written in.</param>
/// <param name="Title">A one-line title.</param>
/// <param name="Text">The message, with the severity's factors and the holding statement to start from.</param>
/// <param name="At">When it is sent.</param>
public sealed record Notification(
    string IdempotencyKey,
    NotificationKind Kind,
    string IncidentId,
    string SubjectId,
    SeverityLevel Severity,
    string ProtocolId,
    int Step,
    int Round,
    string Person,
    string Address,
    string Channel,
    string Language,
    string Title,
    string Text,
    DateTimeOffset At);
