using CrisisKit.Categories;
using CrisisKit.Correlation;
using CrisisKit.Detection;
using CrisisKit.Escalation;
using CrisisKit.Incidents;
using CrisisKit.Protocols;
using CrisisKit.Severity;
using CrisisKit.Simulation;
using CrisisKit.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CrisisKit.Tests.Escalation;

public class EscalationEngineTests
{
    internal static readonly DateTimeOffset T0 = new(2026, 3, 3, 14, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(T0);
    private readonly InMemoryNotificationChannel _webhook = new("webhook");
    private readonly InMemoryNotificationChannel _console = new("console");
    private readonly IIncidentStore _store = new InMemoryIncidentStore();

    internal static CrisisCandidate Candidate(CrisisCategory? category = null, int peak = 40, double negativeShare = 0.3, long critic = 20_000, string id = "veltro-20260303T1355") => new()
    {
        Id = id,
        SubjectId = "veltro",
        FirstSignalAt = T0.AddMinutes(-5),
        LastSignalAt = T0.AddMinutes(-5),
        PeakAt = T0.AddMinutes(-5),
        PeakScore = 0.9,
        SignalCount = 1,
        Reasons = [new CandidateReason("negative-share", T0.AddMinutes(-5), 0.8, $"negative share {negativeShare:P0} vs 10% usual")],
        Metrics = new CandidateMetrics
        {
            Mentions = peak,
            NegativeMentions = (long)(peak * negativeShare),
            PeakMentions = peak,
            ExpectedMentions = 12,
            PeakNegativeShare = negativeShare,
            UsualNegativeShare = 0.1,
            PotentialReach = 400_000,
            TopNegativeAuthorFollowers = critic,
            TopNegativeAuthor = "critic",
            PeakSpread = 10,
            UsualSpread = 4,
            Platforms = ["x", "facebook"],
            Category = category,
        },
    };

    private EscalationEngine Engine(IIncidentStore? store = null, EscalationOptions? options = null, ProtocolSet? protocols = null) => new(
        store ?? _store,
        protocols ?? new ProtocolSet(ProtocolLoader.LoadAll(SampleProtocols.Sources)),
        new DefaultSeverityClassifier(new SeverityOptions()),
        new SeverityOptions(),
        [_webhook, _console],
        options ?? new EscalationOptions(),
        _time);

    private async Task Advance(EscalationEngine engine, TimeSpan by)
    {
        _time.Advance(by);
        await engine.RunDueAsync();
    }

    private List<string> Keys() => [.. _webhook.Sent.Select(n => n.IdempotencyKey)];

    [Fact]
    public async Task The_chain_notifies_repeats_and_escalates_until_someone_acknowledges()
    {
        using var engine = Engine();
        var incident = await engine.OpenAsync(Candidate(), "Veltro");

        incident.Severity.Should().Be(SeverityLevel.Moderate);
        incident.ProtocolId.Should().Be("standard");
        _webhook.Sent.Select(n => (n.Person, n.Step, n.Round)).Should().Equal(("duty-moderator", 0, 0));
        _console.Sent.Should().ContainSingle("each step notifies on every listed channel the person has a contact for");
        engine.NextDueAt.Should().Be(T0.AddMinutes(10));

        await Advance(engine, TimeSpan.FromMinutes(10));
        await Advance(engine, TimeSpan.FromMinutes(10));
        await Advance(engine, TimeSpan.FromMinutes(10));
        _webhook.Sent.Select(n => (n.Person, n.Step, n.Round, n.At)).Should().Equal(
            ("duty-moderator", 0, 0, T0),
            ("duty-moderator", 0, 1, T0.AddMinutes(10)),
            ("duty-moderator", 0, 2, T0.AddMinutes(20)),
            ("social-lead", 1, 0, T0.AddMinutes(30)));
        _webhook.Sent[^1].Language.Should().Be("el", "the social lead reads Greek");
        _webhook.Sent[^1].Text.Should().Contain("Είδαμε όσα γράφετε").And.Contain("volume");

        await engine.AcknowledgeAsync(incident.Id, "social-lead");
        await Advance(engine, TimeSpan.FromHours(3));

        _webhook.Sent.Where(n => n.Kind == NotificationKind.Escalation).Should().HaveCount(4, "the chain stops once acknowledged");
        var stored = await _store.GetAsync(incident.Id);
        stored!.Status.Should().Be(IncidentStatus.Acknowledged);
        stored.Timeline.OfType<NotificationSent>().Should().HaveCount(_webhook.Sent.Count + _console.Sent.Count);
    }

    [Fact]
    public async Task A_person_whose_language_lacks_the_holding_statement_gets_it_in_another_language()
    {
        // Valid: a holding statement is needed in one language, not in each; English keeps its update message.
        string json;
        using (var reader = new StreamReader(SampleProtocols.Open("standard.json")))
        {
            json = reader.ReadToEnd();
        }

        var holding = json.IndexOf("\"holding\": \"We've", StringComparison.Ordinal);
        holding.Should().BePositive();
        json = json.Remove(holding, json.IndexOf('\n', holding) - holding + 1);
        var protocols = new ProtocolSet(ProtocolLoader.LoadAll([ProtocolSource.FromJson("standard.json", json)]));
        protocols.Find("standard")!.Messages["en"].Should().NotContainKey("holding").And.ContainKey("update");
        using var engine = Engine(protocols: protocols);

        await engine.OpenAsync(Candidate(), "Veltro");

        var sent = _webhook.Sent.Should().ContainSingle().Subject;
        sent.Person.Should().Be("duty-moderator", "who reads English");
        sent.Language.Should().Be("el", "English has no holding statement, and Greek is the language that has one");
        sent.Text.Should().Contain("Holding statement (el):\nΕίδαμε όσα γράφετε");
    }

    [Fact]
    public async Task Deadlines_get_a_reminder_before_and_a_recorded_breach_after()
    {
        using var engine = Engine();
        var incident = await engine.OpenAsync(Candidate());
        await engine.AcknowledgeAsync(incident.Id, "duty-moderator");

        await Advance(engine, TimeSpan.FromHours(3) + TimeSpan.FromMinutes(45));
        await Advance(engine, TimeSpan.FromMinutes(15));

        var timeline = (await _store.GetAsync(incident.Id))!.Timeline;
        timeline.OfType<DeadlineReminder>().Should().ContainSingle(r => r.Deadline == "first-response" && r.Due == T0.AddHours(4));
        timeline.OfType<DeadlineBreached>().Should().ContainSingle(b => b.Deadline == "first-response" && b.At == T0.AddHours(4));
        timeline.OfType<DeadlineBreached>().Should().NotContain(b => b.Deadline == "acknowledge", "it was acknowledged in time");
        _webhook.Sent.Where(n => n.Kind == NotificationKind.DeadlineBreached).Select(n => n.Person).Should().Equal("social-lead");
    }

    [Fact]
    public async Task A_failing_channel_is_retried_with_backoff_and_every_failure_is_recorded()
    {
        using var engine = Engine();
        _webhook.FailNext(2, "HTTP 503");

        var incident = await engine.OpenAsync(Candidate());
        engine.NextDueAt.Should().Be(T0.AddSeconds(30));
        await Advance(engine, TimeSpan.FromSeconds(30));
        engine.NextDueAt.Should().Be(T0.AddSeconds(90), "the second wait doubles");
        await Advance(engine, TimeSpan.FromSeconds(60));

        var timeline = (await _store.GetAsync(incident.Id))!.Timeline;
        timeline.OfType<NotificationFailed>().Select(f => (f.Attempt, f.Error, f.RetryAt)).Should().Equal(
            (1, "The webhook channel failed: HTTP 503", T0.AddSeconds(30)),
            (2, "The webhook channel failed: HTTP 503", T0.AddSeconds(90)));
        timeline.OfType<NotificationSent>().Where(n => n.Channel == "webhook").Should().ContainSingle().Which.Attempt.Should().Be(3);
        _webhook.Sent.Should().ContainSingle();
    }

    [Fact]
    public async Task A_severity_rise_switches_to_the_stronger_protocols_chain_at_once()
    {
        using var engine = Engine();
        var incident = await engine.OpenAsync(Candidate());
        await Advance(engine, TimeSpan.FromMinutes(5));

        var worse = Candidate(peak: 2_000, negativeShare: 0.7, critic: 2_000_000);
        incident = (await engine.UpdateAsync(worse))!;

        incident.Severity.Should().BeOneOf(SeverityLevel.High, SeverityLevel.Critical);
        incident.ProtocolId.Should().Be("serious");
        incident.Timeline.OfType<SeverityChanged>().Last().From.Should().Be(SeverityLevel.Moderate);
        _webhook.Sent.Where(n => n.ProtocolId == "serious").Select(n => n.Person).Should().BeEquivalentTo(["social-lead", "comms-lead"]);
    }

    [Fact]
    public async Task A_lower_severity_is_recorded_only_after_the_calm_period()
    {
        using var engine = Engine();
        var incident = await engine.OpenAsync(Candidate(peak: 2_000, negativeShare: 0.7, critic: 2_000_000));
        var high = incident.Severity;
        var calmer = Candidate(peak: 14, negativeShare: 0.12);

        (await engine.UpdateAsync(calmer))!.Severity.Should().Be(high);
        _time.Advance(TimeSpan.FromHours(1));
        (await engine.UpdateAsync(calmer))!.Severity.Should().Be(high, "calm for one hour of the two required");
        _time.Advance(TimeSpan.FromHours(1));
        var lowered = (await engine.UpdateAsync(calmer))!;

        ((int)lowered.Severity).Should().BeLessThan((int)high);
        lowered.Timeline.OfType<SeverityChanged>().Last().At.Should().Be(T0.AddHours(2));
    }

    [Fact]
    public async Task Actions_are_checked_against_the_lifecycle_and_the_persons_roles()
    {
        using var engine = Engine();
        var incident = await engine.OpenAsync(Candidate(CrisisCategory.DataBreach, peak: 600, negativeShare: 0.6));
        incident.ProtocolId.Should().Be("data-breach");
        incident.Severity.Should().BeOneOf(SeverityLevel.High, SeverityLevel.Critical);

        var stranger = async () => await engine.AcknowledgeAsync(incident.Id, "someone");
        await stranger.Should().ThrowAsync<IncidentActionException>().WithMessage("'someone' is not on protocol 'data-breach'*");

        var early = async () => await engine.PublishStatementAsync(incident.Id, "comms-lead", "en", "x", "We are investigating.");
        await early.Should().ThrowAsync<IncidentActionException>().WithMessage("*has not been acknowledged*");

        await engine.AcknowledgeAsync(incident.Id, "ciso");
        var ungated = async () => await engine.PublishStatementAsync(incident.Id, "comms-lead", "en", "x", "We are investigating.");
        await ungated.Should().ThrowAsync<IncidentActionException>().WithMessage("*needs the approval 'legal-sign-off' (role 'legal')*");

        var wrongApprover = async () => await engine.ApproveAsync(incident.Id, "comms-lead", "legal-sign-off");
        await wrongApprover.Should().ThrowAsync<IncidentActionException>().WithMessage("*may not approve under protocol 'data-breach'*");

        var wrongPublisher = async () => await engine.PublishStatementAsync(incident.Id, "ciso", "en", "x", "We are investigating.");
        await engine.ApproveAsync(incident.Id, "legal-counsel", "legal-sign-off");
        await wrongPublisher.Should().ThrowAsync<IncidentActionException>().WithMessage("'ciso' (roles security) may not publish-statement*");

        incident = await engine.PublishStatementAsync(incident.Id, "comms-lead", "en", "x", "We are investigating.");
        incident.Status.Should().Be(IncidentStatus.Responding);
        incident.FirstResponseAt.Should().Be(T0);

        var skip = async () => await engine.ChangeStatusAsync(incident.Id, "comms-lead", IncidentStatus.Reviewed);
        await skip.Should().ThrowAsync<IncidentTransitionException>().WithMessage("*is Responding and cannot become Reviewed*");

        var noReason = async () => await engine.ChangeStatusAsync(incident.Id, "ciso", IncidentStatus.Dismissed);
        await noReason.Should().ThrowAsync<IncidentActionException>().WithMessage("Dismissing an incident needs a reason*");

        await engine.AddNoteAsync(incident.Id, "dpo", "Regulator notified.");
        incident = await engine.ChangeStatusAsync(incident.Id, "ceo", IncidentStatus.Resolved);
        incident.Status.Should().Be(IncidentStatus.Resolved);
        engine.OpenIncidents.Should().BeEmpty();
    }

    [Fact]
    public async Task A_new_engine_over_the_same_store_resumes_mid_chain_without_losing_or_repeating_a_step()
    {
        var first = Engine();
        var incident = await first.OpenAsync(Candidate());
        await Advance(first, TimeSpan.FromMinutes(10));
        var before = Keys();
        first.Dispose(); // the process stops here

        _time.Advance(TimeSpan.FromMinutes(25));
        using var second = Engine();
        (await second.ResumeAsync()).Should().Be(1);
        await Advance(second, TimeSpan.FromMinutes(35));

        var keys = Keys();
        keys.Should().StartWith(before).And.OnlyHaveUniqueItems();
        _webhook.Duplicates.Should().Be(0, "nothing was sent twice");
        keys.Should().Contain(k => k.Contains("/breach-acknowledge/", StringComparison.Ordinal));
        keys.Should().NotContain(k => k.Contains("/remind-acknowledge/", StringComparison.Ordinal), "the clock jumped past the deadline: a reminder after it is pointless");
        _webhook.Sent.Where(n => n.Kind == NotificationKind.Escalation).Select(n => n.IdempotencyKey).Should().Equal(
            $"{incident.Id}/standard/step0/round0/duty-moderator/webhook",
            $"{incident.Id}/standard/step0/round1/duty-moderator/webhook",
            $"{incident.Id}/standard/step0/round2/duty-moderator/webhook",
            $"{incident.Id}/standard/step1/round0/social-lead/webhook",
            $"{incident.Id}/standard/step1/round1/social-lead/webhook",
            $"{incident.Id}/standard/step1/round2/social-lead/webhook");
        _webhook.Sent[2].At.Should().Be(T0.AddMinutes(35), "a step missed while stopped is sent as soon as the engine is back");
    }

    [Fact]
    public async Task A_gate_can_guard_any_action()
    {
        using var standard = new StreamReader(SampleProtocols.Open("standard.json"));
        var gated = ProtocolSource.FromJson("gated.json", standard.ReadToEnd()
            .Replace("\"checklist\"", "\"approvals\": [ { \"id\": \"lead-sign-off\", \"role\": \"communications\", \"before\": \"resolve\" } ],\n  \"checklist\"", StringComparison.Ordinal));
        using var engine = new EscalationEngine(_store, new ProtocolSet(ProtocolLoader.LoadAll([gated])), new DefaultSeverityClassifier(new SeverityOptions()), new SeverityOptions(), [_webhook, _console], new EscalationOptions(), _time);
        var incident = await engine.OpenAsync(Candidate());
        await engine.AcknowledgeAsync(incident.Id, "social-lead");

        var resolve = async () => await engine.ChangeStatusAsync(incident.Id, "social-lead", IncidentStatus.Resolved);
        await resolve.Should().ThrowAsync<IncidentActionException>().WithMessage("*needs the approval 'lead-sign-off' (role 'communications') before 'resolve'.");

        await engine.ApproveAsync(incident.Id, "comms-lead", "lead-sign-off");
        (await engine.ChangeStatusAsync(incident.Id, "social-lead", IncidentStatus.Resolved)).Status.Should().Be(IncidentStatus.Resolved);
    }

    [Fact]
    public async Task A_reminder_is_not_sent_once_its_deadline_has_passed()
    {
        var first = Engine();
        var incident = await first.OpenAsync(Candidate());
        first.Dispose();

        _time.Advance(TimeSpan.FromMinutes(70));
        using var second = Engine();
        await second.ResumeAsync();

        var timeline = (await _store.GetAsync(incident.Id))!.Timeline;
        timeline.OfType<DeadlineBreached>().Should().ContainSingle(b => b.Deadline == "acknowledge");
        timeline.OfType<DeadlineReminder>().Should().BeEmpty();
        _webhook.Sent.Should().NotContain(n => n.Kind == NotificationKind.DeadlineReminder);
    }

    [Fact]
    public async Task A_reopened_incident_is_open_again()
    {
        using var engine = Engine();
        var incident = await engine.OpenAsync(Candidate());
        await engine.AcknowledgeAsync(incident.Id, "social-lead");
        await engine.ChangeStatusAsync(incident.Id, "social-lead", IncidentStatus.Resolved);

        incident = await engine.ChangeStatusAsync(incident.Id, "social-lead", IncidentStatus.Responding, "it flared up again");

        incident.IsOpen.Should().BeTrue();
        incident.ClosedAt.Should().BeNull();
    }

    [Fact]
    public async Task The_timer_on_the_time_provider_runs_what_is_due()
    {
        var webhook = new GatedNotificationChannel("webhook");
        webhook.Open();
        using var engine = new EscalationEngine(_store, new ProtocolSet(ProtocolLoader.LoadAll(SampleProtocols.Sources)), new DefaultSeverityClassifier(new SeverityOptions()), new SeverityOptions(), [webhook, _console], new EscalationOptions(), _time);
        await engine.OpenAsync(Candidate());
        webhook.Sent.Should().HaveCount(1);

        // Nobody calls RunDueAsync: only the engine's timer on the fake clock can send the repeat.
        _time.Advance(TimeSpan.FromMinutes(10));
        await webhook.WhenSentAsync(2).WaitAsync(TimeSpan.FromMinutes(1));

        webhook.Sent.Should().HaveCount(2);
    }
}
