namespace CrisisKit.Detection;

/// <summary>Whether a crisis candidate is still collecting signals.</summary>
public enum CandidateStatus
{
    /// <summary>Signals are still joining it.</summary>
    Open = 0,

    /// <summary>It has been quiet for <see cref="DetectionOptions.QuietPeriod"/>.</summary>
    Closed = 1,
}

/// <summary>One detector's part in a candidate: why it fired, and at which bucket it fired strongest.</summary>
/// <param name="Detector">The detector's name.</param>
/// <param name="BucketStart">The bucket where its contribution peaked.</param>
/// <param name="Contribution">Its contribution to the crisis score there, from 0 to 1.</param>
/// <param name="Reason">Its reason there, in words and numbers.</param>
public sealed record CandidateReason(string Detector, DateTimeOffset BucketStart, double Contribution, string Reason);

/// <summary>
/// A possible crisis for one subject: the raised signals that joined together (one candidate, not an alert per
/// bucket), with when it started, how strong it got, which detectors took part and why, and the terms that
/// were bursting. Immutable: each change is a new instance, reported through the monitor's events.
/// </summary>
public sealed record CrisisCandidate
{
    /// <summary>A stable id: the subject's id and the first signal's bucket start.</summary>
    public required string Id { get; init; }

    /// <summary>The subject's id.</summary>
    public required string SubjectId { get; init; }

    /// <summary>Open or closed.</summary>
    public CandidateStatus Status { get; init; }

    /// <summary>The start of the first bucket that raised a signal.</summary>
    public DateTimeOffset FirstSignalAt { get; init; }

    /// <summary>The start of the latest bucket that raised a signal.</summary>
    public DateTimeOffset LastSignalAt { get; init; }

    /// <summary>The start of the bucket with the highest crisis score.</summary>
    public DateTimeOffset PeakAt { get; init; }

    /// <summary>The highest crisis score, from 0 to 1.</summary>
    public double PeakScore { get; init; }

    /// <summary>How many buckets raised a signal.</summary>
    public int SignalCount { get; init; }

    /// <summary>The detectors that contributed, strongest first, each with its strongest reason.</summary>
    public IReadOnlyList<CandidateReason> Reasons { get; init; } = [];

    /// <summary>The names of the contributing detectors, strongest first.</summary>
    public IEnumerable<string> Detectors => Reasons.Select(r => r.Detector);

    /// <summary>The terms and hashtags that were bursting, most often seen first (at most ten).</summary>
    public IReadOnlyList<string> TopTerms { get; init; } = [];

    /// <summary>When it closed, if it has.</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>How many times it was reopened by a signal during its cool-down.</summary>
    public int Reopened { get; init; }

    /// <summary>What the buckets that raised signals added up to, for judging severity.</summary>
    public CandidateMetrics Metrics { get; init; } = new();
}

/// <summary>Figures of a candidate's signal buckets, for judging how bad it is.</summary>
public sealed record CandidateMetrics
{
    /// <summary>Mentions in the signal buckets.</summary>
    public long Mentions { get; init; }

    /// <summary>Negative mentions in the signal buckets.</summary>
    public long NegativeMentions { get; init; }

    /// <summary>The most mentions in one signal bucket.</summary>
    public int PeakMentions { get; init; }

    /// <summary>The mentions the volume detector expected for that busiest bucket.</summary>
    public double ExpectedMentions { get; init; }

    /// <summary>The highest negative share of a signal bucket with at least five mentions (or of any bucket, if none had five).</summary>
    public double PeakNegativeShare { get; init; }

    /// <summary>The negative share usual for the subject before the candidate.</summary>
    public double UsualNegativeShare { get; init; }

    /// <summary>The sum of the followers of the signal buckets' authors (potential reach).</summary>
    public double PotentialReach { get; init; }

    /// <summary>The most followers of an author of a negative mention in the signal buckets.</summary>
    public long TopNegativeAuthorFollowers { get; init; }

    /// <summary>That author's handle, if any.</summary>
    public string? TopNegativeAuthor { get; init; }

    /// <summary>The most shares, quotes and replies in one signal bucket.</summary>
    public int PeakSpread { get; init; }

    /// <summary>The shares, quotes and replies usual for one bucket before the candidate.</summary>
    public double UsualSpread { get; init; }

    /// <summary>The platforms the signal buckets' mentions came from.</summary>
    public IReadOnlyList<string> Platforms { get; init; } = [];

    /// <summary>The crisis category with the most evidence, if the category detector contributed.</summary>
    public CrisisKit.Categories.CrisisCategory? Category { get; init; }

    /// <summary>The ratio of <see cref="PeakMentions"/> to <see cref="ExpectedMentions"/> (with one mention added to both).</summary>
    public double VolumeRatio => (PeakMentions + 1.0) / (ExpectedMentions + 1.0);
}
