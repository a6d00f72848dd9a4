using CrisisKit.Categories;
using CrisisKit.Incidents;
using CrisisKit.Severity;
using CrisisKit.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisKit.Storage.Sqlite.Tests;

public sealed class SqliteIncidentStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 3, 14, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "crisiskit-sqlite-" + Guid.NewGuid().ToString("N"));

    private string DbPath => Path.Combine(_folder, "incidents.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static IReadOnlyList<IncidentEvent> Timeline() => IncidentTimelines.EveryEventKind(T0);

    private static IncidentOpened Opened(string subject) => new(T0, subject, subject, subject + "-c", T0, null, "spike");

    private SqliteConnection Raw()
    {
        var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        connection.Open();
        return connection;
    }

    private static void Exec(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [Fact]
    public async Task A_full_timeline_round_trips_and_folds_like_in_memory()
    {
        await using var store = new SqliteIncidentStore(DbPath);
        var events = Timeline();
        (await store.AppendAsync("inc", 0, events.Take(3).ToList())).Should().Be(3);
        (await store.AppendAsync("inc", 3, events.Skip(3).Take(2).ToList())).Should().Be(5);
        (await store.AppendAsync("inc", 5, events.Skip(5).ToList())).Should().Be(13);

        var incident = (await store.GetAsync("inc"))!;
        incident.Timeline.Should().BeEquivalentTo(events, o => o.WithStrictOrdering().RespectingRuntimeTypes());
        incident.Version.Should().Be(13);
        incident.Status.Should().Be(IncidentStatus.Resolved);
        incident.Severity.Should().Be(SeverityLevel.High);
        incident.Acknowledged.Should().Be((T0.AddMinutes(7), "maria"));
        incident.SentNotifications.Should().BeEquivalentTo(["inc/data-breach/0/0/maria/webhook"]);
        (await store.GetAsync("missing")).Should().BeNull();
        store.DatabasePath.Should().Be(DbPath);
    }

    [Fact]
    public async Task The_schema_holds_a_marker_the_incident_row_and_one_row_per_event()
    {
        await using (var store = new SqliteIncidentStore(DbPath))
        {
            await store.AppendAsync("inc", 0, Timeline().Take(6).ToList());
        }

        using var raw = Raw();
        using var command = raw.CreateCommand();
        command.CommandText = "SELECT (SELECT value FROM crisiskit_meta WHERE key = 'schema_version'), (SELECT version || ' ' || status || ' ' || opened_at || ' ' || updated_at FROM incident WHERE id = 'inc'), (SELECT group_concat(sequence || ':' || type, ',') FROM (SELECT * FROM incident_event ORDER BY sequence)), (SELECT json FROM incident_event WHERE sequence = 6), (SELECT journal_mode FROM pragma_journal_mode)";
        using var reader = command.ExecuteReader();
        reader.Read().Should().BeTrue();
        reader.GetString(0).Should().Be("1");
        reader.GetString(1).Should().Be("6 Acknowledged 2026-03-03T14:00:00.0000000Z 2026-03-03T14:07:00.0000000Z");
        reader.GetString(2).Should().Be("1:opened,2:severity,3:protocol,4:notified,5:notification-failed,6:status");
        reader.GetString(3).Should().Be(IncidentEventJson.Serialize(Timeline()[5]));
        reader.GetString(4).Should().Be("wal");
    }

    [Fact]
    public async Task Incidents_persist_across_store_instances()
    {
        var events = Timeline();
        var store = new SqliteIncidentStore(new SqliteIncidentStoreOptions { FilePath = DbPath });
        await store.AppendAsync("inc", 0, events.Take(6).ToList());
        await store.AppendAsync("other", 0, [Opened("acme")]);
        store.Dispose();
        var afterDispose = async () => await store.GetAsync("inc");
        await afterDispose.Should().ThrowAsync<ObjectDisposedException>();

        await using (var reopened = new SqliteIncidentStore(DbPath))
        {
            var incident = (await reopened.GetAsync("inc"))!;
            incident.Version.Should().Be(6);
            incident.Status.Should().Be(IncidentStatus.Acknowledged);
            (await reopened.ListAsync()).Should().Equal("inc", "other");
            (await reopened.AppendAsync("inc", 6, events.Skip(6).ToList())).Should().Be(13);
        }

        await using var third = new SqliteIncidentStore(new SqliteIncidentStoreOptions { ConnectionString = $"Data Source={DbPath}" });
        (await third.GetAsync("inc"))!.Timeline.Should().BeEquivalentTo(events, o => o.WithStrictOrdering().RespectingRuntimeTypes());
        (await third.ListAsync(openOnly: true)).Should().Equal("other");
    }

    [Fact]
    public async Task A_stale_writer_gets_a_concurrency_exception_and_nothing_is_written()
    {
        await using var store = new SqliteIncidentStore(DbPath);
        var events = Timeline();
        await store.AppendAsync("inc", 0, events.Take(3).ToList());
        await store.AppendAsync("inc", 3, events.Skip(3).Take(2).ToList());

        var stale = async () => await store.AppendAsync("inc", 3, [events[5]]);
        (await stale.Should().ThrowAsync<IncidentConcurrencyException>().WithMessage("Incident 'inc' has 5 events but the writer expected 3*"))
            .Which.ActualVersion.Should().Be(5);

        var ahead = async () => await store.AppendAsync("inc", 9, [events[5]]);
        await ahead.Should().ThrowAsync<IncidentConcurrencyException>();

        var duplicate = async () => await store.AppendAsync("inc", 0, events.Take(1).ToList());
        (await duplicate.Should().ThrowAsync<IncidentConcurrencyException>()).Which.ActualVersion.Should().Be(5);

        var unknown = async () => await store.AppendAsync("nobody", 2, [events[5]]);
        (await unknown.Should().ThrowAsync<IncidentConcurrencyException>()).Which.ActualVersion.Should().Be(0);

        var headless = async () => await store.AppendAsync("other", 0, [events[1]]);
        await headless.Should().ThrowAsync<ArgumentException>().WithMessage("*must start with IncidentOpened*");
        var empty = async () => await store.AppendAsync("other", 0, []);
        await empty.Should().ThrowAsync<ArgumentException>();
        var negative = async () => await store.AppendAsync("other", -1, [events[0]]);
        await negative.Should().ThrowAsync<ArgumentOutOfRangeException>();

        (await store.GetAsync("inc"))!.Version.Should().Be(5);
        (await store.ListAsync()).Should().Equal("inc");
    }

    [Fact]
    public async Task Two_stores_on_one_file_racing_at_the_same_version_have_exactly_one_winner()
    {
        await using var a = new SqliteIncidentStore(DbPath);
        await using var b = new SqliteIncidentStore(DbPath);
        var stores = new[] { a, b };

        for (var round = 0; round < 10; round++)
        {
            // Both create the same incident...
            var id = $"inc-{round}";
            var created = await Race(stores, s => s.AppendAsync(id, 0, [Opened(id)]).AsTask());
            created.Should().Be(1);

            // ...then both append at version 1, 2, 3.
            for (var version = 1L; version <= 3; version++)
            {
                var v = version;
                (await Race(stores, s => s.AppendAsync(id, v, [new NoteAdded(T0, s == a ? "a" : "b", $"note {v}")]).AsTask())).Should().Be(1);
            }

            var incident = (await a.GetAsync(id))!;
            incident.Version.Should().Be(4);
            (await b.GetAsync(id))!.Timeline.Should().BeEquivalentTo(incident.Timeline, o => o.WithStrictOrdering().RespectingRuntimeTypes());
        }
    }

    private static async Task<int> Race(SqliteIncidentStore[] stores, Func<SqliteIncidentStore, Task<long>> append)
    {
        using var start = new Barrier(stores.Length);
        var tasks = stores.Select(s => Task.Run(async () =>
        {
            start.SignalAndWait();
            try
            {
                await append(s);
                return true;
            }
            catch (IncidentConcurrencyException)
            {
                return false;
            }
        })).ToList();
        var results = await Task.WhenAll(tasks);
        return results.Count(won => won);
    }

    [Fact]
    public async Task A_writer_that_bypassed_the_version_check_surfaces_as_a_concurrency_conflict_not_an_overwrite()
    {
        await using var store = new SqliteIncidentStore(DbPath);
        await store.AppendAsync("inc", 0, Timeline().Take(3).ToList());
        var rogue = IncidentEventJson.Serialize(new NoteAdded(T0, "rogue", "written without the version check"));
        using (var raw = Raw())
        {
            Exec(raw, $"INSERT INTO incident_event (incident_id, sequence, at, type, json) VALUES ('inc', 4, 'x', 'note', '{rogue}')");
        }

        var append = async () => await store.AppendAsync("inc", 3, [new NoteAdded(T0, "maria", "mine")]);
        (await append.Should().ThrowAsync<IncidentConcurrencyException>()).Which.ActualVersion.Should().Be(4);

        var incident = (await store.GetAsync("inc"))!;
        incident.Timeline.Should().HaveCount(4);
        incident.Timeline[3].Should().BeOfType<NoteAdded>().Which.By.Should().Be("rogue");
    }

    [Fact]
    public async Task ListAsync_lists_oldest_first_and_filters_open_ones_by_the_stored_status()
    {
        await using var store = new SqliteIncidentStore(DbPath);
        await store.AppendAsync("resolved", 0, Timeline());
        await store.AppendAsync("open", 0, [Opened("a"), new StatusChanged(T0, IncidentStatus.Detected, IncidentStatus.Acknowledged, "maria", null)]);
        await store.AppendAsync("dismissed", 0, [Opened("b")]);
        await store.AppendAsync("dismissed", 1, [new StatusChanged(T0, IncidentStatus.Detected, IncidentStatus.Dismissed, "maria", "false alarm")]);
        await store.AppendAsync("fresh", 0, [Opened("c")]);

        (await store.ListAsync()).Should().Equal("resolved", "open", "dismissed", "fresh");
        (await store.ListAsync(openOnly: true)).Should().Equal("open", "fresh");

        // A resolved incident that flares up again is open again; a later note keeps the status.
        await store.AppendAsync("resolved", 13, [new StatusChanged(T0.AddHours(6), IncidentStatus.Resolved, IncidentStatus.Responding, "maria", "it is back"), new NoteAdded(T0.AddHours(6), "maria", "again")]);
        (await store.ListAsync(openOnly: true)).Should().Equal("resolved", "open", "fresh");

        var inMemory = new InMemoryIncidentStore();
        foreach (var id in await store.ListAsync())
        {
            await inMemory.AppendAsync(id, 0, (await store.GetAsync(id))!.Timeline);
        }

        (await inMemory.ListAsync(openOnly: true)).Should().Equal(await store.ListAsync(openOnly: true));
    }

    [Fact]
    public void A_file_that_is_not_sqlite_is_refused_clearly()
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(DbPath, "incident,status\ninc-1,open\n" + new string('x', 4096));

        var open = () => new SqliteIncidentStore(DbPath);
        open.Should().Throw<InvalidDataException>().WithMessage($"'{DbPath}' is not a CrisisKit incident database: *");
        File.ReadAllText(DbPath).Should().StartWith("incident,status");
    }

    [Fact]
    public void A_foreign_sqlite_database_is_refused_and_left_alone()
    {
        Directory.CreateDirectory(_folder);
        using (var raw = Raw())
        {
            Exec(raw, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES ('acme');");
        }

        var open = () => new SqliteIncidentStore(DbPath);
        open.Should().Throw<InvalidDataException>().WithMessage($"'{DbPath}' is not a CrisisKit incident database: it is a foreign SQLite database (tables customers)*");

        using var check = Raw();
        using var command = check.CreateCommand();
        command.CommandText = "SELECT group_concat(name) FROM sqlite_master WHERE type = 'table'";
        command.ExecuteScalar().Should().Be("customers");
    }

    [Fact]
    public void Read_only_on_an_empty_file_writes_nothing_and_says_what_it_is()
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllBytes(DbPath, []);

        var open = () => new SqliteIncidentStore(new SqliteIncidentStoreOptions { FilePath = DbPath, ReadOnly = true });

        open.Should().Throw<InvalidDataException>().WithMessage($"'{DbPath}' is not a CrisisKit incident database: it is empty (it holds no tables).");
        SqliteConnection.ClearAllPools();
        new FileInfo(DbPath).Length.Should().Be(0);
        Directory.GetFiles(_folder).Should().Equal(DbPath);
    }

    [Fact]
    public async Task Read_only_reads_what_was_written_and_refuses_appends()
    {
        await using (var writer = new SqliteIncidentStore(DbPath))
        {
            await writer.AppendAsync("inc", 0, Timeline().Take(3).ToList());
        }

        await using var reader = new SqliteIncidentStore(new SqliteIncidentStoreOptions { FilePath = DbPath, ReadOnly = true });
        (await reader.GetAsync("inc"))!.Version.Should().Be(3);
        (await reader.ListAsync()).Should().Equal("inc");
        var append = async () => await reader.AppendAsync("inc", 3, Timeline().Skip(3).Take(1).ToList());
        await append.Should().ThrowAsync<InvalidOperationException>().WithMessage($"'{DbPath}' was opened read-only; nothing can be appended.");
    }

    [Fact]
    public void A_missing_file_opened_read_only_is_not_created()
    {
        var open = () => new SqliteIncidentStore(new SqliteIncidentStoreOptions { FilePath = DbPath, ReadOnly = true });

        open.Should().Throw<FileNotFoundException>();
        File.Exists(DbPath).Should().BeFalse();
    }

    [Fact]
    public void A_database_locked_by_another_connection_is_a_clear_error_after_the_busy_timeout_not_a_hang()
    {
        new SqliteIncidentStore(DbPath).Dispose();
        SqliteConnection.ClearAllPools();
        using var other = Raw();
        Exec(other, "PRAGMA journal_mode=DELETE; BEGIN EXCLUSIVE");

        var started = TimeProvider.System.GetTimestamp();
        var open = () => new SqliteIncidentStore(new SqliteIncidentStoreOptions { FilePath = DbPath, BusyTimeout = TimeSpan.FromSeconds(1) });

        open.Should().Throw<IOException>().WithMessage($"'{DbPath}' is locked by another process or connection (waited 1 s); try again when it has finished, or use another file.");
        TimeProvider.System.GetElapsedTime(started).Should().BeLessThan(TimeSpan.FromSeconds(10));
        Exec(other, "ROLLBACK");
    }

    [Fact]
    public void A_database_of_a_newer_schema_version_is_refused()
    {
        new SqliteIncidentStore(DbPath).Dispose();
        SqliteConnection.ClearAllPools();
        using (var raw = Raw())
        {
            Exec(raw, "UPDATE crisiskit_meta SET value = '7' WHERE key = 'schema_version'");
        }

        var open = () => new SqliteIncidentStore(DbPath);
        open.Should().Throw<InvalidDataException>().WithMessage("*newer CrisisKit.Storage.Sqlite (schema version 7; this version reads up to 1)*");
    }

    [Fact]
    public async Task A_tampered_event_names_the_incident_and_sequence()
    {
        await using var store = new SqliteIncidentStore(DbPath);
        await store.AppendAsync("inc", 0, Timeline().Take(4).ToList());
        using (var raw = Raw())
        {
            Exec(raw, "UPDATE incident_event SET json = '{\"type\":\"severity\",\"to\":' WHERE incident_id = 'inc' AND sequence = 2");
        }

        var read = async () => await store.GetAsync("inc");
        (await read.Should().ThrowAsync<InvalidDataException>().WithMessage($"'{DbPath}': event 2 of incident 'inc' is corrupt: *"))
            .Which.InnerException.Should().BeOfType<System.Text.Json.JsonException>();

        using (var raw = Raw())
        {
            Exec(raw, "UPDATE incident_event SET json = '{\"type\":\"teleported\",\"at\":\"2026-03-03T14:00:00+00:00\"}' WHERE incident_id = 'inc' AND sequence = 2");
        }

        await read.Should().ThrowAsync<InvalidDataException>().WithMessage("*event 2 of incident 'inc' is corrupt*");
    }

    [Fact]
    public async Task A_cancelled_call_throws_and_writes_nothing()
    {
        await using var store = new SqliteIncidentStore(DbPath);
        await store.AppendAsync("inc", 0, Timeline().Take(3).ToList());
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var append = async () => await store.AppendAsync("inc", 3, Timeline().Skip(3).ToList(), cancelled.Token);
        await append.Should().ThrowAsync<OperationCanceledException>();
        var create = async () => await store.AppendAsync("new", 0, [Opened("x")], cancelled.Token);
        await create.Should().ThrowAsync<OperationCanceledException>();
        var get = async () => await store.GetAsync("inc", cancelled.Token);
        await get.Should().ThrowAsync<OperationCanceledException>();
        var list = async () => await store.ListAsync(cancellationToken: cancelled.Token);
        await list.Should().ThrowAsync<OperationCanceledException>();

        (await store.GetAsync("inc"))!.Version.Should().Be(3);
        (await store.ListAsync()).Should().Equal("inc");
    }

    [Fact]
    public void Invalid_options_are_refused()
    {
        var cases = new[]
        {
            new SqliteIncidentStoreOptions(),
            new SqliteIncidentStoreOptions { FilePath = "  " },
            new SqliteIncidentStoreOptions { FilePath = DbPath, ConnectionString = $"Data Source={DbPath}" },
            new SqliteIncidentStoreOptions { ConnectionString = "Data Source=:memory:" },
            new SqliteIncidentStoreOptions { ConnectionString = "Data Source=x.db;Mode=Memory" },
            new SqliteIncidentStoreOptions { ConnectionString = "Cache=Shared" },
            new SqliteIncidentStoreOptions { ConnectionString = "Colour=Blue" },
            new SqliteIncidentStoreOptions { FilePath = DbPath, BusyTimeout = TimeSpan.FromSeconds(-1) },
        };
        foreach (var options in cases)
        {
            var open = () => new SqliteIncidentStore(options);
            open.Should().Throw<ArgumentException>();
        }

        Directory.Exists(_folder).Should().BeFalse("no invalid option created anything");
    }

    [Fact]
    public async Task The_di_extension_replaces_the_store_with_the_sqlite_one()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IIncidentStore, InMemoryIncidentStore>();
        services.AddCrisisKit().UseSqliteIncidentStore(DbPath);
        services.Where(d => d.ServiceType == typeof(IIncidentStore)).Should().ContainSingle();

        await using (var provider = services.BuildServiceProvider())
        {
            var store = provider.GetRequiredService<IIncidentStore>();
            store.Should().BeOfType<SqliteIncidentStore>().Which.DatabasePath.Should().Be(DbPath);
            provider.GetRequiredService<IIncidentStore>().Should().BeSameAs(store);
            await store.AppendAsync("inc", 0, [Opened("acme")]);
        }

        await using var reopened = new SqliteIncidentStore(DbPath);
        (await reopened.ListAsync()).Should().Equal("inc");

        var invalid = () => new ServiceCollection().AddCrisisKit().UseSqliteIncidentStore(new SqliteIncidentStoreOptions());
        invalid.Should().Throw<ArgumentException>();
    }
}

/// <summary>The SQLite store passes the contract every incident store must, with a second store on the same file for the race.</summary>
public sealed class SqliteIncidentStoreContractTests : IncidentStoreContractTests, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "crisiskit-sqlite-contract-" + Guid.NewGuid().ToString("N"));

    protected override ValueTask<IIncidentStore> CreateStoreAsync() =>
        ValueTask.FromResult<IIncidentStore>(new SqliteIncidentStore(Path.Combine(_folder, "incidents.db")));

    protected override ValueTask<IIncidentStore> OpenSecondStoreAsync(IIncidentStore store) =>
        ValueTask.FromResult<IIncidentStore>(new SqliteIncidentStore(((SqliteIncidentStore)store).DatabasePath));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
