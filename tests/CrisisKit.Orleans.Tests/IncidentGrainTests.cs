using System.Collections.Concurrent;
using CrisisKit.Correlation;
using CrisisKit.Escalation;
using CrisisKit.Incidents;
using CrisisKit.Simulation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans;
using Orleans.Hosting;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.TestingHost;

namespace CrisisKit.Orleans.Tests;

/// <summary>One incident grain on one silo, driven by hand: what it refuses, what it ignores, and its reminder.</summary>
public sealed class IncidentGrainTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 3, 14, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(T0);
    private readonly NotificationRecorder _recorder = new();
    private readonly ConcurrentQueue<IncidentChange> _changes = new();
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var rows = new SharedMemoryGrainStorage();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<TimeProvider>(_time);
            silo.AddSharedMemoryGrainStorage(CrisisKitOrleansOptions.StorageName, rows);
            silo.UseInMemoryReminderService();
            silo.Services.AddSingleton<IIncidentChangeSink>(new QueueChangeSink(_changes));
            silo.AddCrisisKitEscalation()
                .AddProtocols([.. SampleProtocols.Sources])
                .AddNotificationChannel(_recorder.Channel("console"))
                .AddNotificationChannel(_recorder.Channel("webhook"));
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _recorder.Dispose();
    }

    private IIncidentGrain Grain(string id) => _cluster.Client.GetGrain<IIncidentGrain>(id);

    [Fact]
    public async Task Actions_on_an_incident_never_opened_are_refused_and_it_has_no_state()
    {
        var grain = Grain("veltro-20990101T0000");
        var act = () => grain.AcknowledgeAsync("comms-lead");
        (await act.Should().ThrowAsync<IncidentActionException>()).WithMessage("There is no incident 'veltro-20990101T0000'.");
        (await grain.GetAsync()).Should().BeNull();
        (await grain.UpdateAsync(Candidate(signals: 2) with { Id = "veltro-20990101T0000" })).Should().BeNull("an update opens nothing");
        (await grain.RunDueAsync()).Should().Be(0);
        (await grain.GetNextDueAsync()).Should().BeNull();
    }

    [Fact]
    public async Task A_candidate_sent_to_another_incident_grain_is_refused()
    {
        var act = () => Grain("veltro-other").OpenAsync(Candidate(), "Veltro");
        (await act.Should().ThrowAsync<ArgumentException>()).WithMessage("*'veltro-20260303T1355' was sent to the incident grain 'veltro-other'*");
    }

    [Fact]
    public async Task A_repeated_candidate_change_opens_nothing_new_and_sends_nothing_twice()
    {
        var grain = Grain(Candidate().Id);
        var opened = await grain.OpenAsync(Candidate(), "Veltro");
        opened.ProtocolId.Should().Be("serious");
        await grain.RunDueAsync();
        var sent = _recorder.Deliveries.Count;
        sent.Should().Be(4, "the serious protocol's first step pages two people on two channels");

        var again = await grain.OpenAsync(Candidate(), "Veltro");
        (await grain.UpdateAsync(Candidate())).Should().NotBeNull();
        await grain.RunDueAsync();

        again.Timeline.OfType<IncidentOpened>().Should().ContainSingle();
        again.Version.Should().Be((await grain.GetAsync())!.Version, "a repeat records nothing");
        _recorder.Deliveries.Should().HaveCount(sent);
        _recorder.RepeatedKeys.Should().BeEmpty();
    }

    [Fact]
    public async Task A_change_no_newer_than_one_taken_does_not_reassess_the_incident_and_a_newer_one_does()
    {
        var grain = Grain(Candidate().Id);
        var small = Candidate() with
        {
            PeakScore = 0.5,
            Metrics = Candidate().Metrics with { PeakMentions = 30, PeakNegativeShare = 0.3, PeakSpread = 6, TopNegativeAuthorFollowers = 2_000, Platforms = ["x"] },
        };
        var opened = await grain.OpenAsync(small, "Veltro");

        // The same signal count with far larger figures: a repeat delivered late, not news.
        (await grain.UpdateAsync(Larger(Candidate()))).Should().NotBeNull();
        var afterRepeat = (await grain.GetAsync())!;
        afterRepeat.Severity.Should().Be(opened.Severity, "a change at a signal count already taken is a repeat and is not re-assessed");
        afterRepeat.Timeline.OfType<SeverityChanged>().Should().ContainSingle();

        var updated = await grain.UpdateAsync(Larger(Candidate(signals: 2)));
        ((int)updated!.Severity).Should().BeGreaterThan((int)opened.Severity, "a newer change with larger figures raises the severity the opening set");
    }

    private static CrisisCandidate Larger(CrisisCandidate candidate) => candidate with
    {
        PeakScore = 1,
        Metrics = candidate.Metrics with { PeakMentions = 60_000, PeakNegativeShare = 0.95, PeakSpread = 20_000, TopNegativeAuthorFollowers = 90_000_000 },
    };

    [Fact]
    public async Task Acknowledging_stops_the_chain_a_second_acknowledgement_is_recorded_and_a_closed_incident_refuses_it()
    {
        var grain = Grain(Candidate().Id);
        await grain.OpenAsync(Candidate(), "Veltro");
        await grain.RunDueAsync();

        var first = await grain.AcknowledgeAsync("social-lead");
        first.Status.Should().Be(IncidentStatus.Acknowledged);
        var second = await grain.AcknowledgeAsync("comms-lead");
        second.Status.Should().Be(IncidentStatus.Acknowledged);
        second.Acknowledged!.Value.By.Should().Be("social-lead", "the first acknowledgement is the one that counts");
        second.Timeline.OfType<IncidentAcknowledged>().Should().HaveCount(2);

        var before = _recorder.Deliveries.Count;
        _time.Advance(TimeSpan.FromMinutes(6));
        await grain.RunDueAsync();
        _recorder.Deliveries.Skip(before).Should().NotContain(n => n.Kind == NotificationKind.Escalation, "no repeat of the chain after an acknowledgement");

        var stranger = () => grain.AcknowledgeAsync("intern");
        (await stranger.Should().ThrowAsync<IncidentActionException>()).WithMessage("'intern' is not on protocol 'serious'*");
        var reasonless = () => grain.ChangeStatusAsync("comms-lead", IncidentStatus.Dismissed, null);
        (await reasonless.Should().ThrowAsync<IncidentActionException>()).WithMessage("Dismissing an incident needs a reason*");
        var blank = () => grain.AcknowledgeAsync(" ");
        await blank.Should().ThrowAsync<ArgumentException>();

        var early = () => grain.ChangeStatusAsync("ceo", IncidentStatus.Reviewed, null);
        var refused = (await early.Should().ThrowAsync<IncidentTransitionException>()).Which;
        (refused.From, refused.To).Should().Be((IncidentStatus.Acknowledged, IncidentStatus.Reviewed), "the exception keeps its details across the silo boundary");

        var resolved = await grain.ChangeStatusAsync("comms-lead", IncidentStatus.Resolved, null);
        resolved.IsOpen.Should().BeFalse();
        var late = () => grain.AcknowledgeAsync("comms-lead");
        (await late.Should().ThrowAsync<IncidentActionException>()).WithMessage("Incident 'veltro-20260303T1355' is Resolved; it is closed.");
        var reopen = () => grain.ChangeStatusAsync("comms-lead", IncidentStatus.Monitoring, null);
        await reopen.Should().ThrowAsync<IncidentActionException>();
        (await grain.AddNoteAsync("comms-lead", "Closed after the fix shipped.")).Timeline[^1].Should().BeOfType<NoteAdded>("a note is allowed on a closed incident");
    }

    [Fact]
    public async Task A_statement_before_acknowledgement_is_refused()
    {
        var grain = Grain(Candidate().Id);
        await grain.OpenAsync(Candidate(), "Veltro");
        var act = () => grain.PublishStatementAsync("comms-lead", "en", "x", "We are looking into it.");
        (await act.Should().ThrowAsync<IncidentActionException>()).WithMessage("*has not been acknowledged*");
        await grain.AcknowledgeAsync("comms-lead");
        var responding = await grain.PublishStatementAsync("comms-lead", "en", "x", "We are looking into it.");
        responding.Status.Should().Be(IncidentStatus.Responding);
        var unknownGate = () => grain.ApproveAsync("comms-lead", "no-such-gate");
        (await unknownGate.Should().ThrowAsync<IncidentActionException>()).WithMessage("Protocol 'serious' has no approval gate 'no-such-gate'.");
    }

    [Fact]
    public async Task The_reminder_is_registered_for_the_next_due_time_and_removed_when_the_incident_is_resolved()
    {
        var grain = Grain(Candidate().Id);
        await grain.OpenAsync(Candidate(), "Veltro");
        await grain.RunDueAsync();
        (await grain.GetNextDueAsync()).Should().Be(T0 + TimeSpan.FromMinutes(5), "the first step repeats after five minutes");
        await grain.AcknowledgeAsync("comms-lead");
        (await grain.GetNextDueAsync()).Should().Be(T0 + TimeSpan.FromMinutes(55), "the chain has stopped; the first-response reminder is next");
        var table = _cluster.GetSiloServiceProvider(_cluster.Silos[0].SiloAddress).GetRequiredService<IReminderTable>();
        var reminder = await table.ReadRow(grain.GetGrainId(), IncidentGrain.ReminderName);
        reminder.Should().NotBeNull();
        reminder.Period.Should().Be(TimeSpan.FromMinutes(1), "Orleans' shortest reminder period; the due time carries the precision");

        await grain.ChangeStatusAsync("comms-lead", IncidentStatus.Resolved, null);
        (await grain.GetNextDueAsync()).Should().BeNull();
        (await table.ReadRow(grain.GetGrainId(), IncidentGrain.ReminderName)).Should().BeNull();
    }

    [Fact]
    public async Task A_failed_send_is_recorded_and_tried_again_after_the_backoff_with_the_same_key()
    {
        var grain = Grain(Candidate().Id);
        var held = _recorder.HoldNext(accept: false);
        await grain.OpenAsync(Candidate(), "Veltro");
        var first = grain.RunDueAsync();
        var message = await held.WaitAsync(TimeSpan.FromSeconds(30));
        _recorder.Dispose();
        await first;

        var incident = (await grain.GetAsync())!;
        var failed = incident.Timeline.OfType<NotificationFailed>().Should().ContainSingle().Subject;
        failed.IdempotencyKey.Should().Be(message.IdempotencyKey);
        failed.RetryAt.Should().Be(T0 + TimeSpan.FromSeconds(30), "the default backoff");
        (await grain.GetNextDueAsync()).Should().Be(T0 + TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task People_and_candidate_changes_do_not_wait_for_a_channel_that_does_not_answer()
    {
        var grain = Grain(Candidate().Id);
        var held = _recorder.HoldNext(accept: false);
        await grain.OpenAsync(Candidate(), "Veltro");
        var message = await held.WaitAsync(TimeSpan.FromSeconds(30));

        // The grain's timer is sending the first step and one message hangs in its channel.
        var updated = await grain.UpdateAsync(Candidate(signals: 2)).WaitAsync(TimeSpan.FromSeconds(10));
        updated.Should().NotBeNull();
        var acknowledged = await grain.AcknowledgeAsync("comms-lead").WaitAsync(TimeSpan.FromSeconds(10));
        acknowledged.Status.Should().Be(IncidentStatus.Acknowledged);
        acknowledged.Timeline.OfType<NotificationScheduled>().Should().Contain(s => s.IdempotencyKey == message.IdempotencyKey);
        acknowledged.Timeline.OfType<NotificationSent>().Should().NotContain(s => s.IdempotencyKey == message.IdempotencyKey, "that message is still with its channel");

        _recorder.Dispose();
        await grain.RunDueAsync();
        (await grain.GetAsync())!.Timeline.OfType<NotificationFailed>().Should().ContainSingle(f => f.IdempotencyKey == message.IdempotencyKey);
    }

    [Fact]
    public async Task Change_sinks_get_every_recorded_event_in_timeline_order_with_the_incident_it_left()
    {
        var grain = Grain(Candidate().Id);
        await grain.OpenAsync(Candidate(), "Veltro");
        await grain.RunDueAsync();
        await grain.AcknowledgeAsync("comms-lead");

        var incident = (await grain.GetAsync())!;
        var changes = _changes.ToList();
        changes.Select(c => IncidentEventJson.Serialize(c.Event)).Should().Equal(incident.Timeline.Select(IncidentEventJson.Serialize));
        changes.Select(c => c.Incident.Version).Should().Equal(Enumerable.Range(1, incident.Timeline.Count).Select(i => (long)i), "each change carries the incident as its event left it");
        changes.Should().Contain(c => c.Event is NotificationSent).And.Contain(c => c.Event is IncidentAcknowledged);
    }

    private sealed class QueueChangeSink(ConcurrentQueue<IncidentChange> queue) : IIncidentChangeSink
    {
        public ValueTask PublishAsync(IncidentChange change, CancellationToken cancellationToken)
        {
            queue.Enqueue(change);
            return ValueTask.CompletedTask;
        }
    }

    private static CrisisCandidate Candidate(int signals = 1) => new()
    {
        Id = "veltro-20260303T1355",
        SubjectId = "veltro",
        FirstSignalAt = T0.AddMinutes(-5),
        LastSignalAt = T0.AddMinutes(-5),
        PeakAt = T0.AddMinutes(-5),
        PeakScore = 0.9,
        SignalCount = signals,
        Metrics = new CandidateMetrics { PeakMentions = 600, ExpectedMentions = 12, PeakNegativeShare = 0.6, UsualNegativeShare = 0.1, PeakSpread = 200, UsualSpread = 4, Platforms = ["x", "facebook", "instagram"], TopNegativeAuthorFollowers = 900_000, TopNegativeAuthor = "critic" },
    };
}
