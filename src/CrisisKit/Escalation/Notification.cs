using CrisisKit.Incidents;
using CrisisKit.Severity;

namespace CrisisKit.Escalation;

/// <summary>One message to one person through one channel.</summary>
/// <param name="idempotencyKey">Identifies this message: the same step, round, person and channel always give the same key, and the engine never sends a key twice (receivers can also use it to drop a repeat after a crash).</param>
/// <param name="kind">Why it is sent.</param>
/// <param name="incidentId">The incident.</param>
/// <param name="subjectId">The incident's subject.</param>
/// <param name="severity">The incident's severity.</param>
/// <param name="protocolId">The protocol.</param>
/// <param name="step">The escalation step (0-based; -1 for deadline messages).</param>
/// <param name="round">The repeat round within the step.</param>
/// <param name="person">The person's id in the protocol.</param>
/// <param name="address">The person's contact on this channel.</param>
/// <param name="channel">The channel's name.</param>
/// <param name="language">The language the text is written in.</param>
/// <param name="title">A one-line title.</param>
/// <param name="text">The message, with the severity's factors and the holding statement to start from.</param>
/// <param name="at">When it is sent.</param>
public sealed class Notification(string idempotencyKey, NotificationKind kind, string incidentId, string subjectId, SeverityLevel severity, string protocolId, int step, int round, string person, string address, string channel, string language, string title, string text, DateTimeOffset at)
{
    /// <summary>Identifies this message: the same step, round, person and channel always give the same key, and the engine never sends a key twice (receivers can also use it to drop a repeat after a crash).</summary>
    public string IdempotencyKey { get; } = idempotencyKey;

    /// <summary>Why it is sent.</summary>
    public NotificationKind Kind { get; } = kind;

    /// <summary>The incident.</summary>
    public string IncidentId { get; } = incidentId;

    /// <summary>The incident's subject.</summary>
    public string SubjectId { get; } = subjectId;

    /// <summary>The incident's severity.</summary>
    public SeverityLevel Severity { get; } = severity;

    /// <summary>The protocol.</summary>
    public string ProtocolId { get; } = protocolId;

    /// <summary>The escalation step (0-based; -1 for deadline messages).</summary>
    public int Step { get; } = step;

    /// <summary>The repeat round within the step.</summary>
    public int Round { get; } = round;

    /// <summary>The person's id in the protocol.</summary>
    public string Person { get; } = person;

    /// <summary>The person's contact on this channel.</summary>
    public string Address { get; } = address;

    /// <summary>The channel's name.</summary>
    public string Channel { get; } = channel;

    /// <summary>The language the text is written in.</summary>
    public string Language { get; } = language;

    /// <summary>A one-line title.</summary>
    public string Title { get; } = title;

    /// <summary>The message, with the severity's factors and the holding statement to start from.</summary>
    public string Text { get; } = text;

    /// <summary>When it is sent.</summary>
    public DateTimeOffset At { get; } = at;
}
