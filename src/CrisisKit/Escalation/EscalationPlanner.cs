using System.Globalization;
using CrisisKit.Incidents;
using CrisisKit.Protocols;

namespace CrisisKit.Escalation;

/// <summary>
/// What an incident's protocol asks for at a given time, worked out from the timeline alone: a pure function of
/// (incident, protocol, now), with no clock, store or channel, so the engine and an Orleans incident grain plan the
/// same way. Each escalation step notifies its people at the step's start and every <c>repeatEvery</c> until its wait
/// ends, until someone acknowledges after the protocol in force was chosen; deadlines (counted from the opening, the
/// update cadence from the latest statement) get a reminder before and a recorded breach after, each of which notifies
/// the deadline roles. A key recorded as sent is done; a key recorded as failed is due again at its retry time (or
/// never, when its attempts are used up); a key recorded as scheduled with no outcome yet is pending in the outbox.
/// </summary>
internal static class EscalationPlanner
{
    /// <summary>How many times recording deadline events can make more events due in one plan (a reminder and a breach per deadline).</summary>
    private const int MaxPasses = 8;

    /// <summary>
    /// Everything due at <paramref name="now"/>: the deadline events to record (stamped <paramref name="now"/>, in the
    /// order to append them), then the notifications to send (in due order, with the incident as those records leave
    /// it), and when the next thing falls due.
    /// </summary>
    public static EscalationPlan Plan(Incident incident, ResponseProtocol protocol, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(protocol);
        var records = new List<IncidentEvent>();
        var current = incident;
        for (var pass = 0; pass < MaxPasses; pass++)
        {
            var due = Items(current, protocol, now).Where(i => i.Due <= now && i.Record is not null).Select(i => Restamp(i.Record!, now)).ToList();
            if (due.Count == 0)
            {
                break;
            }

            records.AddRange(due);
            current = current.With(due);
        }

        var sends = new List<PlannedNotification>();
        DateTimeOffset? next = null;
        foreach (var item in Items(current, protocol, now))
        {
            if (item.Due > now)
            {
                next = next is { } n && n <= item.Due ? n : item.Due;
            }
            else if (item.Notification is { } notification)
            {
                sends.Add(notification);
            }
        }

        return new EscalationPlan(records, sends, next);
    }

    /// <summary>A planned deadline event as recorded when it is run: stamped with the time it actually ran.</summary>
    private static IncidentEvent Restamp(IncidentEvent planned, DateTimeOffset at) => planned switch
    {
        DeadlineReminder reminder => new DeadlineReminder(at, reminder.Deadline, reminder.Due),
        DeadlineBreached breached => new DeadlineBreached(at, breached.Deadline, breached.Due),
        _ => throw new InvalidOperationException($"{planned.GetType().Name} is not a planned deadline event."),
    };

    /// <summary>One thing the protocol asks for: a notification or an event to record (a deadline reminder or breach).</summary>
    private readonly record struct Item(DateTimeOffset Due, PlannedNotification? Notification, IncidentEvent? Record);

    /// <summary>Everything the protocol asks for that has not been done, with when it is due, in due order (records before notifications due at the same time).</summary>
    private static IEnumerable<Item> Items(Incident incident, ResponseProtocol protocol, DateTimeOffset now)
    {
        var items = new List<Item>();
        var failures = new Dictionary<string, NotificationFailed>(StringComparer.Ordinal);
        var pending = new Dictionary<string, NotificationScheduled>(StringComparer.Ordinal);
        foreach (var e in incident.Timeline)
        {
            // The latest outbox event of a key says where it stands: scheduled (pending), failed or sent.
            switch (e)
            {
                case NotificationFailed failed:
                    failures[failed.IdempotencyKey] = failed;
                    pending.Remove(failed.IdempotencyKey);
                    break;
                case NotificationScheduled scheduled:
                    pending[scheduled.IdempotencyKey] = scheduled;
                    break;
                case NotificationSent sent:
                    pending.Remove(sent.IdempotencyKey);
                    break;
            }
        }

        void Notify(DateTimeOffset due, string key, NotificationKind kind, int step, int round, string person, string channel, string? deadline = null, DateTimeOffset deadlineDue = default)
        {
            if (incident.SentNotifications.Contains(key))
            {
                return;
            }

            var attempt = 1;
            if (failures.TryGetValue(key, out var failed))
            {
                if (failed.RetryAt is not { } retry)
                {
                    return; // attempts used up; the failures are on the timeline
                }

                due = retry;
                attempt = failed.Attempt + 1;
            }

            var isPending = pending.TryGetValue(key, out var scheduled);
            if (isPending && scheduled!.At < due)
            {
                due = scheduled.At; // in the outbox already: due since it was put there
            }

            items.Add(new Item(due, new PlannedNotification(key, kind, step, round, person, channel, attempt, deadline, deadlineDue, isPending), null));
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
                    items.Add(new Item(remindAt, null, new DeadlineReminder(remindAt, name, due)));
                }
                else
                {
                    NotifyRoles(deadlineRoles, deadlineChannels, remindAt, $"{incident.Id}/{protocol.Id}/remind-{name}/{dueTicks}", NotificationKind.DeadlineReminder, -1, 0, name, due);
                }
            }

            if (!breached)
            {
                items.Add(new Item(due, null, new DeadlineBreached(due, name, due)));
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

        return items.OrderBy(i => i.Due).ThenBy(i => i.Record is null ? 1 : 0).ThenBy(i => i.Notification?.Key, StringComparer.Ordinal);
    }
}

/// <summary>What is due for one incident now.</summary>
/// <param name="Records">Deadline reminders and breaches to record, stamped with the planning time, in order.</param>
/// <param name="Sends">Notifications to send now, in due order (including any still pending in the outbox).</param>
/// <param name="NextDue">When the next thing falls due, if anything does.</param>
internal sealed record EscalationPlan(IReadOnlyList<IncidentEvent> Records, IReadOnlyList<PlannedNotification> Sends, DateTimeOffset? NextDue);

/// <summary>One notification the protocol asks for.</summary>
/// <param name="Key">The idempotency key: incident, protocol, step (or deadline and its due time), round, person and channel.</param>
/// <param name="Kind">Why it is sent.</param>
/// <param name="Step">The escalation step (-1 for deadline messages).</param>
/// <param name="Round">The repeat round within the step.</param>
/// <param name="Person">The person.</param>
/// <param name="Channel">The channel.</param>
/// <param name="Attempt">The attempt this send is (1 = first; one more than the latest recorded failure).</param>
/// <param name="Deadline">The deadline a reminder or breach message is about.</param>
/// <param name="DeadlineDue">When that deadline is due.</param>
/// <param name="Pending">Already in the outbox (a <see cref="NotificationScheduled"/> with no outcome after it): send it without scheduling it again.</param>
internal sealed record PlannedNotification(string Key, NotificationKind Kind, int Step, int Round, string Person, string Channel, int Attempt, string? Deadline, DateTimeOffset DeadlineDue, bool Pending);
