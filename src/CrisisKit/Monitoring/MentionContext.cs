using CrisisKit.Mentions;

namespace CrisisKit.Monitoring;

/// <summary>What a pipeline stage is told about one accepted mention for one subject.</summary>
public readonly struct MentionContext
{
    /// <summary>Creates a context.</summary>
    /// <param name="mention">The mention.</param>
    /// <param name="subject">The subject it concerns.</param>
    /// <param name="isLate">Whether it arrived later than the tolerance allows (see <see cref="ICrisisMonitor"/>).</param>
    /// <param name="watermark">The latest mention timestamp accepted so far, this one included.</param>
    public MentionContext(Mention mention, MonitoredSubject subject, bool isLate, DateTimeOffset watermark)
    {
        Mention = mention;
        Subject = subject;
        IsLate = isLate;
        Watermark = watermark;
    }

    /// <summary>The mention.</summary>
    public Mention Mention { get; }

    /// <summary>The subject it concerns.</summary>
    public MonitoredSubject Subject { get; }

    /// <summary>Whether it is older than the watermark by more than <see cref="CrisisKitOptions.LateMentionTolerance"/>.</summary>
    public bool IsLate { get; }

    /// <summary>The latest mention timestamp accepted so far.</summary>
    public DateTimeOffset Watermark { get; }
}
