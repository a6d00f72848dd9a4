namespace CrisisKit.Correlation;

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
