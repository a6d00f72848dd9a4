using CrisisKit.Incidents;
using Xunit;

namespace CrisisKit.Testing;

/// <summary>
/// The behaviour every <see cref="IIncidentStore"/> must have: an append-only timeline per incident, optimistic
/// concurrency on the event count, exactly one winner when writers race, cancellation that writes nothing, and a
/// listing oldest first. Derive a test class, return a fresh, empty store from <see cref="CreateStoreAsync"/>, and
/// xUnit runs every check against it. A store that needs a server may throw <c>Xunit.SkipException</c> from
/// <see cref="CreateStoreAsync"/> (<c>Skip.If(...)</c>) where none is configured: the checks are then reported as skipped
/// with its reason.
/// </summary>
public abstract class IncidentStoreContractTests
{
    /// <summary>The time the sample incidents open at.</summary>
    protected static readonly DateTimeOffset T0 = new(2026, 3, 3, 14, 0, 0, TimeSpan.Zero);

    /// <summary>Creates an empty store for one test. Stores that are <see cref="IAsyncDisposable"/> or <see cref="IDisposable"/> are disposed after it.</summary>
    /// <returns>The store.</returns>
    protected abstract ValueTask<IIncidentStore> CreateStoreAsync();

    /// <summary>
    /// A second store over the same data as <paramref name="store"/> (another connection or process view), for the race
    /// check; by default the same instance, which tests in-process concurrency only.
    /// </summary>
    /// <param name="store">A store from <see cref="CreateStoreAsync"/>.</param>
    /// <returns>A store sharing its data.</returns>
    protected virtual ValueTask<IIncidentStore> OpenSecondStoreAsync(IIncidentStore store) => ValueTask.FromResult(store);

    /// <summary>Every kind of event round-trips in order, in several appends, and folds into the same incident.</summary>
    /// <returns>The test.</returns>
    [SkippableFact]
    public async Task A_timeline_with_every_kind_of_event_round_trips_in_order()
    {
        await WithStore(async store =>
        {
            var events = IncidentTimelines.EveryEventKind(T0);
            Assert.Equal(3, await store.AppendAsync("inc", 0, [.. events.Take(3)]));
            Assert.Equal(5, await store.AppendAsync("inc", 3, [.. events.Skip(3).Take(2)]));
            Assert.Equal(events.Count, await store.AppendAsync("inc", 5, [.. events.Skip(5)]));

            var incident = await store.GetAsync("inc");
            Assert.NotNull(incident);
            Assert.Equal(events.Select(IncidentEventJson.Serialize), incident.Timeline.Select(IncidentEventJson.Serialize));
            var expected = Incident.FromTimeline("inc", events);
            Assert.Equal(expected.Version, incident.Version);
            Assert.Equal(expected.Status, incident.Status);
            Assert.Equal(expected.Severity, incident.Severity);
            Assert.Equal(expected.Acknowledged, incident.Acknowledged);
            Assert.Null(await store.GetAsync("missing"));
        });
    }

    /// <summary>A writer at a stale or future version gets <see cref="IncidentConcurrencyException"/> with both counts, and nothing is written.</summary>
    /// <returns>The test.</returns>
    [SkippableFact]
    public async Task A_writer_at_the_wrong_version_is_refused_and_nothing_is_written()
    {
        await WithStore(async store =>
        {
            var events = IncidentTimelines.EveryEventKind(T0);
            await store.AppendAsync("inc", 0, [.. events.Take(5)]);

            var stale = await Assert.ThrowsAsync<IncidentConcurrencyException>(async () => await store.AppendAsync("inc", 3, [events[5]]));
            Assert.Equal(("inc", 3L, 5L), (stale.IncidentId, stale.ExpectedVersion, stale.ActualVersion));
            await Assert.ThrowsAsync<IncidentConcurrencyException>(async () => await store.AppendAsync("inc", 9, [events[5]]));
            var recreate = await Assert.ThrowsAsync<IncidentConcurrencyException>(async () => await store.AppendAsync("inc", 0, [events[0]]));
            Assert.Equal(5, recreate.ActualVersion);
            var unknown = await Assert.ThrowsAsync<IncidentConcurrencyException>(async () => await store.AppendAsync("nobody", 2, [events[5]]));
            Assert.Equal(0, unknown.ActualVersion);

            Assert.Equal(5, (await store.GetAsync("inc"))!.Version);
            Assert.Equal(["inc"], await store.ListAsync());
        });
    }

    /// <summary>Bad arguments are refused before anything is written: a new timeline must start with <see cref="IncidentOpened"/>.</summary>
    /// <returns>The test.</returns>
    [SkippableFact]
    public async Task Bad_arguments_are_refused_and_write_nothing()
    {
        await WithStore(async store =>
        {
            var events = IncidentTimelines.EveryEventKind(T0);
            var headless = await Assert.ThrowsAsync<ArgumentException>(async () => await store.AppendAsync("other", 0, [events[1]]));
            Assert.Contains("must start with IncidentOpened", headless.Message, StringComparison.Ordinal);
            await Assert.ThrowsAsync<ArgumentException>(async () => await store.AppendAsync("other", 0, []));
            await Assert.ThrowsAsync<ArgumentException>(async () => await store.AppendAsync("other", 0, [events[0], null!]));
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await store.AppendAsync("other", -1, [events[0]]));
            await Assert.ThrowsAnyAsync<ArgumentException>(async () => await store.AppendAsync("", 0, [events[0]]));
            await Assert.ThrowsAnyAsync<ArgumentException>(async () => await store.GetAsync(""));

            Assert.Empty(await store.ListAsync());
        });
    }

    /// <summary>Incidents are listed oldest first; the open filter follows each incident's latest status.</summary>
    /// <returns>The test.</returns>
    [SkippableFact]
    public async Task Incidents_are_listed_oldest_first_and_the_open_filter_follows_the_latest_status()
    {
        await WithStore(async store =>
        {
            var resolved = IncidentTimelines.EveryEventKind(T0);
            await store.AppendAsync("resolved", 0, resolved);
            await store.AppendAsync("open", 0, [IncidentTimelines.Opened("a", T0), new StatusChanged(T0, IncidentStatus.Detected, IncidentStatus.Acknowledged, "maria", null)]);
            await store.AppendAsync("dismissed", 0, [IncidentTimelines.Opened("b", T0)]);
            await store.AppendAsync("dismissed", 1, [new StatusChanged(T0, IncidentStatus.Detected, IncidentStatus.Dismissed, "maria", "false alarm")]);
            await store.AppendAsync("fresh", 0, [IncidentTimelines.Opened("c", T0)]);

            Assert.Equal(["resolved", "open", "dismissed", "fresh"], await store.ListAsync());
            Assert.Equal(["open", "fresh"], await store.ListAsync(openOnly: true));

            await store.AppendAsync("resolved", resolved.Count, [new StatusChanged(T0.AddHours(6), IncidentStatus.Resolved, IncidentStatus.Responding, "maria", "it is back"), new NoteAdded(T0.AddHours(6), "maria", "again")]);
            Assert.Equal(["resolved", "open", "fresh"], await store.ListAsync(openOnly: true));
        });
    }

    /// <summary>A cancelled call throws <see cref="OperationCanceledException"/> and writes nothing.</summary>
    /// <returns>The test.</returns>
    [SkippableFact]
    public async Task A_cancelled_call_throws_and_writes_nothing()
    {
        await WithStore(async store =>
        {
            var events = IncidentTimelines.EveryEventKind(T0);
            await store.AppendAsync("inc", 0, [.. events.Take(3)]);
            using var cancelled = new CancellationTokenSource();
            await cancelled.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.AppendAsync("inc", 3, [.. events.Skip(3)], cancelled.Token));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.AppendAsync("new", 0, [IncidentTimelines.Opened("x", T0)], cancelled.Token));

            Assert.Equal(3, (await store.GetAsync("inc"))!.Version);
            Assert.Equal(["inc"], await store.ListAsync());
        });
    }

    /// <summary>Two writers racing at the same version: exactly one wins each round, and both read the same timeline.</summary>
    /// <returns>The test.</returns>
    [SkippableFact]
    public async Task Writers_racing_at_the_same_version_have_exactly_one_winner()
    {
        await WithStore(async first =>
        {
            var second = await OpenSecondStoreAsync(first);
            try
            {
                IIncidentStore[] stores = [first, second];
                for (var round = 0; round < 5; round++)
                {
                    var id = $"inc-{round}";
                    Assert.Equal(1, await Race(stores, (store, _) => store.AppendAsync(id, 0, [IncidentTimelines.Opened(id, T0)])));
                    for (var version = 1L; version <= 3; version++)
                    {
                        var v = version;
                        Assert.Equal(1, await Race(stores, (store, writer) => store.AppendAsync(id, v, [new NoteAdded(T0, $"writer-{writer}", $"note {v}")])));
                    }

                    var a = await first.GetAsync(id);
                    var b = await second.GetAsync(id);
                    Assert.Equal(4, a!.Version);
                    Assert.Equal(a.Timeline.Select(IncidentEventJson.Serialize), b!.Timeline.Select(IncidentEventJson.Serialize));
                }
            }
            finally
            {
                if (!ReferenceEquals(second, first))
                {
                    await DisposeAsync(second);
                }
            }
        });
    }

    private static async Task<int> Race(IIncidentStore[] stores, Func<IIncidentStore, int, ValueTask<long>> append)
    {
        using var start = new Barrier(stores.Length);
        var attempts = stores.Select((store, writer) => Task.Run(async () =>
        {
            start.SignalAndWait();
            try
            {
                await append(store, writer);
                return true;
            }
            catch (IncidentConcurrencyException)
            {
                return false;
            }
        }));
        return (await Task.WhenAll(attempts)).Count(won => won);
    }

    private async Task WithStore(Func<IIncidentStore, Task> test)
    {
        var store = await CreateStoreAsync();
        try
        {
            await test(store);
        }
        finally
        {
            await DisposeAsync(store);
        }
    }

    private static async ValueTask DisposeAsync(IIncidentStore store)
    {
        if (store is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else if (store is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }
}
