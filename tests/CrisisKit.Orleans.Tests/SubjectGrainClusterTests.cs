using System.Collections.Concurrent;
using CrisisKit.Correlation;
using CrisisKit.Mentions;
using CrisisKit.Monitoring;
using CrisisKit.Simulation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.TestingHost;

namespace CrisisKit.Orleans.Tests;

public sealed class SubjectGrainClusterTests
{
    private static readonly MonitoredSubject Subject = Scenarios.Veltro;

    [Fact]
    public async Task A_crisis_is_raised_and_its_state_continues_when_the_silo_holding_the_subject_dies_mid_crisis()
    {
        var scenario = Scenarios.DataBreach;
        var mentions = new ScenarioSimulator(scenario, seed: 3).Generate().ToList();
        var time = new FakeTimeProvider(scenario.Start + scenario.Duration + TimeSpan.FromDays(1));
        var expected = RunInProcess(mentions, time);
        expected.Events.Should().Contain(e => e is CrisisCandidateOpened, "the scenario is a crisis a single monitor detects");

        var rows = new SharedMemoryGrainStorage();
        var published = new ConcurrentQueue<CrisisCandidateEvent>();
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<TimeProvider>(time);
            silo.AddSharedMemoryGrainStorage(CrisisKitOrleansOptions.StorageName, rows);
            silo.Services.AddSingleton<ICandidateSink>(new QueueSink(published));
            silo.AddCrisisKit(o => o.Subjects.Add(Subject));
        });
        builder.ConfigureClient(client =>
        {
            client.Services.AddSingleton<TimeProvider>(time);
            client.AddCrisisKitRouter(o => o.Subjects.Add(Subject), o => o.RetryDelay = TimeSpan.Zero);
        });
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        var router = cluster.Client.ServiceProvider.GetRequiredService<IMentionRouter>();
        var grain = cluster.Client.GetGrain<ISubjectGrain>(Subject.Id);

        // Up to 40 hours in (the breach is disclosed at 34.5 hours), in batches of 200.
        var killAt = scenario.Start + TimeSpan.FromHours(40);
        var beforeKill = mentions.TakeWhile(m => m.Timestamp < killAt).ToList();
        var batches = 0;
        foreach (var chunk in beforeKill.Chunk(200))
        {
            await router.RouteAsync(chunk);
            batches++;
        }

        published.Should().Contain(e => e is CrisisCandidateOpened, "the crisis opened before the silo dies");

        // Then one mention at a time until the grain holds a batch it has not written: that is what the kill loses.
        var next = beforeKill.Count;
        while (PersistedSequence(rows) == batches && next < mentions.Count)
        {
            await router.RouteAsync([mentions[next++]]);
            batches++;
        }

        PersistedSequence(rows).Should().BeLessThan(batches, "the silo must die holding state that is not in storage");
        var host = await cluster.Client.GetGrain<IManagementGrain>(0).GetActivationAddress(grain);
        var silo = cluster.Silos.Single(s => s.SiloAddress.Equals(host));
        await cluster.KillSiloAsync(silo);
        await cluster.WaitForLivenessToStabilizeAsync();

        foreach (var chunk in mentions.Skip(next).Chunk(200))
        {
            await router.RouteAsync(chunk);
        }

        var candidates = await grain.GetCandidatesAsync();
        candidates.Select(Describe).Should().Equal(expected.Candidates.Select(Describe), "the grain's detection went on from its stored state plus the re-sent batches, as one monitor over the same mentions");
        (await grain.GetSnapshotAsync()).Should().Equal(expected.Snapshot, "the grain holds the very state a single monitor holds, byte for byte");
        published.Select(Describe).Distinct().Should().Equal(expected.Events.Select(Describe), "every candidate change is published, in order; a change raised again after the kill is a repeat of one already published");
    }

    [Fact]
    public async Task A_failing_candidate_sink_does_not_stop_detection()
    {
        var scenario = Scenarios.DataBreach;
        var mentions = new ScenarioSimulator(scenario, seed: 3).Generate().ToList();
        var time = new FakeTimeProvider(scenario.Start + scenario.Duration + TimeSpan.FromDays(1));
        var expected = RunInProcess(mentions, time);
        var rows = new SharedMemoryGrainStorage();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<TimeProvider>(time);
            silo.AddSharedMemoryGrainStorage(CrisisKitOrleansOptions.StorageName, rows);
            silo.Services.AddSingleton<ICandidateSink, ThrowingSink>();
            silo.AddCrisisKit(o => o.Subjects.Add(Subject));
        });
        builder.ConfigureClient(client =>
        {
            client.Services.AddSingleton<TimeProvider>(time);
            client.AddCrisisKitRouter(o => o.Subjects.Add(Subject));
        });
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        var router = cluster.Client.ServiceProvider.GetRequiredService<IMentionRouter>();

        foreach (var chunk in mentions.Chunk(500))
        {
            await router.RouteAsync(chunk);
        }

        var candidates = await cluster.Client.GetGrain<ISubjectGrain>(Subject.Id).GetCandidatesAsync();
        candidates.Select(Describe).Should().Equal(expected.Candidates.Select(Describe));
    }

    private static string Describe(CrisisCandidate c) => $"{c.Id} {c.Status} {c.SignalCount} {c.PeakScore:R} {c.FirstSignalAt:O} {c.ClosedAt:O}";

    private static string Describe(CrisisCandidateEvent e) => $"{e.GetType().Name} {Describe(e.Candidate)}";

    private static long PersistedSequence(SharedMemoryGrainStorage rows)
    {
        // The router's batches are numbered from 1; the stored state counts those it contains.
        if (rows.Count == 0)
        {
            return 0;
        }

        var serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();
        var state = serializer.Deserialize<SubjectGrainState>(rows.Rows.Values.Single().Data);
        return state!.Applied.Values.Single();
    }

    private static (IReadOnlyList<CrisisCandidate> Candidates, byte[] Snapshot, IReadOnlyList<CrisisCandidateEvent> Events) RunInProcess(IReadOnlyList<Mention> mentions, TimeProvider time)
    {
        using var services = new ServiceCollection().AddSingleton(time).AddCrisisKit(o => o.Subjects.Add(Subject)).Services.BuildServiceProvider();
        var monitor = services.GetRequiredService<ICrisisMonitor>();
        var events = new List<CrisisCandidateEvent>();
        using var subscription = monitor.Subscribe(new Collector(events));
        foreach (var mention in mentions)
        {
            monitor.Ingest(mention);
        }

        using var snapshot = new MemoryStream();
        monitor.SaveState(snapshot);
        return (monitor.GetCandidates(Subject.Id), snapshot.ToArray(), events);
    }

    private sealed class Collector(List<CrisisCandidateEvent> events) : IObserver<MonitorEvent>
    {
        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void OnNext(MonitorEvent value)
        {
            if (value is CrisisCandidateEvent change)
            {
                events.Add(change);
            }
        }
    }

    private sealed class QueueSink(ConcurrentQueue<CrisisCandidateEvent> queue) : ICandidateSink
    {
        public ValueTask PublishAsync(CrisisCandidateEvent change, CancellationToken cancellationToken)
        {
            queue.Enqueue(change);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class ThrowingSink : ICandidateSink
    {
        public ValueTask PublishAsync(CrisisCandidateEvent change, CancellationToken cancellationToken) => throw new InvalidOperationException("The sink is down.");
    }
}
