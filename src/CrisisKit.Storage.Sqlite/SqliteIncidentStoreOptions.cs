using Microsoft.Data.Sqlite;

namespace CrisisKit.Storage.Sqlite;

/// <summary>Where <see cref="SqliteIncidentStore"/> keeps its database, and how long it waits for another writer. Set either <see cref="FilePath"/> or <see cref="ConnectionString"/>.</summary>
public sealed class SqliteIncidentStoreOptions
{
    /// <summary>The database file, created (with its folder) if absent. Relative paths are resolved against the current directory once, when the store opens.</summary>
    public string? FilePath { get; set; }

    /// <summary>
    /// A Microsoft.Data.Sqlite connection string naming a database file (<c>Data Source=...</c>), for settings a path
    /// cannot carry (a read-write mode, pooling). In-memory databases are refused: each connection would see its own.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>How long an append waits for another writer (another store or process on the same file) to finish before it fails. Default 30 seconds; from zero to 10 minutes.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Open an existing database for reading only: nothing is created or written (not even the schema of an empty
    /// file), and appends throw <see cref="InvalidOperationException"/>. For tools that only look, such as
    /// <c>crisiskit report</c>. Default <see langword="false"/>.
    /// </summary>
    public bool ReadOnly { get; set; }

    /// <summary>The connection string the store uses, and the database file's full path (for messages).</summary>
    /// <exception cref="ArgumentException">The options are invalid: neither or both of a path and a connection string, an in-memory database, or a busy timeout out of range.</exception>
    internal (string ConnectionString, string Path) Resolve()
    {
        var hasPath = !string.IsNullOrWhiteSpace(FilePath);
        var hasConnectionString = !string.IsNullOrWhiteSpace(ConnectionString);
        if (hasPath == hasConnectionString)
        {
            throw new ArgumentException(hasPath
                ? "Set either SqliteIncidentStoreOptions.FilePath or ConnectionString, not both."
                : "Set SqliteIncidentStoreOptions.FilePath (or ConnectionString) to the incident database file.");
        }

        if (BusyTimeout < TimeSpan.Zero || BusyTimeout > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentException($"SqliteIncidentStoreOptions.BusyTimeout must be from zero to 10 minutes (it is {BusyTimeout}).");
        }

        SqliteConnectionStringBuilder builder;
        if (hasPath)
        {
            builder = new SqliteConnectionStringBuilder { DataSource = FilePath, Mode = ReadOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate };
        }
        else
        {
            try
            {
                builder = new SqliteConnectionStringBuilder(ConnectionString);
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException)
            {
                throw new ArgumentException($"SqliteIncidentStoreOptions.ConnectionString is not a valid SQLite connection string: {ex.Message}", ex);
            }

            if (string.IsNullOrWhiteSpace(builder.DataSource))
            {
                throw new ArgumentException("SqliteIncidentStoreOptions.ConnectionString names no database file (Data Source=...).");
            }
        }

        var dataSource = builder.DataSource ?? "";
        if (builder.Mode == SqliteOpenMode.Memory || dataSource == ":memory:")
        {
            throw new ArgumentException("An in-memory SQLite database is gone when its connection closes; use InMemoryIncidentStore instead, or name a database file.");
        }

        if (dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("Give the database as a file path, not a file: URI.");
        }

        if (ReadOnly)
        {
            builder.Mode = SqliteOpenMode.ReadOnly;
        }

        builder.DataSource = Path.GetFullPath(dataSource);
        builder.DefaultTimeout = Math.Max(1, (int)Math.Ceiling(BusyTimeout.TotalSeconds));
        return (builder.ToString(), builder.DataSource);
    }
}
