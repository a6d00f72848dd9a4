using System.Globalization;
using Npgsql;

namespace CrisisKit.Storage.PostgreSql;

/// <summary>
/// Which PostgreSQL database and schema <see cref="PostgreSqlIncidentStore"/> keeps incidents in. Only
/// <see cref="ConnectionString"/> is required; registered through <c>UsePostgreSqlIncidentStore</c>, the options are
/// checked when the host starts.
/// </summary>
public sealed class PostgreSqlIncidentStoreOptions
{
    /// <summary>The schema the store uses when none is set: <c>crisiskit</c>.</summary>
    public const string DefaultSchema = "crisiskit";

    /// <summary>
    /// The Npgsql connection string of the database, for example
    /// <c>Host=db.example.com;Port=5432;Database=crisis;Username=crisiskit;Password=...</c>. Required. Pooling,
    /// timeouts and TLS settings in it apply as usual.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The PostgreSQL schema that holds the store's tables (created on first use when absent). Default
    /// <c>crisiskit</c>, so the tables never mix with an application's own. A lower-case identifier: letters, digits
    /// and underscores, not starting with a digit or <c>pg_</c>, at most 63 characters. Several stores (for example one
    /// per tenant or per test) can share a database, each in its own schema.
    /// </summary>
    public string Schema { get; set; } = DefaultSchema;

    /// <summary>
    /// Open an existing store for reading only: nothing is created or written (not even the schema), every connection
    /// runs its transactions read-only, and appends throw <see cref="InvalidOperationException"/>. For tools that only
    /// look, such as <c>crisiskit report</c>. Default <see langword="false"/>.
    /// </summary>
    public bool ReadOnly { get; set; }

    /// <summary>Every problem with the options, one message each naming the option; empty when they are valid.</summary>
    internal IReadOnlyList<string> Check()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            errors.Add("PostgreSqlIncidentStoreOptions.ConnectionString is required: the PostgreSQL database to keep incidents in (Host=...;Port=...;Database=...;Username=...;Password=...).");
        }
        else
        {
            try
            {
                var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
                if (string.IsNullOrWhiteSpace(builder.Host))
                {
                    errors.Add("PostgreSqlIncidentStoreOptions.ConnectionString names no server (Host=...).");
                }

                if (builder.Port is < 1 or > 65535)
                {
                    errors.Add(string.Create(CultureInfo.InvariantCulture, $"PostgreSqlIncidentStoreOptions.ConnectionString has Port={builder.Port}; a port is from 1 to 65535."));
                }
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or KeyNotFoundException)
            {
                errors.Add($"PostgreSqlIncidentStoreOptions.ConnectionString is not a valid Npgsql connection string: {ex.Message}");
            }
        }

        if (!IsIdentifier(Schema))
        {
            errors.Add($"PostgreSqlIncidentStoreOptions.Schema must be a lower-case identifier (letters a-z, digits and _, not starting with a digit or pg_, at most 63 characters); it is '{Schema}'.");
        }

        return errors;
    }

    /// <summary>Checks the options and parses the connection string.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    internal NpgsqlConnectionStringBuilder Resolve()
    {
        var errors = Check();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors));
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString);
    }

    /// <summary>Where the options point, for messages: <c>host:port/database, schema name</c> (never the password).</summary>
    internal static string Describe(NpgsqlConnectionStringBuilder builder, string schema) =>
        string.Create(CultureInfo.InvariantCulture, $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database ?? builder.Username ?? "(default database)"}, schema {schema}");

    private static bool IsIdentifier(string? name) =>
        !string.IsNullOrEmpty(name)
        && name.Length <= 63
        && name[0] is (>= 'a' and <= 'z') or '_'
        && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_')
        && !name.StartsWith("pg_", StringComparison.Ordinal);
}
