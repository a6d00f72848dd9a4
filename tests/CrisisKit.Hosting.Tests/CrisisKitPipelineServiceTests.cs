using System.Collections.Concurrent;
using CrisisKit.Escalation;
using CrisisKit.Monitoring;
using CrisisKit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CrisisKit.Hosting.Tests;

public sealed class CrisisKitPipelineServiceTests
{
    [Fact]
    public async Task Stop_ingests_every_queued_mention_drains_the_bridge_then_disposes_the_engine_then_checkpoints()
    {
        var log = new ConcurrentQueue<string>();
        ICrisisMonitor? monitor = null;
        var snapshots = new RecordingSnapshotStore(log, () => "after " + monitor!.Statistics.Received + " mentions");
        await using var host = TestHost.Create(
            kit => kit.AddMentionChannel(),
            services: s =>
            {
                s.AddSingleton<IEscalationEngine>(new RecordingEngine(log));
                s.AddSingleton<ISnapshotStore>(snapshots);
            });
        monitor = host.Services.GetRequiredService<ICrisisMonitor>();
        var source = host.Services.GetRequiredService<ChannelMentionSource>();
        for (var i = 0; i < 2000; i++)
        {
            source.Writer.TryWrite(TestHost.Mention(i, TestHost.T0.AddSeconds(i))).Should().BeTrue();
        }

        await host.Host.StartAsync();
        var hub = host.Services.GetRequiredService<MonitorEventHub>();
        foreach (var id in new[] { "c1", "c2", "c3" })
        {
            hub.Publish(new CrisisCandidateOpened(host.Time.GetUtcNow(), new CandidateBuilder(TestHost.T0).ForSubject("acme").WithId(id).Build()));
        }

        await host.Host.StopAsync();

        monitor.Statistics.Received.Should().Be(2000, "every mention written before the stop is ingested");
        var entries = log.ToList();
        entries[0].Should().Be("resume");
        entries[^2..].Should().Equal("engine disposed", "checkpoint after 2000 mentions");
        entries[1..^2].Should().ContainInOrder("open c1", "open c2", "open c3")
            .And.OnlyContain(e => e.StartsWith("open ", StringComparison.Ordinal), "every candidate reaches the engine before it is disposed");
        source.Writer.TryWrite(TestHost.Mention(9999, TestHost.T0)).Should().BeFalse("the source is closed once the host stops");
    }

    [Fact]
    public async Task A_mention_written_while_the_pipeline_runs_is_ingested_before_the_stop_completes()
    {
        await using var host = TestHost.Create(kit => kit.AddMentionChannel(capacity: 16));
        await host.Host.StartAsync();
        var source = host.Services.GetRequiredService<ChannelMentionSource>();
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < 500; i++)
            {
                await source.Writer.WriteAsync(TestHost.Mention(i, TestHost.T0.AddSeconds(i)));
            }
        });
        await writer;
        await host.Host.StopAsync();

        host.Services.GetRequiredService<ICrisisMonitor>().Statistics.Received.Should().Be(500);
    }

    [Fact]
    public async Task The_clock_closes_the_buckets_of_a_stream_that_has_gone_quiet()
    {
        await using var host = TestHost.Create(kit => kit.AddMentionChannel(), o => o.ClockInterval = TimeSpan.FromSeconds(30), now: TestHost.T0.AddMinutes(12));
        var monitor = host.Services.GetRequiredService<ICrisisMonitor>();
        var source = host.Services.GetRequiredService<ChannelMentionSource>();
        for (var i = 0; i < 20; i++)
        {
            source.Writer.TryWrite(TestHost.Mention(i, TestHost.T0.AddMinutes(10).AddSeconds(i)));
        }

        await host.Host.StartAsync();
        await host.WaitUntilAsync(() => monitor.Statistics.Received == 20);
        monitor.GetBuckets("acme").Should().BeEmpty("the mentions' bucket is still open");

        // No more mentions: only the clock can close the bucket.
        await host.WaitUntilAsync(() => monitor.GetBuckets("acme").Count > 0, step: TimeSpan.FromSeconds(30));
        host.Time.GetUtcNow().Should().BeAfter(TestHost.T0.AddMinutes(15));
        await host.Host.StopAsync();
    }

    [Fact]
    public async Task The_clock_runs_escalation_work_that_is_overdue()
    {
        var engine = new RecordingEngine(new ConcurrentQueue<string>());
        await using var host = TestHost.Create(pipeline: o => o.ClockInterval = TimeSpan.FromSeconds(10), services: s => s.AddSingleton<IEscalationEngine>(engine));
        await host.Host.StartAsync();
        engine.Due = host.Time.GetUtcNow().AddSeconds(5);

        await host.WaitUntilAsync(() => engine.RunDueCalls == 1, step: TimeSpan.FromSeconds(10));
        await host.Host.StopAsync();
    }

    [Fact]
    public async Task A_round_waiting_on_a_slow_channel_does_not_stop_the_clock()
    {
        var engine = new RecordingEngine(new ConcurrentQueue<string>()) { Hold = new TaskCompletionSource() };
        await using var host = TestHost.Create(kit => kit.AddMentionChannel(), o => o.ClockInterval = TimeSpan.FromSeconds(30), now: TestHost.T0.AddMinutes(12), services: s => s.AddSingleton<IEscalationEngine>(engine));
        var monitor = host.Services.GetRequiredService<ICrisisMonitor>();
        var source = host.Services.GetRequiredService<ChannelMentionSource>();
        for (var i = 0; i < 20; i++)
        {
            source.Writer.TryWrite(TestHost.Mention(i, TestHost.T0.AddMinutes(10).AddSeconds(i)));
        }

        await host.Host.StartAsync();
        engine.Due = host.Time.GetUtcNow();
        await host.WaitUntilAsync(() => engine.RunDueCalls == 1 && monitor.Statistics.Received == 20, step: TimeSpan.FromSeconds(30));

        // The round is still waiting; only the clock can close the quiet stream's bucket.
        await host.WaitUntilAsync(() => monitor.GetBuckets("acme").Count > 0, step: TimeSpan.FromSeconds(30));
        engine.RunDueCalls.Should().Be(1, "a second round does not start while one is running");

        engine.Hold.SetResult();
        await host.Host.StopAsync();
    }

    [Fact]
    public async Task The_detection_state_is_checkpointed_on_the_interval()
    {
        var snapshots = new RecordingSnapshotStore();
        await using var host = TestHost.Create(pipeline: o => o.CheckpointInterval = TimeSpan.FromMinutes(1), services: s => s.AddSingleton<ISnapshotStore>(snapshots));
        await host.Host.StartAsync();
        snapshots.Saves.Should().Be(0);

        await host.WaitUntilAsync(() => snapshots.Saves >= 2, step: TimeSpan.FromSeconds(30));
        await host.Host.StopAsync();
    }

    [Fact]
    public async Task A_restarted_host_restores_the_checkpoint_saved_at_stop()
    {
        var folder = Directory.CreateTempSubdirectory("crisiskit-hosting-");
        try
        {
            var path = Path.Combine(folder.FullName, "state", "detection.snapshot");
            int buckets;
            await using (var first = TestHost.Create(kit => kit.AddMentionChannel().AddSnapshotFile(path)))
            {
                var source = first.Services.GetRequiredService<ChannelMentionSource>();
                for (var i = 0; i < 60; i++)
                {
                    source.Writer.TryWrite(TestHost.Mention(i, TestHost.T0.AddMinutes(i)));
                }

                await first.Host.StartAsync();
                var monitor = first.Services.GetRequiredService<ICrisisMonitor>();
                await first.WaitUntilAsync(() => monitor.Statistics.Received == 60);
                monitor.AdvanceTo(first.Time.GetUtcNow());
                buckets = monitor.GetBuckets("acme").Count;
                buckets.Should().BeGreaterThan(10);
                await first.Host.StopAsync();
            }

            File.Exists(path).Should().BeTrue();
            await using var second = TestHost.Create(kit => kit.AddSnapshotFile(path));
            second.Services.GetRequiredService<ICrisisMonitor>().GetBuckets("acme").Should().BeEmpty();
            await second.Host.StartAsync();

            second.Services.GetRequiredService<ICrisisMonitor>().GetBuckets("acme").Should().HaveCount(buckets);
            await second.Host.StopAsync();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_checkpoint_that_cannot_be_read_is_logged_and_detection_starts_afresh()
    {
        var snapshots = new RecordingSnapshotStore();
        await snapshots.SaveAsync("not a snapshot"u8.ToArray(), CancellationToken.None);
        await using var host = TestHost.Create(services: s => s.AddSingleton<ISnapshotStore>(snapshots));

        await host.Host.StartAsync();

        host.Logs.GetSnapshot().Should().Contain(r => r.Id.Name == "SnapshotRefused" && r.Level == Microsoft.Extensions.Logging.LogLevel.Error);
        await host.Host.StopAsync();
    }

    [Fact]
    public async Task A_file_source_counts_and_logs_malformed_records_and_the_host_stops_at_its_end()
    {
        var folder = Directory.CreateTempSubdirectory("crisiskit-hosting-");
        try
        {
            var path = Path.Combine(folder.FullName, "mentions.jsonl");
            using (var stream = File.Create(path))
            using (var writer = new CrisisKit.Ingestion.JsonLinesMentionWriter(stream, leaveOpen: true))
            {
                writer.Write(TestHost.Mention(1, TestHost.T0));
                writer.Write(TestHost.Mention(2, TestHost.T0.AddMinutes(1)));
            }

            await File.AppendAllTextAsync(path, "{\"id\": \"broken\"\n");
            using (var stream = new FileStream(path, FileMode.Append))
            using (var writer = new CrisisKit.Ingestion.JsonLinesMentionWriter(stream))
            {
                writer.Write(TestHost.Mention(3, TestHost.T0.AddMinutes(2)));
            }

            await using var host = TestHost.Create(kit => kit.AddMentionFile(path), o => o.StopWhenSourcesEnd = true);
            await host.Host.StartAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await host.Host.WaitForShutdownAsync(timeout.Token);

            host.Services.GetRequiredService<ICrisisMonitor>().Statistics.Received.Should().Be(3);
            host.Services.GetRequiredService<PipelineStatus>().Malformed.Should().Be(1);
            host.Logs.GetSnapshot().Should().Contain(r => r.Id.Name == "MentionRecordMalformed" && r.Message.Contains(":3: record not used", StringComparison.Ordinal));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Bad_options_fail_the_start_naming_the_option_and_its_range()
    {
        await using var host = TestHost.Create(pipeline: o =>
        {
            o.BridgeAttempts = 0;
            o.ClockInterval = TimeSpan.Zero;
        });

        var start = () => host.Host.StartAsync();

        var error = (await start.Should().ThrowAsync<OptionsValidationException>()).Which;
        error.Failures.Should().Contain("HostedPipelineOptions.BridgeAttempts must be between 1 and 20 (was 0).");
        error.Failures.Should().Contain(f => f.StartsWith("HostedPipelineOptions.ClockInterval must be between 00:00:00.0100000 and 01:00:00", StringComparison.Ordinal));
    }
}
