using CrisisKit.Categories;
using CrisisKit.Incidents;
using CrisisKit.Severity;

namespace CrisisKit.Testing;

/// <summary>Incident timelines for store, report and evaluation tests.</summary>
public static class IncidentTimelines
{
    /// <summary>An incident-opened event for a fresh incident of <paramref name="subjectId"/> at <paramref name="at"/>.</summary>
    /// <param name="subjectId">The subject.</param>
    /// <param name="at">When it opened.</param>
    /// <returns>The event.</returns>
    public static IncidentOpened Opened(string subjectId, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subjectId);
        return new IncidentOpened(at, subjectId, subjectId, subjectId + "-candidate", at, null, "volume spike");
    }

    /// <summary>
    /// A resolved data-breach incident with one event of every kind a store must keep (13 events, from
    /// <paramref name="t0"/> to five hours later), so a store that forgets a field or a type fails a round trip.
    /// </summary>
    /// <param name="t0">When the incident opened.</param>
    /// <returns>The events, oldest first.</returns>
    public static IReadOnlyList<IncidentEvent> EveryEventKind(DateTimeOffset t0) =>
    [
        new IncidentOpened(t0, "veltro", "Veltro", "veltro-candidate", t0.AddMinutes(-5), CrisisCategory.DataBreach, "negative share 61% vs 10% usual"),
        new SeverityChanged(t0, null, SeverityLevel.High, 52, [new SeverityFactor("volume", 12.4, 18, "volume 12.4x the expected level")]),
        new ProtocolChosen(t0, "data-breach", "severity High, category data-breach"),
        new NotificationSent(t0, "inc/data-breach/0/0/maria/webhook", "data-breach", 0, 0, "maria", "webhook", 1),
        new NotificationFailed(t0.AddMinutes(1), "inc/data-breach/0/0/nikos/webhook", "nikos", "webhook", 1, "HTTP 503", t0.AddMinutes(2)),
        new StatusChanged(t0.AddMinutes(7), IncidentStatus.Detected, IncidentStatus.Acknowledged, "maria", null),
        new IncidentAcknowledged(t0.AddMinutes(7), "maria"),
        new NoteAdded(t0.AddMinutes(8), "maria", "Legal is on it."),
        new ApprovalGranted(t0.AddMinutes(20), "legal-sign-off", "eleni"),
        new StatementPublished(t0.AddMinutes(25), "maria", "en", "x", "We are aware..."),
        new DeadlineReminder(t0.AddMinutes(50), "update", t0.AddMinutes(60)),
        new DeadlineBreached(t0.AddMinutes(61), "update", t0.AddMinutes(60)),
        new StatusChanged(t0.AddHours(5), IncidentStatus.Acknowledged, IncidentStatus.Resolved, "maria", null),
    ];
}
