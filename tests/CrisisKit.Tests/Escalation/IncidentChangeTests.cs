using CrisisKit.Categories;
using CrisisKit.Escalation;
using CrisisKit.Incidents;
using CrisisKit.Protocols;
using CrisisKit.Severity;
using CrisisKit.Simulation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using static CrisisKit.Tests.Escalation.EscalationEngineTests;

namespace CrisisKit.Tests.Escalation;

/// <summary>Apps observe incident changes through <see cref="IEscalationEngine.Subscribe"/>.</summary>
public class IncidentChangeTests
{
    private readonly FakeTimeProvider _time = new(T0);
    private readonly InMemoryNotificationChannel _webhook = new("webhook");
    private readonly InMemoryNotificationChannel _console = new("console");
    private readonly IIncidentStore _store = new InMemoryIncidentStore();
    private readonly CapturingLogger _log = new();

    private EscalationEngine Engine() => new(
        _store,
        new ProtocolSet(ProtocolLoader.LoadAll(SampleProtocols.Sources)),
        new DefaultSeverityClassifier(new SeverityOptions()),
        new SeverityOptions(),
        [_webhook, _console],
        new EscalationOptions(),
        _time,
        logger: _log);

    [Fact]
    public async Task Opening_raises_opened_severity_protocol_and_each_notification_in_timeline_order_after_they_are_stored()
    {
        using var engine = Engine();
        var seen = new List<IncidentChange>();
        var storedWhenRaised = new List<bool>();
        using var subscription = engine.Subscribe(new Observer(c =>
        {
            seen.Add(c);
            var stored = _store.GetAsync(c.Incident.Id).AsTask().GetAwaiter().GetResult();
            storedWhenRaised.Add(stored is not null && stored.Timeline.Count >= c.Incident.Timeline.Count);
        }));

        var incident = await engine.OpenAsync(Candidate(), "Veltro");

        seen.Select(c => c.Event.GetType()).Should().Equal(typeof(IncidentOpened), typeof(SeverityChanged), typeof(ProtocolChosen), typeof(NotificationSent), typeof(NotificationSent));
        seen.Select(c => c.Event).Should().Equal(incident.Timeline, "every change is one timeline event, in timeline order");
        storedWhenRaised.Should().AllSatisfy(s => s.Should().BeTrue("a change is raised only once the store holds it"));
        seen.Should().AllSatisfy(c => c.Incident.Timeline[^1].Should().BeSameAs(c.Event, "each snapshot is the incident as its event left it"));
        seen[0].Incident.Id.Should().Be(incident.Id);
        seen[0].Incident.SubjectId.Should().Be("veltro");
        seen[0].Event.At.Should().Be(T0);
        seen[1].Incident.Severity.Should().Be(SeverityLevel.Moderate);
        seen[3].Event.Should().BeOfType<NotificationSent>().Which.Person.Should().Be("duty-moderator");
    }

    [Fact]
    public async Task A_severity_rise_is_raised_with_the_incident_at_its_new_level()
    {
        using var engine = Engine();
        await engine.OpenAsync(Candidate());
        var seen = new List<IncidentChange>();
        using var subscription = engine.Subscribe(new Observer(seen.Add));

        await engine.UpdateAsync(Candidate(peak: 2_000, negativeShare: 0.7, critic: 2_000_000));

        var rise = seen.Select(c => c.Event).OfType<SeverityChanged>().Should().ContainSingle().Subject;
        rise.From.Should().Be(SeverityLevel.Moderate);
        seen.Single(c => c.Event == rise).Incident.Severity.Should().Be(rise.To);
        seen.Select(c => c.Event).OfType<ProtocolChosen>().Should().ContainSingle().Which.ProtocolId.Should().Be("serious");
    }

    [Fact]
    public async Task An_acknowledgement_raises_the_status_change_and_the_acknowledgement()
    {
        using var engine = Engine();
        var incident = await engine.OpenAsync(Candidate());
        var seen = new List<IncidentChange>();
        using var subscription = engine.Subscribe(new Observer(seen.Add));

        await engine.AcknowledgeAsync(incident.Id, "social-lead");

        seen.Select(c => c.Event.GetType()).Should().Equal(typeof(StatusChanged), typeof(IncidentAcknowledged));
        seen[1].Event.Should().BeOfType<IncidentAcknowledged>().Which.By.Should().Be("social-lead");
        seen[1].Incident.Status.Should().Be(IncidentStatus.Acknowledged);
    }

    [Fact]
    public async Task A_failed_send_is_raised_with_its_error_and_retry_time()
    {
        using var engine = Engine();
        var seen = new List<IncidentChange>();
        using var subscription = engine.Subscribe(new Observer(seen.Add));
        _webhook.FailNext(1, "HTTP 503");

        await engine.OpenAsync(Candidate());

        var failed = seen.Select(c => c.Event).OfType<NotificationFailed>().Should().ContainSingle().Subject;
        failed.Channel.Should().Be("webhook");
        failed.Error.Should().Contain("HTTP 503");
        failed.RetryAt.Should().Be(T0.AddSeconds(30));
    }

    [Fact]
    public async Task A_breached_deadline_is_raised_then_the_notifications_it_sends()
    {
        using var engine = Engine();
        var incident = await engine.OpenAsync(Candidate());
        var seen = new List<IncidentChange>();
        using var subscription = engine.Subscribe(new Observer(seen.Add));

        _time.Advance(TimeSpan.FromHours(1));
        await engine.RunDueAsync();

        var events = seen.Select(c => c.Event).ToList();
        var breach = events.OfType<DeadlineBreached>().Should().ContainSingle().Subject;
        breach.Deadline.Should().Be("acknowledge");
        breach.Due.Should().Be(T0.AddHours(1));
        events.IndexOf(breach).Should().BeLessThan(events.FindIndex(e => e is NotificationSent { Step: -1 }));
        seen.Should().AllSatisfy(c => c.Incident.Id.Should().Be(incident.Id));
    }

    [Fact]
    public async Task Resolving_raises_the_status_change_with_the_closed_incident()
    {
        using var engine = Engine();
        var incident = await engine.OpenAsync(Candidate());
        await engine.AcknowledgeAsync(incident.Id, "social-lead");
        var seen = new List<IncidentChange>();
        using var subscription = engine.Subscribe(new Observer(seen.Add));

        await engine.ChangeStatusAsync(incident.Id, "social-lead", IncidentStatus.Resolved, "calm again");

        var change = seen.Should().ContainSingle().Subject;
        change.Event.Should().BeOfType<StatusChanged>().Which.To.Should().Be(IncidentStatus.Resolved);
        change.Incident.IsOpen.Should().BeFalse();
        change.Incident.ClosedAt.Should().Be(T0);
    }

    [Fact]
    public async Task An_observer_that_throws_is_logged_and_keeps_receiving_changes()
    {
        using var engine = Engine();
        var seen = new List<IncidentChange>();
        using var thrower = engine.Subscribe(new Observer(_ => throw new InvalidOperationException("observer bug")));
        using var other = engine.Subscribe(new Observer(seen.Add));

        var incident = await engine.OpenAsync(Candidate());
        await engine.AddNoteAsync(incident.Id, "social-lead", "Looking into it.");

        seen.Select(c => c.Event).Last().Should().BeOfType<NoteAdded>("a throwing observer does not stop the others");
        var failures = _log.Entries.Where(e => e.Id.Name == "IncidentObserverFailed").ToList();
        failures.Should().HaveCount(incident.Timeline.Count + 1, "every throw is logged, so the observer was still subscribed for the note");
        failures.Should().AllSatisfy(e =>
        {
            e.Level.Should().Be(LogLevel.Error);
            e.Exception.Should().BeOfType<InvalidOperationException>();
        });
        failures[^1].Message.Should().Be($"An incident observer (CrisisKit.Tests.Escalation.IncidentChangeTests+Observer) threw on NoteAdded of incident '{incident.Id}'; it stays subscribed.");
    }

    [Fact]
    public async Task An_observer_can_act_on_the_engine_because_changes_are_raised_outside_its_lock()
    {
        using var engine = Engine();
        var incident = await engine.OpenAsync(Candidate());
        var seen = new List<IncidentEvent>();
        var completedAtOnce = false;
        using var subscription = engine.Subscribe(new Observer(c =>
        {
            seen.Add(c.Event);
            if (c.Event is IncidentAcknowledged)
            {
                var note = engine.AddNoteAsync(c.Incident.Id, "social-lead", "Paged the team.");
                completedAtOnce = note.IsCompleted;
                note.GetAwaiter().GetResult();
            }
        }));

        await engine.AcknowledgeAsync(incident.Id, "social-lead");

        completedAtOnce.Should().BeTrue("the engine's lock is free while observers run");
        seen.Select(e => e.GetType()).Should().Equal(typeof(StatusChanged), typeof(IncidentAcknowledged), typeof(NoteAdded));
        (await _store.GetAsync(incident.Id))!.Timeline.TakeLast(3).Should().Equal(seen, "changes follow the timeline order");
    }

    [Fact]
    public async Task Unsubscribing_stops_changes_and_disposing_the_engine_completes_the_observers()
    {
        var engine = Engine();
        var first = new List<IncidentChange>();
        var completed = 0;
        var subscription = engine.Subscribe(new Observer(first.Add));
        using var second = engine.Subscribe(new Observer(_ => { }, () => completed++));
        var incident = await engine.OpenAsync(Candidate());
        var count = first.Count;

        subscription.Dispose();
        await engine.AddNoteAsync(incident.Id, "social-lead", "Looking into it.");
        engine.Dispose();

        first.Should().HaveCount(count);
        completed.Should().Be(1);
    }

    private sealed class Observer(Action<IncidentChange> next, Action? completed = null) : IObserver<IncidentChange>
    {
        public void OnCompleted() => completed?.Invoke();

        public void OnError(Exception error)
        {
        }

        public void OnNext(IncidentChange value) => next(value);
    }

    internal sealed class CapturingLogger : ILogger
    {
        private readonly Lock _gate = new();
        private readonly List<(LogLevel Level, EventId Id, string Message, Exception? Exception)> _entries = [];

        public IReadOnlyList<(LogLevel Level, EventId Id, string Message, Exception? Exception)> Entries
        {
            get
            {
                lock (_gate)
                {
                    return [.. _entries];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_gate)
            {
                _entries.Add((logLevel, eventId, formatter(state, exception), exception));
            }
        }
    }
}
