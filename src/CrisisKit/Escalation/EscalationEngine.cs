using System.Globalization;
using CrisisKit.Categories;
using CrisisKit.Correlation;
using CrisisKit.Detection;
using CrisisKit.Diagnostics;
using CrisisKit.Incidents;
using CrisisKit.Protocols;
using CrisisKit.Severity;
using CrisisKit.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrisisKit.Escalation;

/// <summary>
/// The default <see cref="IEscalationEngine"/>, in three parts. The <see cref="EscalationPlanner"/> works out what is
/// due from the incident's timeline and its protocol alone (nothing is kept only in memory): each notification has a
/// fixed due time and an idempotency key. The outbox is the timeline: under the engine's lock, due deadline events
/// and a <see cref="NotificationScheduled"/> per due notification are appended before anything is sent. The
/// <see cref="NotificationDispatcher"/> then sends outside the lock and the outcome (<see cref="NotificationSent"/> or
/// <see cref="NotificationFailed"/>) is appended when the channel answers. A key recorded as sent is never sent again;
/// a key scheduled with no outcome is sent once by whichever engine resumes the incident; a new engine over the same
/// store therefore carries on exactly where an old one stopped, even one killed between scheduling and sending.
/// </summary>
internal sealed class EscalationEngine : IEscalationEngine, IAsyncDisposable, IDisposable
{
    private readonly IIncidentStore _store;
    private readonly ProtocolSet _protocols;
    private readonly ISeverityClassifier _classifier;
    private readonly SeverityOptions _severity;
    private readonly EscalationOptions _options;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, INotificationChannel> _channels;
    private readonly Dictionary<string, Incident> _open = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _calmSince = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ITimer _timer;
    private readonly EscalationTelemetry _telemetry;
    private readonly IncidentChangeHub _changes;
    private readonly NotificationDispatcher _dispatcher;
    private readonly HashSet<string> _inFlight = new(StringComparer.Ordinal);
    private readonly List<(string IncidentId, string Key, IncidentEvent Outcome)> _outcomes = [];
    private int _disposeState;
    private DateTimeOffset? _nextDue;
    private volatile bool _disposed;

    /// <summary>Creates the engine.</summary>
    /// <param name="store">Where timelines are kept.</param>
    /// <param name="protocols">The protocols in force.</param>
    /// <param name="classifier">The severity classifier.</param>
    /// <param name="severity">The severity options (for the downgrade calm period).</param>
    /// <param name="channels">The notification channels, by name.</param>
    /// <param name="options">Retry and language settings.</param>
    /// <param name="timeProvider">The clock; a timer on it runs what is due.</param>
    /// <param name="metrics">The CrisisKit instruments; standalone ones when omitted.</param>
    /// <param name="logger">Where the engine logs, including failures that reach no caller (an incident observer that throws); nowhere when omitted.</param>
    /// <param name="wallClock">The clock each send's <see cref="EscalationOptions.SendTimeout"/> runs on: <see cref="TimeProvider.System"/> when omitted, whatever clock the engine runs on.</param>
    /// <exception cref="ArgumentException">A protocol names a channel that is not among <paramref name="channels"/>, or two channels share a name.</exception>
    public EscalationEngine(IIncidentStore store, ProtocolSet protocols, ISeverityClassifier classifier, SeverityOptions severity, IEnumerable<INotificationChannel> channels, EscalationOptions options, TimeProvider timeProvider, CrisisKitMetrics? metrics = null, ILogger? logger = null, TimeProvider? wallClock = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(protocols);
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(severity);
        ArgumentNullException.ThrowIfNull(channels);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _store = store;
        _protocols = protocols;
        _classifier = classifier;
        _severity = severity;
        _options = options;
        _time = timeProvider;
        _changes = new IncidentChangeHub(logger ?? NullLogger.Instance);
        _channels = new Dictionary<string, INotificationChannel>(StringComparer.Ordinal);
        foreach (var channel in channels)
        {
            if (!_channels.TryAdd(channel.Name, channel))
            {
                throw new ArgumentException($"Two notification channels are named '{channel.Name}'.", nameof(channels));
            }
        }

        foreach (var protocol in protocols.Protocols)
        {
            foreach (var name in protocol.Escalation.SelectMany(s => s.Channels).Distinct(StringComparer.Ordinal))
            {
                if (!_channels.ContainsKey(name))
                {
                    throw new ArgumentException($"Protocol '{protocol.Id}' notifies through the channel '{name}', which is not registered; the channels are: {string.Join(", ", _channels.Keys)}.", nameof(channels));
                }
            }
        }

        _telemetry = new EscalationTelemetry(metrics, logger, timeProvider);
        _telemetry.ObserveOpenIncidents(() => OpenIncidents.Count);
        _dispatcher = new NotificationDispatcher(_channels, options, timeProvider, wallClock ?? TimeProvider.System, _telemetry);
        _timer = timeProvider.CreateTimer(_ => _ = RunFromTimerAsync(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <inheritdoc />
    public IReadOnlyList<Incident> OpenIncidents
    {
        get
        {
            lock (_open)
            {
                return [.. _open.Values];
            }
        }
    }

    /// <inheritdoc />
    public DateTimeOffset? NextDueAt => _nextDue;

    /// <summary>Stops the timer and waits for the sends a channel has started (each ends by its timeout) and their outcomes to be recorded; sends not started yet stay pending in the outbox.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Stops the timer and waits for the sends a channel has started (each ends by its timeout) and their outcomes to be recorded; sends not started yet stay pending in the outbox.</summary>
    /// <returns>A task that completes once drained.</returns>
    public async ValueTask DisposeAsync()
    {
        // The semaphore is left to the collector: a timer callback or a call in flight may still release it.
        if (Interlocked.Exchange(ref _disposeState, 1) != 0)
        {
            return;
        }

        // Work already under the lock (a timer round, a person's action) finishes first and hands its sends over;
        // anything after it finds the engine disposed.
        await _gate.WaitAsync().ConfigureAwait(false);
        _disposed = true;
        Release();
        _timer.Dispose();
        await _dispatcher.DrainAsync().ConfigureAwait(false);
        _dispatcher.Dispose();
        _changes.Complete();
    }

    /// <inheritdoc />
    public IDisposable Subscribe(IObserver<IncidentChange> observer) => _changes.Subscribe(observer);

    /// <inheritdoc />
    public async Task<Incident> OpenAsync(CrisisCandidate candidate, string? subjectName = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        using var activity = EscalationTelemetry.StartOpen(candidate.Id, candidate.SubjectId);
        var (result, _) = await RunLockedAsync(sends => OpenCoreAsync(candidate, subjectName, sends, cancellationToken), waitForSends: true, cancellationToken).ConfigureAwait(false);
        return Latest(result);
    }

    private async Task<Incident> OpenCoreAsync(CrisisCandidate candidate, string? subjectName, List<OutboxSend> sends, CancellationToken cancellationToken)
    {
        {
            var existing = _open.GetValueOrDefault(candidate.Id) ?? await _store.GetAsync(candidate.Id, cancellationToken).ConfigureAwait(false);
            if (existing is not null)
            {
                if (existing.IsOpen)
                {
                    Track(existing);
                    existing = await ReassessAsync(existing, candidate, cancellationToken).ConfigureAwait(false);
                }

                await RunDueCoreAsync(sends, cancellationToken).ConfigureAwait(false);
                return existing;
            }

            var events = IncidentDecisions.Open(candidate, subjectName, _classifier, _protocols, _time.GetUtcNow());
            await _store.AppendAsync(candidate.Id, 0, events, cancellationToken).ConfigureAwait(false);
            _changes.Enqueue(null, candidate.Id, events);
            var incident = Incident.FromTimeline(candidate.Id, events);
            _telemetry.Recorded(incident, events);
            Track(incident);
            await RunDueCoreAsync(sends, cancellationToken).ConfigureAwait(false);
            return incident;
        }
    }

    /// <summary>The engine's latest view of <paramref name="incident"/> (after the sends it made due were recorded).</summary>
    private Incident Latest(Incident incident)
    {
        lock (_open)
        {
            return _open.GetValueOrDefault(incident.Id) is { } open && open.Version >= incident.Version ? open : incident;
        }
    }

    /// <inheritdoc />
    public async Task<Incident?> UpdateAsync(CrisisCandidate candidate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var (incident, _) = await RunLockedAsync<Incident?>(
            async sends =>
            {
                if (_open.GetValueOrDefault(candidate.Id) is not { } open)
                {
                    return null;
                }

                var reassessed = await ReassessAsync(open, candidate, cancellationToken).ConfigureAwait(false);
                await RunDueCoreAsync(sends, cancellationToken).ConfigureAwait(false);
                return reassessed;
            },
            waitForSends: true,
            cancellationToken).ConfigureAwait(false);
        return incident is null ? null : Latest(incident);
    }

    /// <inheritdoc />
    public async Task<int> RunDueAsync(CancellationToken cancellationToken = default)
    {
        var (_, sent) = await RunLockedAsync(
            async sends =>
            {
                await RunDueCoreAsync(sends, cancellationToken).ConfigureAwait(false);
                return 0;
            },
            waitForSends: true,
            cancellationToken).ConfigureAwait(false);
        return sent;
    }

    /// <inheritdoc />
    public async Task<int> ResumeAsync(CancellationToken cancellationToken = default)
    {
        var (loaded, _) = await RunLockedAsync(
            async sends =>
            {
                var loaded = 0;
                foreach (var id in await _store.ListAsync(openOnly: true, cancellationToken).ConfigureAwait(false))
                {
                    if (await _store.GetAsync(id, cancellationToken).ConfigureAwait(false) is { IsOpen: true } incident)
                    {
                        Track(incident);
                        loaded++;
                    }
                }

                await RunDueCoreAsync(sends, cancellationToken).ConfigureAwait(false);
                return loaded;
            },
            waitForSends: true,
            cancellationToken).ConfigureAwait(false);
        return loaded;
    }

    /// <summary>
    /// Runs <paramref name="work"/> under the engine's lock, then, with the lock let go (and the changes it recorded
    /// raised), starts sending the outbox entries it collected, even when it failed after collecting some. People's
    /// actions pass <paramref name="waitForSends"/> <see langword="false"/>: they never wait for a channel.
    /// </summary>
    /// <returns>What <paramref name="work"/> returned, and how many of its sends the channels accepted (0 when not waited for).</returns>
    private async Task<(T Result, int Sent)> RunLockedAsync<T>(Func<List<OutboxSend>, Task<T>> work, bool waitForSends, CancellationToken cancellationToken)
    {
        var sends = new List<OutboxSend>();
        T result;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (_disposed)
        {
            Release();
            throw new ObjectDisposedException(nameof(EscalationEngine), "The escalation engine was disposed; it takes no more work.");
        }

        try
        {
            result = await work(sends).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // What was put in the outbox before the failure still goes out; the rest is due again after the backoff.
            Reschedule(Earliest(_nextDue, _time.GetUtcNow() + _options.RetryBackoff));
            Release();
            _ = _dispatcher.StartAsync(sends, RecordOutcomeAsync);
            throw;
        }

        Release();
        var dispatched = _dispatcher.StartAsync(sends, RecordOutcomeAsync);
        return (result, waitForSends ? await dispatched.WaitAsync(cancellationToken).ConfigureAwait(false) : 0);
    }

    /// <inheritdoc />
    public Task<Incident> AcknowledgeAsync(string incidentId, string personId, CancellationToken cancellationToken = default) =>
        ActAsync(incidentId, personId, IncidentDecisions.Acknowledge(personId), cancellationToken);

    /// <inheritdoc />
    public Task<Incident> AddNoteAsync(string incidentId, string personId, string text, CancellationToken cancellationToken = default) =>
        ActAsync(incidentId, personId, IncidentDecisions.Note(personId, text), cancellationToken);

    /// <inheritdoc />
    public Task<Incident> ApproveAsync(string incidentId, string personId, string gate, CancellationToken cancellationToken = default) =>
        ActAsync(incidentId, personId, IncidentDecisions.Approve(personId, gate), cancellationToken);

    /// <inheritdoc />
    public Task<Incident> PublishStatementAsync(string incidentId, string personId, string language, string platform, string text, CancellationToken cancellationToken = default) =>
        ActAsync(incidentId, personId, IncidentDecisions.PublishStatement(personId, language, platform, text), cancellationToken);

    /// <inheritdoc />
    public Task<Incident> ChangeStatusAsync(string incidentId, string personId, IncidentStatus status, string? reason = null, CancellationToken cancellationToken = default) =>
        ActAsync(incidentId, personId, IncidentDecisions.ChangeStatus(personId, status, reason), cancellationToken);

    private async Task<Incident> ActAsync(string incidentId, string personId, IncidentAction action, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(incidentId);
        ArgumentException.ThrowIfNullOrWhiteSpace(personId);
        var (result, _) = await RunLockedAsync(sends => ActCoreAsync(incidentId, action, sends, cancellationToken), waitForSends: false, cancellationToken).ConfigureAwait(false);
        return result;
    }

    private async Task<Incident> ActCoreAsync(string incidentId, IncidentAction action, List<OutboxSend> sends, CancellationToken cancellationToken)
    {
        {
            var incident = _open.GetValueOrDefault(incidentId) ?? await _store.GetAsync(incidentId, cancellationToken).ConfigureAwait(false);
            var events = IncidentDecisions.Act(incident, incidentId, _protocols, action, _time.GetUtcNow());
            var result = await AppendAsync(incident!, events, cancellationToken).ConfigureAwait(false);
            try
            {
                await RunDueCoreAsync(sends, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                // The action is recorded; what fell due with it is retried by the timer.
                Reschedule(_time.GetUtcNow() + _options.RetryBackoff);
                _telemetry.DueWorkFailed(ex, _time.GetUtcNow() + _options.RetryBackoff);
            }

            return result;
        }
    }

    /// <summary>Lets the lock go, then tells the subscribers what changed while it was held.</summary>
    private void Release()
    {
        _gate.Release();
        _changes.Deliver();
    }

    private async Task<Incident> ReassessAsync(Incident incident, CrisisCandidate candidate, CancellationToken cancellationToken)
    {
        DateTimeOffset? calmSince = _calmSince.TryGetValue(incident.Id, out var since) ? since : null;
        var events = IncidentDecisions.Reassess(incident, candidate, _classifier, _protocols, _severity.DowngradeAfter, _time.GetUtcNow(), ref calmSince);
        if (calmSince is { } calm)
        {
            _calmSince[incident.Id] = calm;
        }
        else
        {
            _calmSince.Remove(incident.Id);
        }

        return events.Count == 0 ? incident : await AppendAsync(incident, events, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Incident> AppendAsync(Incident incident, IReadOnlyList<IncidentEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return incident;
        }

        try
        {
            await _store.AppendAsync(incident.Id, incident.Version, events, cancellationToken).ConfigureAwait(false);
        }
        catch (IncidentConcurrencyException)
        {
            // Someone else wrote first: take their timeline so the next decision is made on it, and let the caller know.
            if (await _store.GetAsync(incident.Id, cancellationToken).ConfigureAwait(false) is { } fresh)
            {
                Track(fresh);
            }

            throw;
        }

        _changes.Enqueue(incident, incident.Id, events);
        var updated = incident.With(events);
        _telemetry.Recorded(updated, events);
        Track(updated);
        return updated;
    }

    private void Track(Incident incident)
    {
        lock (_open)
        {
            if (incident.IsOpen)
            {
                _open[incident.Id] = incident;
            }
            else
            {
                _open.Remove(incident.Id);
            }
        }
    }

    private async Task RunFromTimerAsync()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            await RunDueAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A failed round is retried later; the failure itself is on the timeline when it was a channel's.
            if (!_disposed)
            {
                _telemetry.DueWorkFailed(ex, _time.GetUtcNow() + _options.RetryBackoff);
                Reschedule(_time.GetUtcNow() + _options.RetryBackoff);
            }
        }
    }

    /// <summary>
    /// Under the lock: records the outcomes of finished sends, then for each open incident appends what its plan says
    /// is due (deadline events, and a <see cref="NotificationScheduled"/> per new outbox entry) and adds the outbox
    /// entries to send to <paramref name="sends"/> as each incident's write succeeds: those just scheduled and those
    /// pending from before (a resumed timeline), minus those being sent.
    /// </summary>
    private async Task RunDueCoreAsync(List<OutboxSend> sends, CancellationToken cancellationToken)
    {
        await RecordOutcomesCoreAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        DateTimeOffset? next = null;
        foreach (var incident in OpenIncidents.OrderBy(i => i.OpenedAt).ThenBy(i => i.Id, StringComparer.Ordinal))
        {
            if (_protocols.Find(incident.ProtocolId) is not { } protocol)
            {
                continue;
            }

            try
            {
                var plan = EscalationPlanner.Plan(incident, protocol, now);
                var due = plan.Sends.Where(p => !_inFlight.Contains(p.Key)).ToList();
                List<IncidentEvent> events = [.. plan.Records, .. due.Where(p => !p.Pending).Select(p => new NotificationScheduled(now, p.Key))];
                var current = await AppendAsync(incident, events, cancellationToken).ConfigureAwait(false);
                foreach (var planned in due)
                {
                    _inFlight.Add(planned.Key);
                    sends.Add(new OutboxSend(current.Id, planned, IncidentDecisions.Compose(current, protocol, planned, now, _options.DefaultLanguage)));
                }

                next = Earliest(next, plan.NextDue);
            }
            catch (IncidentConcurrencyException)
            {
                // Another writer changed this incident; AppendAsync reloaded it, and the next round plans on the fresh timeline.
                next = Earliest(next, now + _options.RetryBackoff);
            }
        }

        Reschedule(next);
    }

    /// <summary>Called by the dispatcher when a send has its outcome: records it (with any others waiting) under the lock.</summary>
    private async Task RecordOutcomeAsync(OutboxSend send, IncidentEvent outcome)
    {
        lock (_outcomes)
        {
            _outcomes.Add((send.IncidentId, send.Planned.Key, outcome));
        }

        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await RecordOutcomesCoreAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            Release();
        }
    }

    /// <summary>
    /// Under the lock: appends the outcomes of finished sends, one append per incident. An outcome the store does not
    /// take stays queued (its key stays in flight, so it is not sent again) and is tried again on the next round.
    /// </summary>
    private async Task RecordOutcomesCoreAsync(CancellationToken cancellationToken)
    {
        List<(string IncidentId, string Key, IncidentEvent Outcome)> outcomes;
        lock (_outcomes)
        {
            if (_outcomes.Count == 0)
            {
                return;
            }

            outcomes = [.. _outcomes];
            _outcomes.Clear();
        }

        var failed = new List<(string IncidentId, string Key, IncidentEvent Outcome)>();
        Exception? error = null;
        foreach (var group in outcomes.GroupBy(o => o.IncidentId, StringComparer.Ordinal))
        {
            var events = group.Select(o => o.Outcome).ToList();
            try
            {
                for (var attempt = 0; ; attempt++)
                {
                    var incident = _open.GetValueOrDefault(group.Key) ?? await _store.GetAsync(group.Key, cancellationToken).ConfigureAwait(false)
                        ?? throw new InvalidOperationException($"Incident '{group.Key}' is not in the store.");
                    try
                    {
                        await AppendAsync(incident, events, cancellationToken).ConfigureAwait(false);
                        break;
                    }
                    catch (IncidentConcurrencyException) when (attempt < 2)
                    {
                        // AppendAsync took the fresh timeline; append the outcome after it.
                    }
                }

                foreach (var (_, key, outcome) in group)
                {
                    _inFlight.Remove(key);
                    if (outcome is NotificationFailed { RetryAt: { } retry })
                    {
                        Reschedule(Earliest(_nextDue, retry));
                    }
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                failed.AddRange(group);
                error ??= ex;
            }
        }

        if (failed.Count > 0)
        {
            lock (_outcomes)
            {
                _outcomes.InsertRange(0, failed);
            }

            Reschedule(Earliest(_nextDue, _time.GetUtcNow() + _options.RetryBackoff));
            throw new InvalidOperationException($"{failed.Count} notification outcome(s) could not be recorded: {error!.Message}", error);
        }
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a <= b ? a : b;

    private void Reschedule(DateTimeOffset? next)
    {
        _nextDue = next;
        if (_disposed)
        {
            return;
        }

        if (next is { } due)
        {
            var wait = due - _time.GetUtcNow();
            _timer.Change(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }
}
