using CrisisKit.Escalation;
using CrisisKit.Incidents;
using CrisisKit.Protocols;
using CrisisKit.Severity;
using CrisisKit.Simulation;
using CrisisKit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static CrisisKit.Tests.Escalation.EscalationEngineTests;

namespace CrisisKit.Tests.Escalation;

/// <summary>
/// The outbox and the dispatcher: sends are recorded as scheduled before they go out, leave the engine's lock, respect
/// per-channel limits and a wall-clock timeout, drain on dispose, and a new engine resumes exactly what an old one left.
/// </summary>
public class EscalationOutboxTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private const string IncidentId = "veltro-20260303T1355";

    private readonly FakeTimeProvider _time = new(T0);
    private readonly FakeTimeProvider _wall = new(T0);
    private readonly InMemoryNotificationChannel _console = new("console");
    private readonly IIncidentStore _store = new InMemoryIncidentStore();

    /// <summary>Five people paged at once on the webhook channel: for per-channel limits.</summary>
    private static readonly ProtocolSource Crowd = ProtocolSource.FromJson("crowd.json", """
        {
          "id": "crowd", "name": "Crowd", "appliesTo": { "minimumSeverity": "Low" },
          "people": {
            "p1": { "name": "P1", "language": "en", "contacts": { "webhook": "https://hooks.example.com/1" } },
            "p2": { "name": "P2", "language": "en", "contacts": { "webhook": "https://hooks.example.com/2" } },
            "p3": { "name": "P3", "language": "en", "contacts": { "webhook": "https://hooks.example.com/3" } },
            "p4": { "name": "P4", "language": "en", "contacts": { "webhook": "https://hooks.example.com/4" } },
            "p5": { "name": "P5", "language": "en", "contacts": { "webhook": "https://hooks.example.com/5" } }
          },
          "roles": { "duty": ["p1", "p2", "p3", "p4", "p5"] },
          "escalation": [ { "notify": ["duty"], "channels": ["webhook"], "waitForAcknowledgement": "1h" } ],
          "deadlines": {},
          "messages": { "en": { "holding": "We are looking into it." } },
          "checklist": []
        }
        """);

    private EscalationEngine Engine(INotificationChannel webhook, EscalationOptions? options = null, IIncidentStore? store = null, TimeProvider? clock = null, ProtocolSource? protocol = null) => new(
        store ?? _store,
        new ProtocolSet(ProtocolLoader.LoadAll(protocol is null ? SampleProtocols.Sources : [protocol])),
        new DefaultSeverityClassifier(new SeverityOptions()),
        new SeverityOptions(),
        [webhook, _console],
        options ?? new EscalationOptions(),
        clock ?? _time,
        wallClock: _wall);

    private async Task<IReadOnlyList<IncidentEvent>> Timeline(IIncidentStore? store = null) => (await (store ?? _store).GetAsync(IncidentId))!.Timeline;

    [Fact]
    public async Task People_act_while_a_send_is_waiting_on_a_slow_channel()
    {
        var webhook = new GatedNotificationChannel("webhook");
        await using var engine = Engine(webhook);

        var opening = engine.OpenAsync(Candidate());
        webhook.Waiting.Should().Be(1, "the first step's webhook message is with the channel");
        opening.IsCompleted.Should().BeFalse();

        await engine.AcknowledgeAsync(IncidentId, "duty-moderator").WaitAsync(Patience);
        await engine.AddNoteAsync(IncidentId, "duty-moderator", "Looking into it.").WaitAsync(Patience);
        await engine.ChangeStatusAsync(IncidentId, "social-lead", IncidentStatus.Monitoring).WaitAsync(Patience);
        webhook.Waiting.Should().Be(1, "none of that waited for the channel, and the send is still out");
        var before = await Timeline();
        before.OfType<NotificationScheduled>().Should().Contain(s => s.IdempotencyKey.EndsWith("/webhook", StringComparison.Ordinal));
        before.OfType<NotificationSent>().Should().NotContain(s => s.Channel == "webhook");

        webhook.Open();
        var incident = await opening.WaitAsync(Patience);

        incident.Timeline.OfType<NotificationSent>().Should().Contain(s => s.Channel == "webhook");
        var timeline = await Timeline();
        timeline.Select(e => e.GetType().Name).Should().ContainInOrder(nameof(NotificationScheduled), nameof(IncidentAcknowledged), nameof(NoteAdded), nameof(NotificationSent));
    }

    [Fact]
    public async Task A_channel_sends_at_most_the_configured_number_at_once()
    {
        var webhook = new GatedNotificationChannel("webhook");
        await using var engine = Engine(webhook, new EscalationOptions { MaxConcurrentSendsPerChannel = 2 }, protocol: Crowd);

        var opening = engine.OpenAsync(Candidate());

        webhook.Waiting.Should().Be(2);
        (await Timeline()).OfType<NotificationScheduled>().Should().HaveCount(5, "all five are in the outbox before any is sent");
        webhook.Open();
        await opening.WaitAsync(Patience);
        webhook.Sent.Select(n => n.Person).Should().BeEquivalentTo(["p1", "p2", "p3", "p4", "p5"]);
        (await Timeline()).OfType<NotificationSent>().Should().HaveCount(5);
    }

    [Fact]
    public async Task A_channel_that_never_answers_times_out_on_the_wall_clock_while_the_engine_clock_stands_still()
    {
        var webhook = new StuckChannel("webhook");
        await using var engine = Engine(webhook, new EscalationOptions { SendTimeout = TimeSpan.FromSeconds(20) });

        var opening = engine.OpenAsync(Candidate());
        _wall.Advance(TimeSpan.FromSeconds(19));
        opening.IsCompleted.Should().BeFalse();
        _wall.Advance(TimeSpan.FromSeconds(1));
        await opening.WaitAsync(Patience);

        var failed = (await Timeline()).OfType<NotificationFailed>().Should().ContainSingle().Subject;
        failed.Error.Should().Be("The webhook channel did not answer within 20 s.");
        failed.At.Should().Be(T0, "the engine's (virtual) clock did not move");
        failed.RetryAt.Should().Be(T0.AddSeconds(30));
        webhook.Calls.Should().Be(1);
        engine.NextDueAt.Should().Be(T0.AddSeconds(30));
    }

    [Fact]
    public async Task Disposing_drains_the_sends_in_flight_and_leaves_the_rest_in_the_outbox_for_the_next_engine()
    {
        var webhook = new GatedNotificationChannel("webhook");
        var first = Engine(webhook, new EscalationOptions { MaxConcurrentSendsPerChannel = 2 }, protocol: Crowd);
        var opening = first.OpenAsync(Candidate());
        webhook.Waiting.Should().Be(2);

        var disposing = first.DisposeAsync().AsTask();
        disposing.IsCompleted.Should().BeFalse("two sends are with the channel");
        webhook.Open();
        await disposing.WaitAsync(Patience);
        await opening.WaitAsync(Patience);

        var timeline = await Timeline();
        timeline.OfType<NotificationSent>().Should().HaveCount(2, "the sends in flight finished and were recorded");
        var pending = timeline.OfType<NotificationScheduled>().Select(s => s.IdempotencyKey).Except(timeline.OfType<NotificationSent>().Select(s => s.IdempotencyKey)).ToList();
        pending.Should().HaveCount(3);

        var next = new InMemoryNotificationChannel("webhook");
        await using var second = Engine(next, protocol: Crowd);
        await second.ResumeAsync();

        next.Sent.Select(n => n.IdempotencyKey).Should().BeEquivalentTo(pending, "the next engine sends exactly what was left pending");
        timeline = await Timeline();
        timeline.OfType<NotificationSent>().Select(s => s.IdempotencyKey).Should().OnlyHaveUniqueItems().And.HaveCount(5);
        timeline.OfType<NotificationScheduled>().Select(s => s.IdempotencyKey).Should().OnlyHaveUniqueItems("a pending entry is not scheduled again");
        (webhook.Sent.Count + next.Sent.Count).Should().Be(5);
    }

    [Fact]
    public async Task A_crash_between_scheduled_and_sent_is_resumed_by_a_new_engine_that_sends_each_pending_message_once()
    {
        // The first engine dies with its webhook send in flight: its clocks never move again.
        var stuck = new StuckChannel("webhook");
        var deadClock = new FakeTimeProvider(T0);
        var dead = new EscalationEngine(_store, new ProtocolSet(ProtocolLoader.LoadAll(SampleProtocols.Sources)), new DefaultSeverityClassifier(new SeverityOptions()), new SeverityOptions(), [stuck, _console], new EscalationOptions(), deadClock, wallClock: new FakeTimeProvider(T0));
        _ = dead.OpenAsync(Candidate());
        var left = await Timeline();
        var pending = left.OfType<NotificationScheduled>().Where(s => s.IdempotencyKey.EndsWith("/webhook", StringComparison.Ordinal)).Should().ContainSingle().Subject;
        left.OfType<NotificationSent>().Should().NotContain(s => s.Channel == "webhook");
        var consoleSent = _console.Sent.Count;

        var webhook = new InMemoryNotificationChannel("webhook");
        await using var engine = Engine(webhook);
        (await engine.ResumeAsync()).Should().Be(1);

        webhook.Sent.Select(n => n.IdempotencyKey).Should().Equal(pending.IdempotencyKey);
        _console.Sent.Should().HaveCount(consoleSent, "the console message was recorded as sent and is not repeated");
        _time.Advance(TimeSpan.FromMinutes(10));
        await engine.RunDueAsync();

        webhook.Sent.Select(n => n.IdempotencyKey).Should().Equal(pending.IdempotencyKey, $"{IncidentId}/standard/step0/round1/duty-moderator/webhook");
        var timeline = await Timeline();
        timeline.OfType<NotificationScheduled>().Count(s => s.IdempotencyKey == pending.IdempotencyKey).Should().Be(1);
        timeline.OfType<NotificationSent>().Select(s => s.IdempotencyKey).Should().OnlyHaveUniqueItems();
        timeline.OfType<NotificationSent>().Single(s => s.IdempotencyKey == pending.IdempotencyKey).Attempt.Should().Be(1);
        stuck.Calls.Should().Be(1);
    }

    [Fact]
    public async Task A_timeline_written_before_the_outbox_resumes_without_resending()
    {
        string Key(int round, string channel) => $"{IncidentId}/standard/step0/round{round}/duty-moderator/{channel}";
        await _store.AppendAsync(IncidentId, 0,
        [
            new IncidentOpened(T0, "veltro", "Veltro", IncidentId, T0.AddMinutes(-5), null, "spike"),
            new SeverityChanged(T0, null, SeverityLevel.Moderate, 0.5, []),
            new ProtocolChosen(T0, "standard", "severity Moderate"),
            new NotificationSent(T0, Key(0, "webhook"), "standard", 0, 0, "duty-moderator", "webhook", 1),
            new NotificationSent(T0, Key(0, "console"), "standard", 0, 0, "duty-moderator", "console", 1),
        ]);
        _time.Advance(TimeSpan.FromMinutes(10));
        var webhook = new InMemoryNotificationChannel("webhook");
        await using var engine = Engine(webhook);

        (await engine.ResumeAsync()).Should().Be(1);

        webhook.Sent.Select(n => n.IdempotencyKey).Should().Equal(Key(1, "webhook"));
        _console.Sent.Select(n => n.IdempotencyKey).Should().Equal(Key(1, "console"));
        (await Timeline()).OfType<NotificationScheduled>().Select(s => s.IdempotencyKey).Should().BeEquivalentTo([Key(1, "webhook"), Key(1, "console")]);
    }

    [Fact]
    public async Task A_kill_at_any_append_loses_nothing_and_the_engine_sends_nothing_twice()
    {
        // The same story with no kill: what must have been sent in the end.
        var cleanStore = new CountingStore(new InMemoryIncidentStore(), crashAfter: int.MaxValue);
        await RunStory(cleanStore, new InMemoryNotificationChannel("webhook"), new InMemoryNotificationChannel("console"), from: 0);
        var expected = await SentKeys(cleanStore.Inner);
        expected.Should().HaveCount(16, "three rounds of step 0, three of step 1, the acknowledgement reminder and breach, on two channels");
        var kills = new List<(int CrashAfter, int Unrecorded)>();

        for (var crashAfter = 0; crashAfter <= cleanStore.Appends; crashAfter++)
        {
            var store = new CountingStore(new InMemoryIncidentStore(), crashAfter);
            var webhook = new InMemoryNotificationChannel("webhook");
            var console = new InMemoryNotificationChannel("console");
            var stoppedAt = await RunStory(store, webhook, console, from: 0);

            // What the dead engine's channels accepted but it could not record: the at-least-once edge.
            var recorded = await SentKeys(store.Inner);
            var unrecorded = webhook.Sent.Concat(console.Sent).Select(n => n.IdempotencyKey).Except(recorded).ToList();

            // A new engine over the same store takes the story over where the old one died.
            await RunStory(store.Inner, webhook, console, from: stoppedAt);

            (await SentKeys(store.Inner)).Should().BeEquivalentTo(expected, $"a kill after {crashAfter} appends loses nothing");
            (await Timelines(store.Inner)).OfType<NotificationSent>().Select(s => s.IdempotencyKey).Should().OnlyHaveUniqueItems($"a kill after {crashAfter} appends records no send twice");
            (webhook.Duplicates + console.Duplicates).Should().Be(unrecorded.Count, $"after a kill after {crashAfter} appends, only a message accepted but not recorded reaches its receiver again (with its key)");
            kills.Add((crashAfter, unrecorded.Count));
        }

        kills.Should().HaveCountGreaterThan(10);
        kills.Should().Contain(k => k.Unrecorded > 0, "some kills fall between a channel accepting a message and its outcome being recorded");
        kills.Should().Contain(k => k.Unrecorded == 0 && k.CrashAfter > 0, "others fall between scheduling and sending, where nothing reaches a receiver twice");
    }

    private static async Task<HashSet<string>> SentKeys(IIncidentStore store) => [.. (await Timelines(store)).OfType<NotificationSent>().Select(s => s.IdempotencyKey)];

    private static async Task<IReadOnlyList<IncidentEvent>> Timelines(IIncidentStore store) => (await store.GetAsync(IncidentId))?.Timeline ?? [];

    /// <summary>
    /// An engine opens the incident (or resumes it) at step <paramref name="from"/> of 10 minutes and runs what is due at
    /// each step to 70 minutes. When the store fails (the process is killed), the engine is abandoned, never disposed.
    /// </summary>
    /// <returns>The step it reached.</returns>
    private static async Task<int> RunStory(IIncidentStore store, INotificationChannel webhook, INotificationChannel console, int from)
    {
        var clock = new FakeTimeProvider(T0.AddMinutes(10 * from));
        var engine = new EscalationEngine(store, new ProtocolSet(ProtocolLoader.LoadAll(SampleProtocols.Sources)), new DefaultSeverityClassifier(new SeverityOptions()), new SeverityOptions(), [webhook, console], new EscalationOptions(), clock, wallClock: new FakeTimeProvider(T0));
        var step = from;
        try
        {
            if (await store.GetAsync(IncidentId) is null)
            {
                await engine.OpenAsync(Candidate());
            }
            else
            {
                await engine.ResumeAsync();
            }

            for (step = from + 1; step <= 7; step++)
            {
                clock.Advance(TimeSpan.FromMinutes(10));
                await engine.RunDueAsync();
            }

            await engine.DisposeAsync();
            return 7;
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            return step; // killed here
        }
    }

    /// <summary>A store that counts appends and, after <c>crashAfter</c> of them, fails every call as a killed process would.</summary>
    private sealed class CountingStore(IIncidentStore inner, int crashAfter) : IIncidentStore
    {
        private int _appends;

        public IIncidentStore Inner => inner;

        public int Appends => _appends;

        public ValueTask<long> AppendAsync(string incidentId, long expectedVersion, IReadOnlyList<IncidentEvent> events, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _appends) > crashAfter)
            {
                throw new IOException("the process was killed");
            }

            return inner.AppendAsync(incidentId, expectedVersion, events, cancellationToken);
        }

        public ValueTask<Incident?> GetAsync(string incidentId, CancellationToken cancellationToken = default) =>
            Volatile.Read(ref _appends) > crashAfter ? throw new IOException("the process was killed") : inner.GetAsync(incidentId, cancellationToken);

        public ValueTask<IReadOnlyList<string>> ListAsync(bool openOnly = false, CancellationToken cancellationToken = default) =>
            Volatile.Read(ref _appends) > crashAfter ? throw new IOException("the process was killed") : inner.ListAsync(openOnly, cancellationToken);
    }

    [Fact]
    public async Task When_one_incident_cannot_be_written_the_others_due_sends_still_go_out()
    {
        var store = new RefusingStore(_store);
        var webhook = new InMemoryNotificationChannel("webhook");
        await using var engine = Engine(webhook, store: store);
        await engine.OpenAsync(Candidate());
        _time.Advance(TimeSpan.FromMinutes(1));
        await engine.OpenAsync(Candidate(id: "veltro-later"));
        store.Refused = "veltro-later";

        _time.Advance(TimeSpan.FromMinutes(10));
        var round = async () => await engine.RunDueAsync();

        await round.Should().ThrowAsync<IOException>();
        webhook.Sent.Should().Contain(n => n.IdempotencyKey == $"{IncidentId}/standard/step0/round1/duty-moderator/webhook", "the first incident's outbox write succeeded, so its sends go out");
        (await Timeline()).OfType<NotificationSent>().Should().Contain(n => n.IdempotencyKey == $"{IncidentId}/standard/step0/round1/duty-moderator/webhook");
        engine.NextDueAt.Should().Be(_time.GetUtcNow() + new EscalationOptions().RetryBackoff, "the failed round is tried again after the backoff");

        store.Refused = null;
        _time.Advance(TimeSpan.FromSeconds(30));
        await engine.RunDueAsync();
        webhook.Sent.Should().Contain(n => n.IdempotencyKey == "veltro-later/standard/step0/round1/duty-moderator/webhook");
        webhook.Duplicates.Should().Be(0);
    }

    [Fact]
    public async Task An_incident_that_cannot_be_written_does_not_hold_up_the_incidents_after_it()
    {
        var store = new RefusingStore(_store);
        var webhook = new InMemoryNotificationChannel("webhook");
        await using var engine = Engine(webhook, store: store);
        await engine.OpenAsync(Candidate());
        _time.Advance(TimeSpan.FromMinutes(1));
        await engine.OpenAsync(Candidate(id: "veltro-later"));
        store.Refused = IncidentId;

        _time.Advance(TimeSpan.FromMinutes(10));
        var round = async () => await engine.RunDueAsync();

        (await round.Should().ThrowAsync<IOException>()).WithMessage("database is busy");
        webhook.Sent.Should().Contain(n => n.IdempotencyKey == "veltro-later/standard/step0/round1/duty-moderator/webhook", "the incident opened later is planned although the earlier one failed");
        webhook.Sent.Should().NotContain(n => n.IdempotencyKey == $"{IncidentId}/standard/step0/round1/duty-moderator/webhook", "nothing is sent for an incident whose outbox entry was not written");
        engine.NextDueAt.Should().Be(_time.GetUtcNow() + new EscalationOptions().RetryBackoff);

        store.Refused = null;
        _time.Advance(TimeSpan.FromSeconds(30));
        await engine.RunDueAsync();
        webhook.Sent.Should().Contain(n => n.IdempotencyKey == $"{IncidentId}/standard/step0/round1/duty-moderator/webhook");
        webhook.Duplicates.Should().Be(0);
    }

    /// <summary>A store that refuses appends to one incident, as a busy or broken database would.</summary>
    private sealed class RefusingStore(IIncidentStore inner) : IIncidentStore
    {
        public string? Refused { get; set; }

        public ValueTask<long> AppendAsync(string incidentId, long expectedVersion, IReadOnlyList<IncidentEvent> events, CancellationToken cancellationToken = default) =>
            incidentId == Refused ? throw new IOException("database is busy") : inner.AppendAsync(incidentId, expectedVersion, events, cancellationToken);

        public ValueTask<Incident?> GetAsync(string incidentId, CancellationToken cancellationToken = default) => inner.GetAsync(incidentId, cancellationToken);

        public ValueTask<IReadOnlyList<string>> ListAsync(bool openOnly = false, CancellationToken cancellationToken = default) => inner.ListAsync(openOnly, cancellationToken);
    }

    [Fact]
    public void An_outbox_entry_is_stored_as_json_with_its_own_type()
    {
        var json = IncidentEventJson.Serialize(new NotificationScheduled(T0, "inc/standard/step0/round0/ann/webhook"));

        json.Should().Be("""{"type":"notification-scheduled","idempotencyKey":"inc/standard/step0/round0/ann/webhook","at":"2026-03-03T14:00:00+00:00"}""");
        IncidentEventJson.Deserialize(json).Should().BeOfType<NotificationScheduled>().Which.IdempotencyKey.Should().Be("inc/standard/step0/round0/ann/webhook");
    }

    [Fact]
    public void The_send_limits_are_validated_at_start_up()
    {
        var services = new ServiceCollection();
        services.AddCrisisKit().AddNotificationChannel(new InMemoryNotificationChannel("webhook"));
        services.Configure<EscalationOptions>(o =>
        {
            o.SendTimeout = TimeSpan.FromMilliseconds(500);
            o.MaxConcurrentSendsPerChannel = 0;
        });
        using var provider = services.BuildServiceProvider();

        var validate = () => provider.GetRequiredService<IStartupValidator>().Validate();

        validate.Should().Throw<OptionsValidationException>().Which.Failures.Should().Contain(
        [
            "EscalationOptions.SendTimeout must be between 00:00:01 and 00:10:00 (was 00:00:00.5000000).",
            "EscalationOptions.MaxConcurrentSendsPerChannel must be between 1 and 64 (was 0).",
        ]);
    }

    /// <summary>A channel whose sends never finish and ignore cancellation: only the engine's own timeout ends them.</summary>
    private sealed class StuckChannel(string name) : INotificationChannel
    {
        private int _calls;

        public string Name => name;

        public int Calls => Volatile.Read(ref _calls);

        public Task SendAsync(Notification notification, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            return new TaskCompletionSource().Task;
        }
    }
}
