using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace CrisisKit.Tests;

/// <summary>
/// The PostgreSQL server the tests use: the connection string in <c>CRISISKIT_POSTGRES</c> (which <c>eng/postgres.sh
/// start</c> writes to artifacts/postgres.env and <c>.ci/run</c> exports). Where it is absent a test that needs it is
/// skipped with the reason shown, except when <c>CRISISKIT_REQUIRE_DATA</c> or <c>CI</c> is set: then the test fails,
/// so a run that lost its server cannot pass by skipping. Each test works in a schema or database of its own, so test
/// classes run in parallel. Linked into the test projects that need a server.
/// </summary>
internal static class TestPostgres
{
    private static readonly bool Required =
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CRISISKIT_REQUIRE_DATA")) || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

    /// <summary>The server's connection string, or a skip (or, where a server is required, a failure) when none is configured.</summary>
    public static string Require()
    {
        if (Environment.GetEnvironmentVariable("CRISISKIT_POSTGRES") is { Length: > 0 } connectionString)
        {
            return connectionString;
        }

        const string reason = "CRISISKIT_POSTGRES is not set; start a server with `eng/postgres.sh start` and `source artifacts/postgres.env` to run the PostgreSQL tests.";
        if (Required)
        {
            throw new InvalidOperationException(reason + " CRISISKIT_REQUIRE_DATA or CI is set, so its absence is a failure.");
        }

        throw new SkipException(reason);
    }

    /// <summary>A schema name no other test uses (the store creates it).</summary>
    public static string NewSchema() => "t_" + Guid.NewGuid().ToString("N");

    /// <summary>Drops a schema a test used, with everything in it.</summary>
    public static async Task DropSchemaAsync(string schema)
    {
        if (Environment.GetEnvironmentVariable("CRISISKIT_POSTGRES") is not { Length: > 0 } connectionString)
        {
            return;
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Creates an empty database for one test and returns its connection string (for tests that cannot choose a schema, such as the CLI's).</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var connectionString = Require();
        var name = "t_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync(connectionString, $"CREATE DATABASE {name}");
        return new NpgsqlConnectionStringBuilder(connectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database <see cref="CreateDatabaseAsync"/> made, closing its connections first.</summary>
    public static async Task DropDatabaseAsync(string databaseConnectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(databaseConnectionString).Database!;
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(Require(), $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    }

    /// <summary>Runs one statement as the test user.</summary>
    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Runs one query and returns its first column, as the test user.</summary>
    public static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>A loopback port nothing listens on (taken from the system, then released), for an unreachable server.</summary>
    public static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
