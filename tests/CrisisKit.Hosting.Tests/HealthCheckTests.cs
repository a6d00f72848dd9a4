using System.Collections.Concurrent;
using CrisisKit.Escalation;
using CrisisKit.Incidents;
using CrisisKit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CrisisKit.Hosting.Tests;

public sealed class HealthCheckTests
{
    private static async Task<HealthReportEntry> Check(TestHost host, string name) =>
        (await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == name)).Entries[name];

    private static TestHost Create(RecordingEngine engine, IIncidentStore? store = null, Action<CrisisKitBuilder>? kit = null) => TestHost.Create(
        kit,
        o => o.FeedStaleAfter = TimeSpan.FromMinutes(15),
        s =>
        {
            s.AddSingleton<IEscalationEngine>(engine);
            if (store is not null)
            {
                s.AddSingleton(store);
            }

            s.AddHealthChecks().AddCrisisKitChecks();
        });

    [Fact]
    public async Task The_checks_are_tagged_and_unhealthy_before_the_pipeline_runs()
    {
        await using var host = Create(new RecordingEngine(new ConcurrentQueue<string>()));
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Tags.Contains(CrisisKitHealthChecksBuilderExtensions.Tag));

        report.Entries.Keys.Should().BeEquivalentTo("crisiskit-store", "crisiskit-engine", "crisiskit-feed", "crisiskit-channels");
        report.Entries["crisiskit-engine"].Status.Should().Be(HealthStatus.Unhealthy);
        report.Entries["crisiskit-feed"].Status.Should().Be(HealthStatus.Unhealthy);
    }

    [Fact]
    public async Task The_feed_is_degraded_after_the_quiet_limit_and_healthy_again_when_a_mention_arrives()
    {
        await using var host = Create(new RecordingEngine(new ConcurrentQueue<string>()), kit: k => k.AddMentionChannel());
        await host.Host.StartAsync();
        (await Check(host, "crisiskit-feed")).Status.Should().Be(HealthStatus.Healthy);

        host.Time.Advance(TimeSpan.FromMinutes(14));
        (await Check(host, "crisiskit-feed")).Status.Should().Be(HealthStatus.Healthy);
        host.Time.Advance(TimeSpan.FromMinutes(2));
        var stale = await Check(host, "crisiskit-feed");
        stale.Status.Should().Be(HealthStatus.Degraded);
        stale.Description.Should().Contain("No mention for 00:16:00");

        var status = host.Services.GetRequiredService<PipelineStatus>();
        host.Services.GetRequiredService<ChannelMentionSource>().Writer.TryWrite(TestHost.Mention(1, host.Time.GetUtcNow().AddMinutes(-1)));
        await host.WaitUntilAsync(() => status.Ingested == 1);
        (await Check(host, "crisiskit-feed")).Status.Should().Be(HealthStatus.Healthy);
        await host.Host.StopAsync();
    }

    [Fact]
    public async Task The_engine_is_unhealthy_when_due_work_is_overdue()
    {
        var engine = new RecordingEngine(new ConcurrentQueue<string>());
        await using var host = Create(engine);
        await host.Host.StartAsync();
        engine.Due = host.Time.GetUtcNow().AddMinutes(1);
        (await Check(host, "crisiskit-engine")).Status.Should().Be(HealthStatus.Healthy);

        engine.Due = host.Time.GetUtcNow().AddMinutes(-3);
        var overdue = await Check(host, "crisiskit-engine");
        overdue.Status.Should().Be(HealthStatus.Unhealthy);
        overdue.Description.Should().Contain("has not run for 00:03:00");
        await host.Host.StopAsync();
    }

    [Fact]
    public async Task The_store_is_unhealthy_when_it_does_not_answer_and_degraded_when_a_checkpoint_failed()
    {
        var store = new FlakyIncidentStore(0);
        var snapshots = new RecordingSnapshotStore();
        await using var host = Create(new RecordingEngine(new ConcurrentQueue<string>()), store, k => k.Services.AddSingleton<ISnapshotStore>(snapshots));
        await host.Host.StartAsync();
        (await Check(host, "crisiskit-store")).Status.Should().Be(HealthStatus.Healthy);

        snapshots.Fail = true;
        (await host.Services.GetRequiredService<CrisisKitPipelineService>().CheckpointAsync(CancellationToken.None)).Should().BeFalse();
        var degraded = await Check(host, "crisiskit-store");
        degraded.Status.Should().Be(HealthStatus.Degraded);
        degraded.Description.Should().Contain("disk full");

        store.Unreachable = true;
        var down = await Check(host, "crisiskit-store");
        down.Status.Should().Be(HealthStatus.Unhealthy);
        down.Description.Should().Contain("connection refused");
        snapshots.Fail = false;
        await host.Host.StopAsync();
    }

    [Fact]
    public async Task A_channel_whose_latest_send_failed_is_degraded_until_it_sends_again()
    {
        var engine = new RecordingEngine(new ConcurrentQueue<string>());
        await using var host = Create(engine);
        await host.Host.StartAsync();
        var now = host.Time.GetUtcNow();
        engine.Open.Add(Incident.FromTimeline("i1", [
            IncidentTimelines.Opened("acme", now.AddMinutes(-10)),
            new NotificationSent(now.AddMinutes(-9), "k1", "standard", 0, 0, "maria", "console", 1),
            new NotificationFailed(now.AddMinutes(-8), "k2", "nikos", "webhook", 1, "HTTP 503", now.AddMinutes(-7)),
        ]));

        var failing = await Check(host, "crisiskit-channels");
        failing.Status.Should().Be(HealthStatus.Degraded);
        failing.Description.Should().Contain("'webhook'").And.Contain("HTTP 503").And.NotContain("'console'");

        engine.Open[0] = Incident.FromTimeline("i1", [.. engine.Open[0].Timeline, new NotificationSent(now.AddMinutes(-7), "k2", "standard", 0, 0, "nikos", "webhook", 2)]);
        (await Check(host, "crisiskit-channels")).Status.Should().Be(HealthStatus.Healthy);
        await host.Host.StopAsync();
    }
}
