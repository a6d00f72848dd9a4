using CrisisKit.Incidents;
using CrisisKit.Severity;
using CrisisKit.Testing;
using CrisisKit.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CrisisKit.Storage.PostgreSql.Tests;

/// <summary>What the PostgreSQL store adds to the contract: its schema, its errors, and many writers on one database. Each test has a schema of its own.</summary>
public sealed class PostgreSqlIncidentStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 3, 14, 0, 0, TimeSpan.Zero);
    private readonly string _schema = TestPostgres.NewSchema();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => TestPostgres.DropSchemaAsync(_schema);

    private static string Server => TestPostgres.Require();

    private PostgreSqlIncidentStore Store(bool readOnly = false) => new(new PostgreSqlIncidentStoreOptions { ConnectionString = Server, Schema = _schema, ReadOnly = readOnly });

    private string Location => new NpgsqlConnectionStringBuilder(Server) is var b ? $"PostgreSQL {b.Host}:{b.Port}/{b.Database}, schema {_schema}" : "";

    private static IReadOnlyList<IncidentEvent> Timeline() => IncidentTimelines.EveryEventKind(T0);

    private static IncidentOpened Opened(string subject) => new(T0, subject, subject, subject + "-c", T0, null, "spike");

    private Task Exec(string sql) => TestPostgres.ExecuteAsync(Server, sql.Replace("{s}", _schema, StringComparison.Ordinal));

    private Task<object?> Scalar(string sql) => TestPostgres.ScalarAsync(Server, sql.Replace("{s}", _schema, StringComparison.Ordinal));

    [SkippableFact]
    public async Task A_full_timeline_round_trips_and_folds_like_in_memory()
    {
        await using var store = Store();
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
        (await store.GetAsync("missing")).Should().BeNull();
        store.Location.Should().Be(Location);
    }

    [SkippableFact]
    public async Task A_schema_named_like_a_keyword_works()
    {
        // "user" and "order" are valid lower-case identifiers and also SQL keywords: the store quotes its schema.
        var keyword = "order";
        await TestPostgres.DropSchemaAsync(keyword);
        try
        {
            await using (var store = new PostgreSqlIncidentStore(new PostgreSqlIncidentStoreOptions { ConnectionString = Server, Schema = keyword }))
            {
                (await store.AppendAsync("inc", 0, Timeline().Take(3).ToList())).Should().Be(3);
            }

            await using var reopened = new PostgreSqlIncidentStore(new PostgreSqlIncidentStoreOptions { ConnectionString = Server, Schema = keyword, ReadOnly = true });
            (await reopened.GetAsync("inc"))!.Timeline.Should().HaveCount(3);
            (await reopened.ListAsync()).Should().Equal("inc");
        }
        finally
        {
            await TestPostgres.DropSchemaAsync(keyword);
        }
    }

    [SkippableFact]
    public async Task The_schema_holds_a_marker_the_incident_row_and_one_row_per_event()
    {
        await using (var store = Store())
        {
            await store.AppendAsync("inc", 0, Timeline().Take(6).ToList());
        }

        (await Scalar("SELECT value FROM {s}.crisiskit_meta WHERE key = 'schema_version'")).Should().Be("1");
        (await Scalar("SELECT value FROM {s}.crisiskit_meta WHERE key = 'schema'")).Should().Be("crisiskit-incidents");
        (await Scalar("SELECT version || ' ' || status || ' ' || to_char(opened_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' ' || to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') FROM {s}.incident WHERE id = 'inc'"))
            .Should().Be("6 Acknowledged 2026-03-03 14:00 2026-03-03 14:07");
        (await Scalar("SELECT string_agg(sequence || ':' || type, ',' ORDER BY sequence) FROM {s}.incident_event"))
            .Should().Be("1:opened,2:severity,3:protocol,4:notified,5:notification-failed,6:status");
        (await Scalar("SELECT json::text FROM {s}.incident_event WHERE sequence = 6")).Should().Be(IncidentEventJson.Serialize(Timeline()[5]));
        (await Scalar("SELECT json ->> 'by' FROM {s}.incident_event WHERE sequence = 6")).Should().Be("maria", "the events are queryable JSON");
    }

    [SkippableFact]
    public async Task Incidents_persist_across_store_instances_and_the_schema_is_created_once()
    {
        var events = Timeline();
        var store = Store();
        await store.AppendAsync("inc", 0, events.Take(6).ToList());
        await store.AppendAsync("other", 0, [Opened("acme")]);
        await store.DisposeAsync();
        var afterDispose = async () => await store.GetAsync("inc");
        await afterDispose.Should().ThrowAsync<ObjectDisposedException>();

        await using (var reopened = Store())
        {
            var incident = (await reopened.GetAsync("inc"))!;
            incident.Version.Should().Be(6);
            incident.Status.Should().Be(IncidentStatus.Acknowledged);
            (await reopened.ListAsync()).Should().Equal("inc", "other");
            (await reopened.AppendAsync("inc", 6, events.Skip(6).ToList())).Should().Be(13);
        }

        await using var third = Store();
        await third.InitializeAsync();
        await third.InitializeAsync();
        (await third.GetAsync("inc"))!.Timeline.Should().BeEquivalentTo(events, o => o.WithStrictOrdering().RespectingRuntimeTypes());
        (await third.ListAsync(openOnly: true)).Should().Equal("other");
        (await Scalar("SELECT count(*) FROM {s}.crisiskit_meta")).Should().Be(2L);
    }

    [SkippableFact]
    public async Task Stores_starting_together_on_a_new_schema_create_it_once_and_all_work()
    {
        // Eight processes' worth of stores, each with its own connections, all starting on a schema nobody made yet.
        var stores = Enumerable.Range(0, 8).Select(_ => Store()).ToList();
        try
        {
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var appends = stores.Select((store, i) => Task.Run(async () =>
            {
                await start.Task;
                await store.AppendAsync($"inc-{i}", 0, [Opened($"brand-{i}")]);
            })).ToList();
            start.SetResult();
            await Task.WhenAll(appends);

            (await stores[0].ListAsync()).Should().BeEquivalentTo(Enumerable.Range(0, 8).Select(i => $"inc-{i}"));
            (await Scalar("SELECT count(*) FROM {s}.crisiskit_meta")).Should().Be(2L);
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    [SkippableFact]
    public async Task Writers_on_several_store_instances_interleave_without_losing_or_repeating_an_event()
    {
        // Four writers, each its own store (own connection pool, as separate processes would have), append 15 notes
        // each to one incident, reloading and retrying whenever another got there first.
        const int Writers = 4, NotesEach = 15;
        await using (var setup = Store())
        {
            await setup.AppendAsync("inc", 0, [Opened("acme")]);
        }

        var stores = Enumerable.Range(0, Writers).Select(_ => Store()).ToList();
        var conflicts = 0;
        try
        {
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var writers = stores.Select((store, writer) => Task.Run(async () =>
            {
                await start.Task;
                for (var note = 0; note < NotesEach; note++)
                {
                    while (true)
                    {
                        var version = (await store.GetAsync("inc"))!.Version;
                        try
                        {
                            await store.AppendAsync("inc", version, [new NoteAdded(T0, $"writer-{writer}", $"note {note}")]);
                            break;
                        }
                        catch (IncidentConcurrencyException ex)
                        {
                            ex.ActualVersion.Should().BeGreaterThan(version);
                            Interlocked.Increment(ref conflicts);
                        }
                    }
                }
            })).ToList();
            start.SetResult();
            await Task.WhenAll(writers);

            var incident = (await stores[0].GetAsync("inc"))!;
            incident.Version.Should().Be(1 + (Writers * NotesEach));
            var notes = incident.Timeline.OfType<NoteAdded>().ToList();
            for (var writer = 0; writer < Writers; writer++)
            {
                notes.Where(n => n.By == $"writer-{writer}").Select(n => n.Text)
                    .Should().Equal(Enumerable.Range(0, NotesEach).Select(i => $"note {i}"), "each writer's notes are all there, once, in its order");
            }

            (await Scalar("SELECT version FROM {s}.incident WHERE id = 'inc'")).Should().Be((long)(1 + (Writers * NotesEach)));
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    [SkippableFact]
    public async Task A_writer_that_bypassed_the_version_check_surfaces_as_a_concurrency_conflict_not_an_overwrite()
    {
        await using var store = Store();
        await store.AppendAsync("inc", 0, Timeline().Take(3).ToList());
        var rogue = IncidentEventJson.Serialize(new NoteAdded(T0, "rogue", "written without the version check"));
        await Exec($"INSERT INTO {{s}}.incident_event (incident_id, sequence, at, type, json) VALUES ('inc', 4, now(), 'note', '{rogue}')");

        var append = async () => await store.AppendAsync("inc", 3, [new NoteAdded(T0, "maria", "mine")]);
        (await append.Should().ThrowAsync<IncidentConcurrencyException>()).Which.ActualVersion.Should().Be(4);

        var incident = (await store.GetAsync("inc"))!;
        incident.Timeline.Should().HaveCount(4);
        incident.Timeline[3].Should().BeOfType<NoteAdded>().Which.By.Should().Be("rogue");
    }

    [SkippableFact]
    public async Task The_timeline_is_append_only_in_the_database_too()
    {
        await using var store = Store();
        await store.AppendAsync("inc", 0, Timeline().Take(3).ToList());

        var update = () => Exec("UPDATE {s}.incident_event SET type = 'x' WHERE sequence = 2");
        (await update.Should().ThrowAsync<PostgresException>()).Which.MessageText.Should().Be("the incident timeline is append-only: update of an event is refused");
        var delete = () => Exec("DELETE FROM {s}.incident_event WHERE sequence = 3");
        (await delete.Should().ThrowAsync<PostgresException>()).Which.MessageText.Should().Be("the incident timeline is append-only: delete of an event is refused");
        var truncate = () => Exec("TRUNCATE {s}.incident_event CASCADE");
        await truncate.Should().ThrowAsync<PostgresException>();

        (await store.GetAsync("inc"))!.Version.Should().Be(3);
    }

    [SkippableFact]
    public async Task A_schema_of_another_application_is_refused_and_left_alone()
    {
        await Exec("CREATE SCHEMA {s}; CREATE TABLE {s}.customers (id int PRIMARY KEY, name text); INSERT INTO {s}.customers VALUES (1, 'acme')");
        await using var store = Store();

        var open = async () => await store.ListAsync();

        await open.Should().ThrowAsync<InvalidDataException>().WithMessage(
            $"{Location} is not a CrisisKit incident store: the schema holds tables that are not CrisisKit's (customers) and no crisiskit_meta marker. Choose another schema (PostgreSqlIncidentStoreOptions.Schema) or database.");
        (await Scalar("SELECT string_agg(table_name, ',') FROM information_schema.tables WHERE table_schema = '{s}'")).Should().Be("customers");
        (await Scalar("SELECT name FROM {s}.customers")).Should().Be("acme");
    }

    [SkippableFact]
    public async Task A_meta_table_of_another_kind_and_a_newer_schema_version_are_refused()
    {
        await Exec("CREATE SCHEMA {s}; CREATE TABLE {s}.crisiskit_meta (key text PRIMARY KEY, value text NOT NULL); INSERT INTO {s}.crisiskit_meta VALUES ('schema', 'something-else')");
        await using (var store = Store())
        {
            var open = async () => await store.InitializeAsync();
            await open.Should().ThrowAsync<InvalidDataException>().WithMessage($"{Location} is not a CrisisKit incident store: its crisiskit_meta table has no 'crisiskit-incidents' schema marker.");
        }

        await TestPostgres.DropSchemaAsync(_schema);
        await using (var store = Store())
        {
            await store.AppendAsync("inc", 0, [Opened("acme")]);
        }

        await Exec("UPDATE {s}.crisiskit_meta SET value = '7' WHERE key = 'schema_version'");
        await using (var store = Store())
        {
            var open = async () => await store.GetAsync("inc");
            await open.Should().ThrowAsync<InvalidDataException>().WithMessage(
                $"{Location} was written by a newer CrisisKit.Storage.PostgreSql (schema version 7; this version reads up to 1). Upgrade the package to open it.");
        }

        await Exec("UPDATE {s}.crisiskit_meta SET value = 'one' WHERE key = 'schema_version'");
        await using (var store = Store())
        {
            var open = async () => await store.GetAsync("inc");
            await open.Should().ThrowAsync<InvalidDataException>().WithMessage($"{Location} is a damaged CrisisKit incident store: its schema version is missing or unreadable ('one').");
        }
    }

    [SkippableFact]
    public async Task Read_only_on_a_missing_schema_creates_nothing_and_says_so()
    {
        await using var store = Store(readOnly: true);

        var open = async () => await store.ListAsync();

        await open.Should().ThrowAsync<InvalidDataException>().WithMessage($"{Location} holds no CrisisKit incident store: there is no schema '{_schema}' (opened read-only, nothing is created).");
        (await Scalar("SELECT count(*) FROM pg_namespace WHERE nspname = '{s}'")).Should().Be(0L);
    }

    [SkippableFact]
    public async Task Read_only_reads_what_was_written_and_refuses_appends_even_through_the_server()
    {
        await using (var writer = Store())
        {
            await writer.AppendAsync("inc", 0, Timeline().Take(3).ToList());
        }

        await using var reader = Store(readOnly: true);
        (await reader.GetAsync("inc"))!.Version.Should().Be(3);
        (await reader.ListAsync()).Should().Equal("inc");
        var append = async () => await reader.AppendAsync("inc", 3, Timeline().Skip(3).Take(1).ToList());
        await append.Should().ThrowAsync<InvalidOperationException>().WithMessage($"{Location} was opened read-only; nothing can be appended.");
        (await Scalar("SELECT count(*) FROM {s}.incident_event")).Should().Be(3L);
    }

    [SkippableFact]
    public async Task A_tampered_event_names_the_incident_and_sequence()
    {
        await using var store = Store();
        await store.AppendAsync("inc", 0, Timeline().Take(4).ToList());
        await Exec("ALTER TABLE {s}.incident_event DISABLE TRIGGER incident_event_is_append_only; UPDATE {s}.incident_event SET json = '{\"type\":\"teleported\",\"at\":\"2026-03-03T14:00:00+00:00\"}' WHERE sequence = 2");

        var read = async () => await store.GetAsync("inc");

        (await read.Should().ThrowAsync<InvalidDataException>().WithMessage($"{Location}: event 2 of incident 'inc' is corrupt: *"))
            .Which.InnerException.Should().BeAssignableTo<Exception>();
    }

    [SkippableFact]
    public async Task A_cancelled_call_throws_and_writes_nothing()
    {
        await using var store = Store();
        await store.AppendAsync("inc", 0, Timeline().Take(3).ToList());
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var append = async () => await store.AppendAsync("inc", 3, Timeline().Skip(3).ToList(), cancelled.Token);
        await append.Should().ThrowAsync<OperationCanceledException>();
        var get = async () => await store.GetAsync("inc", cancelled.Token);
        await get.Should().ThrowAsync<OperationCanceledException>();
        var list = async () => await store.ListAsync(cancellationToken: cancelled.Token);
        await list.Should().ThrowAsync<OperationCanceledException>();

        (await store.GetAsync("inc"))!.Version.Should().Be(3);
    }

    [Fact]
    public async Task An_unreachable_server_is_one_clear_line_naming_host_and_port_and_never_the_password()
    {
        var port = TestPostgres.ClosedPort();
        await using var store = new PostgreSqlIncidentStore($"Host=127.0.0.1;Port={port};Database=crisis;Username=crisiskit;Password=hunter2-secret;Timeout=5");

        var open = async () => await store.ListAsync();

        var error = (await open.Should().ThrowAsync<IOException>()).Which;
        error.Message.Should().Be($"Cannot reach the PostgreSQL server at 127.0.0.1:{port}: Connection refused. Check that it is running and that Host and Port are right.");
        error.InnerException.Should().BeAssignableTo<NpgsqlException>();
        store.Location.Should().Be($"PostgreSQL 127.0.0.1:{port}/crisis, schema crisiskit");

        // A failure is not remembered: the next call tries again (and fails the same way while the server is down).
        var again = async () => await store.AppendAsync("inc", 0, [Opened("acme")]);
        await again.Should().ThrowAsync<IOException>().WithMessage("Cannot reach the PostgreSQL server at *");
    }

    [SkippableFact]
    public async Task A_wrong_password_and_a_missing_database_are_clear_errors()
    {
        var builder = new NpgsqlConnectionStringBuilder(Server);
        await using (var store = new PostgreSqlIncidentStore(new NpgsqlConnectionStringBuilder(Server) { Password = "not-the-password" }.ConnectionString))
        {
            var open = async () => await store.ListAsync();
            var error = (await open.Should().ThrowAsync<IOException>()).Which;
            error.Message.Should().StartWith($"The PostgreSQL server at {builder.Host}:{builder.Port} refused the login of user '{builder.Username}': ").And.NotContain("not-the-password");
        }

        await using (var store = new PostgreSqlIncidentStore(new NpgsqlConnectionStringBuilder(Server) { Database = "no_such_database" }.ConnectionString))
        {
            var open = async () => await store.ListAsync();
            await open.Should().ThrowAsync<IOException>().WithMessage($"The PostgreSQL server at {builder.Host}:{builder.Port} has no database 'no_such_database': create it (createdb) or name another in the connection string.");
        }
    }

    [SkippableFact]
    public async Task A_user_who_may_not_create_the_schema_is_told_what_to_grant()
    {
        var role = _schema + "_user";
        await Exec($"CREATE ROLE {role} LOGIN PASSWORD 'limited'");
        try
        {
            var limited = new NpgsqlConnectionStringBuilder(Server) { Username = role, Password = "limited", Pooling = false }.ConnectionString;
            await using var store = new PostgreSqlIncidentStore(new PostgreSqlIncidentStoreOptions { ConnectionString = limited, Schema = _schema });

            var open = async () => await store.AppendAsync("inc", 0, [Opened("acme")]);

            await open.Should().ThrowAsync<UnauthorizedAccessException>().WithMessage(
                $"{Location}: user '{role}' may not create or use the store's schema: permission denied for database *. Create the schema once as a user that may (CREATE SCHEMA \"{_schema}\" AUTHORIZATION {role}), or grant CREATE on the database.");

            // Done as the message says, the same store works.
            await Exec($"CREATE SCHEMA {{s}} AUTHORIZATION {role}");
            (await store.AppendAsync("inc", 0, [Opened("acme")])).Should().Be(1);
            (await Scalar("SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = '{s}.incident'::regclass")).Should().Be(role);
        }
        finally
        {
            await TestPostgres.DropSchemaAsync(_schema);
            await Exec($"DROP ROLE {role}");
        }
    }

    [Fact]
    public void Invalid_options_are_refused_with_a_message_naming_the_option()
    {
        var cases = new (PostgreSqlIncidentStoreOptions Options, string Message)[]
        {
            (new(), "PostgreSqlIncidentStoreOptions.ConnectionString is required*"),
            (new() { ConnectionString = "  " }, "PostgreSqlIncidentStoreOptions.ConnectionString is required*"),
            (new() { ConnectionString = "Colour=Blue" }, "PostgreSqlIncidentStoreOptions.ConnectionString is not a valid Npgsql connection string: *"),
            (new() { ConnectionString = "Database=crisis;Username=x" }, "PostgreSqlIncidentStoreOptions.ConnectionString names no server (Host=...)."),
            (new() { ConnectionString = "Host=localhost;Port=99999" }, "PostgreSqlIncidentStoreOptions.ConnectionString has Port=99999; a port is from 1 to 65535."),
            (new() { ConnectionString = "Host=localhost", Schema = "Crisis" }, "PostgreSqlIncidentStoreOptions.Schema must be a lower-case identifier*; it is 'Crisis'."),
            (new() { ConnectionString = "Host=localhost", Schema = "x; DROP TABLE y" }, "PostgreSqlIncidentStoreOptions.Schema must be*"),
            (new() { ConnectionString = "Host=localhost", Schema = "pg_crisis" }, "PostgreSqlIncidentStoreOptions.Schema must be*"),
            (new() { ConnectionString = "Host=localhost", Schema = "1crisis" }, "PostgreSqlIncidentStoreOptions.Schema must be*"),
            (new() { ConnectionString = "Host=localhost", Schema = "" }, "PostgreSqlIncidentStoreOptions.Schema must be*"),
        };
        foreach (var (options, message) in cases)
        {
            var open = () => new PostgreSqlIncidentStore(options);
            open.Should().Throw<ArgumentException>().WithMessage(message);
        }

        var fine = () => new PostgreSqlIncidentStore(new PostgreSqlIncidentStoreOptions { ConnectionString = "Host=db.example.com;Database=crisis", Schema = "tenant_42" }).Dispose();
        fine.Should().NotThrow("nothing is sent to the server before the first call");
    }

    [Fact]
    public void The_di_extension_validates_its_options_when_the_host_starts()
    {
        var services = new ServiceCollection();
        services.AddCrisisKit().UsePostgreSqlIncidentStore(o => o.Schema = "Bad Name");
        using var provider = services.BuildServiceProvider();

        var start = () => provider.GetRequiredService<IStartupValidator>().Validate();

        var failures = start.Should().Throw<OptionsValidationException>().Which.Failures;
        failures.Should().Contain(f => f.StartsWith("PostgreSqlIncidentStoreOptions.ConnectionString is required", StringComparison.Ordinal));
        failures.Should().Contain(f => f.StartsWith("PostgreSqlIncidentStoreOptions.Schema must be a lower-case identifier", StringComparison.Ordinal));
        var empty = () => new ServiceCollection().AddCrisisKit().UsePostgreSqlIncidentStore(" ");
        empty.Should().Throw<ArgumentException>();
    }

    [SkippableFact]
    public async Task The_di_extension_replaces_the_store_with_the_postgresql_one()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IIncidentStore, InMemoryIncidentStore>();
        services.AddCrisisKit().UsePostgreSqlIncidentStore(o =>
        {
            o.ConnectionString = Server;
            o.Schema = _schema;
        });
        services.Where(d => d.ServiceType == typeof(IIncidentStore)).Should().ContainSingle();

        await using (var provider = services.BuildServiceProvider())
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
            var store = provider.GetRequiredService<IIncidentStore>();
            store.Should().BeOfType<PostgreSqlIncidentStore>().Which.Location.Should().Be(Location);
            provider.GetRequiredService<IIncidentStore>().Should().BeSameAs(store);
            await store.AppendAsync("inc", 0, [Opened("acme")]);
        }

        await using var reopened = Store();
        (await reopened.ListAsync()).Should().Equal("inc");
    }
}
