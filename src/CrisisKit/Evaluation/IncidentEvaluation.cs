using System.Text.Json.Serialization;
using CrisisKit.Incidents;
using CrisisKit.Severity;

namespace CrisisKit.Evaluation;

/// <summary>
/// The evaluation of one incident: timings, deadlines, escalation, the conversation's figures, sentiment recovery and
/// findings. A plain record of values (durations are <see cref="TimeSpan"/>, times <see cref="DateTimeOffset"/>), meant
/// to be stored and compared (<see cref="IncidentComparison"/>). Every rule is in <c>docs/evaluation.md</c>.
/// </summary>
public sealed class IncidentEvaluation
{
    /// <summary>The incident's id.</summary>
    [JsonInclude]
    public string IncidentId { get; internal init; } = "";

    /// <summary>The subject's id.</summary>
    [JsonInclude]
    public string SubjectId { get; internal init; } = "";

    /// <summary>The protocol whose deadlines were checked, if any.</summary>
    [JsonInclude]
    public string? ProtocolId { get; internal init; }

    /// <summary>The incident's status when evaluated.</summary>
    [JsonInclude]
    public IncidentStatus Status { get; internal init; }

    /// <summary>The incident's severity when evaluated.</summary>
    [JsonInclude]
    public SeverityLevel Severity { get; internal init; }

    /// <summary>When the incident was opened.</summary>
    [JsonInclude]
    public DateTimeOffset OpenedAt { get; internal init; }

    /// <summary>When the crisis began: the ground truth when given, otherwise estimated from the buckets (see <see cref="OnsetSource"/>).</summary>
    [JsonInclude]
    public DateTimeOffset Onset { get; internal init; }

    /// <summary>Where <see cref="Onset"/> came from: one of <see cref="OnsetSource"/>.</summary>
    [JsonInclude]
    public OnsetSource OnsetSource { get; internal init; }

    /// <summary>From the onset to the opening (negative if the incident was opened before the given onset).</summary>
    [JsonInclude]
    public TimeSpan TimeToDetect { get; internal init; }

    /// <summary>From the opening to the first acknowledgement, or <see langword="null"/> if nobody acknowledged.</summary>
    [JsonInclude]
    public TimeSpan? TimeToAcknowledge { get; internal init; }

    /// <summary>From the opening to the first public statement, or <see langword="null"/> if none was published.</summary>
    [JsonInclude]
    public TimeSpan? TimeToFirstResponse { get; internal init; }

    /// <summary>From the opening to the resolution or dismissal, or <see langword="null"/> while the incident is open.</summary>
    [JsonInclude]
    public TimeSpan? TimeToResolve { get; internal init; }

    /// <summary>Each deadline the protocol set, in due order, with whether and when it was met.</summary>
    [JsonInclude]
    public IReadOnlyList<DeadlineOutcome> Deadlines { get; internal init; } = [];

    /// <summary>How many escalation steps were notified before the first acknowledgement (the highest step index plus one; 0 when no escalation notification went out).</summary>
    [JsonInclude]
    public int EscalationStepsNeeded { get; internal init; }

    /// <summary>Notifications that went out (escalation, reminders and breaches).</summary>
    [JsonInclude]
    public int NotificationsSent { get; internal init; }

    /// <summary>Failed delivery attempts.</summary>
    [JsonInclude]
    public int NotificationsFailed { get; internal init; }

    /// <summary>The most mentions in one bucket during the incident (from the onset to the close, or to the end of the data).</summary>
    [JsonInclude]
    public int PeakVolume { get; internal init; }

    /// <summary>The start of that bucket, or <see langword="null"/> when the data has no bucket in the incident.</summary>
    [JsonInclude]
    public DateTimeOffset? PeakVolumeAt { get; internal init; }

    /// <summary>The highest negative share of an incident bucket with at least five mentions, or <see langword="null"/> if none had five.</summary>
    [JsonInclude]
    public double? PeakNegativeShare { get; internal init; }

    /// <summary>
    /// An estimate of how many people negative posts could have reached: the sum over the incident buckets of the
    /// potential reach times the negative share (follower counts, so the same person may be counted more than once).
    /// </summary>
    [JsonInclude]
    public double NegativeReach { get; internal init; }

    /// <summary>The pre-incident sentiment band and when sentiment got back into it.</summary>
    [JsonInclude]
    public SentimentRecovery SentimentRecovery { get; internal init; } = new(null, null, null, null, null);

    /// <summary>The terms that were bursting (from the candidate).</summary>
    [JsonInclude]
    public IReadOnlyList<string> TopTerms { get; internal init; } = [];

    /// <summary>The most-followed negative authors (from the candidate: its top negative author, if any).</summary>
    [JsonInclude]
    public IReadOnlyList<string> TopAuthors { get; internal init; } = [];

    /// <summary>What went well and what should improve, in rule order.</summary>
    [JsonInclude]
    public IReadOnlyList<EvaluationFinding> Findings { get; internal set; } = [];
}

/// <summary>Where an incident's onset came from.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OnsetSource>))]
public enum OnsetSource
{
    /// <summary>Given with the input (a simulation's ground truth or a reviewer's finding).</summary>
    [JsonStringEnumMemberName("ground-truth")]
    GroundTruth = 0,

    /// <summary>The first bucket above the pre-incident baseline.</summary>
    [JsonStringEnumMemberName("baseline")]
    Baseline = 1,

    /// <summary>No bucket was above the baseline (or there was too little data before the incident): the candidate's first signal.</summary>
    [JsonStringEnumMemberName("first-signal")]
    FirstSignal = 2,
}

/// <summary>The names of deadlines, as the escalation engine records them.</summary>
public static class DeadlineNames
{
    /// <summary>Acknowledge within the protocol's time, counted from the opening.</summary>
    public const string Acknowledge = "acknowledge";

    /// <summary>Publish the first statement within the protocol's time, counted from the opening.</summary>
    public const string FirstResponse = "first-response";

    /// <summary>Publish the next statement within the protocol's cadence, counted from each statement.</summary>
    public const string Update = "update";
}

/// <summary>One deadline and how it went.</summary>
/// <param name="Name">Which deadline: one of <see cref="DeadlineNames"/> (an incident has one <c>update</c> per statement whose next update fell due).</param>
/// <param name="Due">When it was due.</param>
/// <param name="MetAt">When the action it asks for was taken (on time or late), or <see langword="null"/> if it never was.</param>
/// <param name="Met">Whether the action was taken by <see cref="Due"/>.</param>
/// <param name="Margin"><see cref="Due"/> minus <see cref="MetAt"/>: positive when early, negative when late; <see langword="null"/> when the action was never taken.</param>
public sealed record DeadlineOutcome(string Name, DateTimeOffset Due, DateTimeOffset? MetAt, bool Met, TimeSpan? Margin);

/// <summary>How the subject's sentiment came back after the peak.</summary>
/// <param name="BaselineMean">The mean of the bucket means over the 24 hours before the onset (buckets with at least three mentions), or <see langword="null"/> with too few such buckets.</param>
/// <param name="BandLow">The band's lower edge: the mean less two standard deviations of the bucket means (at least 0.05 away).</param>
/// <param name="BandHigh">The band's upper edge.</param>
/// <param name="RecoveredAt">The start of the first clock hour after the peak hour from which the hourly mean sentiment stays inside the band for two consecutive hours, or <see langword="null"/> if it did not within the data.</param>
/// <param name="RecoveryTime">From the onset to <see cref="RecoveredAt"/>.</param>
public sealed record SentimentRecovery(double? BaselineMean, double? BandLow, double? BandHigh, DateTimeOffset? RecoveredAt, TimeSpan? RecoveryTime)
{
    /// <summary>Whether sentiment got back inside the band within the data.</summary>
    public bool Recovered => RecoveredAt is not null;
}

/// <summary>Whether a finding is something that went well or something to improve.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FindingKind>))]
public enum FindingKind
{
    /// <summary>Something that went well.</summary>
    WentWell = 0,

    /// <summary>Something to improve.</summary>
    ToImprove = 1,
}

/// <summary>One finding of an evaluation.</summary>
/// <param name="kind">Went well or to improve.</param>
/// <param name="code">A stable code, for example <c>acknowledge-missed</c> (see <see cref="FindingCode"/>).</param>
/// <param name="text">The finding in words and numbers.</param>
public sealed class EvaluationFinding(FindingKind kind, FindingCode code, string text)
{
    /// <summary>Went well or to improve.</summary>
    public FindingKind Kind { get; } = kind;

    /// <summary>A stable code, for example <c>acknowledge-missed</c> (see <see cref="FindingCode"/>).</summary>
    public FindingCode Code { get; } = code;

    /// <summary>The finding in words and numbers.</summary>
    public string Text { get; } = text;
}

/// <summary>The codes of the findings <see cref="DefaultPostIncidentEvaluator"/> produces.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FindingCode>))]
public enum FindingCode
{
    /// <summary>Detected within 15 minutes of the onset.</summary>
    [JsonStringEnumMemberName("detected-quickly")]
    DetectedQuickly = 0,

    /// <summary>Detected more than 30 minutes after the onset.</summary>
    [JsonStringEnumMemberName("detected-slowly")]
    DetectedSlowly = 1,

    /// <summary>Acknowledged by the deadline.</summary>
    [JsonStringEnumMemberName("acknowledged-in-time")]
    AcknowledgedInTime = 2,

    /// <summary>Acknowledged late, or not at all.</summary>
    [JsonStringEnumMemberName("acknowledge-missed")]
    AcknowledgeMissed = 3,

    /// <summary>First statement by the deadline.</summary>
    [JsonStringEnumMemberName("first-response-in-time")]
    FirstResponseInTime = 4,

    /// <summary>First statement late, or not at all.</summary>
    [JsonStringEnumMemberName("first-response-missed")]
    FirstResponseMissed = 5,

    /// <summary>Every update that fell due was published in time.</summary>
    [JsonStringEnumMemberName("updates-kept")]
    UpdatesKept = 6,

    /// <summary>Some updates were late or missing.</summary>
    [JsonStringEnumMemberName("updates-missed")]
    UpdatesMissed = 7,

    /// <summary>The first escalation step's people acknowledged.</summary>
    [JsonStringEnumMemberName("first-step-acknowledged")]
    FirstStepAcknowledged = 8,

    /// <summary>The chain had to go past its first step.</summary>
    [JsonStringEnumMemberName("escalation-needed")]
    EscalationNeeded = 9,

    /// <summary>Notification attempts failed.</summary>
    [JsonStringEnumMemberName("notifications-failed")]
    NotificationsFailed = 10,

    /// <summary>Sentiment got back inside the pre-incident band.</summary>
    [JsonStringEnumMemberName("sentiment-recovered")]
    SentimentRecovered = 11,

    /// <summary>Sentiment did not get back inside the pre-incident band within the data.</summary>
    [JsonStringEnumMemberName("sentiment-not-recovered")]
    SentimentNotRecovered = 12,

    /// <summary>No public statement was published (incidents not dismissed).</summary>
    [JsonStringEnumMemberName("no-statement")]
    NoStatement = 13,
}
