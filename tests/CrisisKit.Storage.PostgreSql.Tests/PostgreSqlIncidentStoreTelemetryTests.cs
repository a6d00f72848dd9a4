using System.Diagnostics;
using CrisisKit.Incidents;
using CrisisKit.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CrisisKit.Storage.PostgreSql.Tests;

/// <summary>The PostgreSQL store's logs and activities. Each test has a schema of its own.</summary>
public sealed class PostgreSqlIncidentStoreTelemetryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 3, 14, 0, 0, TimeSpan.Zero);
    private readonly string _schema = TestPostgres.NewSchema();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => TestPostgres.DropSchemaAsync(_schema);

    private static IReadOnlyList<IncidentEvent> Opened() => [new IncidentOpened(T0, "acme", "Acme", "acme-c", T0, null, "spike")];

    [SkippableFact]
    public async Task The_store_from_the_container_logs_its_schema_appends_and_refused_appends()
    {
        var server = TestPostgres.Require();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug));
        services.AddFakeLogging();
        services.AddCrisisKit().UsePostgreSqlIncidentStore(o =>
        {
            o.ConnectionString = server;
            o.Schema = _schema;
        });
        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IIncidentStore>();

        await store.AppendAsync("acme-1", 0, Opened());
        var stale = () => store.AppendAsync("acme-1", 0, Opened()).AsTask();
        await stale.Should().ThrowAsync<IncidentConcurrencyException>();

        var logs = provider.GetFakeLogCollector().GetSnapshot().Where(r => r.Category == typeof(PostgreSqlIncidentStore).FullName).ToList();
        logs.Select(r => (r.Id.Id, r.Level)).Should().Equal((3201, LogLevel.Information), (3001, LogLevel.Debug), (3002, LogLevel.Debug));
        var b = new NpgsqlConnectionStringBuilder(server);
        logs[0].Message.Should().Be($"Incident store PostgreSQL {b.Host}:{b.Port}/{b.Database}, schema {_schema} ready (created, schema version 1)");
        logs[1].Message.Should().Be("PostgreSqlIncidentStore appended 1 events to incident acme-1; version 1");
        logs[2].Message.Should().Be("PostgreSqlIncidentStore refused an append to incident acme-1: the writer expected version 0, the store has 1");
    }

    [SkippableFact]
    public async Task Each_append_is_an_activity_and_a_refused_one_is_marked_as_an_error()
    {
        var server = TestPostgres.Require();
        var stopped = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "CrisisKit",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                lock (stopped)
                {
                    stopped.Add(a);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        await using var store = new PostgreSqlIncidentStore(new PostgreSqlIncidentStoreOptions { ConnectionString = server, Schema = _schema });
        var id = "traced-" + Guid.NewGuid().ToString("N");

        await store.AppendAsync(id, 0, Opened());
        var stale = () => store.AppendAsync(id, 0, Opened()).AsTask();
        await stale.Should().ThrowAsync<IncidentConcurrencyException>();

        List<Activity> mine;
        lock (stopped)
        {
            mine = [.. stopped.Where(a => a.GetTagItem("crisiskit.incident.id") as string == id)];
        }

        mine.Select(a => (a.OperationName, a.Status, a.GetTagItem("crisiskit.store"))).Should().Equal(
            ("crisiskit.store.append", ActivityStatusCode.Unset, "PostgreSqlIncidentStore"),
            ("crisiskit.store.append", ActivityStatusCode.Error, "PostgreSqlIncidentStore"));
    }
}
