using System.Globalization;
using CrisisKit.Categories;
using CrisisKit.Correlation;
using CrisisKit.Incidents;
using CrisisKit.Protocols;
using CrisisKit.Severity;
using CrisisKit.Text;

namespace CrisisKit.Escalation;

/// <summary>
/// The escalation engine's decisions that need no clock, store or channel: the events that open an incident from a
/// crisis candidate, that re-assess its severity, and that record a person's action (checked against the lifecycle,
/// the person's roles and the protocol's approval gates), and the message a planned notification becomes. With the
/// <see cref="EscalationPlanner"/> they are everything the in-process <see cref="EscalationEngine"/> decides, so an
/// Orleans incident grain that calls them decides exactly as the engine does.
/// </summary>
internal static class IncidentDecisions
{
    /// <summary>The events that open an incident for <paramref name="candidate"/>: opened, first severity, and the protocol when one applies.</summary>
    public static List<IncidentEvent> Open(CrisisCandidate candidate, string? subjectName, ISeverityClassifier classifier, ProtocolSet protocols, DateTimeOffset now)
    {
        var assessment = classifier.Assess(candidate);
        var category = candidate.Metrics.Category;
        var events = new List<IncidentEvent>
        {
            new IncidentOpened(now, candidate.SubjectId, subjectName ?? candidate.SubjectId, candidate.Id, candidate.FirstSignalAt, category, Summary(candidate)),
            new SeverityChanged(now, null, assessment.Level, assessment.Score, assessment.Factors),
        };
        if (protocols.Select(assessment.Level, category, candidate.SubjectId) is { } protocol)
        {
            events.Add(new ProtocolChosen(now, protocol.Id, ProtocolSet.Explain(protocol, assessment.Level, category)));
        }

        return events;
    }

    /// <summary>
    /// The events a re-assessment of <paramref name="incident"/> from its candidate as it is now records: a rise at
    /// once (with a stronger protocol when one applies), a fall only once it has held for
    /// <paramref name="downgradeAfter"/>. <paramref name="calmSince"/> is when the assessment first came in lower
    /// than the incident's severity (kept by the caller between calls; <see langword="null"/> when it is not lower).
    /// </summary>
    public static List<IncidentEvent> Reassess(Incident incident, CrisisCandidate candidate, ISeverityClassifier classifier, ProtocolSet protocols, TimeSpan downgradeAfter, DateTimeOffset now, ref DateTimeOffset? calmSince)
    {
        var assessment = classifier.Assess(candidate);
        var events = new List<IncidentEvent>();
        if (assessment.Level > incident.Severity)
        {
            calmSince = null;
            events.Add(new SeverityChanged(now, incident.Severity, assessment.Level, assessment.Score, assessment.Factors));
            var current = protocols.Find(incident.ProtocolId);
            var stronger = protocols.Select(assessment.Level, incident.Category ?? candidate.Metrics.Category, incident.SubjectId);
            if (stronger is not null && stronger.Id != current?.Id && (current is null || stronger.AppliesTo.MinimumSeverity > current.AppliesTo.MinimumSeverity))
            {
                events.Add(new ProtocolChosen(now, stronger.Id, ProtocolSet.Explain(stronger, assessment.Level, incident.Category) + $"; severity rose to {assessment.Level}"));
            }
        }
        else if (assessment.Level < incident.Severity)
        {
            if (calmSince is not { } since)
            {
                calmSince = now;
            }
            else if (now - since >= downgradeAfter)
            {
                calmSince = null;
                events.Add(new SeverityChanged(now, incident.Severity, assessment.Level, assessment.Score, assessment.Factors));
            }
        }
        else
        {
            calmSince = null;
        }

        return events;
    }

    /// <summary>A person acknowledges the incident: the chain stops (the first acknowledgement also moves it to Acknowledged).</summary>
    public static IncidentAction Acknowledge(string personId) =>
        new(personId, ProtocolActions.Acknowledge, false, (incident, _, now) =>
        {
            if (incident.Status == IncidentStatus.Detected)
            {
                return [new StatusChanged(now, IncidentStatus.Detected, IncidentStatus.Acknowledged, personId, null), new IncidentAcknowledged(now, personId)];
            }

            return [new IncidentAcknowledged(now, personId)];
        });

    /// <summary>A person adds a note (also to a closed incident).</summary>
    /// <exception cref="ArgumentException"><paramref name="text"/> is empty.</exception>
    public static IncidentAction Note(string personId, string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        return new(personId, ProtocolActions.Note, true, (_, _, now) => [new NoteAdded(now, personId, text)]);
    }

    /// <summary>A person passes an approval gate; they must hold its role.</summary>
    /// <exception cref="ArgumentException"><paramref name="gate"/> is empty.</exception>
    public static IncidentAction Approve(string personId, string gate)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(gate);
        return new(personId, ProtocolActions.Approve, false, (incident, protocol, now) =>
        {
            var found = protocol?.Approvals.FirstOrDefault(a => a.Id == gate)
                ?? throw new IncidentActionException($"Protocol '{incident.ProtocolId ?? "(none)"}' has no approval gate '{gate}'.");
            if (!protocol.RolesOf(personId).Contains(found.Role, StringComparer.Ordinal))
            {
                throw new IncidentActionException($"'{personId}' cannot pass '{gate}': it needs the role '{found.Role}', and '{personId}' holds {Describe(protocol.RolesOf(personId))}.");
            }

            return [new ApprovalGranted(now, gate, personId)];
        });
    }

    /// <summary>A person records a published statement; the incident moves to Responding.</summary>
    /// <exception cref="ArgumentException">An argument is empty.</exception>
    public static IncidentAction PublishStatement(string personId, string language, string platform, string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(language);
        ArgumentException.ThrowIfNullOrWhiteSpace(platform);
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        return new(personId, ProtocolActions.PublishStatement, false, (incident, _, now) =>
        {
            if (incident.Status == IncidentStatus.Detected)
            {
                throw new IncidentActionException($"Incident '{incident.Id}' has not been acknowledged; acknowledge it before publishing a statement.");
            }

            var events = new List<IncidentEvent>();
            if (incident.Status is IncidentStatus.Acknowledged or IncidentStatus.Monitoring)
            {
                events.Add(new StatusChanged(now, incident.Status, IncidentStatus.Responding, personId, "statement published"));
            }

            events.Add(new StatementPublished(now, personId, language, platform, text));
            return events;
        });
    }

    /// <summary>A person moves the incident to another status; <see cref="IncidentStatus.Acknowledged"/> is <see cref="Acknowledge"/>.</summary>
    /// <exception cref="IncidentActionException">The status cannot be set by hand, or a dismissal has no reason.</exception>
    public static IncidentAction ChangeStatus(string personId, IncidentStatus status, string? reason)
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
            return Acknowledge(personId);
        }

        if (status == IncidentStatus.Dismissed && string.IsNullOrWhiteSpace(reason))
        {
            throw new IncidentActionException("Dismissing an incident needs a reason (why it is a false alarm).");
        }

        return new(personId, action, status is IncidentStatus.Reviewed or IncidentStatus.Responding, (incident, _, now) =>
        {
            IncidentLifecycle.EnsureCanMove(incident.Id, incident.Status, status);
            return [new StatusChanged(now, incident.Status, status, personId, reason)];
        });
    }

    /// <summary>
    /// The events <paramref name="action"/> records on <paramref name="incident"/>: refused when the incident is
    /// unknown or closed (unless the action is allowed on a closed one), when the person is not on the protocol or
    /// lacks a role the action needs, when the lifecycle forbids it, or when an approval gate guarding it is closed.
    /// </summary>
    /// <exception cref="IncidentActionException">The action is refused.</exception>
    /// <exception cref="IncidentTransitionException">The lifecycle does not allow the status change.</exception>
    public static IReadOnlyList<IncidentEvent> Act(Incident? incident, string incidentId, ProtocolSet protocols, IncidentAction action, DateTimeOffset now)
    {
        if (incident is null)
        {
            throw new IncidentActionException($"There is no incident '{incidentId}'.");
        }

        if (!incident.IsOpen && !action.AllowClosed)
        {
            throw new IncidentActionException($"Incident '{incidentId}' is {incident.Status}; it is closed.");
        }

        var protocol = protocols.Find(incident.ProtocolId);
        Authorize(incident, protocol, action.PersonId, action.Name);
        var events = action.Decide(incident, protocol, now);
        RequireApprovals(incident, protocol, action.Name);
        return events;
    }

    /// <summary>The message <paramref name="item"/> sends, written from the incident and protocol as they are at <paramref name="now"/>.</summary>
    public static Notification Compose(Incident incident, ResponseProtocol protocol, PlannedNotification item, DateTimeOffset now, string defaultLanguage)
    {
        var person = protocol.People[item.Person];
        // The holding statement in the person's language, else the default language, else any language that has one.
        var language = protocol.MessageLanguage(ResponseProtocol.HoldingMessage, person.Language, defaultLanguage) ?? defaultLanguage;
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
        var holding = protocol.Messages.TryGetValue(language, out var messages) && messages.TryGetValue(ResponseProtocol.HoldingMessage, out var template) ? MessageTemplate.Fill(template, values) : "";
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

    private static string Issue(CrisisCategory? category, string language) =>
        MessageCatalog.Messages.Get(language, "issue." + (category is { } c ? c.ToId() : "other"));

    private static string Summary(CrisisCandidate candidate) =>
        $"Crisis candidate {candidate.Id} (first signal {candidate.FirstSignalAt:yyyy-MM-dd HH:mm} UTC, peak score {candidate.PeakScore:0.00}): " +
        string.Join("; ", candidate.Reasons.Take(3).Select(r => $"{r.Detector}: {r.Reason}"));
}

/// <summary>A person's action on an incident, as <see cref="IncidentDecisions.Act"/> checks and records it.</summary>
/// <param name="PersonId">Who acts (a person id of the protocol).</param>
/// <param name="Name">The protocol action (<see cref="ProtocolActions"/>), for the role and approval checks.</param>
/// <param name="AllowClosed">Whether the action is allowed on a closed incident.</param>
/// <param name="Decide">The events it records, given the incident, its protocol and the time.</param>
internal sealed record IncidentAction(string PersonId, string Name, bool AllowClosed, Func<Incident, ResponseProtocol?, DateTimeOffset, IReadOnlyList<IncidentEvent>> Decide);
