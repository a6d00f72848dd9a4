using System.Text.Json.Serialization;
using CrisisKit.Categories;
using CrisisKit.Severity;

namespace CrisisKit.Incidents;

/// <summary>
/// One entry of an incident's append-only timeline. Every change to an incident is one of these: status changes,
/// severity changes, notifications (and their failures), acknowledgements, notes, statements, approvals, deadline
/// reminders and breaches. Stored as JSON with a <c>type</c> discriminator.
/// </summary>
/// <param name="at">When it happened (the engine's <see cref="TimeProvider"/>).</param>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(IncidentOpened), "opened")]
[JsonDerivedType(typeof(StatusChanged), "status")]
[JsonDerivedType(typeof(IncidentAcknowledged), "acknowledged")]
[JsonDerivedType(typeof(SeverityChanged), "severity")]
[JsonDerivedType(typeof(ProtocolChosen), "protocol")]
[JsonDerivedType(typeof(NotificationScheduled), "notification-scheduled")]
[JsonDerivedType(typeof(NotificationSent), "notified")]
[JsonDerivedType(typeof(NotificationFailed), "notification-failed")]
[JsonDerivedType(typeof(NoteAdded), "note")]
[JsonDerivedType(typeof(StatementPublished), "statement")]
[JsonDerivedType(typeof(ApprovalGranted), "approval")]
[JsonDerivedType(typeof(DeadlineReminder), "deadline-reminder")]
[JsonDerivedType(typeof(DeadlineBreached), "deadline-breached")]
[JsonDerivedType(typeof(IncidentSeriesRecorded), "series")]
public abstract class IncidentEvent(DateTimeOffset at)
{
    /// <summary>When it happened (the engine's <see cref="TimeProvider"/>).</summary>
    public DateTimeOffset At { get; } = at;
}

/// <summary>The incident was opened from a crisis candidate.</summary>
/// <param name="at">When.</param>
/// <param name="subjectId">The subject.</param>
/// <param name="subjectName">The subject's name, for messages.</param>
/// <param name="candidateId">The crisis candidate it came from.</param>
/// <param name="firstSignalAt">The candidate's first signal.</param>
/// <param name="category">The leading crisis category, if any.</param>
/// <param name="summary">What was detected, in words (the candidate's reasons).</param>
public sealed class IncidentOpened(DateTimeOffset at, string subjectId, string subjectName, string candidateId, DateTimeOffset firstSignalAt, CrisisCategory? category, string summary) : IncidentEvent(at)
{
    /// <summary>The subject.</summary>
    public string SubjectId { get; } = subjectId;

    /// <summary>The subject's name, for messages.</summary>
    public string SubjectName { get; } = subjectName;

    /// <summary>The crisis candidate it came from.</summary>
    public string CandidateId { get; } = candidateId;

    /// <summary>The candidate's first signal.</summary>
    public DateTimeOffset FirstSignalAt { get; } = firstSignalAt;

    /// <summary>The leading crisis category, if any.</summary>
    public CrisisCategory? Category { get; } = category;

    /// <summary>What was detected, in words (the candidate's reasons).</summary>
    public string Summary { get; } = summary;
}

/// <summary>The incident's status changed.</summary>
/// <param name="at">When.</param>
/// <param name="from">The old status.</param>
/// <param name="to">The new status.</param>
/// <param name="by">Who did it (a person id of the protocol), or <see langword="null"/> for the engine.</param>
/// <param name="reason">Why, for example a dismissal's reason.</param>
public sealed class StatusChanged(DateTimeOffset at, IncidentStatus from, IncidentStatus to, string? by, string? reason) : IncidentEvent(at)
{
    /// <summary>The old status.</summary>
    public IncidentStatus From { get; } = from;

    /// <summary>The new status.</summary>
    public IncidentStatus To { get; } = to;

    /// <summary>Who did it (a person id of the protocol), or <see langword="null"/> for the engine.</summary>
    public string? By { get; } = by;

    /// <summary>Why, for example a dismissal's reason.</summary>
    public string? Reason { get; } = reason;
}

/// <summary>A person acknowledged the incident (the first time also moves it to Acknowledged); the escalation chain of the protocol in force stops.</summary>
/// <param name="at">When.</param>
/// <param name="by">Who.</param>
public sealed class IncidentAcknowledged(DateTimeOffset at, string by) : IncidentEvent(at)
{
    /// <summary>Who.</summary>
    public string By { get; } = by;
}

/// <summary>The incident's severity was assessed (first time) or changed.</summary>
/// <param name="at">When.</param>
/// <param name="from">The previous level, or <see langword="null"/> for the first assessment.</param>
/// <param name="to">The new level.</param>
/// <param name="score">The severity score.</param>
/// <param name="factors">The factors, in words and numbers.</param>
public sealed class SeverityChanged(DateTimeOffset at, SeverityLevel? from, SeverityLevel to, double score, IReadOnlyList<SeverityFactor> factors) : IncidentEvent(at)
{
    /// <summary>The previous level, or <see langword="null"/> for the first assessment.</summary>
    public SeverityLevel? From { get; } = from;

    /// <summary>The new level.</summary>
    public SeverityLevel To { get; } = to;

    /// <summary>The severity score.</summary>
    public double Score { get; } = score;

    /// <summary>The factors, in words and numbers.</summary>
    public IReadOnlyList<SeverityFactor> Factors { get; } = factors;
}

/// <summary>A response protocol was chosen for the incident (first time, or a stronger one after a severity rise).</summary>
/// <param name="at">When.</param>
/// <param name="protocolId">The protocol's id.</param>
/// <param name="reason">Why it applies.</param>
public sealed class ProtocolChosen(DateTimeOffset at, string protocolId, string reason) : IncidentEvent(at)
{
    /// <summary>The protocol's id.</summary>
    public string ProtocolId { get; } = protocolId;

    /// <summary>Why it applies.</summary>
    public string Reason { get; } = reason;
}

/// <summary>
/// A notification fell due and was put in the engine's outbox: it is recorded before the channel is called, and
/// <see cref="NotificationSent"/> or <see cref="NotificationFailed"/> (same key) follows once the channel answers. The
/// latest of these for a key that is this one means the send is still pending: an engine that resumes the incident
/// sends it (once) without recording it again. Its attempt is one more than the key's recorded failures. Timelines
/// written before the outbox have none, and resume all the same.
/// </summary>
public sealed class NotificationScheduled : IncidentEvent
{
    /// <summary>Records an outbox entry; only the engine writes them (and stores read them back as JSON).</summary>
    /// <param name="at">When it was put in the outbox.</param>
    /// <param name="idempotencyKey">The notification's key.</param>
    [JsonConstructor]
    internal NotificationScheduled(DateTimeOffset at, string idempotencyKey)
        : base(at)
    {
        IdempotencyKey = idempotencyKey;
    }

    /// <summary>The notification's key (see <see cref="NotificationSent.IdempotencyKey"/>; it names the person and the channel).</summary>
    public string IdempotencyKey { get; }
}

/// <summary>A notification went out (the channel accepted it).</summary>
/// <param name="at">When.</param>
/// <param name="idempotencyKey">The key that identifies this step's notification to this person on this channel; never sent twice.</param>
/// <param name="protocolId">The protocol.</param>
/// <param name="step">The escalation step (0-based).</param>
/// <param name="round">The repeat round within the step (0 = first).</param>
/// <param name="person">The person notified.</param>
/// <param name="channel">The channel.</param>
/// <param name="attempt">Which attempt succeeded (1 = first).</param>
public sealed class NotificationSent(DateTimeOffset at, string idempotencyKey, string protocolId, int step, int round, string person, string channel, int attempt) : IncidentEvent(at)
{
    /// <summary>The key that identifies this step's notification to this person on this channel; never sent twice.</summary>
    public string IdempotencyKey { get; } = idempotencyKey;

    /// <summary>The protocol.</summary>
    public string ProtocolId { get; } = protocolId;

    /// <summary>The escalation step (0-based).</summary>
    public int Step { get; } = step;

    /// <summary>The repeat round within the step (0 = first).</summary>
    public int Round { get; } = round;

    /// <summary>The person notified.</summary>
    public string Person { get; } = person;

    /// <summary>The channel.</summary>
    public string Channel { get; } = channel;

    /// <summary>Which attempt succeeded (1 = first).</summary>
    public int Attempt { get; } = attempt;
}

/// <summary>A channel failed to deliver a notification; it will be retried at <see cref="RetryAt"/>.</summary>
/// <param name="at">When.</param>
/// <param name="idempotencyKey">The notification's key.</param>
/// <param name="person">The person.</param>
/// <param name="channel">The channel.</param>
/// <param name="attempt">The attempt that failed (1 = first).</param>
/// <param name="error">What went wrong.</param>
/// <param name="retryAt">When it will be tried again, or <see langword="null"/> when the attempts are used up.</param>
public sealed class NotificationFailed(DateTimeOffset at, string idempotencyKey, string person, string channel, int attempt, string error, DateTimeOffset? retryAt) : IncidentEvent(at)
{
    /// <summary>The notification's key.</summary>
    public string IdempotencyKey { get; } = idempotencyKey;

    /// <summary>The person.</summary>
    public string Person { get; } = person;

    /// <summary>The channel.</summary>
    public string Channel { get; } = channel;

    /// <summary>The attempt that failed (1 = first).</summary>
    public int Attempt { get; } = attempt;

    /// <summary>What went wrong.</summary>
    public string Error { get; } = error;

    /// <summary>When it will be tried again, or <see langword="null"/> when the attempts are used up.</summary>
    public DateTimeOffset? RetryAt { get; } = retryAt;
}

/// <summary>A person added a note.</summary>
/// <param name="at">When.</param>
/// <param name="by">Who.</param>
/// <param name="text">The note.</param>
public sealed class NoteAdded(DateTimeOffset at, string by, string text) : IncidentEvent(at)
{
    /// <summary>Who.</summary>
    public string By { get; } = by;

    /// <summary>The note.</summary>
    public string Text { get; } = text;
}

/// <summary>A public statement was published.</summary>
/// <param name="at">When.</param>
/// <param name="by">Who published it.</param>
/// <param name="language">Its language.</param>
/// <param name="platform">Where.</param>
/// <param name="text">The statement.</param>
public sealed class StatementPublished(DateTimeOffset at, string by, string language, string platform, string text) : IncidentEvent(at)
{
    /// <summary>Who published it.</summary>
    public string By { get; } = by;

    /// <summary>Its language.</summary>
    public string Language { get; } = language;

    /// <summary>Where.</summary>
    public string Platform { get; } = platform;

    /// <summary>The statement.</summary>
    public string Text { get; } = text;
}

/// <summary>An approval gate was passed.</summary>
/// <param name="at">When.</param>
/// <param name="gate">The gate's id.</param>
/// <param name="by">Who approved.</param>
public sealed class ApprovalGranted(DateTimeOffset at, string gate, string by) : IncidentEvent(at)
{
    /// <summary>The gate's id.</summary>
    public string Gate { get; } = gate;

    /// <summary>Who approved.</summary>
    public string By { get; } = by;
}

/// <summary>A deadline is near; the people responsible were reminded.</summary>
/// <param name="at">When.</param>
/// <param name="deadline">Which deadline (<c>acknowledge</c>, <c>first-response</c>, <c>update</c>).</param>
/// <param name="due">When it is due.</param>
public sealed class DeadlineReminder(DateTimeOffset at, string deadline, DateTimeOffset due) : IncidentEvent(at)
{
    /// <summary>Which deadline (<c>acknowledge</c>, <c>first-response</c>, <c>update</c>).</summary>
    public string Deadline { get; } = deadline;

    /// <summary>When it is due.</summary>
    public DateTimeOffset Due { get; } = due;
}

/// <summary>A deadline passed without the action it asks for.</summary>
/// <param name="at">When the breach was recorded.</param>
/// <param name="deadline">Which deadline.</param>
/// <param name="due">When it was due.</param>
public sealed class DeadlineBreached(DateTimeOffset at, string deadline, DateTimeOffset due) : IncidentEvent(at)
{
    /// <summary>Which deadline.</summary>
    public string Deadline { get; } = deadline;

    /// <summary>When it was due.</summary>
    public DateTimeOffset Due { get; } = due;
}

/// <summary>
/// The subject's buckets around the incident, recorded on its timeline (usually when it closes) so that a report
/// can be rendered again from the store alone.
/// </summary>
/// <param name="at">When they were recorded.</param>
/// <param name="start">The first bucket's start.</param>
/// <param name="bucketSize">The bucket length.</param>
/// <param name="mentions">Mentions per bucket.</param>
/// <param name="negativeMentions">Negative mentions per bucket.</param>
/// <param name="sentimentSum">The sum of compound sentiment per bucket.</param>
/// <param name="potentialReach">Potential reach per bucket.</param>
public sealed class IncidentSeriesRecorded(DateTimeOffset at, DateTimeOffset start, TimeSpan bucketSize, IReadOnlyList<int> mentions, IReadOnlyList<int> negativeMentions, IReadOnlyList<double> sentimentSum, IReadOnlyList<double> potentialReach) : IncidentEvent(at)
{
    /// <summary>The first bucket's start.</summary>
    public DateTimeOffset Start { get; } = start;

    /// <summary>The bucket length.</summary>
    public TimeSpan BucketSize { get; } = bucketSize;

    /// <summary>Mentions per bucket.</summary>
    public IReadOnlyList<int> Mentions { get; } = mentions;

    /// <summary>Negative mentions per bucket.</summary>
    public IReadOnlyList<int> NegativeMentions { get; } = negativeMentions;

    /// <summary>The sum of compound sentiment per bucket.</summary>
    public IReadOnlyList<double> SentimentSum { get; } = sentimentSum;

    /// <summary>Potential reach per bucket.</summary>
    public IReadOnlyList<double> PotentialReach { get; } = potentialReach;

    /// <summary>Records <paramref name="buckets"/> (consecutive, oldest first).</summary>
    /// <param name="at">When.</param>
    /// <param name="buckets">The buckets; gaps are filled with empty buckets.</param>
    /// <param name="bucketSize">The bucket length.</param>
    /// <returns>The event.</returns>
    public static IncidentSeriesRecorded From(DateTimeOffset at, IReadOnlyList<CrisisKit.Aggregation.MentionBucket> buckets, TimeSpan bucketSize)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        if (buckets.Count == 0)
        {
            return new IncidentSeriesRecorded(at, at, bucketSize, [], [], [], []);
        }

        var start = buckets[0].Start;
        var count = (int)((buckets[^1].Start - start).Ticks / bucketSize.Ticks) + 1;
        var mentions = new int[count];
        var negative = new int[count];
        var sentiment = new double[count];
        var reach = new double[count];
        foreach (var b in buckets)
        {
            var i = (int)((b.Start - start).Ticks / bucketSize.Ticks);
            mentions[i] = b.Mentions;
            negative[i] = b.NegativeMentions;
            sentiment[i] = Math.Round(b.SentimentSum, 4);
            reach[i] = b.PotentialReach;
        }

        return new IncidentSeriesRecorded(at, start, bucketSize, mentions, negative, sentiment, reach);
    }

    /// <summary>The buckets again (distinct authors, shares and replies are not recorded and read as 0).</summary>
    /// <returns>The buckets, oldest first.</returns>
    public IReadOnlyList<CrisisKit.Aggregation.MentionBucket> ToBuckets() =>
        [.. Mentions.Select((m, i) => new CrisisKit.Aggregation.MentionBucket(Start + (BucketSize * i), m, NegativeMentions[i], SentimentSum[i], PotentialReach[i], 0, 0, 0))];
}
