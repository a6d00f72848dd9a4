using CrisisKit.Correlation;
using CrisisKit.Detection;
using CrisisKit.Escalation;
using CrisisKit.Hosting;
using CrisisKit.Incidents;
using CrisisKit.Protocols;
using CrisisKit.Severity;
using CrisisKit.Storage.Sqlite;
using CrisisKit.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CrisisKit.Storage.Sqlite.Tests;

/// <summary>The escalation engine over a SQLite file survives a process restart mid-chain.</summary>
public sealed class EngineRestartTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 3, 14, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Directory.CreateTempSubdirectory("crisiskit-restart-").FullName;
    private readonly FakeTimeProvider _time = new(T0);
    private readonly InMemoryNotificationChannel _webhook = new("webhook");
    private readonly InMemoryNotificationChannel _console = new("console");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private string DbPath => Path.Combine(_folder, "incidents.db");

    /// <summary>A host's container over the database file: disposing it stops the engine and closes the store, as a process exit would.</summary>
    private ServiceProvider Host(INotificationChannel? webhook = null, TimeProvider? time = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(time ?? _time);
        services.AddCrisisKit()
            .AddProtocolFiles(RepositoryPaths.SampleProtocols)
            .AddNotificationChannel(webhook ?? _webhook)
            .AddNotificationChannel(_console)
            .UseSqliteIncidentStore(DbPath);
        services.Configure<EscalationOptions>(o => o.SendTimeout = TimeSpan.FromMinutes(10));
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task A_process_killed_between_scheduling_and_sending_is_resumed_with_each_pending_message_sent_once()
    {
        // The first process dies while its webhook messages are with the channel: scheduled in the file, not sent.
        var stuck = new StuckChannel();
        var dead = Host(stuck, new FakeTimeProvider(T0));
        var opening = dead.GetRequiredService<IEscalationEngine>().OpenAsync(Candidate(), "Veltro");
        opening.IsCompleted.Should().BeFalse();
        string[] pending;
        await using (var read = new SqliteIncidentStore(DbPath))
        {
            var timeline = (await read.GetAsync(Candidate().Id))!.Timeline;
            pending = [.. timeline.OfType<NotificationScheduled>().Where(s => s.IdempotencyKey.EndsWith("/webhook", StringComparison.Ordinal)).Select(s => s.IdempotencyKey)];
            timeline.OfType<NotificationSent>().Should().NotContain(s => s.Channel == "webhook");
        }

        pending.Should().HaveCount(2, "the serious protocol's first step pages two people");
        stuck.Calls.Should().Be(2);
        var console = _console.Sent.Count;

        // A new process over the same file.
        await using (var host = Host())
        {
            var engine = host.GetRequiredService<IEscalationEngine>();
            (await engine.ResumeAsync()).Should().Be(1);
            _webhook.Sent.Select(n => n.IdempotencyKey).Should().BeEquivalentTo(pending);
            _console.Sent.Should().HaveCount(console, "what was recorded as sent is not sent again");
        }

        await using var check = new SqliteIncidentStore(DbPath);
        var incident = (await check.GetAsync(Candidate().Id))!;
        incident.Timeline.OfType<NotificationSent>().Select(n => n.IdempotencyKey).Should().OnlyHaveUniqueItems().And.Contain(pending);
        incident.Timeline.OfType<NotificationScheduled>().Select(n => n.IdempotencyKey).Should().OnlyHaveUniqueItems("a pending message is not scheduled again");
        _webhook.Duplicates.Should().Be(0);
        _ = dead; // abandoned, as a killed process leaves it: never disposed
    }

    /// <summary>A webhook channel whose sends never finish: the process is killed while they are out.</summary>
    private sealed class StuckChannel : INotificationChannel
    {
        private int _calls;

        public string Name => "webhook";

        public int Calls => Volatile.Read(ref _calls);

        public Task SendAsync(Notification notification, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            return new TaskCompletionSource().Task;
        }
    }

    private static CrisisCandidate Candidate() => new()
    {
        Id = "veltro-20260303T1355",
        SubjectId = "veltro",
        FirstSignalAt = T0.AddMinutes(-5),
        LastSignalAt = T0.AddMinutes(-5),
        PeakAt = T0.AddMinutes(-5),
        PeakScore = 0.9,
        SignalCount = 1,
        Metrics = new CandidateMetrics { PeakMentions = 600, ExpectedMentions = 12, PeakNegativeShare = 0.6, UsualNegativeShare = 0.1, PeakSpread = 200, UsualSpread = 4, Platforms = ["x", "facebook", "instagram"], TopNegativeAuthorFollowers = 900_000, TopNegativeAuthor = "critic" },
    };

    [Fact]
    public async Task A_new_engine_over_the_same_database_file_loses_no_step_and_repeats_none()
    {
        string id;
        await using (var host = Host())
        {
            var engine = host.GetRequiredService<IEscalationEngine>();
            id = (await engine.OpenAsync(Candidate(), "Veltro")).Id;
            _time.Advance(TimeSpan.FromMinutes(5));
            await engine.RunDueAsync();
        }

        // The process is gone for 12 minutes; step 0's third round and step 1's start fall due meanwhile.
        var before = _webhook.Sent.Select(n => n.IdempotencyKey).ToList();
        _time.Advance(TimeSpan.FromMinutes(12));
        await using (var host = Host())
        {
            var engine = host.GetRequiredService<IEscalationEngine>();
            (await engine.ResumeAsync()).Should().Be(1);
            _time.Advance(TimeSpan.FromMinutes(30));
            await engine.RunDueAsync();
            await engine.AcknowledgeAsync(id, "ceo");
            _time.Advance(TimeSpan.FromHours(1));
            await engine.RunDueAsync();
        }

        var keys = _webhook.Sent.Where(n => n.Kind == NotificationKind.Escalation).Select(n => n.IdempotencyKey).ToList();
        _webhook.Sent.Select(n => n.IdempotencyKey).Should().StartWith(before);
        _webhook.Duplicates.Should().Be(0);
        keys.Should().OnlyHaveUniqueItems();
        keys.Should().Equal(
            $"{id}/serious/step0/round0/comms-lead/webhook",
            $"{id}/serious/step0/round0/social-lead/webhook",
            $"{id}/serious/step0/round1/comms-lead/webhook",
            $"{id}/serious/step0/round1/social-lead/webhook",
            $"{id}/serious/step1/round0/ceo/webhook",
            $"{id}/serious/step1/round1/ceo/webhook",
            $"{id}/serious/step1/round2/ceo/webhook");

        await using var check = new SqliteIncidentStore(DbPath);
        var incident = (await check.GetAsync(id))!;
        incident.Timeline.OfType<NotificationSent>().Select(n => n.IdempotencyKey).Should().OnlyHaveUniqueItems();
        incident.Status.Should().Be(IncidentStatus.Acknowledged);
        incident.Timeline.OfType<DeadlineBreached>().Should().Contain(b => b.Deadline == "acknowledge", "the 15-minute acknowledgement deadline passed while the process was down");
    }
}
