using System.Diagnostics.CodeAnalysis;
using System.Runtime.ExceptionServices;
using CrisisKit.Correlation;
using CrisisKit.Diagnostics;
using CrisisKit.Escalation;
using CrisisKit.Incidents;
using CrisisKit.Protocols;
using CrisisKit.Severity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Concurrency;
using Orleans.Runtime;
using Orleans.Storage;

namespace CrisisKit.Orleans;

/// <summary>What an incident grain keeps in grain storage: the timeline, and what it needs to take candidate changes as the engine does.</summary>
[GenerateSerializer]
internal sealed class IncidentGrainState
{
    /// <summary>The timeline, oldest first, one JSON event each (<see cref="IncidentEventJson"/>); empty before the incident is opened.</summary>
    [Id(0)] public List<string> Timeline { get; set; } = [];

    /// <summary>The highest <see cref="CrisisCandidate.SignalCount"/> of a candidate change taken: a change at or below it is a repeat.</summary>
    [Id(1)] public int SignalCount { get; set; }

    /// <summary>Since when the candidate has assessed below the incident's severity (the downgrade wait), as of the last write.</summary>
    [Id(2)] public DateTimeOffset? CalmSince { get; set; }
}

/// <summary>
/// The default <see cref="IIncidentGrain"/>, shaped like the in-process engine: decisions are made one at a time under
/// the grain's own lock (decide with <see cref="IncidentDecisions"/>, plan with <see cref="EscalationPlanner"/>,
/// write the records and one <see cref="NotificationScheduled"/> per new send, arm the wake-ups), and sends happen
/// outside it, their outcomes written under it as the channels answer. The grain is reentrant so that a slow channel
/// holds up neither candidate changes nor people's actions (an Orleans call waiting behind a send could time out).
/// Every write is the whole state. Wake-ups: a grain timer at the next due time while active, and a reminder at the
/// same time that survives the activation (and the silo).
/// </summary>
[Reentrant]
[SuppressMessage("Reliability", "CA1001:Types that own disposable fields should be disposable", Justification = "The semaphores never hand out a wait handle, so they hold nothing to release; an activation's lifetime is Orleans'.")]
internal sealed class IncidentGrain : Grain, IIncidentGrain, IRemindable
{
    /// <summary>The reminder's name.</summary>
    internal const string ReminderName = "crisiskit-escalation";

    /// <summary>How often a reminder fires again if the grain did not move it (Orleans' shortest reminder period).</summary>
    internal static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);

    private readonly IPersistentState<IncidentGrainState> _state;
    private readonly ProtocolSet _protocols;
    private readonly ISeverityClassifier _classifier;
    private readonly SeverityOptions _severity;
    private readonly EscalationOptions _options;
    private readonly Dictionary<string, INotificationChannel> _channels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SemaphoreSlim> _turns = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly EscalationTelemetry _telemetry;
    private readonly IIncidentChangeSink[] _sinks;
    private readonly ILogger _logger;

    /// <summary>Held while the grain decides and writes: one decision at a time, as under the engine's lock.</summary>
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Sends scheduled on the timeline and not yet started by this activation, in plan order.</summary>
    private readonly List<OutboxSend> _outbox = [];

    /// <summary>Keys of sends started and without a recorded outcome: not planned again meanwhile.</summary>
    private readonly HashSet<string> _inFlight = new(StringComparer.Ordinal);

    /// <summary>The rounds of sends under way, so a caller of <see cref="RunDueAsync"/> can wait for them all.</summary>
    private readonly List<Task<int>> _dispatching = [];

    /// <summary>Outcomes of sends whose write failed: recorded first on the next round; their keys are not sent again meanwhile.</summary>
    private readonly List<IncidentEvent> _unrecorded = [];

    private Incident? _incident;
    private IGrainTimer? _timer;
    private IGrainReminder? _reminder;
    private DateTimeOffset? _reminderDue;
    private DateTimeOffset? _nextDue;

    public IncidentGrain(
        [PersistentState("incident", CrisisKitOrleansOptions.StorageName)] IPersistentState<IncidentGrainState> state,
        ProtocolSet protocols,
        ISeverityClassifier classifier,
        IOptions<SeverityOptions> severity,
        IOptions<EscalationOptions> options,
        IEnumerable<INotificationChannel> channels,
        IEnumerable<IIncidentChangeSink> sinks,
        TimeProvider time,
        CrisisKitMetrics metrics,
        ILogger<IncidentGrain> logger)
    {
        _state = state;
        _protocols = protocols;
        _classifier = classifier;
        _severity = severity.Value;
        _options = options.Value;
        foreach (var channel in channels)
        {
            if (_channels.TryAdd(channel.Name, channel))
            {
                _turns[channel.Name] = new SemaphoreSlim(_options.MaxConcurrentSendsPerChannel, _options.MaxConcurrentSendsPerChannel);
            }
        }

        _sinks = [.. sinks];
        _time = time;
        _logger = logger;
        _telemetry = new EscalationTelemetry(metrics, logger, time);
    }

    private string Id => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (_state.State.Timeline.Count == 0)
        {
            return;
        }

        _incident = Incident.FromTimeline(Id, [.. _state.State.Timeline.Select(IncidentEventJson.Deserialize)]);
        if (_logger.IsEnabled(LogLevel.Information))
        {
            _logger.IncidentRestored(Id, _incident.Version, Pending(_incident));
        }

        // Whatever was due while no activation ran (sends left scheduled by a silo that died among them) runs on the
        // grain's first turn; the reminder is moved to the next due time from there.
        await ArmAsync(_incident.IsOpen ? _time.GetUtcNow() : null).ConfigureAwait(true);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        _timer = null;
        return Task.CompletedTask;
    }

    public async Task<Incident> OpenAsync(CrisisCandidate candidate, string? subjectName)
    {
        CheckCandidate(candidate);
        using var activity = EscalationTelemetry.StartOpen(candidate.Id, candidate.SubjectId);
        return await LockedAsync(async () =>
        {
            if (_incident is not null)
            {
                return await ReassessAsync(_incident, candidate).ConfigureAwait(true) ?? _incident;
            }

            var events = IncidentDecisions.Open(candidate, subjectName, _classifier, _protocols, _time.GetUtcNow());
            await AppendAsync(events, candidate.SignalCount, null).ConfigureAwait(true);
            await ScheduleAsync().ConfigureAwait(true);
            return _incident!;
        }).ConfigureAwait(true);
    }

    public async Task<Incident?> UpdateAsync(CrisisCandidate candidate)
    {
        CheckCandidate(candidate);
        return await LockedAsync(async () => _incident is null ? null : await ReassessAsync(_incident, candidate).ConfigureAwait(true)).ConfigureAwait(true);
    }

    public Task<Incident?> GetAsync() => Task.FromResult(_incident);

    public Task<DateTimeOffset?> GetNextDueAsync() => Task.FromResult(_nextDue);

    public async Task<int> RunDueAsync()
    {
        await LockedAsync(async () =>
        {
            await ScheduleAsync().ConfigureAwait(true);
            return 0;
        }).ConfigureAwait(true);
        var round = DispatchAsync();
        _dispatching.Add(round);
        try
        {
            // Sends other turns started (the timer's, a reminder's) are waited for too, so that when this returns
            // every send started so far has its outcome recorded; their failures are theirs to report.
            foreach (var other in _dispatching.ToArray())
            {
                if (other != round)
                {
                    await ((Task)other).ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.SuppressThrowing);
                }
            }

            return await round.ConfigureAwait(true);
        }
        finally
        {
            _dispatching.RemoveAll(t => t.IsCompleted);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ReminderName)
        {
            return;
        }

        // Orleans does not know this reminder's handle in a new activation: take it, so it can be moved or removed.
        await LockedAsync(async () => _reminder ??= await this.GetReminder(ReminderName).ConfigureAwait(true)).ConfigureAwait(true);
        await RunFromWakeUpAsync().ConfigureAwait(true);
    }

    public Task<Incident> AcknowledgeAsync(string personId) => ActAsync(personId, () => IncidentDecisions.Acknowledge(personId));

    public Task<Incident> AddNoteAsync(string personId, string text) => ActAsync(personId, () => IncidentDecisions.Note(personId, text));

    public Task<Incident> ApproveAsync(string personId, string gate) => ActAsync(personId, () => IncidentDecisions.Approve(personId, gate));

    public Task<Incident> PublishStatementAsync(string personId, string language, string platform, string text) =>
        ActAsync(personId, () => IncidentDecisions.PublishStatement(personId, language, platform, text));

    public Task<Incident> ChangeStatusAsync(string personId, IncidentStatus status, string? reason) =>
        ActAsync(personId, () => IncidentDecisions.ChangeStatus(personId, status, reason));

    private void CheckCandidate(CrisisCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (candidate.Id != Id)
        {
            throw new ArgumentException($"Crisis candidate '{candidate.Id}' was sent to the incident grain '{Id}'; an incident grain is keyed by its candidate's id.", nameof(candidate));
        }
    }

    private async Task<Incident?> ReassessAsync(Incident incident, CrisisCandidate candidate)
    {
        if (candidate.SignalCount <= _state.State.SignalCount)
        {
            _logger.CandidateChangeRepeated(candidate.Id, candidate.SignalCount, _state.State.SignalCount);
            return incident.IsOpen ? incident : null;
        }

        if (!incident.IsOpen)
        {
            return null;
        }

        var calmSince = _state.State.CalmSince;
        var events = IncidentDecisions.Reassess(incident, candidate, _classifier, _protocols, _severity.DowngradeAfter, _time.GetUtcNow(), ref calmSince);
        await AppendAsync(events, candidate.SignalCount, calmSince).ConfigureAwait(true);
        await ScheduleAsync().ConfigureAwait(true);
        return _incident;
    }

    private async Task<Incident> ActAsync(string personId, Func<IncidentAction> describe)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(personId);
        var action = describe();
        return await LockedAsync(async () =>
        {
            var events = IncidentDecisions.Act(_incident, Id, _protocols, action, _time.GetUtcNow());
            await AppendAsync(events, _state.State.SignalCount, _state.State.CalmSince).ConfigureAwait(true);
            await ScheduleAsync().ConfigureAwait(true);
            return _incident!;
        }).ConfigureAwait(true);
    }

    private async Task<T> LockedAsync<T>(Func<Task<T>> work)
    {
        await _gate.WaitAsync().ConfigureAwait(true);
        try
        {
            return await work().ConfigureAwait(true);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Records what is due now and puts its sends in the activation's outbox: the outcomes a failed write left
    /// unrecorded, the plan's deadline records and one <see cref="NotificationScheduled"/> per send not scheduled
    /// before, in one write. Sends the plan finds pending on the timeline (scheduled by an activation that died) go in
    /// the outbox without being scheduled again. Then arms the wake-ups: now when the outbox has sends (they go out on
    /// a turn of their own, so the caller does not wait for a channel), else at the plan's next due time.
    /// </summary>
    private async Task ScheduleAsync()
    {
        if (_unrecorded.Count > 0)
        {
            var outcomes = _unrecorded.ToList();
            await AppendAsync(outcomes, _state.State.SignalCount, _state.State.CalmSince).ConfigureAwait(true);
            _unrecorded.Clear();
            _inFlight.ExceptWith(outcomes.Select(Key));
        }

        if (_incident is not { IsOpen: true } incident || _protocols.Find(incident.ProtocolId) is not { } protocol)
        {
            _outbox.Clear();
            await ArmAsync(null).ConfigureAwait(true);
            return;
        }

        var now = _time.GetUtcNow();
        var plan = EscalationPlanner.Plan(incident, protocol, now);
        var queued = _outbox.Select(s => s.Planned.Key).Concat(_inFlight).ToHashSet(StringComparer.Ordinal);
        var due = plan.Sends.Where(p => !queued.Contains(p.Key)).ToList();
        List<IncidentEvent> events = [.. plan.Records, .. due.Where(p => !p.Pending).Select(p => new NotificationScheduled(now, p.Key))];
        await AppendAsync(events, _state.State.SignalCount, _state.State.CalmSince).ConfigureAwait(true);
        foreach (var planned in due)
        {
            _outbox.Add(new OutboxSend(Id, planned, IncidentDecisions.Compose(_incident!, protocol, planned, now, _options.DefaultLanguage)));
        }

        await ArmAsync(_outbox.Count > 0 ? now : plan.NextDue).ConfigureAwait(true);
    }

    /// <summary>
    /// Sends the outbox outside the lock, at most <see cref="EscalationOptions.MaxConcurrentSendsPerChannel"/> at once
    /// per channel, and records outcomes under it as the channels answer (one write per wave of answers), so a silo
    /// that dies during a round leaves only the sends still with a channel scheduled without an outcome.
    /// </summary>
    /// <returns>How many the channels accepted.</returns>
    private async Task<int> DispatchAsync()
    {
        OutboxSend[] sends;
        await _gate.WaitAsync().ConfigureAwait(true);
        try
        {
            sends = [.. _outbox];
            _outbox.Clear();
            _inFlight.UnionWith(sends.Select(s => s.Planned.Key));
        }
        finally
        {
            _gate.Release();
        }

        if (sends.Length == 0)
        {
            return 0;
        }

        var running = sends.Select(SendAsync).ToList();
        var accepted = 0;
        Exception? error = null;
        while (running.Count > 0)
        {
            await Task.WhenAny(running).ConfigureAwait(true);
            var outcomes = running.Where(t => t.IsCompleted).Select(t => t.Result).ToList();
            running.RemoveAll(t => t.IsCompleted);
            accepted += outcomes.Count(o => o is NotificationSent);
            await _gate.WaitAsync().ConfigureAwait(true);
            try
            {
                if (error is null)
                {
                    try
                    {
                        await AppendAsync(outcomes, _state.State.SignalCount, _state.State.CalmSince).ConfigureAwait(true);
                        _inFlight.ExceptWith(outcomes.Select(Key));
                        continue;
                    }
                    catch (Exception ex) when (ex is not OutOfMemoryException)
                    {
                        error = ex;
                    }
                }

                // The channels have answered: keep the outcomes (their keys stay in flight, so they are not sent
                // again by this activation) and record them on the next round, soon.
                foreach (var outcome in outcomes)
                {
                    _telemetry.OutcomeNotRecorded(error, outcome.GetType().Name, Key(outcome));
                }

                _unrecorded.AddRange(outcomes);
            }
            finally
            {
                _gate.Release();
            }
        }

        await LockedAsync(async () =>
        {
            if (error is null)
            {
                await ScheduleAsync().ConfigureAwait(true);
            }
            else
            {
                await ArmAsync(_time.GetUtcNow() + _options.RetryBackoff).ConfigureAwait(true);
            }

            return 0;
        }).ConfigureAwait(true);
        if (error is not null)
        {
            ExceptionDispatchInfo.Throw(error);
        }

        return accepted;
    }

    private async Task<IncidentEvent> SendAsync(OutboxSend send)
    {
        var turn = _turns[send.Planned.Channel];
        await turn.WaitAsync().ConfigureAwait(true);
        try
        {
            return await NotificationDispatcher.SendOnceAsync(_channels[send.Planned.Channel], send, _options, _time, TimeProvider.System, _telemetry).ConfigureAwait(true);
        }
        finally
        {
            turn.Release();
        }
    }

    /// <summary>A wake-up (the grain timer or the reminder): runs what is due; a failure is logged and tried again after the backoff.</summary>
    private async Task RunFromWakeUpAsync()
    {
        try
        {
            await RunDueAsync().ConfigureAwait(true);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var retryAt = _time.GetUtcNow() + _options.RetryBackoff;
            _logger.IncidentDueWorkFailed(ex, Id, retryAt);
            if (ex is InconsistentStateException)
            {
                // Another activation wrote this incident: this one's view is stale, so it makes way.
                this.DeactivateOnIdle();
                return;
            }

            await LockedAsync(async () =>
            {
                await ArmAsync(retryAt).ConfigureAwait(true);
                return 0;
            }).ConfigureAwait(true);
        }
    }

    /// <summary>
    /// Appends <paramref name="events"/> to the timeline and writes the state (with the candidate bookkeeping), then
    /// logs, counts and publishes them. A failed write leaves the activation as it was and makes it deactivate when
    /// the stored state has moved on (another activation wrote it).
    /// </summary>
    private async Task AppendAsync(IReadOnlyList<IncidentEvent> events, int signalCount, DateTimeOffset? calmSince)
    {
        var state = _state.State;
        if (events.Count == 0 && signalCount == state.SignalCount && calmSince == state.CalmSince)
        {
            return;
        }

        var next = new IncidentGrainState
        {
            Timeline = [.. state.Timeline, .. events.Select(IncidentEventJson.Serialize)],
            SignalCount = signalCount,
            CalmSince = calmSince,
        };
        _state.State = next;
        try
        {
            await _state.WriteStateAsync().ConfigureAwait(true);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _state.State = state;
            if (ex is InconsistentStateException)
            {
                this.DeactivateOnIdle();
            }

            throw;
        }

        if (events.Count == 0)
        {
            return;
        }

        var before = _incident;
        _incident = before is null ? Incident.FromTimeline(Id, events) : before.With(events);
        _telemetry.Recorded(_incident, events);
        await PublishAsync(before, events).ConfigureAwait(true);
    }

    private async Task PublishAsync(Incident? before, IReadOnlyList<IncidentEvent> events)
    {
        if (_sinks.Length == 0)
        {
            return;
        }

        var incident = before;
        foreach (var e in events)
        {
            incident = incident is null ? Incident.FromTimeline(Id, [e]) : incident.With([e]);
            var change = new IncidentChange(incident, e);
            foreach (var sink in _sinks)
            {
                try
                {
                    await sink.PublishAsync(change, CancellationToken.None).ConfigureAwait(true);
                }
#pragma warning disable CA1031 // A failing sink is logged; it must not stop the incident.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    _logger.IncidentChangeSinkFailed(ex, e.GetType().Name, Id);
                }
            }
        }
    }

    /// <summary>
    /// Arms the wake-ups for <paramref name="due"/>: a grain timer while the activation lives, and the reminder, moved
    /// only when the time changes (each move is a write to the reminder table); none when nothing is due.
    /// </summary>
    private async Task ArmAsync(DateTimeOffset? due)
    {
        _nextDue = due;
        if (due is not { } at)
        {
            _timer?.Dispose();
            _timer = null;
            if (_reminder is not null || _reminderDue is not null)
            {
                _reminder ??= await this.GetReminder(ReminderName).ConfigureAwait(true);
                if (_reminder is not null)
                {
                    await this.UnregisterReminder(_reminder).ConfigureAwait(true);
                }

                _reminder = null;
                _reminderDue = null;
            }

            return;
        }

        var wait = at - _time.GetUtcNow();
        if (wait < TimeSpan.Zero)
        {
            wait = TimeSpan.Zero;
        }

        if (_timer is null)
        {
            _timer = this.RegisterGrainTimer(RunFromWakeUpAsync, new GrainTimerCreationOptions(wait, Timeout.InfiniteTimeSpan) { Interleave = false, KeepAlive = false });
        }
        else
        {
            _timer.Change(wait, Timeout.InfiniteTimeSpan);
        }

        if (_reminderDue != at)
        {
            _reminder = await this.RegisterOrUpdateReminder(ReminderName, wait, ReminderPeriod).ConfigureAwait(true);
            _reminderDue = at;
        }
    }

    /// <summary>How many sends the timeline holds scheduled without an outcome.</summary>
    private static int Pending(Incident incident)
    {
        var pending = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in incident.Timeline)
        {
            switch (e)
            {
                case NotificationScheduled scheduled:
                    pending.Add(scheduled.IdempotencyKey);
                    break;
                case NotificationSent or NotificationFailed:
                    pending.Remove(Key(e));
                    break;
            }
        }

        return pending.Count;
    }

    private static string Key(IncidentEvent outcome) => outcome switch
    {
        NotificationSent sent => sent.IdempotencyKey,
        NotificationFailed failed => failed.IdempotencyKey,
        NotificationScheduled scheduled => scheduled.IdempotencyKey,
        _ => "",
    };
}
