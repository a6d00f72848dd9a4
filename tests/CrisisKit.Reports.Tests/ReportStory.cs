using CrisisKit.Aggregation;
using CrisisKit.Escalation;
using CrisisKit.Evaluation;
using CrisisKit.Incidents;
using CrisisKit.Protocols;
using CrisisKit.Simulation;
using CrisisKit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CrisisKit.Tests.Reports;

/// <summary>The incident every report test draws: run through the real engine, with a day of buckets around it.</summary>
internal static class ReportStory
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 3, 14, 0, 0, TimeSpan.Zero);

    /// <summary>A day of buckets with a burst at T0, and an incident run through the real engine: acknowledged, answered, resolved.</summary>
    public static async Task<(Incident Incident, IncidentEvaluation Evaluation, IReadOnlyList<MentionBucket> Buckets)> BuildAsync()
    {
        var time = new FakeTimeProvider(T0);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddCrisisKit()
            .AddProtocols([.. SampleProtocols.Sources])
            .AddNotificationChannel(new InMemoryNotificationChannel("webhook"))
            .AddNotificationChannel(new InMemoryNotificationChannel("console"));
        using var provider = services.BuildServiceProvider();
        var engine = provider.GetRequiredService<IEscalationEngine>();
        var protocols = provider.GetRequiredService<ProtocolSet>();
        var incident = await engine.OpenAsync(new CandidateBuilder(T0.AddMinutes(-5)).WithId("veltro-20260303T1355").WithCritic("critic", 20_000).Build(), "Veltro");
        time.Advance(TimeSpan.FromMinutes(12));
        await engine.RunDueAsync();
        await engine.AcknowledgeAsync(incident.Id, "duty-moderator");
        time.Advance(TimeSpan.FromMinutes(50));
        await engine.PublishStatementAsync(incident.Id, "social-lead", "en", "x", "We are looking into it and will update here by 18:00.");
        time.Advance(TimeSpan.FromHours(5));
        incident = await engine.ChangeStatusAsync(incident.Id, "social-lead", IncidentStatus.Resolved);

        var buckets = new List<MentionBucket>();
        for (var t = T0.AddHours(-30); t < T0.AddHours(12); t += TimeSpan.FromMinutes(5))
        {
            var burst = t >= T0.AddMinutes(-5) && t < T0.AddHours(3);
            var mentions = burst ? 60 : 12;
            var negative = burst ? 30 : 1;
            buckets.Add(new MentionBucket(t, mentions, negative, burst ? -18 : 1.2, 5_000 * mentions, mentions, 0, 0));
        }

        var evaluation = new DefaultPostIncidentEvaluator().Evaluate(new EvaluationInput(incident, protocols.Find(incident.ProtocolId), buckets, T0.AddMinutes(-5)));
        return (incident, evaluation, buckets);
    }
}
