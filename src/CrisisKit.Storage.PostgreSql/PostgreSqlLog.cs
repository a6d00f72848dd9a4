using Microsoft.Extensions.Logging;

namespace CrisisKit.Storage.PostgreSql;

/// <summary>
/// The log messages of the PostgreSQL store, ids 3200–3299 (appends and refused appends use the core's shared store
/// messages, 3001 and 3002). Listed in docs/telemetry.md; never renumber.
/// </summary>
internal static partial class PostgreSqlLog
{
    /// <summary>The store checked (or created) its schema.</summary>
    [LoggerMessage(EventId = 3201, EventName = "StoreReady", Level = LogLevel.Information, Message = "Incident store {Location} ready ({Mode}, schema version {SchemaVersion})")]
    public static partial void StoreReady(this ILogger logger, string location, string mode, int schemaVersion);

    /// <summary>An append failed for another reason than a concurrent writer (the server unreachable, a damaged schema).</summary>
    [LoggerMessage(EventId = 3202, EventName = "AppendFailed", Level = LogLevel.Warning, Message = "Appending to incident {IncidentId} in {Location} failed")]
    public static partial void AppendFailed(this ILogger logger, Exception exception, string incidentId, string location);
}
