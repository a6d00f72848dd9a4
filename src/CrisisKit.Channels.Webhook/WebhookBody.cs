using System.Text.Json.Serialization;
using CrisisKit.Escalation;

namespace CrisisKit.Channels.Webhook;

/// <summary>The JSON body of a webhook notification.</summary>
/// <param name="Text">The title and message, for Slack/Teams-style receivers.</param>
/// <param name="IdempotencyKey">The notification's key.</param>
/// <param name="Kind">escalation, deadline-reminder or deadline-breached.</param>
/// <param name="IncidentId">The incident.</param>
/// <param name="SubjectId">The subject.</param>
/// <param name="Severity">The severity.</param>
/// <param name="ProtocolId">The protocol.</param>
/// <param name="Step">The escalation step.</param>
/// <param name="Round">The repeat round.</param>
/// <param name="Person">The person's id.</param>
/// <param name="Title">The title.</param>
/// <param name="Message">The message.</param>
/// <param name="At">When it was sent.</param>
internal sealed record WebhookBody(string Text, string IdempotencyKey, string Kind, string IncidentId, string SubjectId, string Severity, string ProtocolId, int Step, int Round, string Person, string Title, string Message, DateTimeOffset At)
{
    public static WebhookBody From(Notification n) => new(
        $"{n.Title}\n{n.Text}",
        n.IdempotencyKey,
        n.Kind switch { NotificationKind.DeadlineReminder => "deadline-reminder", NotificationKind.DeadlineBreached => "deadline-breached", _ => "escalation" },
        n.IncidentId,
        n.SubjectId,
        n.Severity.ToString(),
        n.ProtocolId,
        n.Step,
        n.Round,
        n.Person,
        n.Title,
        n.Text,
        n.At);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(WebhookBody))]
internal sealed partial class WebhookJsonContext : JsonSerializerContext;
