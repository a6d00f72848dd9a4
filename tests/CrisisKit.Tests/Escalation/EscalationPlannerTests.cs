using CrisisKit.Escalation;
using CrisisKit.Incidents;
using CrisisKit.Protocols;
using CrisisKit.Severity;

namespace CrisisKit.Tests.Escalation;

/// <summary>The planner, case by case: (timeline, now) → records, sends and the next due time.</summary>
public class EscalationPlannerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 3, 14, 0, 0, TimeSpan.Zero);

    // Step 0: ann, at once and every 10 minutes for 30 minutes; step 1: bob once, waits an hour; step 2: cara.
    // Deadlines: acknowledge within 1 h, first response within 4 h, updates every 2 h, reminders 15 minutes before, to bob.
    private static readonly ResponseProtocol Protocol = ProtocolLoader.LoadAll([ProtocolSource.FromJson("p.json", """
        {
          "id": "p", "name": "P", "appliesTo": { "minimumSeverity": "Low" },
          "people": {
            "ann": { "name": "Ann", "language": "en", "contacts": { "webhook": "https://hooks.example.com/ann" } },
            "bob": { "name": "Bob", "language": "en", "contacts": { "webhook": "https://hooks.example.com/bob" } },
            "cara": { "name": "Cara", "language": "en", "contacts": { "webhook": "https://hooks.example.com/cara" } }
          },
          "roles": { "duty": ["ann"], "lead": ["bob"], "head": ["cara"] },
          "escalation": [
            { "notify": ["duty"], "channels": ["webhook"], "waitForAcknowledgement": "30m", "repeatEvery": "10m" },
            { "notify": ["lead"], "channels": ["webhook"], "waitForAcknowledgement": "1h" },
            { "notify": ["head"], "channels": ["webhook"], "waitForAcknowledgement": "2h" }
          ],
          "deadlines": { "acknowledge": "1h", "firstResponse": "4h", "updateEvery": "2h", "remindBefore": "15m", "notify": ["lead"] },
          "messages": { "en": { "holding": "We are looking into it." } },
          "checklist": []
        }
        """)])[0];

    private static DateTimeOffset M(double minutes) => T0.AddMinutes(minutes);

    private static string Key(string tail) => $"inc/p/{tail}";

    private static string Step(int step, int round, string person) => Key($"step{step}/round{round}/{person}/webhook");

    private static string Breach(string deadline, double dueMinutes) => Key($"breach-{deadline}/{M(dueMinutes).UtcTicks}/bob/webhook");

    private static string Remind(string deadline, double dueMinutes) => Key($"remind-{deadline}/{M(dueMinutes).UtcTicks}/bob/webhook");

    private static Incident Incident(params IncidentEvent[] more) => CrisisKit.Incidents.Incident.FromTimeline("inc",
    [
        new IncidentOpened(T0, "veltro", "Veltro", "c1", M(-5), null, "spike"),
        new SeverityChanged(T0, null, SeverityLevel.Moderate, 0.5, []),
        new ProtocolChosen(T0, "p", "severity Moderate"),
        .. more,
    ]);

    private static NotificationSent Sent(double at, string key) => new(M(at), key, "p", 0, 0, "ann", "webhook", 1);

    private static EscalationPlan Plan(Incident incident, double now) => EscalationPlanner.Plan(incident, Protocol, M(now));

    private static readonly IncidentEvent[] Step0Sent = [Sent(0, Step(0, 0, "ann")), Sent(10, Step(0, 1, "ann")), Sent(20, Step(0, 2, "ann"))];

    public static TheoryData<string, IncidentEvent[], double, string[], double?> ChainCases() => new()
    {
        { "step 0 starts when the protocol is chosen", [], 0, [Step(0, 0, "ann")], 10 },
        { "nothing before it is due", [Sent(0, Step(0, 0, "ann"))], 9.9, [], 10 },
        { "the first repeat after repeatEvery", [Sent(0, Step(0, 0, "ann"))], 10, [Step(0, 1, "ann")], 20 },
        { "a missed round and the next are both due after a gap", [Sent(0, Step(0, 0, "ann"))], 25, [Step(0, 1, "ann"), Step(0, 2, "ann")], 30 },
        { "repeats stop where the step's wait ends and the next step starts", Step0Sent, 30, [Step(1, 0, "bob")], 45 },
        { "a step without repeatEvery notifies once", [.. Step0Sent, Sent(30, Step(1, 0, "bob"))], 80, [], 90 },
        { "the third step starts after the first two waits", [.. Step0Sent, Sent(30, Step(1, 0, "bob"))], 90, [Step(2, 0, "cara")], 225 },
        { "a key recorded as sent is never planned again", [Sent(0, Step(0, 0, "ann")), Sent(10, Step(0, 1, "ann"))], 19, [], 20 },
        { "an acknowledgement stops the chain", [Sent(0, Step(0, 0, "ann")), new IncidentAcknowledged(M(5), "ann")], 40, [], 225 },
        { "an acknowledgement before a stronger protocol took over does not stop its chain", [new IncidentAcknowledged(M(5), "ann"), new ProtocolChosen(M(6), "p", "severity rose")], 6, [Step(0, 0, "ann")], 16 },
    };

    [Theory]
    [MemberData(nameof(ChainCases))]
    public void The_chain_is_planned_from_the_timeline(string because, IncidentEvent[] timeline, double now, string[] sends, double? next)
    {
        var plan = Plan(Incident(timeline), now);

        plan.Sends.Where(s => s.Kind == NotificationKind.Escalation).Select(s => s.Key).Should().Equal(sends, because);
        plan.Sends.Where(s => s.Attempt != 1 || s.Pending).Should().BeEmpty("nothing failed or was scheduled before");
        plan.NextDue.Should().Be(next is { } n ? M(n) : null, because);
    }

    public static TheoryData<string, IncidentEvent[], double, string[], string[], double?> DeadlineCases() => new()
    {
        { "a reminder is recorded 15 minutes ahead and notifies the deadline roles", [], 45, ["reminder acknowledge due 60"], [Remind("acknowledge", 60)], 60 },
        { "a breach is recorded when the deadline passes unmet", [.. Step0Sent, Sent(30, Step(1, 0, "bob")), new DeadlineReminder(M(45), "acknowledge", M(60)), Sent(45, Remind("acknowledge", 60))], 60, ["breach acknowledge due 60"], [Breach("acknowledge", 60)], 90 },
        { "no reminder once the deadline has passed (after a restart)", [new IncidentAcknowledged(M(5), "ann")], 250, ["breach first-response due 240"], [Breach("first-response", 240)], null },
        { "a deadline met in time records nothing", [new IncidentAcknowledged(M(30), "ann")], 61, [], [], 225 },
        { "a recorded breach is not recorded again; its notification is due", [new IncidentAcknowledged(M(5), "ann"), new DeadlineBreached(M(240), "first-response", M(240))], 240, [], [Breach("first-response", 240)], null },
        { "updates are due updateEvery after the latest statement", [new IncidentAcknowledged(M(5), "ann"), new StatementPublished(M(30), "bob", "en", "x", "We are on it."), new StatementPublished(M(100), "bob", "en", "x", "Update.")], 205, ["reminder update due 220"], [Remind("update", 220)], 220 },
    };

    [Theory]
    [MemberData(nameof(DeadlineCases))]
    public void Deadlines_get_a_reminder_and_a_breach_recorded_once_each(string because, IncidentEvent[] timeline, double now, string[] records, string[] sends, double? next)
    {
        var plan = Plan(Incident(timeline), now);

        plan.Records.Select(Describe).Should().Equal(records, because);
        plan.Records.Where(r => r.At != M(now)).Should().BeEmpty("a record is stamped with when it was planned");
        plan.Sends.Where(s => s.Kind != NotificationKind.Escalation).Select(s => s.Key).Should().Equal(sends, because);
        plan.NextDue.Should().Be(next is { } n ? M(n) : null, because);
    }

    private static string Describe(IncidentEvent e) => e switch
    {
        DeadlineReminder r => $"reminder {r.Deadline} due {(r.Due - T0).TotalMinutes}",
        DeadlineBreached b => $"breach {b.Deadline} due {(b.Due - T0).TotalMinutes}",
        _ => e.GetType().Name,
    };

    [Fact]
    public void A_failed_send_is_due_again_at_its_retry_time_as_the_next_attempt()
    {
        var key = Step(0, 0, "ann");
        var incident = Incident(new NotificationScheduled(M(0), key), new NotificationFailed(M(0), key, "ann", "webhook", 1, "HTTP 503", M(0.5)));

        Plan(incident, 0.4).Sends.Should().BeEmpty();
        Plan(incident, 0.4).NextDue.Should().Be(M(0.5));
        var retry = Plan(incident, 0.5).Sends.Should().ContainSingle().Subject;
        retry.Key.Should().Be(key);
        retry.Attempt.Should().Be(2);
        retry.Pending.Should().BeFalse("the failed attempt has its outcome; the retry is a new outbox entry");
    }

    [Fact]
    public void A_send_whose_attempts_are_used_up_is_not_planned_again()
    {
        var key = Step(0, 0, "ann");
        var incident = Incident(new NotificationFailed(M(0), key, "ann", "webhook", 5, "HTTP 503", null));

        Plan(incident, 5).Sends.Should().NotContain(s => s.Key == key);
    }

    [Fact]
    public void A_scheduled_send_without_an_outcome_is_pending_and_due_now()
    {
        var key = Step(0, 1, "ann");
        var incident = Incident(Sent(0, Step(0, 0, "ann")), new NotificationScheduled(M(10), key));

        var pending = Plan(incident, 10).Sends.Should().ContainSingle().Subject;

        pending.Key.Should().Be(key);
        pending.Pending.Should().BeTrue();
        pending.Attempt.Should().Be(1);
    }

    [Fact]
    public void A_scheduled_retry_without_an_outcome_is_pending_as_the_attempt_after_the_failure()
    {
        var key = Step(0, 0, "ann");
        var incident = Incident(
            new NotificationScheduled(M(0), key),
            new NotificationFailed(M(0), key, "ann", "webhook", 1, "HTTP 503", M(0.5)),
            new NotificationScheduled(M(0.5), key));

        var pending = Plan(incident, 3).Sends.Should().ContainSingle().Subject;

        pending.Attempt.Should().Be(2);
        pending.Pending.Should().BeTrue();
    }

    [Fact]
    public void A_pending_escalation_is_dropped_once_someone_acknowledges()
    {
        var incident = Incident(new NotificationScheduled(M(0), Step(0, 0, "ann")), new IncidentAcknowledged(M(1), "ann"));

        Plan(incident, 1).Sends.Should().BeEmpty("an acknowledgement stops the chain, including what was scheduled and not yet sent");
    }

    [Fact]
    public void A_reminder_and_its_notifications_come_in_one_plan()
    {
        var plan = Plan(Incident([.. Step0Sent, Sent(30, Step(1, 0, "bob"))]), 45);

        plan.Records.Should().ContainSingle().Which.Should().BeOfType<DeadlineReminder>();
        plan.Sends.Select(s => s.Key).Should().Equal(Remind("acknowledge", 60));
        plan.Sends[0].Kind.Should().Be(NotificationKind.DeadlineReminder);
        plan.Sends[0].Deadline.Should().Be("acknowledge");
        plan.Sends[0].DeadlineDue.Should().Be(M(60));
    }

    [Fact]
    public void A_late_restart_records_the_breach_and_sends_every_missed_step_at_once()
    {
        var plan = Plan(Incident(), 100);

        plan.Records.Select(Describe).Should().Equal("breach acknowledge due 60");
        plan.Sends.Select(s => s.Key).Should().Equal(Step(0, 0, "ann"), Step(0, 1, "ann"), Step(0, 2, "ann"), Step(1, 0, "bob"), Breach("acknowledge", 60), Step(2, 0, "cara"));
        plan.NextDue.Should().Be(M(225), "the first-response reminder");
    }

    [Fact]
    public void Planning_is_pure_the_same_input_gives_the_same_plan()
    {
        var incident = Incident(Step0Sent);

        var first = Plan(incident, 61);
        var second = Plan(incident, 61);

        first.Sends.Should().Equal(second.Sends);
        first.Records.Select(Describe).Should().Equal(second.Records.Select(Describe));
        first.NextDue.Should().Be(second.NextDue);
        incident.Version.Should().Be(6, "planning never changes the incident");
    }
}
