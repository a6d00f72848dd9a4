using CrisisKit.Categories;
using CrisisKit.Severity;

namespace CrisisKit.Incidents;

/// <summary>
/// An incident as its timeline makes it: the state is folded from the events, so the timeline is the single truth
/// (what a store keeps and what a restarted engine reloads). Immutable; <see cref="With"/> gives the incident after
/// more events.
/// </summary>
public sealed class Incident
{
    private Incident(string id, IReadOnlyList<IncidentEvent> timeline)
    {
        Id = id;
        Timeline = timeline;
        foreach (var e in timeline)
        {
            Apply(e);
        }
    }

    /// <summary>The incident's id.</summary>
    public string Id { get; }

    /// <summary>Every event, oldest first.</summary>
    public IReadOnlyList<IncidentEvent> Timeline { get; }

    /// <summary>How many events the timeline holds: the version an append must expect.</summary>
    public long Version => Timeline.Count;

    /// <summary>The subject.</summary>
    public string SubjectId { get; private set; } = "";

    /// <summary>The subject's name.</summary>
    public string SubjectName { get; private set; } = "";

    /// <summary>When someone last acknowledged it.</summary>
    public DateTimeOffset? LastAcknowledgedAt { get; private set; }

    /// <summary>The crisis candidate it came from.</summary>
    public string CandidateId { get; private set; } = "";

    /// <summary>When it was opened.</summary>
    public DateTimeOffset OpenedAt { get; private set; }

    /// <summary>The candidate's first signal.</summary>
    public DateTimeOffset FirstSignalAt { get; private set; }

    /// <summary>The leading crisis category, if any.</summary>
    public CrisisCategory? Category { get; private set; }

    /// <summary>What was detected, in words.</summary>
    public string Summary { get; private set; } = "";

    /// <summary>The current status.</summary>
    public IncidentStatus Status { get; private set; }

    /// <summary>The current severity.</summary>
    public SeverityLevel Severity { get; private set; }

    /// <summary>The latest severity assessment's factors.</summary>
    public IReadOnlyList<SeverityFactor> SeverityFactors { get; private set; } = [];

    /// <summary>When the severity last changed.</summary>
    public DateTimeOffset SeverityChangedAt { get; private set; }

    /// <summary>The protocol in force, if one applies.</summary>
    public string? ProtocolId { get; private set; }

    /// <summary>When the protocol in force was chosen (its escalation chain counts from here; deadlines count from <see cref="OpenedAt"/>).</summary>
    public DateTimeOffset ProtocolChosenAt { get; private set; }

    /// <summary>When it was acknowledged, and by whom.</summary>
    public (DateTimeOffset At, string By)? Acknowledged { get; private set; }

    /// <summary>When the first public statement was published.</summary>
    public DateTimeOffset? FirstResponseAt { get; private set; }

    /// <summary>When the latest public statement was published.</summary>
    public DateTimeOffset? LastResponseAt { get; private set; }

    /// <summary>When it was resolved (or dismissed).</summary>
    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>Whether it is still open.</summary>
    public bool IsOpen => IncidentLifecycle.IsOpen(Status);

    /// <summary>The approval gates passed so far.</summary>
    public IReadOnlySet<string> Approvals => _approvals;

    /// <summary>The idempotency keys of every notification sent.</summary>
    public IReadOnlySet<string> SentNotifications => _sent;

    private readonly HashSet<string> _approvals = new(StringComparer.Ordinal);
    private readonly HashSet<string> _sent = new(StringComparer.Ordinal);

    /// <summary>Builds an incident from its timeline.</summary>
    /// <param name="id">The id.</param>
    /// <param name="timeline">The events, oldest first; the first must be <see cref="IncidentOpened"/>.</param>
    /// <returns>The incident.</returns>
    /// <exception cref="ArgumentException">The timeline is empty or does not start with <see cref="IncidentOpened"/>.</exception>
    public static Incident FromTimeline(string id, IReadOnlyList<IncidentEvent> timeline)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(timeline);
        if (timeline.Count == 0 || timeline[0] is not IncidentOpened)
        {
            throw new ArgumentException($"The timeline of incident '{id}' must start with an IncidentOpened event.", nameof(timeline));
        }

        return new Incident(id, [.. timeline]);
    }

    /// <summary>The incident after <paramref name="events"/>.</summary>
    /// <param name="events">Events to add at the end.</param>
    /// <returns>A new incident.</returns>
    public Incident With(IEnumerable<IncidentEvent> events) => new(Id, [.. Timeline, .. events]);

    private void Apply(IncidentEvent e)
    {
        switch (e)
        {
            case IncidentOpened opened:
                SubjectId = opened.SubjectId;
                SubjectName = opened.SubjectName;
                CandidateId = opened.CandidateId;
                OpenedAt = opened.At;
                FirstSignalAt = opened.FirstSignalAt;
                Category = opened.Category;
                Summary = opened.Summary;
                Status = IncidentStatus.Detected;
                break;
            case StatusChanged changed:
                Status = changed.To;

                if (changed.To is IncidentStatus.Resolved or IncidentStatus.Dismissed)
                {
                    ClosedAt = changed.At;
                }
                else if (IncidentLifecycle.IsOpen(changed.To))
                {
                    ClosedAt = null; // reopened
                }

                break;
            case IncidentAcknowledged acknowledged:
                Acknowledged ??= (acknowledged.At, acknowledged.By);
                LastAcknowledgedAt = acknowledged.At;
                break;
            case SeverityChanged severity:
                Severity = severity.To;
                SeverityFactors = severity.Factors;
                SeverityChangedAt = severity.At;
                break;
            case ProtocolChosen protocol:
                ProtocolId = protocol.ProtocolId;
                ProtocolChosenAt = protocol.At;
                break;
            case NotificationSent sent:
                _sent.Add(sent.IdempotencyKey);
                break;
            case StatementPublished statement:
                FirstResponseAt ??= statement.At;
                LastResponseAt = statement.At;
                break;
            case ApprovalGranted approval:
                _approvals.Add(approval.Gate);
                break;
        }
    }
}
