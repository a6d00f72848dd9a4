using System.Diagnostics;
using CrisisKit.Incidents;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CrisisKit.Storage.Sqlite.Tests;

public sealed class SqliteIncidentStoreTelemetryTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 3, 14, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "crisiskit-sqlite-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_store_from_the_container_logs_opening_appends_and_refused_appends()
    {
        var path = Path.Combine(_folder, "incidents.db");
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug));
        services.AddFakeLogging();
        services.AddCrisisKit().UseSqliteIncidentStore(path);
        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IIncidentStore>();
        IReadOnlyList<IncidentEvent> opened = [new IncidentOpened(T0, "acme", "Acme", "acme-c", T0, null, "spike")];

        await store.AppendAsync("acme-1", 0, opened);
        var stale = () => store.AppendAsync("acme-1", 0, opened).AsTask();
        await stale.Should().ThrowAsync<IncidentConcurrencyException>();

        var logs = provider.GetFakeLogCollector().GetSnapshot();
        logs.Select(r => (r.Id.Id, r.Level)).Should().Equal((3101, LogLevel.Information), (3001, LogLevel.Debug), (3002, LogLevel.Debug));
        logs[0].Message.Should().Be($"Incident database {Path.GetFullPath(path)} opened (created, schema version 1)");
        logs[1].Message.Should().Be("SqliteIncidentStore appended 1 events to incident acme-1; version 1");
        logs[2].Message.Should().Be("SqliteIncidentStore refused an append to incident acme-1: the writer expected version 0, the store has 1");
    }

    [Fact]
    public async Task Each_append_is_an_activity_and_a_refused_one_is_marked_as_an_error()
    {
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
        using var store = new SqliteIncidentStore(Path.Combine(_folder, "incidents.db"));
        var id = "traced-" + Guid.NewGuid().ToString("N");
        IReadOnlyList<IncidentEvent> opened = [new IncidentOpened(T0, "acme", "Acme", "acme-c", T0, null, "spike")];

        await store.AppendAsync(id, 0, opened);
        var stale = () => store.AppendAsync(id, 0, opened).AsTask();
        await stale.Should().ThrowAsync<IncidentConcurrencyException>();

        List<Activity> mine;
        lock (stopped)
        {
            mine = [.. stopped.Where(a => a.GetTagItem("crisiskit.incident.id") as string == id)];
        }

        mine.Select(a => (a.OperationName, a.Status, a.GetTagItem("crisiskit.store"))).Should().Equal(
            ("crisiskit.store.append", ActivityStatusCode.Unset, "SqliteIncidentStore"),
            ("crisiskit.store.append", ActivityStatusCode.Error, "SqliteIncidentStore"));
    }
}
