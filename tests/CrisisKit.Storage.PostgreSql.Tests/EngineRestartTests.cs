using CrisisKit.Correlation;
using CrisisKit.Detection;
using CrisisKit.Escalation;
using CrisisKit.Hosting;
using CrisisKit.Incidents;
using CrisisKit.Protocols;
using CrisisKit.Severity;
using CrisisKit.Storage.PostgreSql;
using CrisisKit.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CrisisKit.Storage.PostgreSql.Tests;

/// <summary>The escalation engine over a PostgreSQL database survives a process restart mid-chain.</summary>
public sealed class EngineRestartTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 3, 14, 0, 0, TimeSpan.Zero);
    private readonly string _schema = TestPostgres.NewSchema();
    private readonly FakeTimeProvider _time = new(T0);
    private readonly InMemoryNotificationChannel _webhook = new("webhook");
    private readonly InMemoryNotificationChannel _console = new("console");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => TestPostgres.DropSchemaAsync(_schema);

    /// <summary>A host's container over the database: disposing it stops the engine and closes the store, as a process exit would.</summary>
    private ServiceProvider Host()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddCrisisKit()
            .AddProtocolFiles(RepositoryPaths.SampleProtocols)
            .AddNotificationChannel(_webhook)
            .AddNotificationChannel(_console)
            .UsePostgreSqlIncidentStore(o =>
            {
                o.ConnectionString = TestPostgres.Require();
                o.Schema = _schema;
            });
        return services.BuildServiceProvider();
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

    [SkippableFact]
    public async Task A_new_engine_over_the_same_database_loses_no_step_and_repeats_none()
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

        await using var check = new PostgreSqlIncidentStore(new PostgreSqlIncidentStoreOptions { ConnectionString = TestPostgres.Require(), Schema = _schema, ReadOnly = true });
        var incident = (await check.GetAsync(id))!;
        incident.Timeline.OfType<NotificationSent>().Select(n => n.IdempotencyKey).Should().OnlyHaveUniqueItems();
        incident.Status.Should().Be(IncidentStatus.Acknowledged);
        incident.Timeline.OfType<DeadlineBreached>().Should().Contain(b => b.Deadline == "acknowledge", "the 15-minute acknowledgement deadline passed while the process was down");
    }
}
