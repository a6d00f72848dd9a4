using System.Text.Json;
using CrisisKit.Ingestion;
using CrisisKit.Simulation;
using CrisisKit.Tests;

namespace CrisisKit.Cli.Tests;

/// <summary><c>replay --store</c> and <c>report --store</c> with a PostgreSQL connection string, each test on a database of its own.</summary>
public sealed class PostgreSqlStoreCommandTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("crisiskit-pg-cli-").FullName;
    private string? _database;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        if (_database is not null)
        {
            await TestPostgres.DropDatabaseAsync(_database);
        }
    }

    private async Task<string> DatabaseAsync() => _database = await TestPostgres.CreateDatabaseAsync();

    private async Task<(string Mentions, string Subjects)> ScenarioFilesAsync()
    {
        var mentions = Path.Combine(_directory, "mentions.jsonl");
        await using (var file = File.Create(mentions))
        await using (var writer = new JsonLinesMentionWriter(file))
        {
            foreach (var mention in new ScenarioSimulator(Scenarios.AdBacklash, 2).Generate())
            {
                writer.Write(mention);
            }
        }

        var subjects = Path.Combine(_directory, "subjects.json");
        await File.WriteAllTextAsync(subjects, """[{ "id": "veltro", "name": "Veltro", "keywords": ["veltro", "veltro mobile"], "handles": ["@VeltroCare"], "hashtags": ["#Veltro"] }]""");
        return (mentions, subjects);
    }

    [SkippableFact]
    public async Task A_replay_keeps_its_incidents_in_postgresql_and_report_renders_one_from_there()
    {
        var database = await DatabaseAsync();
        var (mentions, subjects) = await ScenarioFilesAsync();

        var (exit, output, error) = Cli.Run("replay", "--mentions", mentions, "--subjects", subjects, "--protocols", RepositoryPaths.SampleProtocols, "--report", Path.Combine(_directory, "replay"), "--store", database, "--ack-after", "15m", "--json");

        exit.Should().Be(0, error);
        using var json = JsonDocument.Parse(output);
        var incident = json.RootElement.GetProperty("incidents").EnumerateArray().First();
        var id = incident.GetProperty("id").GetString()!;
        incident.GetProperty("minutesToAcknowledge").GetDouble().Should().Be(15);
        (await TestPostgres.ScalarAsync(database, $"SELECT version FROM crisiskit.incident WHERE id = '{id}'")).Should().BeOfType<long>().Which.Should().BeGreaterThan(3);

        var events = await TestPostgres.ScalarAsync(database, "SELECT count(*) FROM crisiskit.incident_event");
        var again = Cli.Run("report", "--incident", id, "--store", database, "--report", Path.Combine(_directory, "again"), "--protocols", RepositoryPaths.SampleProtocols, "--json");

        again.Exit.Should().Be(0, again.Error);
        again.Error.Should().BeEmpty();
        using var rendered = JsonDocument.Parse(again.Out);
        rendered.RootElement.GetProperty("id").GetString().Should().Be(id);
        File.ReadAllText(rendered.RootElement.GetProperty("report").GetString()!).Should().Contain("Veltro");
        (await TestPostgres.ScalarAsync(database, "SELECT count(*) FROM crisiskit.incident_event")).Should().Be(events, "report only reads");

        var missing = Cli.Run("report", "--incident", "nobody", "--store", database);
        missing.Exit.Should().Be(2);
        missing.Error.Should().MatchRegex(@"^crisiskit: --incident: there is no incident 'nobody' in PostgreSQL 127\.0\.0\.1:\d+/t_[0-9a-f]+, schema crisiskit\.\n$");
    }

    [SkippableFact]
    public async Task Report_on_a_database_without_a_store_creates_nothing_and_says_so_in_one_line()
    {
        var database = await DatabaseAsync();

        var (exit, output, error) = Cli.Run("report", "--incident", "x", "--store", database);

        exit.Should().Be(2);
        output.Should().BeEmpty();
        error.Should().MatchRegex(@"^crisiskit: --store: PostgreSQL 127\.0\.0\.1:\d+/t_[0-9a-f]+, schema crisiskit holds no CrisisKit incident store: there is no schema 'crisiskit' \(opened read-only, nothing is created\)\.\n$");
        (await TestPostgres.ScalarAsync(database, "SELECT count(*) FROM pg_namespace WHERE nspname = 'crisiskit'")).Should().Be(0L);
    }

    [Fact]
    public async Task An_unreachable_server_is_one_line_naming_host_and_port_with_exit_code_2()
    {
        var port = TestPostgres.ClosedPort();
        var store = $"Host=127.0.0.1;Port={port};Database=crisis;Username=crisiskit;Password=hunter2-secret";
        var (mentions, subjects) = await ScenarioFilesAsync();
        var expected = $"crisiskit: --store: Cannot reach the PostgreSQL server at 127.0.0.1:{port}: Connection refused. Check that it is running and that Host and Port are right.\n";

        var replay = Cli.Run("replay", "--mentions", mentions, "--subjects", subjects, "--protocols", RepositoryPaths.SampleProtocols, "--report", _directory, "--store", store);
        var report = Cli.Run("report", "--incident", "x", "--store", store);

        foreach (var (exit, output, error) in new[] { replay, report })
        {
            exit.Should().Be(2);
            output.Should().BeEmpty();
            error.Should().Be(expected).And.NotContain("hunter2").And.NotContain("Exception");
        }
    }

    [Fact]
    public void A_connection_string_the_store_cannot_use_is_one_line()
    {
        var (exit, _, error) = Cli.Run("report", "--incident", "x", "--store", "Host=127.0.0.1;Colour=blue");

        exit.Should().Be(2);
        error.Should().StartWith("crisiskit: --store: PostgreSqlIncidentStoreOptions.ConnectionString is not a valid Npgsql connection string: ");
        error.TrimEnd().Split('\n').Should().ContainSingle();
    }
}
