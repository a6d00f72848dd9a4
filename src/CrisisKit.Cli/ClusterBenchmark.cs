using System.Collections.Concurrent;
using CrisisKit.Escalation;
using CrisisKit.Incidents;
using CrisisKit.Mentions;
using CrisisKit.Monitoring;
using CrisisKit.Orleans;
using CrisisKit.Simulation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans;
using Orleans.Hosting;

namespace CrisisKit.Cli;

/// <summary>What <c>crisiskit bench --silos N</c> measured.</summary>
/// <param name="Silos">Silos started.</param>
/// <param name="KilledSilo">Whether a silo other than the primary was killed half-way through the feed.</param>
/// <param name="Mentions">Mentions fed.</param>
/// <param name="Subjects">Monitored subjects.</param>
/// <param name="MentionsPerSecond">Mentions per second of wall-clock time through the router and the subject grains, the kill and the recovery included.</param>
/// <param name="Seconds">Wall-clock seconds of the feed.</param>
/// <param name="Incidents">Incidents the cluster opened: distinct candidate ids opened or reopened.</param>
/// <param name="ExpectedIncidents">Incidents one in-process monitor opened over the same mentions, counted the same way.</param>
/// <param name="SameIncidents">Whether the cluster opened exactly the candidate ids the single process did.</param>
/// <param name="GrainsOnKilledSilo">Subject grains the killed silo held when it was killed.</param>
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
    int Incidents,
    int ExpectedIncidents,
    bool SameIncidents,
    int GrainsOnKilledSilo,
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
/// <see cref="IMentionRouter"/> to the subject grains of an in-process cluster of loopback silos sharing one
/// <see cref="SharedMemoryGrainStorage"/>, optionally killing a silo half-way, and compares what the cluster raised
/// with what one in-process monitor and escalation engine raise over the same mentions.
/// </summary>
/// <remarks>
/// An incident, on both sides, is a crisis candidate opened or reopened, counted once per candidate id: the
/// escalation engine keys incidents by candidate id and opens one for every candidate opened or reopened, so the
/// single process's count equals the incidents in its store (checked).
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

        progress?.Invoke("one process: monitor and escalation engine (the expected figures)");
        var expected = RunInProcess(subjectList, all);

        progress?.Invoke($"starting {silos} silos on loopback");
        var storage = new SharedMemoryGrainStorage();
        var candidates = new CandidateRecorder();
        var clusterEvents = new ClusterEvents();
        await using var cluster = await LoopbackCluster.StartAsync(silos, (index, silo) =>
        {
            silo.Services.AddSingleton<ILoggerProvider>(clusterEvents);

            silo.AddSharedMemoryGrainStorage(CrisisKitOrleansOptions.StorageName, storage);
            silo.Services.AddSingleton<ICandidateSink>(candidates);
            silo.AddCrisisKit(o => subjectList.ForEach(o.Subjects.Add));
        }, cancellationToken).ConfigureAwait(false);

        var router = cluster.Primary.GetRequiredService<IMentionRouter>();
        var grains = cluster.Primary.GetRequiredService<IGrainFactory>();
        var batches = Batches(all);
        var killAt = killSilo ? batches.Count / 2 : -1;
        var grainsOnKilled = 0;
        progress?.Invoke($"feeding {batches.Count} batches of up to {BatchSize} mentions and {BatchSpan.TotalMinutes:N0} minute of mention time{(killSilo ? $", killing a silo before batch {killAt + 1}" : "")}");
        var wall = TimeProvider.System;
        var started = wall.GetTimestamp();
        for (var b = 0; b < batches.Count; b++)
        {
            if (b == killAt)
            {
                var (victim, held) = await cluster.BusiestSecondaryAsync(subjectList.Select(s => grains.GetGrain<ISubjectGrain>(s.Id))).ConfigureAwait(false);
                grainsOnKilled = held;
                progress?.Invoke($"killing silo {victim + 1} of {silos} ({cluster.AddressOf(victim)}), which holds {held} of {subjectList.Count} subject grains");
                await cluster.KillAsync(victim).ConfigureAwait(false);
            }

            await router.RouteAsync(batches[b], cancellationToken).ConfigureAwait(false);
        }

        var seconds = wall.GetElapsedTime(started).TotalSeconds;
        var opened = candidates.OpenedIds;
        progress?.Invoke($"cluster opened {opened.Count} incidents, one process {expected.OpenedIds.Count} ({expected.IncidentsInStore} in its store); notifications: not available until incident grains run in the cluster");
        progress?.Invoke($"{clusterEvents.Restores} subject grains restored from storage; the router retried {clusterEvents.FailedSends} failed sends and re-sent {clusterEvents.BatchesResent} batches");
        return new ClusterResult(
            silos,
            killSilo,
            all.Length,
            subjectList.Count,
            all.Length / seconds,
            seconds,
            opened.Count,
            expected.OpenedIds.Count,
            opened.SetEquals(expected.OpenedIds),
            grainsOnKilled,
            clusterEvents.FailedSends,
            clusterEvents.Restores,
            clusterEvents.BatchesResent,
            storage.Writes,
            storage.BytesWritten,
            Notifications: null,
            ExpectedNotifications: null,
            LostNotifications: null,
            DuplicateNotifications: null);
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

    private sealed record Expected(HashSet<string> OpenedIds, int IncidentsInStore, IReadOnlyList<string> NotificationKeys);

    /// <summary>One monitor and the escalation engine following it on a virtual clock, as the plain bench runs them.</summary>
    private static Expected RunInProcess(List<MonitoredSubject> subjects, CapacityBenchmark.Item[] mentions)
    {
        var clock = new VirtualClock(mentions.Length > 0 ? mentions[0].Mention.Timestamp : Scenarios.Start);
        var channel = new InMemoryNotificationChannel(CapacityBenchmark.ChannelName);
        using var provider = CapacityBenchmark.Build(subjects, clock, channel);
        var monitor = provider.GetRequiredService<ICrisisMonitor>();
        var engine = provider.GetRequiredService<IEscalationEngine>();
        var candidates = new CandidateRecorder();
        using (monitor.Subscribe(candidates))
        using (engine.Follow(monitor))
        {
            foreach (var item in mentions)
            {
                clock.AdvanceTo(item.Mention.Timestamp);
                monitor.Ingest(item.Mention);
            }
        }

        var incidents = provider.GetRequiredService<IIncidentStore>().ListAsync().AsTask().GetAwaiter().GetResult().Count;
        if (incidents != candidates.OpenedIds.Count)
        {
            throw new InvalidOperationException($"The single-process run opened {candidates.OpenedIds.Count} candidates but holds {incidents} incidents: an incident is no longer one per candidate opened, and the bench's comparison must change.");
        }

        return new Expected(candidates.OpenedIds, incidents, [.. channel.Sent.Select(n => n.IdempotencyKey)]);
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
