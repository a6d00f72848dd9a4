namespace CrisisKit.Escalation;

/// <summary>Why a notification is sent.</summary>
public enum NotificationKind
{
    /// <summary>An escalation step: please acknowledge the incident.</summary>
    Escalation = 0,

    /// <summary>A deadline is near.</summary>
    DeadlineReminder = 1,

    /// <summary>A deadline has passed.</summary>
    DeadlineBreached = 2,
}
