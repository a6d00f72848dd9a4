using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using CrisisKit.Diagnostics;
using CrisisKit.Incidents;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace CrisisKit.Storage.PostgreSql;

/// <summary>
/// An <see cref="IIncidentStore"/> on a PostgreSQL server: every incident's append-only timeline, one row per event
/// (<c>incident_event</c>: the event as JSON with its <c>type</c>), and one row per incident (<c>incident</c>: its
/// version and current status, so listing open incidents reads no timelines), all in one schema of its own
/// (<see cref="PostgreSqlIncidentStoreOptions.Schema"/>). Thread-safe, and safe for any number of stores, processes
/// and machines on the same database: an append locks its incident's row, checks the version and writes in one
/// transaction, so a stale writer gets <see cref="IncidentConcurrencyException"/> and never overwrites.
/// </summary>
/// <remarks>
/// Nothing touches the server until the first call (or <see cref="InitializeAsync"/>): then the store checks the
/// schema, creating it when the schema is absent or empty, under an advisory lock so that processes starting together
/// create it once. A schema holding tables that are not CrisisKit's, or written by a newer version of this package,
/// is refused with <see cref="InvalidDataException"/> and left alone. A server that cannot be reached, refuses the
/// login or has no such database gives an <see cref="IOException"/> naming the server (never the password).
/// </remarks>
public sealed class PostgreSqlIncidentStore : IIncidentStore, IDisposable, IAsyncDisposable
{
    /// <summary>The schema version this store writes and reads (kept in the schema's <c>crisiskit_meta</c> table).</summary>
    public const int SchemaVersion = 1;

    private const string Marker = "crisiskit-incidents";
    private const string UniqueViolation = "23505";
    private const string InsufficientPrivilege = "42501";
    private const string StoreName = nameof(PostgreSqlIncidentStore);

    // The open statuses: IncidentLifecycle stays the one place that says which are open.
    private static readonly string[] OpenStatuses = [.. Enum.GetValues<IncidentStatus>().Where(IncidentLifecycle.IsOpen).Select(s => s.ToString())];

    private static readonly string[] DataTables = ["crisiskit_meta", "incident", "incident_event"];

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schema;

    /// <summary>The schema as it is written in SQL: quoted, so that a valid name that is also a keyword (<c>user</c>, <c>order</c>) works.</summary>
    private readonly string _quotedSchema;
    private readonly string _host;
    private readonly string _database;
    private readonly string _username;
    private readonly bool _readOnly;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _initializing = new(1, 1);
    private volatile bool _initialized;
    private int _disposed;

    /// <summary>A store on the database <paramref name="connectionString"/> names, in the default schema (<c>crisiskit</c>).</summary>
    /// <param name="connectionString">An Npgsql connection string (<c>Host=...;Database=...;Username=...;Password=...</c>).</param>
    /// <exception cref="ArgumentException">The connection string is empty or invalid.</exception>
    public PostgreSqlIncidentStore(string connectionString)
        : this(new PostgreSqlIncidentStoreOptions { ConnectionString = connectionString })
    {
    }

    /// <summary>A store on the database and schema the options name. Nothing is sent to the server until the first call.</summary>
    /// <param name="options">Where the store is.</param>
    /// <exception cref="ArgumentException">The options are invalid (no connection string, an invalid one, a schema name that is not a plain identifier).</exception>
    public PostgreSqlIncidentStore(PostgreSqlIncidentStoreOptions options)
        : this(options, null)
    {
    }

    /// <summary>A store as <see cref="PostgreSqlIncidentStore(PostgreSqlIncidentStoreOptions)"/> makes, logging to <paramref name="logger"/> (the container's, with <c>UsePostgreSqlIncidentStore</c>).</summary>
    /// <param name="options">Where the store is.</param>
    /// <param name="logger">The logger; none when <see langword="null"/>.</param>
    internal PostgreSqlIncidentStore(PostgreSqlIncidentStoreOptions options, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger ?? NullLogger.Instance;
        var builder = options.Resolve();
        _schema = options.Schema;
        _quotedSchema = "\"" + _schema + "\"";
        _readOnly = options.ReadOnly;
        _host = string.Create(CultureInfo.InvariantCulture, $"{builder.Host}:{builder.Port}");
        _database = builder.Database ?? builder.Username ?? "";
        _username = builder.Username ?? "";
        Location = PostgreSqlIncidentStoreOptions.Describe(builder, _schema);
        if (_readOnly)
        {
            // Every transaction on every connection is read-only: the server itself refuses a write.
            builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? "-c default_transaction_read_only=on" : builder.Options + " -c default_transaction_read_only=on";
        }

        _dataSource = NpgsqlDataSource.Create(builder);
    }

    /// <summary>Where the store is, for messages and logs: <c>PostgreSQL host:port/database, schema name</c> (never the password).</summary>
    public string Location { get; }

    /// <summary>
    /// Connects and checks the store's schema now, creating it when absent (unless <see cref="PostgreSqlIncidentStoreOptions.ReadOnly"/>),
    /// rather than on the first append or read. Idempotent; call it at start-up to fail early. A failure is not
    /// remembered: the next call tries again.
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that completes when the schema is ready.</returns>
    /// <exception cref="IOException">The server cannot be reached, refuses the login, or has no such database.</exception>
    /// <exception cref="InvalidDataException">The schema holds tables that are not a CrisisKit incident store, was written by a newer version, is damaged, or (read-only) does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">The user may not create the schema (or, read-only, read it).</exception>
    public async ValueTask InitializeAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_initialized)
        {
            return;
        }

        await _initializing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_initialized)
            {
                bool created;
                try
                {
                    created = await InitializeCoreAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (PostgresException ex) when (ex.SqlState == InsufficientPrivilege)
                {
                    throw new UnauthorizedAccessException(_readOnly
                        ? $"{Location}: user '{_username}' may not read the store: {ex.MessageText}. Grant it USAGE on the schema and SELECT on its tables."
                        : $"{Location}: user '{_username}' may not create or use the store's schema: {ex.MessageText}. Create the schema once as a user that may (CREATE SCHEMA {_quotedSchema} AUTHORIZATION {_username}), or grant CREATE on the database.", ex);
                }

                _initialized = true;
                _logger.StoreReady(Location, created ? "created" : _readOnly ? "read-only" : "existing", SchemaVersion);
            }
        }
        finally
        {
            _initializing.Release();
        }
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The store was opened <see cref="PostgreSqlIncidentStoreOptions.ReadOnly"/>.</exception>
    /// <exception cref="IOException">The server cannot be reached (see <see cref="InitializeAsync"/>).</exception>
    /// <exception cref="InvalidDataException">The schema is not a CrisisKit incident store (see <see cref="InitializeAsync"/>), or the incident's stored status is unknown.</exception>
    public ValueTask<long> AppendAsync(string incidentId, long expectedVersion, IReadOnlyList<IncidentEvent> events, CancellationToken cancellationToken = default)
    {
        IncidentStoreArguments.Check(incidentId, expectedVersion, events);
        return StoreAppendTelemetry.TraceAsync(StoreName, incidentId, expectedVersion, events.Count, _logger, () => AppendCoreAsync(incidentId, expectedVersion, events, cancellationToken), ex => _logger.AppendFailed(ex, incidentId, Location));
    }

    private async ValueTask<long> AppendCoreAsync(string incidentId, long expectedVersion, IReadOnlyList<IncidentEvent> events, CancellationToken cancellationToken)
    {
        if (_readOnly)
        {
            throw new InvalidOperationException($"{Location} was opened read-only; nothing can be appended.");
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
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

            // The row lock makes writers of one incident take turns; under READ COMMITTED the second reads the first's version.
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
            await using (var head = Command(connection, transaction, exists
                ? $"UPDATE {_quotedSchema}.incident SET version = @version, status = @status, updated_at = @updated WHERE id = @id AND version = @expected"
                : $"INSERT INTO {_quotedSchema}.incident (id, version, status, opened_at, updated_at) VALUES (@id, @version, @status, @opened, @updated) ON CONFLICT (id) DO NOTHING"))
            {
                head.Parameters.AddWithValue("id", incidentId);
                head.Parameters.AddWithValue("version", version);
                head.Parameters.AddWithValue("status", status.ToString());
                head.Parameters.AddWithValue("updated", events[^1].At.ToUniversalTime());
                if (exists)
                {
                    head.Parameters.AddWithValue("expected", expectedVersion);
                }
                else
                {
                    head.Parameters.AddWithValue("opened", events[0].At.ToUniversalTime());
                }

                if (await head.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
                {
                    // Another writer created the incident between our read and our insert.
                    await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                    throw new IncidentConcurrencyException(incidentId, expectedVersion, await ActualVersionAsync(connection, incidentId, CancellationToken.None).ConfigureAwait(false));
                }
            }

            await using (var batch = new NpgsqlBatch(connection, transaction))
            {
                var sequence = actual;
                foreach (var (e, json) in rows)
                {
                    var insert = new NpgsqlBatchCommand($"INSERT INTO {_quotedSchema}.incident_event (incident_id, sequence, at, type, json) VALUES (@id, @sequence, @at, @type, @json)");
                    insert.Parameters.AddWithValue("id", incidentId);
                    insert.Parameters.AddWithValue("sequence", ++sequence);
                    insert.Parameters.AddWithValue("at", e.At.ToUniversalTime());
                    insert.Parameters.AddWithValue("type", TypeOf(json));
                    insert.Parameters.Add(new NpgsqlParameter("json", NpgsqlDbType.Json) { Value = json });
                    batch.BatchCommands.Add(insert);
                }

                await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            // Past this point the append happens: a commit cancelled half-way would leave the caller unsure whether it did.
            cancellationToken.ThrowIfCancellationRequested();
            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            return version;
        }
        catch (PostgresException ex) when (ex.SqlState == UniqueViolation)
        {
            // A writer that went around the version check got there first (the transaction is rolled back):
            // report it like any stale write, never overwrite.
            var actual = await ActualVersionAsync(connection, incidentId, CancellationToken.None).ConfigureAwait(false);
            throw new IncidentConcurrencyException(incidentId, expectedVersion, actual);
        }
    }

    /// <inheritdoc />
    /// <exception cref="IOException">The server cannot be reached (see <see cref="InitializeAsync"/>).</exception>
    /// <exception cref="InvalidDataException">The schema is not a CrisisKit incident store, a stored event is corrupt (its JSON is not an incident event), or the timeline has gaps.</exception>
    public async ValueTask<Incident?> GetAsync(string incidentId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(incidentId);
        cancellationToken.ThrowIfCancellationRequested();
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, $"SELECT sequence, json::text FROM {_quotedSchema}.incident_event WHERE incident_id = @id ORDER BY sequence");
        command.Parameters.AddWithValue("id", incidentId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await StoredTimeline.ReadAsync(reader, incidentId, Location, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="IOException">The server cannot be reached (see <see cref="InitializeAsync"/>).</exception>
    /// <exception cref="InvalidDataException">The schema is not a CrisisKit incident store (see <see cref="InitializeAsync"/>).</exception>
    public async ValueTask<IReadOnlyList<string>> ListAsync(bool openOnly = false, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, openOnly
            ? $"SELECT id FROM {_quotedSchema}.incident WHERE status = ANY(@open) ORDER BY position"
            : $"SELECT id FROM {_quotedSchema}.incident ORDER BY position");
        if (openOnly)
        {
            command.Parameters.AddWithValue("open", OpenStatuses);
        }

        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>Closes the store's connections. Calls after this throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _dataSource.Dispose();
            _initializing.Dispose();
        }
    }

    /// <summary>Closes the store's connections. Calls after this throw <see cref="ObjectDisposedException"/>.</summary>
    /// <returns>A task that completes when the connections are closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
            _initializing.Dispose();
        }
    }

    /// <summary>Checks the schema, creating it when absent; <see langword="true"/> when it was created.</summary>
    private async ValueTask<bool> InitializeCoreAsync(CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (!_readOnly)
        {
            // Processes starting together take turns here, so the schema is created once and the others find it made.
            await using var gate = Command(connection, transaction, "SELECT pg_advisory_xact_lock(hashtext(@key))");
            gate.Parameters.AddWithValue("key", Marker + ":" + _schema);
            await gate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        bool schemaExists;
        await using (var command = Command(connection, transaction, "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = @schema)"))
        {
            command.Parameters.AddWithValue("schema", _schema);
            schemaExists = (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        var tables = new List<string>();
        await using (var command = Command(connection, transaction, "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = @schema AND c.relkind IN ('r', 'p', 'v', 'm', 'f') ORDER BY c.relname"))
        {
            command.Parameters.AddWithValue("schema", _schema);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                tables.Add(reader.GetString(0));
            }
        }

        if (tables.Count == 0 && _readOnly)
        {
            throw new InvalidDataException(schemaExists
                ? $"{Location} holds no CrisisKit incident store: the schema is empty (opened read-only, nothing is created)."
                : $"{Location} holds no CrisisKit incident store: there is no schema '{_schema}' (opened read-only, nothing is created).");
        }

        if (tables.Count == 0)
        {
            await ExecuteAsync(connection, transaction, CreateSchemaSql(schemaExists), cancellationToken).ConfigureAwait(false);
            await using (var meta = Command(connection, transaction, $"INSERT INTO {_quotedSchema}.crisiskit_meta (key, value) VALUES ('schema', @marker), ('schema_version', @version)"))
            {
                meta.Parameters.AddWithValue("marker", Marker);
                meta.Parameters.AddWithValue("version", SchemaVersion.ToString(CultureInfo.InvariantCulture));
                await meta.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }

        if (!tables.Contains("crisiskit_meta"))
        {
            throw new InvalidDataException($"{Location} is not a CrisisKit incident store: the schema holds tables that are not CrisisKit's ({string.Join(", ", tables)}) and no crisiskit_meta marker. Choose another schema (PostgreSqlIncidentStoreOptions.Schema) or database.");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var command = Command(connection, transaction, $"SELECT key, value FROM {_quotedSchema}.crisiskit_meta"))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                values[reader.GetString(0)] = reader.GetString(1);
            }
        }

        if (!values.TryGetValue("schema", out var marker) || marker != Marker)
        {
            throw new InvalidDataException($"{Location} is not a CrisisKit incident store: its crisiskit_meta table has no '{Marker}' schema marker.");
        }

        if (!values.TryGetValue("schema_version", out var text) || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
        {
            throw new InvalidDataException($"{Location} is a damaged CrisisKit incident store: its schema version is missing or unreadable ('{text}').");
        }

        if (version > SchemaVersion)
        {
            throw new InvalidDataException($"{Location} was written by a newer CrisisKit.Storage.PostgreSql (schema version {version}; this version reads up to {SchemaVersion}). Upgrade the package to open it.");
        }

        var missing = DataTables.Where(t => !tables.Contains(t)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"{Location} is a damaged CrisisKit incident store: table {string.Join(", ", missing)} is missing.");
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return false;
    }

    private string CreateSchemaSql(bool schemaExists) => (schemaExists ? "" : $"CREATE SCHEMA {_quotedSchema};\n") + $"""
        CREATE TABLE {_quotedSchema}.crisiskit_meta (key text PRIMARY KEY, value text NOT NULL);
        CREATE TABLE {_quotedSchema}.incident (
            id text PRIMARY KEY,
            position bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
            version bigint NOT NULL CHECK (version > 0),
            status text NOT NULL,
            opened_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL);
        CREATE INDEX incident_status ON {_quotedSchema}.incident (status);
        CREATE TABLE {_quotedSchema}.incident_event (
            incident_id text NOT NULL REFERENCES {_quotedSchema}.incident (id),
            sequence bigint NOT NULL CHECK (sequence > 0),
            at timestamptz NOT NULL,
            type text NOT NULL,
            json json NOT NULL,
            PRIMARY KEY (incident_id, sequence));
        CREATE FUNCTION {_quotedSchema}.incident_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'the incident timeline is append-only: % of an event is refused', lower(TG_OP) USING ERRCODE = 'restrict_violation';
        END $$;
        CREATE TRIGGER incident_event_is_append_only BEFORE UPDATE OR DELETE ON {_quotedSchema}.incident_event
            FOR EACH ROW EXECUTE FUNCTION {_quotedSchema}.incident_event_is_append_only();
        CREATE TRIGGER incident_event_is_not_truncated BEFORE TRUNCATE ON {_quotedSchema}.incident_event
            FOR EACH STATEMENT EXECUTE FUNCTION {_quotedSchema}.incident_event_is_append_only();
        """;

    private async ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await ConnectAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Opens a connection; a server that cannot be reached, refuses the login or lacks the database becomes one clear <see cref="IOException"/>.</summary>
    private async ValueTask<NpgsqlConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        try
        {
            return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState.StartsWith("28", StringComparison.Ordinal))
        {
            throw new IOException($"The PostgreSQL server at {_host} refused the login of user '{_username}': {ex.MessageText}. Check Username and Password in the connection string.", ex);
        }
        catch (PostgresException ex) when (ex.SqlState == "3D000")
        {
            throw new IOException($"The PostgreSQL server at {_host} has no database '{_database}': create it (createdb) or name another in the connection string.", ex);
        }
        catch (NpgsqlException ex) when (ex is not PostgresException && !cancellationToken.IsCancellationRequested)
        {
            throw new IOException($"Cannot reach the PostgreSQL server at {_host}: {Reason(ex)}. Check that it is running and that Host and Port are right.", ex);
        }
    }

    private static string Reason(Exception ex)
    {
        for (var inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException or TimeoutException)
            {
                return inner.Message.TrimEnd('.');
            }
        }

        return ex.Message.TrimEnd('.');
    }

    private async ValueTask<(bool Exists, long Version, IncidentStatus Status)> ReadHeadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string incidentId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, $"SELECT version, status FROM {_quotedSchema}.incident WHERE id = @id FOR UPDATE");
        command.Parameters.AddWithValue("id", incidentId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return (false, 0, IncidentStatus.Detected);
        }

        var text = reader.GetString(1);
        return Enum.TryParse<IncidentStatus>(text, ignoreCase: false, out var status) && Enum.IsDefined(status)
            ? (true, reader.GetInt64(0), status)
            : throw new InvalidDataException($"{Location}: incident '{incidentId}' has an unknown status '{text}'.");
    }

    private async ValueTask<long> ActualVersionAsync(NpgsqlConnection connection, string incidentId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, null,
            $"SELECT greatest(coalesce((SELECT version FROM {_quotedSchema}.incident WHERE id = @id), 0), coalesce((SELECT max(sequence) FROM {_quotedSchema}.incident_event WHERE incident_id = @id), 0))");
        command.Parameters.AddWithValue("id", incidentId);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private static async ValueTask ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    // Every statement is a constant of this class with the schema name, which the options allow only as a plain
    // lower-case identifier; values go in as parameters.
    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql) => new(sql, connection, transaction);

    private static string TypeOf(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("type").GetString() ?? "";
    }
}
