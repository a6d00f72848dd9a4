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
/// The default <see cref="IEscalationEngine"/>. What is due is always worked out from the incident's timeline and
/// its protocol, never kept only in memory: each escalation notification has a fixed due time (the step's start plus
/// its repeat interval times the round) and an idempotency key; a key recorded as sent is never sent again, a key
/// recorded as failed is retried at its recorded retry time, and deadline reminders and breaches are recorded once
/// per deadline and due time. A new engine over the same store therefore carries on exactly where an old one
/// stopped.
/// </summary>
internal sealed class EscalationEngine : IEscalationEngine, IDisposable
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
    /// <exception cref="ArgumentException">A protocol names a channel that is not among <paramref name="channels"/>, or two channels share a name.</exception>
    public EscalationEngine(IIncidentStore store, ProtocolSet protocols, ISeverityClassifier classifier, SeverityOptions severity, IEnumerable<INotificationChannel> channels, EscalationOptions options, TimeProvider timeProvider, CrisisKitMetrics? metrics = null, ILogger? logger = null)
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

    /// <inheritdoc />
    public void Dispose()
    {
        // The semaphore is left to the collector: a timer callback or a call in flight may still release it.
        _disposed = true;
        _timer.Dispose();
        _changes.Complete();
    }

    /// <inheritdoc />
    public IDisposable Subscribe(IObserver<IncidentChange> observer) => _changes.Subscribe(observer);

    /// <inheritdoc />
    public async Task<Incident> OpenAsync(CrisisCandidate candidate, string? subjectName = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        using var activity = EscalationTelemetry.StartOpen(candidate.Id, candidate.SubjectId);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var existing = _open.GetValueOrDefault(candidate.Id) ?? await _store.GetAsync(candidate.Id, cancellationToken).ConfigureAwait(false);
            if (existing is not null)
            {
                if (existing.IsOpen)
                {
                    Track(existing);
                    existing = await ReassessAsync(existing, candidate, cancellationToken).ConfigureAwait(false);
                }

                await RunDueCoreAsync(cancellationToken).ConfigureAwait(false);
                return _open.GetValueOrDefault(existing.Id) ?? existing;
            }

            var now = _time.GetUtcNow();
            var assessment = _classifier.Assess(candidate);
            var category = candidate.Metrics.Category;
            var events = new List<IncidentEvent>
            {
                new IncidentOpened(now, candidate.SubjectId, subjectName ?? candidate.SubjectId, candidate.Id, candidate.FirstSignalAt, category, Summary(candidate)),
                new SeverityChanged(now, null, assessment.Level, assessment.Score, assessment.Factors),
            };
            if (_protocols.Select(assessment.Level, category, candidate.SubjectId) is { } protocol)
            {
                events.Add(new ProtocolChosen(now, protocol.Id, ProtocolSet.Explain(protocol, assessment.Level, category)));
            }

            await _store.AppendAsync(candidate.Id, 0, events, cancellationToken).ConfigureAwait(false);
            _changes.Enqueue(null, candidate.Id, events);
            var incident = Incident.FromTimeline(candidate.Id, events);
            _telemetry.Recorded(incident, events);
            Track(incident);
            await RunDueCoreAsync(cancellationToken).ConfigureAwait(false);
            return _open.GetValueOrDefault(incident.Id) ?? incident;
        }
        finally
        {
            Release();
        }
    }

    /// <inheritdoc />
    public async Task<Incident?> UpdateAsync(CrisisCandidate candidate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_open.TryGetValue(candidate.Id, out var incident))
            {
                return null;
            }

            incident = await ReassessAsync(incident, candidate, cancellationToken).ConfigureAwait(false);
            await RunDueCoreAsync(cancellationToken).ConfigureAwait(false);
            return _open.GetValueOrDefault(incident.Id) ?? incident;
        }
        finally
        {
            Release();
        }
    }

    /// <inheritdoc />
    public async Task<int> RunDueAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await RunDueCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Release();
        }
    }

    /// <inheritdoc />
    public async Task<int> ResumeAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
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

            await RunDueCoreAsync(cancellationToken).ConfigureAwait(false);
            return loaded;
        }
        finally
        {
            Release();
        }
    }

    /// <inheritdoc />
    public Task<Incident> AcknowledgeAsync(string incidentId, string personId, CancellationToken cancellationToken = default) =>
        ActAsync(incidentId, personId, ProtocolActions.Acknowledge, (incident, protocol, now) =>
        {
            if (incident.Status == IncidentStatus.Detected)
            {
                return [new StatusChanged(now, IncidentStatus.Detected, IncidentStatus.Acknowledged, personId, null), new IncidentAcknowledged(now, personId)];
            }

            return [new IncidentAcknowledged(now, personId)];
        }, cancellationToken);

    /// <inheritdoc />
    public Task<Incident> AddNoteAsync(string incidentId, string personId, string text, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        return ActAsync(incidentId, personId, ProtocolActions.Note, (_, _, now) => [new NoteAdded(now, personId, text)], cancellationToken, allowClosed: true);
    }

    /// <inheritdoc />
    public Task<Incident> ApproveAsync(string incidentId, string personId, string gate, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(gate);
        return ActAsync(incidentId, personId, ProtocolActions.Approve, (incident, protocol, now) =>
        {
            var found = protocol?.Approvals.FirstOrDefault(a => a.Id == gate)
                ?? throw new IncidentActionException($"Protocol '{incident.ProtocolId ?? "(none)"}' has no approval gate '{gate}'.");
            if (!protocol.RolesOf(personId).Contains(found.Role, StringComparer.Ordinal))
            {
                throw new IncidentActionException($"'{personId}' cannot pass '{gate}': it needs the role '{found.Role}', and '{personId}' holds {Describe(protocol.RolesOf(personId))}.");
            }

            return [new ApprovalGranted(now, gate, personId)];
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<Incident> PublishStatementAsync(string incidentId, string personId, string language, string platform, string text, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(language);
        ArgumentException.ThrowIfNullOrWhiteSpace(platform);
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        return ActAsync(incidentId, personId, ProtocolActions.PublishStatement, (incident, protocol, now) =>
        {
            if (incident.Status == IncidentStatus.Detected)
            {
                throw new IncidentActionException($"Incident '{incidentId}' has not been acknowledged; acknowledge it before publishing a statement.");
            }

            var events = new List<IncidentEvent>();
            if (incident.Status is IncidentStatus.Acknowledged or IncidentStatus.Monitoring)
            {
                events.Add(new StatusChanged(now, incident.Status, IncidentStatus.Responding, personId, "statement published"));
            }

            events.Add(new StatementPublished(now, personId, language, platform, text));
            return events;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<Incident> ChangeStatusAsync(string incidentId, string personId, IncidentStatus status, string? reason = null, CancellationToken cancellationToken = default)
    {
        var action = status switch
        {
            IncidentStatus.Monitoring or IncidentStatus.Responding => ProtocolActions.Monitor,
            IncidentStatus.Resolved => ProtocolActions.Resolve,
            IncidentStatus.Dismissed => ProtocolActions.Dismiss,
            IncidentStatus.Reviewed => ProtocolActions.Review,
            IncidentStatus.Acknowledged => ProtocolActions.Acknowledge,
            _ => throw new IncidentActionException($"An incident cannot be moved to {status} by hand."),
        };
        if (status == IncidentStatus.Acknowledged)
        {
            return AcknowledgeAsync(incidentId, personId, cancellationToken);
        }

        if (status == IncidentStatus.Dismissed && string.IsNullOrWhiteSpace(reason))
        {
            throw new IncidentActionException("Dismissing an incident needs a reason (why it is a false alarm).");
        }

        return ActAsync(incidentId, personId, action, (incident, _, now) =>
        {
            IncidentLifecycle.EnsureCanMove(incidentId, incident.Status, status);
            return [new StatusChanged(now, incident.Status, status, personId, reason)];
        }, cancellationToken, allowClosed: status is IncidentStatus.Reviewed or IncidentStatus.Responding);
    }

    private async Task<Incident> ActAsync(string incidentId, string personId, string action, Func<Incident, ResponseProtocol?, DateTimeOffset, IReadOnlyList<IncidentEvent>> decide, CancellationToken cancellationToken, bool allowClosed = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(incidentId);
        ArgumentException.ThrowIfNullOrWhiteSpace(personId);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var incident = _open.GetValueOrDefault(incidentId) ?? await _store.GetAsync(incidentId, cancellationToken).ConfigureAwait(false)
                ?? throw new IncidentActionException($"There is no incident '{incidentId}'.");
            if (!incident.IsOpen && !allowClosed)
            {
                throw new IncidentActionException($"Incident '{incidentId}' is {incident.Status}; it is closed.");
            }

            var protocol = _protocols.Find(incident.ProtocolId);
            Authorize(incident, protocol, personId, action);
            var events = decide(incident, protocol, _time.GetUtcNow());
            RequireApprovals(incident, protocol, action);
            incident = await AppendAsync(incident, events, cancellationToken).ConfigureAwait(false);
            try
            {
                await RunDueCoreAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                // The action is recorded; what fell due with it is retried by the timer.
                Reschedule(_time.GetUtcNow() + _options.RetryBackoff);
                _telemetry.DueWorkFailed(ex, _time.GetUtcNow() + _options.RetryBackoff);
            }

            return incident;
        }
        finally
        {
            Release();
        }
    }

    /// <summary>Lets the lock go, then tells the subscribers what changed while it was held.</summary>
    private void Release()
    {
        _gate.Release();
        _changes.Deliver();
    }

    private static void Authorize(Incident incident, ResponseProtocol? protocol, string personId, string action)
    {
        if (protocol is null)
        {
            return;
        }

        if (!protocol.People.ContainsKey(personId))
        {
            throw new IncidentActionException($"'{personId}' is not on protocol '{protocol.Id}' of incident '{incident.Id}'; the people are: {string.Join(", ", protocol.People.Keys)}.");
        }

        if (protocol.Permissions.TryGetValue(action, out var roles) && !protocol.RolesOf(personId).Any(r => roles.Contains(r, StringComparer.Ordinal)))
        {
            throw new IncidentActionException($"'{personId}' ({Describe(protocol.RolesOf(personId))}) may not {action} under protocol '{protocol.Id}'; that needs one of the roles {string.Join(", ", roles)}.");
        }
    }

    /// <summary>Refuses <paramref name="action"/> while an approval gate guarding it (for the incident's category) is closed.</summary>
    private static void RequireApprovals(Incident incident, ResponseProtocol? protocol, string action)
    {
        var category = incident.Category?.ToId();
        foreach (var gate in protocol?.Approvals ?? [])
        {
            if (gate.Before == action && (gate.Categories.Count == 0 || (category is not null && gate.Categories.Contains(category))) && !incident.Approvals.Contains(gate.Id))
            {
                var what = action == ProtocolActions.PublishStatement ? "any public statement" : $"'{action}'";
                throw new IncidentActionException($"Incident '{incident.Id}' needs the approval '{gate.Id}' (role '{gate.Role}') before {what}.");
            }
        }
    }

    private static string Describe(IEnumerable<string> roles)
    {
        var list = roles.ToList();
        return list.Count == 0 ? "no role" : "roles " + string.Join(", ", list);
    }

    private async Task<Incident> ReassessAsync(Incident incident, CrisisCandidate candidate, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var assessment = _classifier.Assess(candidate);
        var events = new List<IncidentEvent>();
        if (assessment.Level > incident.Severity)
        {
            _calmSince.Remove(incident.Id);
            events.Add(new SeverityChanged(now, incident.Severity, assessment.Level, assessment.Score, assessment.Factors));
            var current = _protocols.Find(incident.ProtocolId);
            var stronger = _protocols.Select(assessment.Level, incident.Category ?? candidate.Metrics.Category, incident.SubjectId);
            if (stronger is not null && stronger.Id != current?.Id && (current is null || stronger.AppliesTo.MinimumSeverity > current.AppliesTo.MinimumSeverity))
            {
                events.Add(new ProtocolChosen(now, stronger.Id, ProtocolSet.Explain(stronger, assessment.Level, incident.Category) + $"; severity rose to {assessment.Level}"));
            }
        }
        else if (assessment.Level < incident.Severity)
        {
            if (!_calmSince.TryGetValue(incident.Id, out var since))
            {
                _calmSince[incident.Id] = now;
            }
            else if (now - since >= _severity.DowngradeAfter)
            {
                _calmSince.Remove(incident.Id);
                events.Add(new SeverityChanged(now, incident.Severity, assessment.Level, assessment.Score, assessment.Factors));
            }
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

    private async Task<int> RunDueCoreAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var sent = 0;
        DateTimeOffset? next = null;
        foreach (var incident in OpenIncidents.OrderBy(i => i.OpenedAt).ThenBy(i => i.Id, StringComparer.Ordinal))
        {
            try
            {
                (sent, next) = await RunIncidentAsync(incident, now, sent, next, cancellationToken).ConfigureAwait(false);
            }
            catch (IncidentConcurrencyException)
            {
                // Another writer changed this incident; AppendAsync reloaded it, and the next round plans on the fresh timeline.
                next = next is { } n && n <= now + _options.RetryBackoff ? n : now + _options.RetryBackoff;
            }
        }

        Reschedule(next);
        return sent;
    }

    private async Task<(int Sent, DateTimeOffset? Next)> RunIncidentAsync(Incident incident, DateTimeOffset now, int sent, DateTimeOffset? next, CancellationToken cancellationToken)
    {
        {
            var current = incident;
            var protocol = _protocols.Find(current.ProtocolId);
            if (protocol is null)
            {
                return (sent, next);
            }

            // Recording a reminder or breach makes its notifications due, so plan again until nothing more is due now.
            for (var pass = 0; pass < 8; pass++)
            {
                var progressed = false;
                foreach (var item in Plan(current, protocol, now))
                {
                    if (item.Due > now)
                    {
                        next = next is { } n && n <= item.Due ? n : item.Due;
                        continue;
                    }

                    progressed = true;

                    if (item.Record is { } record)
                    {
                        current = await AppendAsync(current, [Restamp(record, now)], cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    var send = _telemetry.StartSend(current.Id, item.Channel, item.Kind, item.Key, item.Attempt);
                    try
                    {
                        var notification = Compose(current, protocol, item, now);
                        await _channels[item.Channel].SendAsync(notification, cancellationToken).ConfigureAwait(false);
                        _telemetry.Sent(send, item.Person);
                        current = await AppendAsync(current, [new NotificationSent(now, item.Key, protocol.Id, item.Step, item.Round, item.Person, item.Channel, item.Attempt)], cancellationToken).ConfigureAwait(false);
                        sent++;
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException and not IncidentConcurrencyException)
                    {
                        DateTimeOffset? retry = item.Attempt >= _options.MaxAttempts ? null : now + Backoff(item.Attempt);
                        _telemetry.Failed(send, item.Person, retry, ex);
                        current = await AppendAsync(current, [new NotificationFailed(now, item.Key, item.Person, item.Channel, item.Attempt, ex.Message, retry)], cancellationToken).ConfigureAwait(false);
                    }
                }

                if (!progressed)
                {
                    break;
                }
            }
        }

        return (sent, next);
    }

    private TimeSpan Backoff(int attempt)
    {
        var ticks = _options.RetryBackoff.Ticks * Math.Pow(2, Math.Min(attempt - 1, 30));
        return TimeSpan.FromTicks((long)Math.Min(ticks, _options.MaxRetryBackoff.Ticks));
    }

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

    /// <summary>One thing the protocol asks for: a notification (with its key and attempt) or an event to record (a deadline reminder or breach).</summary>
    /// <summary>A planned deadline event as recorded when it is run: stamped with the time it actually ran.</summary>
    private static IncidentEvent Restamp(IncidentEvent planned, DateTimeOffset at) => planned switch
    {
        DeadlineReminder reminder => new DeadlineReminder(at, reminder.Deadline, reminder.Due),
        DeadlineBreached breached => new DeadlineBreached(at, breached.Deadline, breached.Due),
        _ => throw new InvalidOperationException($"{planned.GetType().Name} is not a planned deadline event."),
    };

    private sealed record PlanItem(DateTimeOffset Due, string Key, NotificationKind Kind, int Step, int Round, string Person, string Channel, int Attempt, string? Deadline, DateTimeOffset DeadlineDue, IncidentEvent? Record);

    /// <summary>Everything the protocol asks for that has not been done, with when it is due, in due order.</summary>
    private static IEnumerable<PlanItem> Plan(Incident incident, ResponseProtocol protocol, DateTimeOffset now)
    {
        var items = new List<PlanItem>();
        var failures = incident.Timeline.OfType<NotificationFailed>().GroupBy(f => f.IdempotencyKey).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

        void Notify(DateTimeOffset due, string key, NotificationKind kind, int step, int round, string person, string channel, string? deadline = null, DateTimeOffset deadlineDue = default)
        {
            if (incident.SentNotifications.Contains(key))
            {
                return;
            }

            if (failures.TryGetValue(key, out var failed))
            {
                if (failed.RetryAt is not { } retry)
                {
                    return; // attempts used up; the failures are on the timeline
                }

                items.Add(new PlanItem(retry, key, kind, step, round, person, channel, failed.Attempt + 1, deadline, deadlineDue, null));
                return;
            }

            items.Add(new PlanItem(due, key, kind, step, round, person, channel, 1, deadline, deadlineDue, null));
        }

        void NotifyRoles(IEnumerable<string> roles, IReadOnlyList<string> channels, DateTimeOffset due, string keyPrefix, NotificationKind kind, int step, int round, string? deadline = null, DateTimeOffset deadlineDue = default)
        {
            foreach (var person in protocol.PeopleIn(roles))
            {
                var contacts = protocol.People[person].Contacts;
                foreach (var channel in channels.Where(contacts.ContainsKey))
                {
                    Notify(due, $"{keyPrefix}/{person}/{channel}", kind, step, round, person, channel, deadline, deadlineDue);
                }
            }
        }

        // The escalation chain of the protocol in force, until someone acknowledges after it was chosen.
        var acknowledged = incident.LastAcknowledgedAt is { } ack && ack >= incident.ProtocolChosenAt;
        if (!acknowledged)
        {
            var stepStart = incident.ProtocolChosenAt;
            for (var s = 0; s < protocol.Escalation.Count; s++)
            {
                var step = protocol.Escalation[s];
                for (var round = 0; ; round++)
                {
                    var due = stepStart + (step.RepeatEvery is { } every ? every * round : TimeSpan.Zero);
                    if (round > 0 && (step.RepeatEvery is null || due >= stepStart + step.WaitForAcknowledgement))
                    {
                        break;
                    }

                    NotifyRoles(step.Notify, step.Channels, due, $"{incident.Id}/{protocol.Id}/step{s}/round{round}", NotificationKind.Escalation, s, round);
                }

                stepStart += step.WaitForAcknowledgement;
            }
        }

        // Deadlines, counted from when the incident was opened.
        var d = protocol.Deadlines;
        var deadlineRoles = d.Notify.Count > 0 ? d.Notify : protocol.Escalation[0].Notify;
        var deadlineChannels = protocol.Escalation[0].Channels;
        void Deadline(string name, DateTimeOffset due, bool met)
        {
            if (met)
            {
                return;
            }

            var dueTicks = due.UtcTicks.ToString(CultureInfo.InvariantCulture);
            var breached = incident.Timeline.OfType<DeadlineBreached>().Any(b => b.Deadline == name && b.Due == due);
            var reminded = incident.Timeline.OfType<DeadlineReminder>().Any(r => r.Deadline == name && r.Due == due);

            // A reminder is only worth sending before the deadline (not after a restart or a late protocol switch).
            if (d.RemindBefore is { } before && (reminded || (!breached && now < due)))
            {
                var remindAt = due - before;
                if (!reminded)
                {
                    items.Add(new PlanItem(remindAt, "", NotificationKind.DeadlineReminder, -1, 0, "", "", 0, name, due, new DeadlineReminder(remindAt, name, due)));
                }
                else
                {
                    NotifyRoles(deadlineRoles, deadlineChannels, remindAt, $"{incident.Id}/{protocol.Id}/remind-{name}/{dueTicks}", NotificationKind.DeadlineReminder, -1, 0, name, due);
                }
            }

            if (!breached)
            {
                items.Add(new PlanItem(due, "", NotificationKind.DeadlineBreached, -1, 0, "", "", 0, name, due, new DeadlineBreached(due, name, due)));
            }
            else
            {
                NotifyRoles(deadlineRoles, deadlineChannels, due, $"{incident.Id}/{protocol.Id}/breach-{name}/{dueTicks}", NotificationKind.DeadlineBreached, -1, 0, name, due);
            }
        }

        if (d.Acknowledge is { } acknowledgeWithin)
        {
            var due = incident.OpenedAt + acknowledgeWithin;
            Deadline("acknowledge", due, incident.Acknowledged is { } a && a.At <= due);
        }

        if (d.FirstResponse is { } respondWithin)
        {
            var due = incident.OpenedAt + respondWithin;
            Deadline("first-response", due, incident.FirstResponseAt is { } r && r <= due);
        }

        if (d.UpdateEvery is { } updateEvery && incident.LastResponseAt is { } last)
        {
            Deadline("update", last + updateEvery, false);
        }

        return items.OrderBy(i => i.Due).ThenBy(i => i.Record is null ? 1 : 0).ThenBy(i => i.Key, StringComparer.Ordinal);
    }

    private Notification Compose(Incident incident, ResponseProtocol protocol, PlanItem item, DateTimeOffset now)
    {
        var person = protocol.People[item.Person];
        var language = protocol.Messages.ContainsKey(person.Language) ? person.Language : protocol.Messages.ContainsKey(_options.DefaultLanguage) ? _options.DefaultLanguage : protocol.Messages.Keys.First();
        var messages = protocol.Messages[language];
        var nextUpdate = now + (protocol.Deadlines.UpdateEvery ?? protocol.Deadlines.FirstResponse ?? TimeSpan.FromHours(1));
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["brand"] = incident.SubjectName,
            ["issue"] = Issue(incident.Category, language),
            ["time"] = nextUpdate.ToString("HH:mm 'UTC'", CultureInfo.InvariantCulture),
            ["updates"] = "",
            ["severity"] = incident.Severity.ToString(),
            ["incident"] = incident.Id,
        };
        var holding = messages.TryGetValue("holding", out var template) ? MessageTemplate.Fill(template, values) : "";
        var title = item.Kind switch
        {
            NotificationKind.DeadlineReminder => $"Reminder: the {item.Deadline} deadline for incident {incident.Id} is at {item.DeadlineDue:HH:mm} UTC",
            NotificationKind.DeadlineBreached => $"Missed: the {item.Deadline} deadline for incident {incident.Id} passed at {item.DeadlineDue:HH:mm} UTC",
            _ => $"[{incident.Severity}] {incident.SubjectName}: crisis incident {incident.Id}, please acknowledge (step {item.Step + 1}{(item.Round > 0 ? $", reminder {item.Round}" : "")})",
        };
        var factors = string.Join("\n", incident.SeverityFactors.Select(f => "- " + f.Description));
        var checklist = string.Join("\n", protocol.Checklist.Where(t => protocol.RolesOf(item.Person).Contains(t.Owner)).Select(t => "- [ ] " + t.Task));
        var text = $"{incident.Summary}\nSeverity {incident.Severity}:\n{factors}\nProtocol: {protocol.Name}.\nHolding statement ({language}):\n{holding}" + (checklist.Length > 0 ? $"\nYour tasks:\n{checklist}" : "");
        return new Notification(item.Key, item.Kind, incident.Id, incident.SubjectId, incident.Severity, protocol.Id, item.Step, item.Round, item.Person, person.Contacts[item.Channel], item.Channel, language, title, text, now);
    }

    private static string Issue(CrisisCategory? category, string language) =>
        MessageCatalog.Messages.Get(language, "issue." + (category is { } c ? c.ToId() : "other"));

    private static string Summary(CrisisCandidate candidate) =>
        $"Crisis candidate {candidate.Id} (first signal {candidate.FirstSignalAt:yyyy-MM-dd HH:mm} UTC, peak score {candidate.PeakScore:0.00}): " +
        string.Join("; ", candidate.Reasons.Take(3).Select(r => $"{r.Detector}: {r.Reason}"));
}
