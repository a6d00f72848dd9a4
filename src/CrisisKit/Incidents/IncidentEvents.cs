using System.Text.Json.Serialization;
using CrisisKit.Categories;
using CrisisKit.Severity;

namespace CrisisKit.Incidents;

/// <summary>
/// One entry of an incident's append-only timeline. Every change to an incident is one of these: status changes,
/// severity changes, notifications (and their failures), acknowledgements, notes, statements, approvals, deadline
/// reminders and breaches. Stored as JSON with a <c>type</c> discriminator.
/// </summary>
/// <param name="At">When it happened (the engine's <see cref="TimeProvider"/>).</param>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(IncidentOpened), "opened")]
[JsonDerivedType(typeof(StatusChanged), "status")]
[JsonDerivedType(typeof(IncidentAcknowledged), "acknowledged")]
[JsonDerivedType(typeof(SeverityChanged), "severity")]
[JsonDerivedType(typeof(ProtocolChosen), "protocol")]
[JsonDerivedType(typeof(NotificationSent), "notified")]
[JsonDerivedType(typeof(NotificationFailed), "notification-failed")]
[JsonDerivedType(typeof(NoteAdded), "note")]
[JsonDerivedType(typeof(StatementPublished), "statement")]
[JsonDerivedType(typeof(ApprovalGranted), "approval")]
[JsonDerivedType(typeof(DeadlineReminder), "deadline-reminder")]
[JsonDerivedType(typeof(DeadlineBreached), "deadline-breached")]
[JsonDerivedType(typeof(IncidentSeriesRecorded), "series")]
public abstract record IncidentEvent(DateTimeOffset At);

/// <summary>The incident was opened from a crisis candidate.</summary>
/// <param name="At">When.</param>
/// <param name="SubjectId">The subject.</param>
/// <param name="SubjectName">The subject's name, for messages.</param>
/// <param name="CandidateId">The crisis candidate it came from.</param>
/// <param name="FirstSignalAt">The candidate's first signal.</param>
/// <param name="Category">The leading crisis category, if any.</param>
/// <param name="Summary">What was detected, in words (the candidate's reasons).</param>
public sealed record IncidentOpened(DateTimeOffset At, string SubjectId, string SubjectName, string CandidateId, DateTimeOffset FirstSignalAt, CrisisCategory? Category, string Summary) : IncidentEvent(At);

/// <summary>The incident's status changed.</summary>
/// <param name="At">When.</param>
/// <param name="From">The old status.</param>
/// <param name="To">The new status.</param>
/// <param name="By">Who did it (a person id of the protocol), or <see langword="null"/> for the engine.</param>
/// <param name="Reason">Why, for example a dismissal's reason.</param>
public sealed record StatusChanged(DateTimeOffset At, IncidentStatus From, IncidentStatus To, string? By, string? Reason) : IncidentEvent(At);

/// <summary>A person acknowledged the incident (the first time also moves it to Acknowledged); the escalation chain of the protocol in force stops.</summary>
/// <param name="At">When.</param>
/// <param name="By">Who.</param>
public sealed record IncidentAcknowledged(DateTimeOffset At, string By) : IncidentEvent(At);

/// <summary>The incident's severity was assessed (first time) or changed.</summary>
/// <param name="At">When.</param>
/// <param name="From">The previous level, or <see langword="null"/> for the first assessment.</param>
/// <param name="To">The new level.</param>
/// <param name="Score">The severity score.</param>
/// <param name="Factors">The factors, in words and numbers.</param>
public sealed record SeverityChanged(DateTimeOffset At, SeverityLevel? From, SeverityLevel To, double Score, IReadOnlyList<SeverityFactor> Factors) : IncidentEvent(At);

/// <summary>A response protocol was chosen for the incident (first time, or a stronger one after a severity rise).</summary>
/// <param name="At">When.</param>
/// <param name="ProtocolId">The protocol's id.</param>
/// <param name="Reason">Why it applies.</param>
public sealed record ProtocolChosen(DateTimeOffset At, string ProtocolId, string Reason) : IncidentEvent(At);

/// <summary>A notification went out (the channel accepted it).</summary>
/// <param name="At">When.</param>
/// <param name="IdempotencyKey">The key that identifies this step's notification to this person on this channel; never sent twice.</param>
/// <param name="ProtocolId">The protocol.</param>
/// <param name="Step">The escalation step (0-based).</param>
/// <param name="Round">The repeat round within the step (0 = first).</param>
/// <param name="Person">The person notified.</param>
/// <param name="Channel">The channel.</param>
/// <param name="Attempt">Which attempt succeeded (1 = first).</param>
public sealed record NotificationSent(DateTimeOffset At, string IdempotencyKey, string ProtocolId, int Step, int Round, string Person, string Channel, int Attempt) : IncidentEvent(At);

/// <summary>A channel failed to deliver a notification; it will be retried at <paramref name="RetryAt"/>.</summary>
/// <param name="At">When.</param>
/// <param name="IdempotencyKey">The notification's key.</param>
/// <param name="Person">The person.</param>
/// <param name="Channel">The channel.</param>
/// <param name="Attempt">The attempt that failed (1 = first).</param>
/// <param name="Error">What went wrong.</param>
/// <param name="RetryAt">When it will be tried again, or <see langword="null"/> when the attempts are used up.</param>
public sealed record NotificationFailed(DateTimeOffset At, string IdempotencyKey, string Person, string Channel, int Attempt, string Error, DateTimeOffset? RetryAt) : IncidentEvent(At);

/// <summary>A person added a note.</summary>
/// <param name="At">When.</param>
/// <param name="By">Who.</param>
/// <param name="Text">The note.</param>
public sealed record NoteAdded(DateTimeOffset At, string By, string Text) : IncidentEvent(At);

/// <summary>A public statement was published.</summary>
/// <param name="At">When.</param>
/// <param name="By">Who published it.</param>
/// <param name="Language">Its language.</param>
/// <param name="Platform">Where.</param>
/// <param name="Text">The statement.</param>
public sealed record StatementPublished(DateTimeOffset At, string By, string Language, string Platform, string Text) : IncidentEvent(At);

/// <summary>An approval gate was passed.</summary>
/// <param name="At">When.</param>
/// <param name="Gate">The gate's id.</param>
/// <param name="By">Who approved.</param>
public sealed record ApprovalGranted(DateTimeOffset At, string Gate, string By) : IncidentEvent(At);

/// <summary>A deadline is near; the people responsible were reminded.</summary>
/// <param name="At">When.</param>
/// <param name="Deadline">Which deadline (<c>acknowledge</c>, <c>first-response</c>, <c>update</c>).</param>
/// <param name="Due">When it is due.</param>
public sealed record DeadlineReminder(DateTimeOffset At, string Deadline, DateTimeOffset Due) : IncidentEvent(At);

/// <summary>A deadline passed without the action it asks for.</summary>
/// <param name="At">When the breach was recorded.</param>
/// <param name="Deadline">Which deadline.</param>
/// <param name="Due">When it was due.</param>
public sealed record DeadlineBreached(DateTimeOffset At, string Deadline, DateTimeOffset Due) : IncidentEvent(At);

/// <summary>
/// The subject's buckets around the incident, recorded on its timeline (usually when it closes) so that a report
/// can be rendered again from the store alone.
/// </summary>
/// <param name="At">When they were recorded.</param>
/// <param name="Start">The first bucket's start.</param>
/// <param name="BucketSize">The bucket length.</param>
/// <param name="Mentions">Mentions per bucket.</param>
/// <param name="NegativeMentions">Negative mentions per bucket.</param>
/// <param name="SentimentSum">The sum of compound sentiment per bucket.</param>
/// <param name="PotentialReach">Potential reach per bucket.</param>
public sealed record IncidentSeriesRecorded(DateTimeOffset At, DateTimeOffset Start, TimeSpan BucketSize, IReadOnlyList<int> Mentions, IReadOnlyList<int> NegativeMentions, IReadOnlyList<double> SentimentSum, IReadOnlyList<double> PotentialReach) : IncidentEvent(At)
{
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
