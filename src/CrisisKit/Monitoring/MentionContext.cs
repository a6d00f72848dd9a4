using CrisisKit.Categories;
using CrisisKit.Mentions;
using CrisisKit.Sentiment;

namespace CrisisKit.Monitoring;

/// <summary>What a pipeline stage is told about one accepted mention for one subject.</summary>
public readonly struct MentionContext
{
    /// <summary>Creates a context.</summary>
    /// <param name="mention">The mention.</param>
    /// <param name="subject">The subject it concerns.</param>
    /// <param name="isLate">Whether it arrived later than the tolerance allows (see <see cref="ICrisisMonitor"/>).</param>
    /// <param name="watermark">The latest mention timestamp accepted so far, this one included.</param>
    /// <param name="sentiment">The mention's sentiment, from the registered <see cref="ISentimentAnalyzer"/>.</param>
    /// <param name="categories">The crisis categories it signals, from the registered <see cref="ICrisisCategorizer"/>.</param>
    public MentionContext(Mention mention, MonitoredSubject subject, bool isLate, DateTimeOffset watermark, SentimentScore sentiment, CategoryScores categories)
    {
        Mention = mention;
        Subject = subject;
        IsLate = isLate;
        Watermark = watermark;
        Sentiment = sentiment;
        Categories = categories;
    }

    /// <summary>The mention.</summary>
    public Mention Mention { get; }

    /// <summary>The subject it concerns.</summary>
    public MonitoredSubject Subject { get; }

    /// <summary>Whether it is older than the watermark by more than <see cref="CrisisKitOptions.LateMentionTolerance"/>.</summary>
    public bool IsLate { get; }

    /// <summary>The latest mention timestamp accepted so far.</summary>
    public DateTimeOffset Watermark { get; }

    /// <summary>The mention's sentiment (computed once per mention, whatever the number of subjects it matched).</summary>
    public SentimentScore Sentiment { get; }

    /// <summary>The crisis categories the mention signals.</summary>
    public CategoryScores Categories { get; }
}
