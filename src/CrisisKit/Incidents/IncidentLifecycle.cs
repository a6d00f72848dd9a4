namespace CrisisKit.Incidents;

/// <summary>Where an incident stands.</summary>
public enum IncidentStatus
{
    /// <summary>Raised by detection; nobody has acknowledged it yet. The escalation chain runs.</summary>
    Detected = 0,

    /// <summary>Someone on the protocol has taken it; escalation stops, deadlines keep running.</summary>
    Acknowledged = 1,

    /// <summary>The team is responding in public (statements, replies).</summary>
    Responding = 2,

    /// <summary>The response is out; the team watches whether it holds.</summary>
    Monitoring = 3,

    /// <summary>Over.</summary>
    Resolved = 4,

    /// <summary>Over and reviewed afterwards (lessons recorded). Final.</summary>
    Reviewed = 5,

    /// <summary>A false alarm, with the reason. Final.</summary>
    Dismissed = 6,
}

/// <summary>The one table of allowed status changes.</summary>
public static class IncidentLifecycle
{
    private static readonly Dictionary<IncidentStatus, IncidentStatus[]> Allowed = new()
    {
        [IncidentStatus.Detected] = [IncidentStatus.Acknowledged, IncidentStatus.Dismissed],
        [IncidentStatus.Acknowledged] = [IncidentStatus.Responding, IncidentStatus.Monitoring, IncidentStatus.Resolved, IncidentStatus.Dismissed],
        [IncidentStatus.Responding] = [IncidentStatus.Monitoring, IncidentStatus.Resolved],
        [IncidentStatus.Monitoring] = [IncidentStatus.Responding, IncidentStatus.Resolved],
        [IncidentStatus.Resolved] = [IncidentStatus.Reviewed, IncidentStatus.Responding],
        [IncidentStatus.Reviewed] = [],
        [IncidentStatus.Dismissed] = [],
    };

    /// <summary>The statuses an incident may move to from <paramref name="from"/>.</summary>
    /// <param name="from">The current status.</param>
    /// <returns>The allowed next statuses (empty for a final one).</returns>
    public static IReadOnlyList<IncidentStatus> Next(IncidentStatus from) =>
        Allowed.TryGetValue(from, out var next) ? next : throw new ArgumentOutOfRangeException(nameof(from), from, "Not an IncidentStatus value.");

    /// <summary>Whether an incident may move from <paramref name="from"/> to <paramref name="to"/>.</summary>
    /// <param name="from">The current status.</param>
    /// <param name="to">The wanted status.</param>
    /// <returns><see langword="true"/> if the table allows it.</returns>
    public static bool CanMove(IncidentStatus from, IncidentStatus to) => Next(from).Contains(to);

    /// <summary>Whether incidents in <paramref name="status"/> are still open (not resolved, reviewed or dismissed).</summary>
    /// <param name="status">The status.</param>
    /// <returns><see langword="true"/> for Detected, Acknowledged, Responding and Monitoring.</returns>
    public static bool IsOpen(IncidentStatus status) => status is IncidentStatus.Detected or IncidentStatus.Acknowledged or IncidentStatus.Responding or IncidentStatus.Monitoring;

    /// <summary>Throws unless the move is allowed.</summary>
    /// <param name="incidentId">The incident, for the message.</param>
    /// <param name="from">The current status.</param>
    /// <param name="to">The wanted status.</param>
    /// <exception cref="IncidentTransitionException">The table does not allow the move.</exception>
    internal static void EnsureCanMove(string incidentId, IncidentStatus from, IncidentStatus to)
    {
        if (!CanMove(from, to))
        {
            var next = Next(from);
            throw new IncidentTransitionException(incidentId, from, to, next.Count == 0
                ? $"Incident '{incidentId}' is {from}, which is final; it cannot become {to}."
                : $"Incident '{incidentId}' is {from} and cannot become {to}; from {from} it can become {string.Join(" or ", next)}.");
        }
    }
}

/// <summary>An action asked for a status change the lifecycle does not allow.</summary>
public sealed class IncidentTransitionException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="incidentId">The incident.</param>
    /// <param name="from">Its status.</param>
    /// <param name="to">The status asked for.</param>
    /// <param name="message">The message.</param>
    public IncidentTransitionException(string incidentId, IncidentStatus from, IncidentStatus to, string message)
        : base(message)
    {
        IncidentId = incidentId;
        From = from;
        To = to;
    }

    /// <summary>The incident.</summary>
    public string IncidentId { get; }

    /// <summary>Its status.</summary>
    public IncidentStatus From { get; }

    /// <summary>The status asked for.</summary>
    public IncidentStatus To { get; }
}
