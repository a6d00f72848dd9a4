using CrisisKit.Escalation;
using CrisisKit.Incidents;
using CrisisKit.Monitoring;
using CrisisKit.Simulation;
using CrisisKit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace CrisisKit.Hosting.Tests;

public sealed class EscalationBridgeTests
{
    private static TestHost Create(FlakyIncidentStore store, Action<HostedPipelineOptions>? pipeline = null) => TestHost.Create(
        kit => kit.AddProtocols([.. SampleProtocols.Sources])
            .AddNotificationChannel(new InMemoryNotificationChannel("webhook"))
            .AddNotificationChannel(new InMemoryNotificationChannel("console")),
        pipeline,
        services: s =>
        {
            s.AddSingleton<IIncidentStore>(store);
            s.AddHealthChecks().AddCrisisKitChecks();
        });

    private static void Publish(TestHost host, string candidateId) =>
        host.Services.GetRequiredService<MonitorEventHub>().Publish(new CrisisCandidateOpened(host.Time.GetUtcNow(), new CandidateBuilder(host.Time.GetUtcNow().AddMinutes(-5)).ForSubject("acme").WithId(candidateId).WithCritic("critic", 20_000).Build()));

    [Fact]
    public async Task An_incident_store_that_fails_once_is_retried_after_the_backoff_and_the_incident_opens()
    {
        var store = new FlakyIncidentStore(failures: 1);
        await using var host = Create(store, o => o.BridgeRetryDelay = TimeSpan.FromSeconds(2));
        await host.Host.StartAsync();

        Publish(host, "acme-1");
        await host.WaitUntilAsync(() => host.Logs.GetSnapshot().Any(r => r.Id.Name == "BridgeRetry"));
        (await store.ListAsync()).Should().BeEmpty("the first attempt failed and the retry waits on the clock");

        await host.WaitUntilAsync(() => store.ListAsync().Result.Count == 1, step: TimeSpan.FromSeconds(1));
        var incident = (await store.GetAsync((await store.ListAsync())[0]))!;
        incident.CandidateId.Should().Be("acme-1");
        incident.SubjectName.Should().Be("Acme", "the bridge names the subject as the monitor knows it");
        var retry = host.Logs.GetSnapshot().Single(r => r.Id.Name == "BridgeRetry");
        retry.Level.Should().Be(LogLevel.Warning);
        retry.Message.Should().Contain("acme-1").And.Contain("attempt 1").And.Contain("00:00:02");
        retry.Exception.Should().BeOfType<IOException>();
        await host.Host.StopAsync();
    }

    [Fact]
    public async Task A_candidate_that_fails_every_attempt_is_logged_and_counted_and_the_bridge_goes_on()
    {
        var store = new FlakyIncidentStore(failures: 3);
        await using var host = Create(store, o =>
        {
            o.BridgeAttempts = 3;
            o.BridgeRetryDelay = TimeSpan.FromSeconds(1);
        });
        await host.Host.StartAsync();

        Publish(host, "acme-lost");
        await host.WaitUntilAsync(() => host.Logs.GetSnapshot().Any(r => r.Id.Name == "BridgeGaveUp"), step: TimeSpan.FromSeconds(1));
        host.Logs.GetSnapshot().Count(r => r.Id.Name == "BridgeRetry").Should().Be(2);
        host.Services.GetRequiredService<PipelineStatus>().BridgeFailures.Should().Be(1);
        var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "crisiskit-channels");
        health.Entries["crisiskit-channels"].Status.Should().Be(HealthStatus.Degraded);
        health.Entries["crisiskit-channels"].Description.Should().Contain("acme-lost").And.Contain("database is busy");

        Publish(host, "acme-next");
        await host.WaitUntilAsync(() => store.ListAsync().Result.Count == 1);
        (await store.GetAsync((await store.ListAsync())[0]))!.CandidateId.Should().Be("acme-next");
        await host.Host.StopAsync();
    }

    [Fact]
    public async Task Candidate_updates_reach_the_engine_in_order_after_the_opening()
    {
        var store = new FlakyIncidentStore(failures: 0);
        await using var host = Create(store);
        await host.Host.StartAsync();
        var hub = host.Services.GetRequiredService<MonitorEventHub>();
        var at = host.Time.GetUtcNow();
        var first = new CandidateBuilder(at.AddMinutes(-5)).ForSubject("acme").WithId("acme-1").Build();
        var grown = new CandidateBuilder(at.AddMinutes(-5)).ForSubject("acme").WithId("acme-1").WithVolume(400).WithCritic("critic", 2_000_000).Build();

        hub.Publish(new CrisisCandidateOpened(at, first));
        hub.Publish(new CrisisCandidateUpdated(at, grown));
        await host.Host.StopAsync();

        var incident = (await store.GetAsync((await store.ListAsync())[0]))!;
        incident.Timeline.OfType<SeverityChanged>().Should().HaveCountGreaterThan(1, "the update raised the severity after the incident opened");
    }
}
