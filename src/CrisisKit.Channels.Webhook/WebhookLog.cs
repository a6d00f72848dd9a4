using Microsoft.Extensions.Logging;

namespace CrisisKit.Channels.Webhook;

/// <summary>
/// The log messages of the webhook channel, ids 4000–4099, all at debug level: the escalation engine already logs
/// every failed send as a warning (2006) with the exception these describe. Listed in docs/telemetry.md; never renumber.
/// </summary>
internal static partial class WebhookLog
{
    /// <summary>The receiver accepted a post.</summary>
    [LoggerMessage(EventId = 4001, EventName = "WebhookDelivered", Level = LogLevel.Debug, Message = "Webhook channel {Channel} delivered {IdempotencyKey} to {Host}: {StatusCode} in {ElapsedMilliseconds:0} ms")]
    public static partial void Delivered(this ILogger logger, string channel, string idempotencyKey, string host, int statusCode, double elapsedMilliseconds);

    /// <summary>The receiver answered with a status other than 2xx.</summary>
    [LoggerMessage(EventId = 4002, EventName = "WebhookRejected", Level = LogLevel.Debug, Message = "Webhook channel {Channel}: {Host} answered {StatusCode} to {IdempotencyKey} in {ElapsedMilliseconds:0} ms")]
    public static partial void Rejected(this ILogger logger, string channel, string idempotencyKey, string host, int statusCode, double elapsedMilliseconds);

    /// <summary>The receiver could not be reached, or did not answer in time.</summary>
    [LoggerMessage(EventId = 4003, EventName = "WebhookUnreachable", Level = LogLevel.Debug, Message = "Webhook channel {Channel} could not deliver {IdempotencyKey} to {Host}: {Reason}")]
    public static partial void Unreachable(this ILogger logger, Exception exception, string channel, string idempotencyKey, string host, string reason);
}
