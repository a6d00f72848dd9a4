using System.Diagnostics;

namespace CrisisKit.Diagnostics;

/// <summary>
/// The <see cref="ActivitySource"/> named <c>CrisisKit</c> and the activities CrisisKit starts on it; a tracer picks
/// them up with <c>AddSource("CrisisKit")</c>. Each method returns <see langword="null"/> (and allocates nothing) when
/// nobody listens. The names and tags are listed in docs/telemetry.md.
/// </summary>
internal static class CrisisKitActivities
{
    /// <summary>The source's name.</summary>
    public const string SourceName = "CrisisKit";

    /// <summary>Opening an incident from a crisis candidate (classifying, choosing a protocol, recording, first notifications).</summary>
    public const string IncidentOpen = "crisiskit.incident.open";

    /// <summary>One notification sent through one channel.</summary>
    public const string Notify = "crisiskit.notify";

    /// <summary>One append to an incident store.</summary>
    public const string StoreAppend = "crisiskit.store.append";

    /// <summary>The source every CrisisKit activity starts on.</summary>
    public static readonly ActivitySource Source = new(SourceName, typeof(CrisisKitActivities).Assembly.GetName().Version?.ToString());

    /// <summary>Starts <see cref="IncidentOpen"/> for a candidate.</summary>
    public static Activity? StartIncidentOpen(string candidateId, string subjectId)
    {
        var activity = Source.StartActivity(IncidentOpen, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("crisiskit.incident.id", candidateId);
            activity.SetTag("crisiskit.subject.id", subjectId);
        }

        return activity;
    }

    /// <summary>Starts <see cref="Notify"/> for one send.</summary>
    public static Activity? StartNotify(string incidentId, string channel, string kind, string idempotencyKey, int attempt)
    {
        var activity = Source.StartActivity(Notify, ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("crisiskit.incident.id", incidentId);
            activity.SetTag("crisiskit.channel", channel);
            activity.SetTag("crisiskit.notification.kind", kind);
            activity.SetTag("crisiskit.notification.key", idempotencyKey);
            activity.SetTag("crisiskit.notification.attempt", attempt);
        }

        return activity;
    }

    /// <summary>Starts <see cref="StoreAppend"/> for one append.</summary>
    public static Activity? StartStoreAppend(string store, string incidentId, long expectedVersion, int events)
    {
        var activity = Source.StartActivity(StoreAppend, ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("crisiskit.store", store);
            activity.SetTag("crisiskit.incident.id", incidentId);
            activity.SetTag("crisiskit.store.expected_version", expectedVersion);
            activity.SetTag("crisiskit.store.events", events);
        }

        return activity;
    }

    /// <summary>Marks <paramref name="activity"/> as failed with <paramref name="exception"/>.</summary>
    public static void Fail(Activity? activity, Exception exception)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetStatus(ActivityStatusCode.Error, exception.Message);
        activity.SetTag("error.type", exception.GetType().FullName);
    }
}
