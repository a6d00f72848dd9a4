using System.Text.Json;
using CrisisKit.Aggregation;
using CrisisKit.Correlation;
using CrisisKit.Detection;
using CrisisKit.Evaluation;
using CrisisKit.Incidents;
using static CrisisKit.Tests.Evaluation.EvaluationData;

namespace CrisisKit.Tests.Evaluation;

public class PostIncidentEvaluatorTests
{
    private readonly DefaultPostIncidentEvaluator _evaluator = new();

    /// <summary>
    /// Escalated to step 1, acknowledged at 10:45, one failed notification, first statement at 12:00, an update at
    /// 21:00 (an hour after it was due), resolved at 23:00.
    /// </summary>
    private static Incident Handled() => Incident(
    [
        .. Opening(),
        Sent(At(10, 10), 0, 0),
        new NotificationFailed(At(10, 10), "veltro-1/standard/step0/round0/p/console", "duty-moderator", "console", 1, "down", At(10, 10).AddSeconds(30)),
        Sent(At(10, 20), 0, 1),
        Sent(At(10, 30), 0, 2),
        Sent(At(10, 40), 1, 0),
        new IncidentAcknowledged(At(10, 45), "social-lead"),
        new StatusChanged(At(10, 45), IncidentStatus.Detected, IncidentStatus.Acknowledged, "social-lead", null),
        new StatementPublished(At(12, 0), "social-lead", "en", "x", "We are looking into it."),
        new StatusChanged(At(12, 0), IncidentStatus.Acknowledged, IncidentStatus.Responding, "social-lead", null),
        new StatementPublished(At(21, 0), "social-lead", "en", "x", "An update."),
        new StatusChanged(At(23, 0), IncidentStatus.Responding, IncidentStatus.Resolved, "social-lead", null),
    ]);

    private static CrisisCandidate Candidate() => new()
    {
        Id = "veltro-20260303T1005",
        SubjectId = "veltro",
        FirstSignalAt = At(10, 5),
        TopTerms = ["#veltrofail", "refund"],
        Metrics = new CandidateMetrics { TopNegativeAuthor = "critic", TopNegativeAuthorFollowers = 120_000 },
    };

    [Fact]
    public void A_handled_incident_gets_exact_timings_deadlines_and_steps()
    {
        var e = _evaluator.Evaluate(new EvaluationInput(Handled(), Standard(), TwoDays(TimeSpan.FromHours(4)), candidate: Candidate()));

        e.IncidentId.Should().Be("veltro-1");
        e.ProtocolId.Should().Be("standard");
        e.Status.Should().Be(IncidentStatus.Resolved);
        e.Onset.Should().Be(At(10, 0), "the 10:00 bucket's 60 mentions are far above the median 12 + 3 × 1.48");
        e.OnsetSource.Should().Be(OnsetSource.Baseline);
        e.TimeToDetect.Should().Be(TimeSpan.FromMinutes(10));
        e.TimeToAcknowledge.Should().Be(TimeSpan.FromMinutes(35));
        e.TimeToFirstResponse.Should().Be(TimeSpan.FromMinutes(110));
        e.TimeToResolve.Should().Be(new TimeSpan(12, 50, 0));

        e.Deadlines.Should().Equal(
            new DeadlineOutcome("acknowledge", At(11, 10), At(10, 45), true, TimeSpan.FromMinutes(25)),
            new DeadlineOutcome("first-response", At(14, 10), At(12, 0), true, new TimeSpan(2, 10, 0)),
            new DeadlineOutcome("update", At(20, 0), At(21, 0), false, TimeSpan.FromHours(-1)));

        e.EscalationStepsNeeded.Should().Be(2);
        e.NotificationsSent.Should().Be(4);
        e.NotificationsFailed.Should().Be(1);
        e.TopTerms.Should().Equal("#veltrofail", "refund");
        e.TopAuthors.Should().Equal("critic");
    }

    [Fact]
    public void The_conversation_figures_cover_the_buckets_from_the_onset_to_the_close()
    {
        var e = _evaluator.Evaluate(new EvaluationInput(Handled(), Standard(), TwoDays(TimeSpan.FromHours(4))));

        e.PeakVolume.Should().Be(100);
        e.PeakVolumeAt.Should().Be(At(10, 30));
        e.PeakNegativeShare.Should().BeApproximately(0.7, 1e-12);
        // 11 burst buckets, the peak, 36 aftermath buckets, then 108 quiet buckets from 14:00 to 22:55 (1,000 each).
        var expected = (11 * 200_000 * 40 / 60.0) + (500_000 * 0.7) + (36 * 50_000 * 0.4) + (108 * 1_000);
        e.NegativeReach.Should().BeApproximately(expected, 1e-6);
    }

    [Fact]
    public void Sentiment_recovers_when_two_clock_hours_after_the_peak_hour_are_back_in_the_band()
    {
        var e = _evaluator.Evaluate(new EvaluationInput(Handled(), Standard(), TwoDays(TimeSpan.FromHours(4))));

        var r = e.SentimentRecovery;
        r.BaselineMean.Should().BeApproximately(0.30, 1e-9);
        r.BandLow.Should().BeApproximately(0.25, 1e-9, "twice the deviation (0.045) is below the 0.05 minimum");
        r.BandHigh.Should().BeApproximately(0.35, 1e-9);
        r.RecoveredAt.Should().Be(At(14, 0));
        r.RecoveryTime.Should().Be(TimeSpan.FromHours(4));
        r.Recovered.Should().BeTrue();
        e.Findings.Should().ContainSingle(f => f.Code == FindingCode.SentimentRecovered)
            .Which.Text.Should().StartWith("Sentiment recovered in 4 h");
    }

    [Fact]
    public void Sentiment_that_stays_low_to_the_end_of_the_data_is_not_recovered()
    {
        var e = _evaluator.Evaluate(new EvaluationInput(Handled(), Standard(), TwoDays(recoverAfter: null)));

        e.SentimentRecovery.RecoveredAt.Should().BeNull();
        e.SentimentRecovery.RecoveryTime.Should().BeNull();
        e.SentimentRecovery.Recovered.Should().BeFalse();
        e.Findings.Should().ContainSingle(f => f.Code == FindingCode.SentimentNotRecovered).Which.Kind.Should().Be(FindingKind.ToImprove);
    }

    [Fact]
    public void A_single_hour_back_in_the_band_is_not_a_recovery()
    {
        var buckets = TwoDays(TimeSpan.FromHours(4));
        // 15:00 to 15:55 falls back to the aftermath: 14:00 alone is inside, so recovery starts at 16:00.
        for (var i = 0; i < buckets.Count; i++)
        {
            if (buckets[i].Start >= At(15, 0) && buckets[i].Start < At(16, 0))
            {
                buckets[i] = new MentionBucket(buckets[i].Start, 30, 12, 0, 50_000, 28, 5, 2);
            }
        }

        var e = _evaluator.Evaluate(new EvaluationInput(Handled(), Standard(), buckets));

        e.SentimentRecovery.RecoveredAt.Should().Be(At(16, 0));
        e.SentimentRecovery.RecoveryTime.Should().Be(TimeSpan.FromHours(6));
    }

    [Fact]
    public void A_given_ground_truth_onset_is_used_instead_of_the_baseline()
    {
        var e = _evaluator.Evaluate(new EvaluationInput(Handled(), Standard(), TwoDays(TimeSpan.FromHours(4)), groundTruthOnset: At(9, 30)));

        e.Onset.Should().Be(At(9, 30));
        e.OnsetSource.Should().Be(OnsetSource.GroundTruth);
        e.TimeToDetect.Should().Be(TimeSpan.FromMinutes(40));
        e.Findings.Should().ContainSingle(f => f.Code == FindingCode.DetectedSlowly)
            .Which.Text.Should().Be("Detected 40 min after the onset (ground-truth), more than 30 min.");
        e.Findings.Should().NotContain(f => f.Code == FindingCode.DetectedQuickly);
    }

    [Fact]
    public void A_detection_between_15_and_30_minutes_gives_no_detection_finding()
    {
        var e = _evaluator.Evaluate(new EvaluationInput(Handled(), Standard(), TwoDays(TimeSpan.FromHours(4)), groundTruthOnset: At(9, 50)));

        e.TimeToDetect.Should().Be(TimeSpan.FromMinutes(20));
        e.Findings.Should().NotContain(f => f.Code == FindingCode.DetectedQuickly || f.Code == FindingCode.DetectedSlowly);
    }

    [Fact]
    public void A_negative_share_above_the_pre_incident_band_marks_the_onset_even_at_usual_volume()
    {
        var buckets = TwoDays(TimeSpan.FromHours(4));
        var i = buckets.FindIndex(b => b.Start == At(9, 40));
        buckets[i] = buckets[i] with { Mentions = 14, NegativeMentions = 8, SentimentSum = -2 };

        var e = _evaluator.Evaluate(new EvaluationInput(Handled(), Standard(), buckets));

        e.Onset.Should().Be(At(9, 40), "14 mentions is within the volume limit but 57% negative is far above the usual 8%");
        e.OnsetSource.Should().Be(OnsetSource.Baseline);
        e.TimeToDetect.Should().Be(TimeSpan.FromMinutes(30));
    }

    [Fact]
    public void Only_buckets_from_six_hours_before_the_first_signal_can_be_the_onset()
    {
        var buckets = TwoDays(TimeSpan.FromHours(4));
        var i = buckets.FindIndex(b => b.Start == At(3, 0));
        buckets[i] = buckets[i] with { Mentions = 80 };

        var e = _evaluator.Evaluate(new EvaluationInput(Handled(), Standard(), buckets));

        e.Onset.Should().Be(At(10, 0), "03:00 is more than six hours before the 10:05 signal");
    }

    [Fact]
    public void Without_enough_data_before_the_incident_the_onset_is_the_first_signal()
    {
        var buckets = Series(At(9, 0), 15, At(10, 0), TimeSpan.FromHours(4));

        var e = _evaluator.Evaluate(new EvaluationInput(Handled(), Standard(), buckets));

        e.Onset.Should().Be(At(10, 5));
        e.OnsetSource.Should().Be(OnsetSource.FirstSignal);
        e.TimeToDetect.Should().Be(TimeSpan.FromMinutes(5));
        e.SentimentRecovery.BaselineMean.Should().NotBeNull("an hour before the onset is still enough for a band");
    }

    [Fact]
    public void A_handled_incident_has_a_finding_for_each_rule_that_applies()
    {
        var e = _evaluator.Evaluate(new EvaluationInput(Handled(), Standard(), TwoDays(TimeSpan.FromHours(4))));

        e.Findings.Select(f => (f.Kind, f.Code)).Should().Equal(
            (FindingKind.WentWell, FindingCode.DetectedQuickly),
            (FindingKind.WentWell, FindingCode.AcknowledgedInTime),
            (FindingKind.WentWell, FindingCode.FirstResponseInTime),
            (FindingKind.ToImprove, FindingCode.UpdatesMissed),
            (FindingKind.ToImprove, FindingCode.EscalationNeeded),
            (FindingKind.ToImprove, FindingCode.NotificationsFailed),
            (FindingKind.WentWell, FindingCode.SentimentRecovered));
        e.Findings.Select(f => f.Text).Should().Equal(
            "Detected 10 min after the onset (baseline), within 15 min.",
            "Acknowledged 25 min before the acknowledge deadline.",
            "First response published 130 min before the first-response deadline.",
            "1 of 1 updates late or missing.",
            "Escalation needed 2 steps: the first step's people did not acknowledge.",
            "Notifications failed once.",
            "Sentiment recovered in 4 h (back in the pre-incident band from 2026-03-03 14:00 UTC).");
    }

    [Fact]
    public void A_late_acknowledgement_and_no_statement_are_findings_to_improve()
    {
        var incident = Incident(
        [
            .. Opening(),
            Sent(At(10, 10), 0, 0),
            new IncidentAcknowledged(At(11, 40), "duty-moderator"),
            new StatusChanged(At(11, 40), IncidentStatus.Detected, IncidentStatus.Acknowledged, "duty-moderator", null),
            new DeadlineBreached(At(14, 10), "first-response", At(14, 10)),
        ]);

        var e = _evaluator.Evaluate(new EvaluationInput(incident, Standard(), TwoDays(TimeSpan.FromHours(4))));

        e.TimeToAcknowledge.Should().Be(TimeSpan.FromMinutes(90));
        e.TimeToFirstResponse.Should().BeNull();
        e.TimeToResolve.Should().BeNull();
        e.Deadlines.Should().Equal(
            new DeadlineOutcome("acknowledge", At(11, 10), At(11, 40), false, TimeSpan.FromMinutes(-30)),
            new DeadlineOutcome("first-response", At(14, 10), null, false, null));
        e.EscalationStepsNeeded.Should().Be(1);
        e.Findings.Select(f => f.Code).Should().Equal(
            FindingCode.DetectedQuickly,
            FindingCode.AcknowledgeMissed,
            FindingCode.FirstResponseMissed,
            FindingCode.FirstStepAcknowledged,
            FindingCode.SentimentRecovered,
            FindingCode.NoStatement);
        e.Findings.Single(f => f.Code == FindingCode.AcknowledgeMissed).Text.Should().Be("Acknowledged 30 min after the acknowledge deadline: missed by 30 min.");
        e.Findings.Single(f => f.Code == FindingCode.FirstResponseMissed).Text.Should().Be("The first-response deadline (2026-03-03 14:10 UTC) was missed: never done.");
        e.Findings.Single(f => f.Code == FindingCode.NoStatement).Kind.Should().Be(FindingKind.ToImprove);
    }

    [Fact]
    public void Update_cycles_count_from_each_statement_and_end_with_the_incident()
    {
        var incident = Incident(
        [
            .. Opening(),
            new IncidentAcknowledged(At(10, 20), "duty-moderator"),
            new StatusChanged(At(10, 20), IncidentStatus.Detected, IncidentStatus.Acknowledged, "duty-moderator", null),
            new StatementPublished(At(11, 0), "social-lead", "en", "x", "Looking into it."),
            new StatementPublished(At(18, 30), "social-lead", "en", "x", "Update."),
            new StatementPublished(At(23, 0), "social-lead", "en", "x", "Fixed."),
            new StatusChanged(At(23, 0), IncidentStatus.Acknowledged, IncidentStatus.Resolved, "social-lead", null),
        ]);

        var e = _evaluator.Evaluate(new EvaluationInput(incident, Standard(), TwoDays(TimeSpan.FromHours(4))));

        e.Deadlines.Where(d => d.Name == DeadlineNames.Update).Should().Equal(
            new DeadlineOutcome("update", At(19, 0), At(18, 30), true, TimeSpan.FromMinutes(30)),
            new DeadlineOutcome("update", At(18, 30).AddHours(8), At(23, 0), true, new TimeSpan(3, 30, 0)));
        e.Findings.Should().ContainSingle(f => f.Code == FindingCode.UpdatesKept).Which.Text.Should().Be("Every update cadence kept (2 of 2).");
        e.Findings.Should().NotContain(f => f.Code == FindingCode.EscalationNeeded || f.Code == FindingCode.FirstStepAcknowledged, "no escalation notification went out");
        e.EscalationStepsNeeded.Should().Be(0);
    }

    [Fact]
    public void Deadlines_not_yet_due_at_the_end_of_the_data_are_left_out()
    {
        var incident = Incident(
        [
            .. Opening(),
            new IncidentAcknowledged(At(10, 20), "duty-moderator"),
            new StatementPublished(At(11, 0), "social-lead", "en", "x", "Looking into it."),
        ]);
        var buckets = TwoDays(TimeSpan.FromHours(4)).Where(b => b.Start < At(18, 0)).ToList();

        var e = _evaluator.Evaluate(new EvaluationInput(incident, Standard(), buckets));

        e.Deadlines.Select(d => d.Name).Should().Equal("acknowledge", "first-response");
        e.TimeToResolve.Should().BeNull();
    }

    [Fact]
    public void A_dismissed_false_alarm_needs_no_statement_and_its_later_deadlines_are_left_out()
    {
        var incident = Incident(
        [
            .. Opening(),
            Sent(At(10, 10), 0, 0),
            new StatusChanged(At(10, 25), IncidentStatus.Detected, IncidentStatus.Dismissed, "duty-moderator", "a product launch"),
        ]);

        var e = _evaluator.Evaluate(new EvaluationInput(incident, Standard(), TwoDays(TimeSpan.FromHours(4))));

        e.TimeToResolve.Should().Be(TimeSpan.FromMinutes(15));
        e.Deadlines.Should().BeEmpty("it was dismissed before any deadline fell due");
        e.Findings.Should().NotContain(f => f.Code == FindingCode.NoStatement);
        e.EscalationStepsNeeded.Should().Be(1);
        e.Findings.Should().NotContain(f => f.Code == FindingCode.FirstStepAcknowledged, "nobody acknowledged");
    }

    [Fact]
    public void Without_a_protocol_there_are_no_deadlines()
    {
        var e = _evaluator.Evaluate(new EvaluationInput(Handled(), null, TwoDays(TimeSpan.FromHours(4))));

        e.Deadlines.Should().BeEmpty();
        e.ProtocolId.Should().Be("standard", "the incident's own protocol id is kept");
        e.Findings.Should().NotContain(f => f.Code.ToString().StartsWith("Acknowledge", StringComparison.Ordinal) || f.Code.ToString().StartsWith("FirstResponse", StringComparison.Ordinal));
    }

    [Fact]
    public void The_evaluation_is_deterministic_and_does_not_depend_on_bucket_order()
    {
        var buckets = TwoDays(TimeSpan.FromHours(4));
        var a = _evaluator.Evaluate(new EvaluationInput(Handled(), Standard(), buckets));
        var b = _evaluator.Evaluate(new EvaluationInput(Handled(), Standard(), [.. Enumerable.Reverse(buckets)]));

        b.Should().BeEquivalentTo(a);
    }

    [Fact]
    public void An_evaluation_round_trips_through_json_with_findings_written_by_name()
    {
        var e = _evaluator.Evaluate(new EvaluationInput(Handled(), Standard(), TwoDays(TimeSpan.FromHours(4)), candidate: Candidate()));

        var json = JsonSerializer.Serialize(e);
        var back = JsonSerializer.Deserialize<IncidentEvaluation>(json);

        json.Should().Contain("\"Kind\":\"ToImprove\"").And.Contain("\"OnsetSource\":\"baseline\"");
        back.Should().BeEquivalentTo(e);
    }

    [Fact]
    public void Without_buckets_only_the_timeline_is_evaluated()
    {
        var e = _evaluator.Evaluate(new EvaluationInput(Handled(), Standard(), []));

        e.OnsetSource.Should().Be(OnsetSource.FirstSignal);
        e.TimeToDetect.Should().Be(TimeSpan.FromMinutes(5));
        e.PeakVolume.Should().Be(0);
        e.PeakVolumeAt.Should().BeNull();
        e.PeakNegativeShare.Should().BeNull();
        e.NegativeReach.Should().Be(0);
        e.SentimentRecovery.Should().Be(new SentimentRecovery(null, null, null, null, null));
        e.Findings.Should().NotContain(f => f.Code.ToString().StartsWith("Sentiment", StringComparison.Ordinal));
        e.Deadlines.Should().HaveCount(3);
    }

    [Theory]
    [InlineData(37, "37 s")]
    [InlineData(-5, "-5 s")]
    [InlineData(0, "0 min")]
    [InlineData(60, "1 min")]
    [InlineData(1800, "30 min")]
    public void Spans_under_a_minute_are_told_in_seconds_never_as_zero_minutes(int seconds, string text)
    {
        DefaultPostIncidentEvaluator.Minutes(TimeSpan.FromSeconds(seconds)).Should().Be(text);
    }
}
