using System.Collections.Concurrent;
using CrisisKit.Escalation;
using CrisisKit.Incidents;
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

/// <summary>
/// A data breach routed through subject grains on two silos, with the escalation run by incident grains, against one
/// in-process monitor and escalation engine over the same mentions and the same clock: the cluster must deliver every
/// notification the engine sends, once, though the silo holding the incident dies mid-escalation.
/// </summary>
public sealed class IncidentGrainClusterTests
{
    private static readonly MonitoredSubject Subject = Scenarios.Veltro;
    private static readonly Scenario Scenario = Scenarios.DataBreach;
    private static readonly DateTimeOffset Start = Scenario.Start + Scenario.Duration + TimeSpan.FromDays(1);
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(1);
    private static readonly List<Mention> Mentions = [.. new ScenarioSimulator(Scenario, seed: 3).Generate()];

    private const int BatchSize = 500;

    /// <summary>Minutes of escalation after the crisis has been routed: both escalation steps, the acknowledge and first-response deadlines.</summary>
    private const int Minutes = 75;

    [Fact]
    public async Task The_escalation_goes_on_from_stored_state_on_the_other_silo_and_delivers_what_one_engine_sends_once_each()
    {
        var expected = await RunInProcessAsync();
        expected.Incidents.Should().NotBeEmpty("the scenario is a crisis the engine opens an incident for");
        expected.Keys.Should().HaveCountGreaterThan(20, "the escalation runs both steps and the deadlines");

        using var recorder = new NotificationRecorder();
        var time = new FakeTimeProvider(Start);
        var rows = new SharedMemoryGrainStorage();
        await using var cluster = await StartAsync(time, rows, recorder);
        await RouteAsync(cluster);

        IncidentRows(rows).Should().HaveCount(expected.Incidents.Count, "the cluster opens an incident for each candidate the engine opens one for, and no other");
        var main = cluster.Client.GetGrain<IIncidentGrain>(expected.Incidents[0]);
        var reminders = Reminders(cluster, main);
        (await reminders).Should().NotBeNull("an open incident with a step to come has its reminder registered");

        const int killAt = 7;
        for (var minute = 1; minute <= Minutes; minute++)
        {
            time.Advance(Step);
            if (minute == killAt)
            {
                var deliveredBefore = recorder.Keys.Count;
                deliveredBefore.Should().BeGreaterThan(0).And.BeLessThan(expected.Keys.Count, "the silo dies mid-escalation");
                await KillSiloHoldingAsync(cluster, main);
            }

            foreach (var id in expected.Incidents)
            {
                await cluster.Client.GetGrain<IIncidentGrain>(id).RunDueAsync();
            }

            if (minute == killAt)
            {
                var next = await main.GetNextDueAsync();
                next.Should().NotBeNull("the chain has more rounds to come");
                var reminder = await Reminders(cluster, main);
                reminder.Should().NotBeNull("the grain, back on the other silo, registered its reminder again");
                (reminder!.StartAt + reminder.Period).Should().BeAfter(reminder.StartAt);
            }
        }

        recorder.Keys.Should().BeEquivalentTo(expected.Keys, "every notification the engine sends is delivered, and no other");
        recorder.RepeatedKeys.Should().BeEmpty("a silo that died between rounds leaves nothing to send twice");
        var incident = (await main.GetAsync())!;
        incident.Timeline.OfType<IncidentOpened>().Should().ContainSingle("a candidate change delivered again opens nothing new");
        incident.SentNotifications.Should().BeSubsetOf(expected.Keys);
        (await main.GetNextDueAsync()).Should().BeNull("the chain and the deadlines are over; the incident waits for people");
        (await Reminders(cluster, main)).Should().BeNull("with nothing due, the reminder is removed");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_silo_killed_between_scheduling_and_sending_has_the_message_sent_again_with_the_same_key(bool channelAcceptedIt)
    {
        var expected = await RunInProcessAsync();
        using var recorder = new NotificationRecorder();
        var time = new FakeTimeProvider(Start);
        var rows = new SharedMemoryGrainStorage();
        await using var cluster = await StartAsync(time, rows, recorder);
        await RouteAsync(cluster);
        var id = expected.Incidents[0];
        var main = cluster.Client.GetGrain<IIncidentGrain>(id);
        await main.RunDueAsync();
        recorder.Keys.Should().NotBeEmpty("the first step went out when the incident opened");

        // Three minutes in, a repeat falls due; the first of its messages reaches a channel, which never answers.
        var held = recorder.HoldNext(accept: channelAcceptedIt);
        time.Advance(TimeSpan.FromMinutes(3));
        var stuck = main.RunDueAsync();
        var message = await held.WaitAsync(TimeSpan.FromSeconds(30));
        string[] pending = [];
        for (var wait = 0; wait < 300; wait++)
        {
            pending = Pending(rows, id);
            if (pending.Length == 1)
            {
                break;
            }

            await Task.Delay(20);
        }

        pending.Should().Equal([message.IdempotencyKey], "the message is scheduled in stored state and has no outcome; the rest of the round has theirs");
        await KillSiloHoldingAsync(cluster, main);
        _ = stuck.ContinueWith(t => t.Exception, TaskScheduler.Default);

        // The grain comes back on the other silo from storage and sends the message again, with its key.
        await main.RunDueAsync();
        var sends = recorder.Deliveries.Where(n => n.IdempotencyKey == message.IdempotencyKey).ToList();
        sends.Should().HaveCount(channelAcceptedIt ? 2 : 1, channelAcceptedIt ? "the channel had the message when the silo died: it gets it again, with the same key" : "the channel never took the message: it gets it once");
        sends.Select(n => n.Person + n.Channel).Distinct().Should().ContainSingle("the re-send is the same message");
        recorder.RepeatedKeys.Should().Equal(channelAcceptedIt ? [message.IdempotencyKey] : [], "nothing else is sent twice");
        Pending(rows, id).Should().BeEmpty();

        for (var minute = 4; minute <= Minutes; minute++)
        {
            time.Advance(Step);
            foreach (var incident in expected.Incidents)
            {
                await cluster.Client.GetGrain<IIncidentGrain>(incident).RunDueAsync();
            }
        }

        recorder.Keys.Should().BeEquivalentTo(expected.Keys, "a receiver that drops a key it has seen gets what the engine sends, once each");
    }

    [Fact]
    public async Task The_silo_holding_the_incident_dies_while_mentions_still_come_in_and_the_escalation_runs_and_nothing_is_lost_or_sent_twice()
    {
        var expected = await RunInProcessAsync(minutePerBatch: true);
        expected.Incidents.Should().NotBeEmpty();
        using var recorder = new NotificationRecorder();
        var time = new FakeTimeProvider(Start);
        var rows = new SharedMemoryGrainStorage();
        await using var cluster = await StartAsync(time, rows, recorder);
        var router = cluster.Client.ServiceProvider.GetRequiredService<IMentionRouter>();
        var main = cluster.Client.GetGrain<IIncidentGrain>(expected.Incidents[0]);

        // A minute of escalation after each batch, as in process; three batches after the incident opened, the silo
        // holding it dies, with candidate updates still to come.
        var sinceOpened = -1;
        foreach (var batch in Mentions.Chunk(BatchSize))
        {
            await router.RouteAsync(batch);
            time.Advance(Step);
            foreach (var id in expected.Incidents)
            {
                await cluster.Client.GetGrain<IIncidentGrain>(id).RunDueAsync();
            }

            if (sinceOpened >= 0 || IncidentRows(rows).Count > 0)
            {
                sinceOpened++;
            }

            if (sinceOpened == 3)
            {
                await KillSiloHoldingAsync(cluster, main);
            }
        }

        sinceOpened.Should().BeGreaterThan(3, "the silo died while mentions were still coming in");
        for (var minute = 1; minute <= Minutes; minute++)
        {
            time.Advance(Step);
            foreach (var id in expected.Incidents)
            {
                await cluster.Client.GetGrain<IIncidentGrain>(id).RunDueAsync();
            }
        }

        recorder.Keys.Should().BeEquivalentTo(expected.Keys, "every notification the engine sends is delivered, and no other");
        recorder.RepeatedKeys.Should().BeEmpty();
        (await main.GetAsync())!.Timeline.OfType<IncidentOpened>().Should().ContainSingle();
    }

    /// <summary>One monitor and one engine over the same mentions: routed all at once, or (<paramref name="minutePerBatch"/>) with a minute of escalation after each batch.</summary>
    private static async Task<(IReadOnlyList<string> Incidents, IReadOnlySet<string> Keys)> RunInProcessAsync(bool minutePerBatch = false)
    {
        var time = new FakeTimeProvider(Start);
        var console = new InMemoryNotificationChannel("console");
        var webhook = new InMemoryNotificationChannel("webhook");
        var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(time)
            .AddCrisisKit(o => o.Subjects.Add(Subject))
            .AddProtocols([.. SampleProtocols.Sources])
            .AddNotificationChannel(console)
            .AddNotificationChannel(webhook)
            .Services.BuildServiceProvider();
        IReadOnlyList<string> incidents;
        await using (services)
        {
            var monitor = services.GetRequiredService<ICrisisMonitor>();
            var engine = services.GetRequiredService<IEscalationEngine>();
            using (engine.Follow(monitor))
            {
                foreach (var batch in Mentions.Chunk(BatchSize))
                {
                    foreach (var mention in batch)
                    {
                        monitor.Ingest(mention);
                    }

                    if (minutePerBatch)
                    {
                        time.Advance(Step);
                        await engine.RunDueAsync();
                    }
                }
            }

            for (var minute = 1; minute <= Minutes; minute++)
            {
                time.Advance(Step);
                await engine.RunDueAsync();
            }

            incidents = await services.GetRequiredService<IIncidentStore>().ListAsync(openOnly: false);
        }

        console.Duplicates.Should().Be(0);
        webhook.Duplicates.Should().Be(0);
        return ([.. incidents.Order(StringComparer.Ordinal)], console.Sent.Concat(webhook.Sent).Select(n => n.IdempotencyKey).ToHashSet(StringComparer.Ordinal));
    }

    private static async Task<InProcessTestCluster> StartAsync(FakeTimeProvider time, SharedMemoryGrainStorage rows, NotificationRecorder recorder)
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<TimeProvider>(time);
            silo.AddSharedMemoryGrainStorage(CrisisKitOrleansOptions.StorageName, rows);
            silo.UseInMemoryReminderService();
            silo.AddCrisisKit(o => o.Subjects.Add(Subject));
            silo.AddCrisisKitEscalation(o => o.SendTimeout = TimeSpan.FromMinutes(10))
                .AddProtocols([.. SampleProtocols.Sources])
                .AddNotificationChannel(recorder.Channel("console"))
                .AddNotificationChannel(recorder.Channel("webhook"));
        });
        builder.ConfigureClient(client =>
        {
            client.Services.AddSingleton<TimeProvider>(time);
            client.AddCrisisKitRouter(o => o.Subjects.Add(Subject), o => o.RetryDelay = TimeSpan.Zero);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private static async Task RouteAsync(InProcessTestCluster cluster)
    {
        var router = cluster.Client.ServiceProvider.GetRequiredService<IMentionRouter>();
        foreach (var chunk in Mentions.Chunk(BatchSize))
        {
            await router.RouteAsync(chunk);
        }
    }

    private static async Task KillSiloHoldingAsync(InProcessTestCluster cluster, IIncidentGrain grain)
    {
        var host = await cluster.Client.GetGrain<IManagementGrain>(0).GetActivationAddress(grain);
        host.Should().NotBeNull("the incident grain is active");
        await cluster.KillSiloAsync(cluster.Silos.Single(s => s.SiloAddress.Equals(host)));
        await cluster.WaitForLivenessToStabilizeAsync();
    }

    /// <summary>The incident's reminder as the reminder table of a live silo holds it.</summary>
    private static Task<ReminderEntry?> Reminders(InProcessTestCluster cluster, IIncidentGrain grain) =>
        cluster.GetSiloServiceProvider(cluster.Silos[0].SiloAddress).GetRequiredService<IReminderTable>().ReadRow(grain.GetGrainId(), IncidentGrain.ReminderName)!;

    private static List<KeyValuePair<string, (byte[] Data, string ETag)>> IncidentRows(SharedMemoryGrainStorage rows) =>
        [.. rows.Rows.Where(r => r.Key.StartsWith("incident/", StringComparison.Ordinal))];

    /// <summary>The keys the stored timeline holds scheduled without an outcome.</summary>
    private static string[] Pending(SharedMemoryGrainStorage rows, string incidentId)
    {
        var serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();
        var row = IncidentRows(rows).Single(r => r.Key.EndsWith(incidentId, StringComparison.Ordinal));
        var state = serializer.Deserialize<IncidentGrainState>(row.Value.Data);
        var pending = new List<string>();
        foreach (var e in state!.Timeline.Select(IncidentEventJson.Deserialize))
        {
            switch (e)
            {
                case NotificationScheduled scheduled:
                    pending.Add(scheduled.IdempotencyKey);
                    break;
                case NotificationSent sent:
                    pending.Remove(sent.IdempotencyKey);
                    break;
                case NotificationFailed failed:
                    pending.Remove(failed.IdempotencyKey);
                    break;
            }
        }

        return [.. pending];
    }
}
