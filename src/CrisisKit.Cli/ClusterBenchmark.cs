using System.Collections.Concurrent;
using CrisisKit.Escalation;
using CrisisKit.Incidents;
using CrisisKit.Mentions;
using CrisisKit.Monitoring;
using CrisisKit.Orleans;
using CrisisKit.Protocols;
using CrisisKit.Simulation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans;
using Orleans.Hosting;
using Orleans.Runtime;

namespace CrisisKit.Cli;

/// <summary>What <c>crisiskit bench --silos N</c> measured.</summary>
/// <param name="Silos">Silos started.</param>
/// <param name="KilledSilo">Whether a silo other than the primary was killed mid-crisis (see <see cref="ClusterBenchmark"/>).</param>
/// <param name="Mentions">Mentions fed.</param>
/// <param name="Subjects">Monitored subjects.</param>
/// <param name="MentionsPerSecond">Mentions per second of wall-clock time through the router and the subject grains, the kill and the recovery included.</param>
/// <param name="Seconds">Wall-clock seconds of the feed.</param>
/// <param name="MentionHours">Hours of mention time the feed spans, first mention to last.</param>
/// <param name="Incidents">Incidents the cluster opened: distinct candidate ids opened or reopened.</param>
/// <param name="ExpectedIncidents">Incidents one in-process monitor opened over the same mentions, counted the same way.</param>
/// <param name="SameIncidents">Whether the cluster opened exactly the candidate ids the single process did.</param>
/// <param name="KilledAtBatch">The batch (1-based) before which the silo was killed; 0 without a kill.</param>
/// <param name="Batches">Batches fed.</param>
/// <param name="SubjectGrainsOnKilledSilo">Subject grains the killed silo held when it was killed.</param>
/// <param name="IncidentGrainsOnKilledSilo">Incident grains the killed silo held when it was killed.</param>
/// <param name="FailedSends">Calls from the router to a subject grain that failed and were retried (the killed silo's grains, until the cluster noticed).</param>
/// <param name="GrainsRestored">Subject grain activations that restored a stored state (after the kill, or after Orleans deactivated an idle grain).</param>
/// <param name="BatchesResent">Batches the router sent again because a subject grain came back from an older stored state.</param>
/// <param name="StorageWrites">Grain state writes accepted by the shared storage.</param>
/// <param name="StorageBytes">Bytes those writes held.</param>
/// <param name="Notifications">Distinct notifications delivered by the cluster, or null where the cluster does not escalate.</param>
/// <param name="ExpectedNotifications">Notifications the single process sent, or null as above.</param>
/// <param name="LostNotifications">Idempotency keys the single process sent that the cluster did not deliver, or null as above.</param>
/// <param name="DuplicateNotifications">Deliveries of a key already delivered, or null as above.</param>
internal sealed record ClusterResult(
    int Silos,
    bool KilledSilo,
    long Mentions,
    int Subjects,
    double MentionsPerSecond,
    double Seconds,
    double MentionHours,
    int Incidents,
    int ExpectedIncidents,
    bool SameIncidents,
    int Batches,
    int KilledAtBatch,
    int SubjectGrainsOnKilledSilo,
    int IncidentGrainsOnKilledSilo,
    int FailedSends,
    int GrainsRestored,
    int BatchesResent,
    long StorageWrites,
    long StorageBytes,
    int? Notifications,
    int? ExpectedNotifications,
    int? LostNotifications,
    int? DuplicateNotifications);

/// <summary>
/// Feeds the capacity bench's simulated brands (<see cref="CapacityBenchmark.Generate"/>) through an
/// <see cref="IMentionRouter"/> to the subject and incident grains of an in-process cluster of loopback silos sharing
/// one <see cref="SharedMemoryGrainStorage"/>, optionally killing a silo mid-crisis, and compares what the cluster
/// raised and sent with what one in-process monitor and escalation engine raise and send over the same mentions.
/// </summary>
/// <remarks>
/// <para>
/// The feed is cut into batches (<see cref="BatchSize"/>, <see cref="BatchSpan"/>). Both sides run on mention time:
/// before each batch the clock moves to the batch's last mention, and everything the incidents have due up to then
/// runs at its due time (the engine's timer on a <see cref="VirtualClock"/>; the feed itself for the grains).
/// </para>
/// <para>
/// An incident, on both sides, is a crisis candidate opened or reopened, counted once per candidate id: the
/// escalation engine keys incidents by candidate id and opens one for every candidate opened or reopened, so the
/// single process's count equals the incidents in its store (checked); the cluster's count is the incident grains
/// that hold an opened incident. A notification is an idempotency key accepted by the <c>console</c> channel, one
/// recording channel shared by every silo: lost are the single process's keys the cluster never delivered,
/// duplicates the deliveries of a key already delivered.
/// </para>
/// <para>
/// The kill, with <c>--kill-silo</c>, is mid-crisis: <see cref="KillDelay"/> batches after a silo other than the
/// primary first holds an incident grain, so that incident's later rounds must come from another silo, and the
/// subject grains hold batches they have not written. The secondary holding the most incident grains (then subject
/// grains) dies. If no secondary holds an incident grain by <see cref="KillDelay"/> batches after the single
/// process's last incident opened, the kill happens then anyway (half-way through the feed when the single process
/// opened no incident).
/// </para>
/// </remarks>
internal static class ClusterBenchmark
{
    /// <summary>The most silos <c>--silos</c> accepts: each is a whole silo in this one process.</summary>
    public const int MaxSilos = 16;

    /// <summary>The most mentions per <see cref="IMentionRouter.RouteAsync"/> call.</summary>
    public const int BatchSize = 1_000;

    /// <summary>
    /// The most mention time one <see cref="IMentionRouter.RouteAsync"/> call spans, as a source handing over what
    /// arrived each minute would: with 5-minute buckets a subject grain then applies several batches between writes,
    /// so a silo killed at any moment usually holds batches that are not in storage yet.
    /// </summary>
    public static readonly TimeSpan BatchSpan = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Batches between an incident grain appearing on a secondary silo and the kill: the batch that opens a candidate
    /// closes a bucket, which makes every subject grain write its state; a few batches later they hold batches not yet
    /// written, which the router must send again, while the incident still has reminders due.
    /// </summary>
    private const int KillDelay = 2;

    /// <summary>Generates the feed, runs it in one process and on the cluster, and compares.</summary>
    public static async Task<ClusterResult> RunAsync(int mentions, int subjects, int silos, bool killSilo, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(silos, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(silos, MaxSilos);
        if (killSilo && silos < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(silos), "Killing a silo needs at least two: the primary is never killed.");
        }

        progress?.Invoke($"generating {mentions:N0} mentions of {subjects} subjects");
        var (all, subjectList) = CapacityBenchmark.Generate(mentions, subjects);

        var batches = Batches(all);
        progress?.Invoke("one process: monitor and escalation engine (the expected figures)");
        var expected = RunInProcess(subjectList, batches);

        progress?.Invoke($"starting {silos} silos on loopback");
        var clock = new FeedClock(batches.Count > 0 ? batches[0][^1].Timestamp : Scenarios.Start);
        var storage = new SharedMemoryGrainStorage();
        var candidates = new CandidateRecorder();
        var channel = new InMemoryNotificationChannel(CapacityBenchmark.ChannelName);
        var clusterEvents = new ClusterEvents();
        await using var cluster = await LoopbackCluster.StartAsync(silos, (_, silo) =>
        {
            silo.Services.AddSingleton<ILoggerProvider>(clusterEvents);
            silo.Services.AddSingleton<TimeProvider>(clock);

            // Grains spread over the silos at random: the router runs on the primary, and Orleans' default placement
            // would keep most of them there, leaving the silo killed with little to lose.
            silo.Services.AddSingleton<PlacementStrategy, RandomPlacement>();
            silo.Services.AddSingleton(new ProtocolSet([CapacityBenchmark.BenchProtocol()]));
            silo.AddSharedMemoryGrainStorage(CrisisKitOrleansOptions.StorageName, storage);
            silo.UseInMemoryReminderService();

            // The router's retries wait on the silo's clock, which only the feed moves: retry at once (the feed
            // retries on the wall clock below).
            silo.AddCrisisKit(o => subjectList.ForEach(o.Subjects.Add), o => o.RetryDelay = TimeSpan.Zero);
            silo.AddCrisisKitEscalation().AddNotificationChannel(channel);
            RecordCandidates(silo.Services, candidates);
        }, cancellationToken).ConfigureAwait(false);

        var router = cluster.Primary.GetRequiredService<IMentionRouter>();
        var grains = cluster.Primary.GetRequiredService<IGrainFactory>();
        var killedAt = 0;
        int? killAt = null;
        var killAtLatest = expected.LastOpeningBatch is { } lastOpening ? Math.Min(lastOpening + 1 + KillDelay, batches.Count - 1) : batches.Count / 2;
        var (subjectsOnKilled, incidentsOnKilled) = (0, 0);
        progress?.Invoke($"feeding {batches.Count} batches of up to {BatchSize} mentions and {BatchSpan.TotalMinutes:N0} minute of mention time");
        var wall = TimeProvider.System;
        var started = wall.GetTimestamp();
        for (var b = 0; b < batches.Count; b++)
        {
            if (killSilo && killAt is null && candidates.OpenedIds.Count > 0)
            {
                var incidentsPerSilo = await cluster.ActivationsPerSiloAsync(IncidentGrains()).ConfigureAwait(false);
                if (incidentsPerSilo.Skip(1).Any(count => count > 0))
                {
                    killAt = Math.Min(b + KillDelay, batches.Count - 1);
                }
            }

            if (killSilo && killedAt == 0 && (b == killAt || b == killAtLatest))
            {
                var incidentsPerSilo = await cluster.ActivationsPerSiloAsync(IncidentGrains()).ConfigureAwait(false);
                var subjectsPerSilo = await cluster.ActivationsPerSiloAsync(subjectList.Select(s => (IAddressable)grains.GetGrain<ISubjectGrain>(s.Id))).ConfigureAwait(false);
                var victim = Enumerable.Range(1, silos - 1).MaxBy(s => (incidentsPerSilo[s], subjectsPerSilo[s]));
                (killedAt, subjectsOnKilled, incidentsOnKilled) = (b + 1, subjectsPerSilo[victim], incidentsPerSilo[victim]);
                progress?.Invoke($"killing silo {victim + 1} of {silos} ({cluster.AddressOf(victim)}) before batch {b + 1}: it holds {subjectsOnKilled} of the {subjectList.Count} subject grains and {incidentsOnKilled} of the {candidates.OpenedIds.Count} incident grains");
                await cluster.KillAsync(victim).ConfigureAwait(false);
            }

            var handedOver = batches[b][^1].Timestamp;
            await RunDueThroughAsync(grains, candidates.OpenedIds, clock, handedOver).ConfigureAwait(false);
            clock.AdvanceTo(handedOver);
            await RouteAsync(router, batches[b], wall, cancellationToken).ConfigureAwait(false);
        }

        var seconds = wall.GetElapsedTime(started).TotalSeconds;

        IEnumerable<IAddressable> IncidentGrains() => candidates.OpenedIds.Select(id => grains.GetGrain<IIncidentGrain>(id));
        var opened = await OpenedIncidentsAsync(grains, candidates.OpenedIds.Union(expected.OpenedIds)).ConfigureAwait(false);
        var delivered = channel.Sent.Select(n => n.IdempotencyKey).ToHashSet(StringComparer.Ordinal);
        var lost = expected.NotificationKeys.Count(k => !delivered.Contains(k));
        progress?.Invoke($"cluster opened {opened.Count} incidents, one process {expected.OpenedIds.Count}; notifications: {delivered.Count} delivered, one process {expected.NotificationKeys.Count}, {lost} lost, {channel.Duplicates} duplicated");
        progress?.Invoke($"{clusterEvents.Restores} subject grains restored from storage; the router retried {clusterEvents.FailedSends} failed sends and re-sent {clusterEvents.BatchesResent} batches");
        return new ClusterResult(
            silos,
            killSilo,
            all.Length,
            subjectList.Count,
            all.Length / seconds,
            seconds,
            all.Length == 0 ? 0 : (all[^1].Mention.Timestamp - all[0].Mention.Timestamp).TotalHours,
            opened.Count,
            expected.OpenedIds.Count,
            opened.SetEquals(expected.OpenedIds),
            batches.Count,
            killedAt,
            subjectsOnKilled,
            incidentsOnKilled,
            clusterEvents.FailedSends,
            clusterEvents.Restores,
            clusterEvents.BatchesResent,
            storage.Writes,
            storage.BytesWritten,
            delivered.Count,
            expected.NotificationKeys.Count,
            lost,
            channel.Duplicates);
    }

    /// <summary>
    /// Does, as the in-process engine's timer does on the virtual clock, everything the incidents have due up to
    /// <paramref name="until"/>: moves the clock to the earliest due time, has every incident due by then run it, and
    /// again, so that each round runs with the clock at its due time.
    /// </summary>
    private static async Task RunDueThroughAsync(IGrainFactory grains, HashSet<string> incidents, FeedClock clock, DateTimeOffset until)
    {
        if (incidents.Count == 0)
        {
            return;
        }

        var ids = incidents.ToArray();
        while (true)
        {
            var dues = await Task.WhenAll(ids.Select(id => grains.GetGrain<IIncidentGrain>(id).GetNextDueAsync())).ConfigureAwait(false);
            var next = dues.Where(d => d is not null).Select(d => d!.Value).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
            if (next > until)
            {
                return;
            }

            clock.AdvanceTo(next);
            await Task.WhenAll(ids.Where((_, i) => dues[i] <= next).Select(id => grains.GetGrain<IIncidentGrain>(id).RunDueAsync())).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Routes a batch. The router retries a failed grain call at once; while the cluster has not yet noticed a killed
    /// silo that may not be enough, so the feed asks again (the router keeps what it could not send) every 100 ms of
    /// wall-clock time for up to a minute.
    /// </summary>
    private static async Task RouteAsync(IMentionRouter router, Mention[] batch, TimeProvider wall, CancellationToken cancellationToken)
    {
        var deadline = wall.GetTimestamp() + (long)(60 * wall.TimestampFrequency);
        try
        {
            await router.RouteAsync(batch, cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (AggregateException) when (wall.GetTimestamp() < deadline)
        {
        }

        while (true)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), wall, cancellationToken).ConfigureAwait(false);
            try
            {
                await router.RouteAsync([], cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (AggregateException) when (wall.GetTimestamp() < deadline)
            {
            }
        }
    }

    /// <summary>The ids among <paramref name="ids"/> whose incident grain holds an opened incident.</summary>
    private static async Task<HashSet<string>> OpenedIncidentsAsync(IGrainFactory grains, IEnumerable<string> ids)
    {
        var list = ids.ToList();
        var incidents = await Task.WhenAll(list.Select(id => grains.GetGrain<IIncidentGrain>(id).GetAsync())).ConfigureAwait(false);
        return list.Where((_, i) => incidents[i] is not null).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Puts <paramref name="recorder"/> in front of the silo's candidate sink (the one <c>AddCrisisKitEscalation</c> registered), so the feed knows every candidate opened.</summary>
    private static void RecordCandidates(IServiceCollection services, CandidateRecorder recorder)
    {
        var inner = services.Last(d => d.ServiceType == typeof(ICandidateSink));
        services.Remove(inner);
        services.AddSingleton<ICandidateSink>(sp => new RecordingSink(recorder, (ICandidateSink)(inner.ImplementationInstance
            ?? inner.ImplementationFactory?.Invoke(sp)
            ?? ActivatorUtilities.CreateInstance(sp, inner.ImplementationType!))));
    }

    /// <summary>Cuts the feed into batches of at most <see cref="BatchSize"/> mentions and <see cref="BatchSpan"/> of mention time.</summary>
    private static List<Mention[]> Batches(CapacityBenchmark.Item[] mentions)
    {
        var batches = new List<Mention[]>();
        var current = new List<Mention>(BatchSize);
        foreach (var item in mentions)
        {
            if (current.Count == BatchSize || (current.Count > 0 && item.Mention.Timestamp - current[0].Timestamp >= BatchSpan))
            {
                batches.Add([.. current]);
                current.Clear();
            }

            current.Add(item.Mention);
        }

        if (current.Count > 0)
        {
            batches.Add([.. current]);
        }

        return batches;
    }

    /// <summary>What the single process raised, and the batch (0-based) in which it opened its last incident.</summary>
    private sealed record Expected(HashSet<string> OpenedIds, int IncidentsInStore, IReadOnlyList<string> NotificationKeys, int? LastOpeningBatch);

    /// <summary>One monitor and the escalation engine following it on a virtual clock, as the plain bench runs them.</summary>
    private static Expected RunInProcess(List<MonitoredSubject> subjects, List<Mention[]> batches)
    {
        var clock = new VirtualClock(batches.Count > 0 ? batches[0][^1].Timestamp : Scenarios.Start);
        var channel = new InMemoryNotificationChannel(CapacityBenchmark.ChannelName);
        using var provider = CapacityBenchmark.Build(subjects, clock, channel);
        var monitor = provider.GetRequiredService<ICrisisMonitor>();
        var engine = provider.GetRequiredService<IEscalationEngine>();
        var candidates = new CandidateRecorder();
        int? last = null;
        using (monitor.Subscribe(candidates))
        using (engine.Follow(monitor))
        {
            for (var b = 0; b < batches.Count; b++)
            {
                // The clock stands where the cluster's stands while a batch is routed: at its last mention.
                var opened = candidates.OpenedIds.Count;
                clock.AdvanceTo(batches[b][^1].Timestamp);
                foreach (var mention in batches[b])
                {
                    monitor.Ingest(mention);
                }

                if (candidates.OpenedIds.Count > opened)
                {
                    last = b;
                }
            }
        }

        var incidents = provider.GetRequiredService<IIncidentStore>().ListAsync().AsTask().GetAwaiter().GetResult().Count;
        if (incidents != candidates.OpenedIds.Count)
        {
            throw new InvalidOperationException($"The single-process run opened {candidates.OpenedIds.Count} candidates but holds {incidents} incidents: an incident is no longer one per candidate opened, and the bench's comparison must change.");
        }

        return new Expected(candidates.OpenedIds, incidents, [.. channel.Sent.Select(n => n.IdempotencyKey)], last);
    }

    /// <summary>Counts, from CrisisKit.Orleans' log events on every silo, the subject grains restored from storage (6002), the router's failed sends (6003) and re-sent batches (6004).</summary>
    private sealed class ClusterEvents : ILoggerProvider, ILogger
    {
        private int _restores;
        private int _failedSends;
        private int _batchesResent;

        public int FailedSends => Volatile.Read(ref _failedSends);

        public int BatchesResent => Volatile.Read(ref _batchesResent);

        public int Restores => Volatile.Read(ref _restores);

        public ILogger CreateLogger(string categoryName) =>
            categoryName.StartsWith(typeof(IMentionRouter).Namespace + ".", StringComparison.Ordinal) ? this : NullLogger.Instance;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == 6002)
            {
                Interlocked.Increment(ref _restores);
            }

            if (eventId.Id == 6003)
            {
                Interlocked.Increment(ref _failedSends);
            }
            else if (eventId.Id == 6004 && state is IReadOnlyList<KeyValuePair<string, object?>> values && values.FirstOrDefault(v => v.Key == "Count").Value is int count)
            {
                Interlocked.Add(ref _batchesResent, count);
            }
        }

        public void Dispose()
        {
        }
    }

    /// <summary>
    /// The silos' clock: its reading (<see cref="GetUtcNow"/>) is mention time, moved by the feed as a
    /// <see cref="VirtualClock"/> is, so the grains decide and stamp as the single process does; its timestamps and
    /// timers are the system's. Orleans takes its <see cref="TimeProvider"/> from the silo's services too, for timeouts,
    /// delays and periodic work, which must keep running in real time while the feed jumps minutes or hours of
    /// mention time in a moment; a <see cref="VirtualClock"/> there stalls the silo. A grain timer or reminder armed for
    /// a due time therefore fires in real time, late or never in a short run: the feed runs what is due itself
    /// (<see cref="RunDueThroughAsync"/>), and a late wake-up finds nothing left to do.
    /// </summary>
    private sealed class FeedClock(DateTimeOffset start) : TimeProvider
    {
        private long _nowTicks = start.UtcTicks;

        public override DateTimeOffset GetUtcNow() => new(Volatile.Read(ref _nowTicks), TimeSpan.Zero);

        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

        /// <summary>Moves the reading to <paramref name="time"/>; a time in the past is ignored.</summary>
        public void AdvanceTo(DateTimeOffset time)
        {
            var ticks = time.UtcTicks;
            var current = Volatile.Read(ref _nowTicks);
            while (current < ticks)
            {
                var seen = Interlocked.CompareExchange(ref _nowTicks, ticks, current);
                if (seen == current)
                {
                    return;
                }

                current = seen;
            }
        }
    }

    /// <summary>Records each candidate change, then hands it to the silo's own sink.</summary>
    private sealed class RecordingSink(CandidateRecorder recorder, ICandidateSink inner) : ICandidateSink
    {
        public async ValueTask PublishAsync(CrisisCandidateEvent change, CancellationToken cancellationToken)
        {
            // On the subject grain's turn: stay on it (the inner sink calls incident grains).
            await recorder.PublishAsync(change, cancellationToken).ConfigureAwait(true);
            await inner.PublishAsync(change, cancellationToken).ConfigureAwait(true);
        }
    }

    /// <summary>Records the ids of the candidates opened or reopened, from a monitor or from subject grains on any silo (at least once: a repeat is the same id).</summary>
    private sealed class CandidateRecorder : ICandidateSink, IObserver<MonitorEvent>
    {
        private readonly ConcurrentDictionary<string, byte> _opened = new(StringComparer.Ordinal);

        public HashSet<string> OpenedIds => new(_opened.Keys, StringComparer.Ordinal);

        public ValueTask PublishAsync(CrisisCandidateEvent change, CancellationToken cancellationToken)
        {
            OnNext(change);
            return ValueTask.CompletedTask;
        }

        public void OnNext(MonitorEvent value)
        {
            if (value is CrisisCandidateOpened or CrisisCandidateReopened)
            {
                _opened.TryAdd(((CrisisCandidateEvent)value).Candidate.Id, 0);
            }
        }

        public void OnError(Exception error)
        {
        }

        public void OnCompleted()
        {
        }
    }
}
