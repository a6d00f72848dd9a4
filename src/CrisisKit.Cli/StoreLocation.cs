using System.Text.RegularExpressions;
using CrisisKit.Storage.PostgreSql;

namespace CrisisKit.Cli;

/// <summary>
/// What <c>--store</c> names: a SQLite file (a path) or a PostgreSQL database (a connection string with a
/// <c>Host=</c> or <c>Server=</c> key, such as <c>Host=db;Port=5432;Database=crisis;Username=...;Password=...</c>).
/// </summary>
internal static partial class StoreLocation
{
    /// <summary>Whether <paramref name="store"/> is a PostgreSQL connection string rather than a SQLite path.</summary>
    public static bool IsPostgreSql(string store) => HostKey().IsMatch(store);

    /// <summary>The SQLite store's file; a folder given instead is refused as one <c>--store:</c> line.</summary>
    public static FileInfo SqliteFile(string path)
    {
        var file = new FileInfo(path);
        if (Directory.Exists(file.FullName))
        {
            throw new CommandException($"--store: '{file.FullName}' is a folder; give a SQLite database file or a PostgreSQL connection string (Host=...).");
        }

        return file;
    }

    /// <summary>The PostgreSQL store's options, checked; a problem becomes one <c>--store:</c> line.</summary>
    public static PostgreSqlIncidentStoreOptions PostgreSql(string connectionString, bool readOnly)
    {
        var options = new PostgreSqlIncidentStoreOptions { ConnectionString = connectionString, ReadOnly = readOnly };
        if (options.Check() is [var first, ..])
        {
            throw new CommandException("--store: " + first);
        }

        return options;
    }

    [GeneratedRegex(@"(?:^|;)\s*(?:host|server)\s*=", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HostKey();
}
