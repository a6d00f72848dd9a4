using Microsoft.Extensions.Logging;

namespace CrisisKit.Storage.Sqlite;

/// <summary>
/// The log messages of the SQLite store, ids 3100–3199 (appends and refused appends use the core's shared store
/// messages, 3001 and 3002). Listed in docs/telemetry.md; never renumber.
/// </summary>
internal static partial class SqliteLog
{
    /// <summary>The store opened (or created) its database.</summary>
    [LoggerMessage(EventId = 3101, EventName = "DatabaseOpened", Level = LogLevel.Information, Message = "Incident database {DatabasePath} opened ({Mode}, schema version {SchemaVersion})")]
    public static partial void DatabaseOpened(this ILogger logger, string databasePath, string mode, int schemaVersion);

    /// <summary>An append failed for another reason than a concurrent writer (a locked or damaged database, a full disk).</summary>
    [LoggerMessage(EventId = 3102, EventName = "AppendFailed", Level = LogLevel.Warning, Message = "Appending to incident {IncidentId} in {DatabasePath} failed")]
    public static partial void AppendFailed(this ILogger logger, Exception exception, string incidentId, string databasePath);
}
