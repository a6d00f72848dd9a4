using Microsoft.Extensions.Logging;

namespace CrisisKit.Hosting;

/// <summary>The console channel's log message, id 4101 (listed in docs/telemetry.md; never renumber).</summary>
internal static partial class ConsoleChannelLog
{
    /// <summary>The channel wrote a notification.</summary>
    [LoggerMessage(EventId = 4101, EventName = "ConsoleNotificationWritten", Level = LogLevel.Debug, Message = "Console channel {Channel} wrote {IdempotencyKey} for {Address}")]
    public static partial void Written(this ILogger logger, string channel, string idempotencyKey, string address);
}
