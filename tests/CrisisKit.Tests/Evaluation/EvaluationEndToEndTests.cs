using CrisisKit.Escalation;
using CrisisKit.Evaluation;
using CrisisKit.Incidents;
using CrisisKit.Protocols;
using CrisisKit.Severity;
using CrisisKit.Tests.Escalation;
using Microsoft.Extensions.Time.Testing;

namespace CrisisKit.Tests.Evaluation;

public class EvaluationEndToEndTests
{
    private static readonly DateTimeOffset T0 = EscalationEngineTests.T0;

    [Fact]
    public async Task An_incident_run_by_the_engine_through_acknowledge_statement_and_resolve_is_evaluated_from_its_stored_timeline()
    {
        var time = new FakeTimeProvider(T0);
        var webhook = new InMemoryNotificationChannel("webhook");
        var console = new InMemoryNotificationChannel("console");
        var store = new InMemoryIncidentStore();
        var protocols = new ProtocolSet(ProtocolLoader.LoadAll(Simulation.SampleProtocols.Sources));
        using var engine = new EscalationEngine(store, protocols, new DefaultSeverityClassifier(new SeverityOptions()), new SeverityOptions(), [webhook, console], new EscalationOptions(), time);

        async Task Advance(TimeSpan by)
        {
            time.Advance(by);
            await engine.RunDueAsync();
        }

        var candidate = EscalationEngineTests.Candidate() with { TopTerms = ["#veltrofail"] };
        var opened = await engine.OpenAsync(candidate, "Veltro");
        opened.ProtocolId.Should().Be("standard");

        await Advance(TimeSpan.FromMinutes(10));
        await Advance(TimeSpan.FromMinutes(10));
        await Advance(TimeSpan.FromMinutes(10)); // the chain reaches step 1 (the social lead) at T0 + 30 min
        await Advance(TimeSpan.FromMinutes(5));
        await engine.AcknowledgeAsync(opened.Id, "social-lead");
        await Advance(TimeSpan.FromMinutes(25));
        await engine.PublishStatementAsync(opened.Id, "social-lead", "en", "x", "We are looking into it.");
        await Advance(TimeSpan.FromHours(1));
        await engine.ChangeStatusAsync(opened.Id, "social-lead", IncidentStatus.Resolved);

        var stored = (await store.GetAsync(opened.Id))!;
        // The crisis began at T0 − 15 min; the subject's buckets run from 34 hours before to 14 hours after T0.
        var onset = T0.AddMinutes(-15);
        var buckets = EvaluationData.Series(T0.AddHours(-34), 48, onset, TimeSpan.FromHours(4));
        var evaluation = new DefaultPostIncidentEvaluator().Evaluate(new EvaluationInput(stored, protocols.Find(stored.ProtocolId), buckets, onset, candidate));

        evaluation.OnsetSource.Should().Be(OnsetSource.GroundTruth);
        evaluation.TimeToDetect.Should().Be(TimeSpan.FromMinutes(15));
        evaluation.TimeToAcknowledge.Should().Be(TimeSpan.FromMinutes(35));
        evaluation.TimeToFirstResponse.Should().Be(TimeSpan.FromHours(1));
        evaluation.TimeToResolve.Should().Be(TimeSpan.FromHours(2));
        evaluation.Deadlines.Should().Equal(
            new DeadlineOutcome("acknowledge", T0.AddHours(1), T0.AddMinutes(35), true, TimeSpan.FromMinutes(25)),
            new DeadlineOutcome("first-response", T0.AddHours(4), T0.AddHours(1), true, TimeSpan.FromHours(3)));
        evaluation.EscalationStepsNeeded.Should().Be(2);
        evaluation.NotificationsSent.Should().Be(webhook.Sent.Count + console.Sent.Count).And.Be(8, "three rounds of step 0 and one of step 1, on two channels");
        evaluation.NotificationsFailed.Should().Be(0);
        evaluation.PeakVolume.Should().Be(100);
        evaluation.PeakVolumeAt.Should().Be(onset.AddMinutes(30));
        // Peak hour 14:00; 15:00 to 17:00 still in the aftermath (to 17:45); 18:00 and 19:00 back in the band.
        evaluation.SentimentRecovery.RecoveredAt.Should().Be(T0.AddHours(4));
        evaluation.SentimentRecovery.RecoveryTime.Should().Be(new TimeSpan(4, 15, 0));
        evaluation.TopTerms.Should().Equal("#veltrofail");
        evaluation.TopAuthors.Should().Equal("critic");
        evaluation.Findings.Select(f => (f.Kind, f.Code)).Should().Equal(
            (FindingKind.WentWell, FindingCode.DetectedQuickly),
            (FindingKind.WentWell, FindingCode.AcknowledgedInTime),
            (FindingKind.WentWell, FindingCode.FirstResponseInTime),
            (FindingKind.ToImprove, FindingCode.EscalationNeeded),
            (FindingKind.WentWell, FindingCode.SentimentRecovered));
    }
}
