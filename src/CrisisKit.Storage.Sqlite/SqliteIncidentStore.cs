using System.Globalization;
using System.Text.Json;
using CrisisKit.Diagnostics;
using CrisisKit.Incidents;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrisisKit.Storage.Sqlite;

/// <summary>
/// An <see cref="IIncidentStore"/> in one SQLite file: every incident's append-only timeline, one row per event
/// (<c>incident_event</c>: the event as JSON with its <c>type</c>), and one row per incident (<c>incident</c>: its
/// version and current status, so listing open incidents reads no timelines). Thread-safe, and safe for several
/// stores or processes on the same file on one machine: an append runs in one <c>BEGIN IMMEDIATE</c> transaction
/// that checks the version first, so a stale writer gets <see cref="IncidentConcurrencyException"/>.
/// </summary>
/// <remarks>
/// The database runs in WAL mode (readers do not block the writer) with <c>synchronous=FULL</c>: an append that
/// returned is on disk, even across a power cut. Incidents are written a few events a minute, so the fsync per
/// commit costs nothing that matters, and losing a committed <see cref="NotificationSent"/> would mean paging
/// someone twice. Do not put the file on a network share: SQLite's locking is not reliable there.
/// </remarks>
public sealed class SqliteIncidentStore : IIncidentStore, IDisposable, IAsyncDisposable
{
    /// <summary>The schema version this store writes and reads (kept in the <c>crisiskit_meta</c> table).</summary>
    public const int SchemaVersion = 1;

    private const string Marker = "crisiskit-incidents";
    private const string StoreName = nameof(SqliteIncidentStore);
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteCorrupt = 11;
    private const int SqliteCannotOpen = 14;
    private const int SqliteNotADatabase = 26;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;

    // The open statuses as a JSON array for json_each: IncidentLifecycle stays the one place that says which are open.
    private static readonly string OpenStatuses = "[" + string.Join(",", Enum.GetValues<IncidentStatus>().Where(IncidentLifecycle.IsOpen).Select(s => $"\"{s}\"")) + "]";

    private static readonly string[] DataTables = ["incident", "incident_event"];

    private readonly string _connectionString;
    private readonly int _busyTimeoutMilliseconds;
    private readonly bool _readOnly;
    private readonly ILogger _logger;
    private int _disposed;

    /// <summary>Opens (or creates) the incident database at <paramref name="filePath"/>.</summary>
    /// <param name="filePath">The database file; created with its folder if absent.</param>
    /// <exception cref="ArgumentException">The path is empty.</exception>
    /// <exception cref="InvalidDataException">The file is not a CrisisKit incident database, or one of a newer schema.</exception>
    public SqliteIncidentStore(string filePath)
        : this(new SqliteIncidentStoreOptions { FilePath = filePath })
    {
    }

    /// <summary>Opens (or creates) the incident database the options name, and creates the schema if the database is new.</summary>
    /// <param name="options">Where the database is.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="InvalidDataException">The file is not a CrisisKit incident database (another kind of file, another application's SQLite database, an empty file opened <see cref="SqliteIncidentStoreOptions.ReadOnly"/>), is damaged, or has a newer schema.</exception>
    /// <exception cref="IOException">Another process or connection holds the database locked for longer than <see cref="SqliteIncidentStoreOptions.BusyTimeout"/>.</exception>
    /// <exception cref="FileNotFoundException">The database is opened <see cref="SqliteIncidentStoreOptions.ReadOnly"/> and does not exist.</exception>
    public SqliteIncidentStore(SqliteIncidentStoreOptions options)
        : this(options, null)
    {
    }

    /// <summary>Opens the database as <see cref="SqliteIncidentStore(SqliteIncidentStoreOptions)"/> does, logging to <paramref name="logger"/> (the container's, with <c>UseSqliteIncidentStore</c>).</summary>
    /// <param name="options">Where the database is.</param>
    /// <param name="logger">The logger; none when <see langword="null"/>.</param>
    internal SqliteIncidentStore(SqliteIncidentStoreOptions options, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger ?? NullLogger.Instance;
        (_connectionString, DatabasePath) = options.Resolve();
        _busyTimeoutMilliseconds = (int)options.BusyTimeout.TotalMilliseconds;
        _readOnly = options.ReadOnly;
        var folder = Path.GetDirectoryName(DatabasePath);
        if (!_readOnly && !string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        try
        {
            var created = Initialize();
            _logger.DatabaseOpened(DatabasePath, created ? "created" : _readOnly ? "read-only" : "existing", SchemaVersion);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is SqliteNotADatabase or SqliteCorrupt)
        {
            SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
            throw new InvalidDataException($"'{DatabasePath}' is not a CrisisKit incident database: {ex.Message}", ex);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is SqliteBusy or SqliteLocked)
        {
            SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
            throw new IOException(string.Create(CultureInfo.InvariantCulture, $"'{DatabasePath}' is locked by another process or connection (waited {options.BusyTimeout.TotalSeconds:0.#} s); try again when it has finished, or use another file."), ex);
        }
        catch (SqliteException ex) when (_readOnly && ex.SqliteErrorCode == SqliteCannotOpen)
        {
            SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
            throw new FileNotFoundException($"'{DatabasePath}' cannot be opened for reading: {ex.Message}", DatabasePath, ex);
        }
        catch
        {
            SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
            throw;
        }
    }

    /// <summary>The database file's full path.</summary>
    public string DatabasePath { get; }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The store was opened <see cref="SqliteIncidentStoreOptions.ReadOnly"/>.</exception>
    public ValueTask<long> AppendAsync(string incidentId, long expectedVersion, IReadOnlyList<IncidentEvent> events, CancellationToken cancellationToken = default)
    {
        IncidentStoreArguments.Check(incidentId, expectedVersion, events);
        return StoreAppendTelemetry.TraceAsync(StoreName, incidentId, expectedVersion, events.Count, _logger, () => AppendCoreAsync(incidentId, expectedVersion, events, cancellationToken), ex => _logger.AppendFailed(ex, incidentId, DatabasePath));
    }

    private async ValueTask<long> AppendCoreAsync(string incidentId, long expectedVersion, IReadOnlyList<IncidentEvent> events, CancellationToken cancellationToken)
    {
        if (_readOnly)
        {
            throw new InvalidOperationException($"'{DatabasePath}' was opened read-only; nothing can be appended.");
        }

        if (expectedVersion == 0)
        {
            IncidentStoreArguments.CheckFirst(incidentId, events);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var rows = events.Select(e => (Event: e, Json: IncidentEventJson.Serialize(e))).ToList();
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using (var transaction = connection.BeginTransaction(deferred: false))
            {
                var (exists, actual, status) = await ReadHeadAsync(connection, transaction, incidentId, cancellationToken).ConfigureAwait(false);
                if (actual != expectedVersion)
                {
                    throw new IncidentConcurrencyException(incidentId, expectedVersion, actual);
                }

                // The status after the append, as Incident folds it: opened → Detected, each StatusChanged → its To.
                foreach (var e in events)
                {
                    status = e switch
                    {
                        IncidentOpened => IncidentStatus.Detected,
                        StatusChanged changed => changed.To,
                        _ => status,
                    };
                }

                var version = actual + events.Count;
                var sql = exists
                    ? "UPDATE incident SET version = $version, status = $status, updated_at = $updated WHERE id = $id AND version = $expected"
                    : "INSERT INTO incident (id, version, status, opened_at, updated_at) VALUES ($id, $version, $status, $opened, $updated)";
                await using (var head = Command(connection, transaction, sql,
                    ("$id", incidentId), ("$version", version), ("$status", status.ToString()), ("$expected", expectedVersion),
                    ("$opened", Timestamp(events[0].At)), ("$updated", Timestamp(events[^1].At))))
                {
                    if (await head.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
                    {
                        throw new IncidentConcurrencyException(incidentId, expectedVersion, await ActualVersionAsync(connection, transaction, incidentId, cancellationToken).ConfigureAwait(false));
                    }
                }

                var sequence = actual;
                foreach (var (e, json) in rows)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await using var insert = Command(connection, transaction,
                        "INSERT INTO incident_event (incident_id, sequence, at, type, json) VALUES ($id, $sequence, $at, $type, $json)",
                        ("$id", incidentId), ("$sequence", ++sequence), ("$at", Timestamp(e.At)), ("$type", TypeOf(json)), ("$json", json));
                    await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                cancellationToken.ThrowIfCancellationRequested();
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return version;
            }
        }
        catch (SqliteException ex) when (ex.SqliteExtendedErrorCode is SqliteConstraintPrimaryKey or SqliteConstraintUnique)
        {
            // Another writer got there first without going through the version check (the transaction was rolled
            // back when disposed): report it like any stale write, never overwrite.
            var actual = await ActualVersionAsync(connection, null, incidentId, CancellationToken.None).ConfigureAwait(false);
            throw new IncidentConcurrencyException(incidentId, expectedVersion, actual);
        }
    }

    /// <inheritdoc />
    /// <exception cref="InvalidDataException">A stored event is corrupt (its JSON is not an incident event) or the timeline has gaps.</exception>
    public async ValueTask<Incident?> GetAsync(string incidentId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(incidentId);
        cancellationToken.ThrowIfCancellationRequested();
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "SELECT sequence, json FROM incident_event WHERE incident_id = $id ORDER BY sequence", ("$id", incidentId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await StoredTimeline.ReadAsync(reader, incidentId, $"'{DatabasePath}'", cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<string>> ListAsync(bool openOnly = false, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = openOnly
            ? Command(connection, null, "SELECT id FROM incident WHERE status IN (SELECT value FROM json_each($open)) ORDER BY rowid", ("$open", OpenStatuses))
            : Command(connection, null, "SELECT id FROM incident ORDER BY rowid");
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>Closes the store's pooled connections to the file. Appends and reads in flight finish first; later calls throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            using var connection = new SqliteConnection(_connectionString);
            SqliteConnection.ClearPool(connection);
        }
    }

    /// <inheritdoc cref="Dispose" />
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Checks the database, creating the schema in a new one; <see langword="true"/> when it was created.</summary>
    private bool Initialize()
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Configure(connection);

        // Reading the journal mode reads the file's header: a file that is not SQLite fails here. A read-only store
        // only reads it, and takes no write lock.
        Execute(connection, null, _readOnly ? "PRAGMA journal_mode" : "PRAGMA journal_mode=WAL");
        using var transaction = connection.BeginTransaction(deferred: _readOnly);
        var tables = new List<string>();
        using (var command = Command(connection, transaction, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        if (tables.Count == 0 && _readOnly)
        {
            throw new InvalidDataException($"'{DatabasePath}' is not a CrisisKit incident database: it is empty (it holds no tables).");
        }

        if (tables.Count == 0)
        {
            Execute(connection, transaction, """
                CREATE TABLE crisiskit_meta (key TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE incident (
                    id TEXT NOT NULL PRIMARY KEY,
                    version INTEGER NOT NULL,
                    status TEXT NOT NULL,
                    opened_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL);
                CREATE TABLE incident_event (
                    incident_id TEXT NOT NULL REFERENCES incident (id),
                    sequence INTEGER NOT NULL,
                    at TEXT NOT NULL,
                    type TEXT NOT NULL,
                    json TEXT NOT NULL,
                    PRIMARY KEY (incident_id, sequence)) WITHOUT ROWID;
                CREATE INDEX incident_status ON incident (status);
                """);
            Execute(connection, transaction, "INSERT INTO crisiskit_meta (key, value) VALUES ('schema', $marker), ('schema_version', $version)",
                ("$marker", Marker), ("$version", SchemaVersion.ToString(CultureInfo.InvariantCulture)));
            transaction.Commit();
            return true;
        }

        if (!tables.Contains("crisiskit_meta"))
        {
            throw new InvalidDataException($"'{DatabasePath}' is not a CrisisKit incident database: it is a foreign SQLite database (tables {string.Join(", ", tables)}) without the CrisisKit marker. Point the store at a new file.");
        }

        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var command = Command(connection, transaction, "SELECT key, value FROM crisiskit_meta"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                meta[reader.GetString(0)] = reader.GetString(1);
            }
        }

        if (!meta.TryGetValue("schema", out var marker) || marker != Marker)
        {
            throw new InvalidDataException($"'{DatabasePath}' is not a CrisisKit incident database: it is a foreign SQLite database (its crisiskit_meta table has no '{Marker}' schema marker).");
        }

        if (!meta.TryGetValue("schema_version", out var text) || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
        {
            throw new InvalidDataException($"'{DatabasePath}' is a damaged CrisisKit incident database: its schema version is missing or unreadable ('{text}').");
        }

        if (version > SchemaVersion)
        {
            throw new InvalidDataException($"'{DatabasePath}' was written by a newer CrisisKit.Storage.Sqlite (schema version {version}; this version reads up to {SchemaVersion}). Upgrade the package to open it.");
        }

        var missing = DataTables.Where(t => !tables.Contains(t)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"'{DatabasePath}' is a damaged CrisisKit incident database: table {string.Join(", ", missing)} is missing.");
        }

        transaction.Commit();
        return false;
    }

    private async ValueTask<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            Configure(connection);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private void Configure(SqliteConnection connection) =>
        Execute(connection, null, $"PRAGMA busy_timeout = {_busyTimeoutMilliseconds.ToString(CultureInfo.InvariantCulture)}; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON");

    private async ValueTask<(bool Exists, long Version, IncidentStatus Status)> ReadHeadAsync(SqliteConnection connection, SqliteTransaction transaction, string incidentId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "SELECT version, status FROM incident WHERE id = $id", ("$id", incidentId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return (false, 0, IncidentStatus.Detected);
        }

        var text = reader.GetString(1);
        return Enum.TryParse<IncidentStatus>(text, ignoreCase: false, out var status) && Enum.IsDefined(status)
            ? (true, reader.GetInt64(0), status)
            : throw new InvalidDataException($"'{DatabasePath}': incident '{incidentId}' has an unknown status '{text}'.");
    }

    private static async ValueTask<long> ActualVersionAsync(SqliteConnection connection, SqliteTransaction? transaction, string incidentId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction,
            "SELECT max(coalesce((SELECT version FROM incident WHERE id = $id), 0), coalesce((SELECT max(sequence) FROM incident_event WHERE incident_id = $id), 0))",
            ("$id", incidentId));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        command.ExecuteNonQuery();
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // Every statement is a constant of this class; values go in as parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        foreach (var (name, value) in parameters)
        {
            if (sql.Contains(name, StringComparison.Ordinal))
            {
                command.Parameters.AddWithValue(name, value);
            }
        }

        return command;
    }

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static string TypeOf(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("type").GetString() ?? "";
    }
}
