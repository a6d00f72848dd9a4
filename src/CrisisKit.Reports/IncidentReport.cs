using CrisisKit.Aggregation;
using CrisisKit.Detection;
using CrisisKit.Evaluation;
using CrisisKit.Incidents;
using CrisisKit.Severity;

namespace CrisisKit.Reports;

/// <summary>One point of the report's charts: a bucket's volume and sentiment.</summary>
/// <param name="Start">The bucket's start.</param>
/// <param name="Mentions">Mentions.</param>
/// <param name="NegativeShare">Share of negative mentions (0 for an empty bucket).</param>
/// <param name="MeanSentiment">Mean compound sentiment, or <see langword="null"/> for an empty bucket.</param>
public sealed record ReportPoint(DateTimeOffset Start, int Mentions, double NegativeShare, double? MeanSentiment);

/// <summary>A moment marked on the charts.</summary>
/// <param name="Id">One of <c>onset</c>, <c>detection</c>, <c>acknowledged</c>, <c>first-response</c>, <c>resolved</c>.</param>
/// <param name="At">When.</param>
public sealed record ReportMarker(string Id, DateTimeOffset At);

/// <summary>One entry of the escalation timeline.</summary>
/// <param name="At">When.</param>
/// <param name="Kind">What: <c>notified</c>, <c>notification-failed</c>, <c>acknowledged</c>, <c>statement</c>, <c>severity</c>, <c>protocol</c>, <c>deadline-reminder</c>, <c>deadline-breached</c>, <c>status</c>, <c>note</c>, <c>approval</c>.</param>
/// <param name="Step">The escalation step for notifications (0-based), otherwise -1.</param>
/// <param name="Text">The entry in words.</param>
public sealed record ReportTimelineEntry(DateTimeOffset At, string Kind, int Step, string Text);

/// <summary>
/// Everything a post-incident report shows: the incident, its evaluation, the volume and sentiment series, the
/// moments to mark and the escalation timeline. Rendered by <see cref="IncidentReportWriter"/> as JSON, Markdown and a
/// self-contained HTML page.
/// </summary>
public sealed record IncidentReport
{
    /// <summary>The report's language for labels: <c>en</c> or <c>el</c>.</summary>
    public string Language { get; init; } = "en";

    /// <summary>The incident's id.</summary>
    public required string IncidentId { get; init; }

    /// <summary>The subject's name.</summary>
    public required string Subject { get; init; }

    /// <summary>What was detected, in words.</summary>
    public string Summary { get; init; } = "";

    /// <summary>The final severity.</summary>
    public SeverityLevel Severity { get; init; }

    /// <summary>The factors of the latest severity assessment.</summary>
    public IReadOnlyList<SeverityFactor> SeverityFactors { get; init; } = [];

    /// <summary>
    /// When the latest severity assessment was made: its factors describe the incident at that time, so their figures
    /// (the busiest bucket so far, for one) can be lower than the whole incident's in <see cref="Evaluation"/>.
    /// </summary>
    public DateTimeOffset? SeverityAssessedAt { get; init; }

    /// <summary>The protocol in force at the end, if any.</summary>
    public string? ProtocolId { get; init; }

    /// <summary>The evaluation.</summary>
    public required IncidentEvaluation Evaluation { get; init; }

    /// <summary>The series, oldest first.</summary>
    public IReadOnlyList<ReportPoint> Series { get; init; } = [];

    /// <summary>The moments to mark on the charts.</summary>
    public IReadOnlyList<ReportMarker> Markers { get; init; } = [];

    /// <summary>The escalation timeline, oldest first.</summary>
    public IReadOnlyList<ReportTimelineEntry> Timeline { get; init; } = [];

    /// <summary>The languages reports can be written in, English first: one labels file each.</summary>
    public static IReadOnlyList<string> Languages { get; } =
        [.. IncidentReportWriter.Labels.Languages.OrderBy(l => l == "en" ? 0 : 1).ThenBy(l => l, StringComparer.Ordinal)];

    /// <summary>Builds a report from an incident, its evaluation and the buckets around it.</summary>
    /// <param name="incident">The incident.</param>
    /// <param name="evaluation">Its evaluation.</param>
    /// <param name="buckets">The subject's buckets, oldest first.</param>
    /// <param name="language">The labels' language, <c>en</c> or <c>el</c>.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentException">The language is neither <c>en</c> nor <c>el</c>.</exception>
    public static IncidentReport Build(Incident incident, IncidentEvaluation evaluation, IReadOnlyList<MentionBucket> buckets, string language = "en")
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(buckets);
        if (!IncidentReportWriter.Labels.Has(language))
        {
            throw new ArgumentException($"Reports are written in {string.Join(" or ", Languages.Select(l => $"'{l}'"))} (was '{language}').", nameof(language));
        }

        var markers = new List<ReportMarker> { new("onset", evaluation.Onset), new("detection", incident.OpenedAt) };
        if (incident.Acknowledged is { } ack)
        {
            markers.Add(new ReportMarker("acknowledged", ack.At));
        }

        if (incident.FirstResponseAt is { } response)
        {
            markers.Add(new ReportMarker("first-response", response));
        }

        if (incident.ClosedAt is { } closed)
        {
            markers.Add(new ReportMarker("resolved", closed));
        }

        return new IncidentReport
        {
            Language = language,
            IncidentId = incident.Id,
            Subject = incident.SubjectName,
            Summary = incident.Summary,
            Severity = incident.Severity,
            SeverityFactors = incident.SeverityFactors,
            SeverityAssessedAt = incident.Timeline.OfType<SeverityChanged>().LastOrDefault()?.At,
            ProtocolId = incident.ProtocolId,
            Evaluation = evaluation,
            Series = [.. buckets.OrderBy(b => b.Start).Select(b => new ReportPoint(b.Start, b.Mentions, b.NegativeShare, b.Mentions == 0 ? null : Math.Round(b.MeanSentiment, 4)))],
            Markers = markers,
            Timeline = [.. incident.Timeline.Select(Describe).OfType<ReportTimelineEntry>()],
        };
    }

    private static ReportTimelineEntry? Describe(IncidentEvent e) => e switch
    {
        NotificationSent n => new ReportTimelineEntry(n.At, "notified", n.Step, $"{n.Person} via {n.Channel}" + (n.Step >= 0 ? $" (step {n.Step + 1}{(n.Round > 0 ? $", repeat {n.Round}" : "")})" : "")),
        NotificationFailed f => new ReportTimelineEntry(f.At, "notification-failed", -1, $"{f.Person} via {f.Channel}: {f.Error}"),
        IncidentAcknowledged a => new ReportTimelineEntry(a.At, "acknowledged", -1, a.By),
        StatementPublished s => new ReportTimelineEntry(s.At, "statement", -1, $"{s.By} on {s.Platform} ({s.Language}): {s.Text}"),
        SeverityChanged s => new ReportTimelineEntry(s.At, "severity", -1, s.From is null ? $"{s.To}" : $"{s.From} -> {s.To}"),
        ProtocolChosen p => new ReportTimelineEntry(p.At, "protocol", -1, $"{p.ProtocolId}: {p.Reason}"),
        DeadlineReminder r => new ReportTimelineEntry(r.At, "deadline-reminder", -1, $"{r.Deadline} due {r.Due:HH:mm}"),
        DeadlineBreached b => new ReportTimelineEntry(b.At, "deadline-breached", -1, $"{b.Deadline} was due {b.Due:HH:mm}"),
        StatusChanged s => new ReportTimelineEntry(s.At, "status", -1, $"{s.From} -> {s.To}" + (s.Reason is null ? "" : $": {s.Reason}")),
        NoteAdded n => new ReportTimelineEntry(n.At, "note", -1, $"{n.By}: {n.Text}"),
        ApprovalGranted a => new ReportTimelineEntry(a.At, "approval", -1, $"{a.Gate} by {a.By}"),
        _ => null,
    };
}
