namespace CrisisKit.Monitoring;

/// <summary>What happened to a mention given to <see cref="ICrisisMonitor.Ingest"/>.</summary>
public enum IngestOutcome
{
    /// <summary>It concerns one or more subjects and went through the pipeline.</summary>
    Matched = 0,

    /// <summary>It concerns no monitored subject.</summary>
    Unmatched = 1,

    /// <summary>The same platform and id were already accepted; it was ignored.</summary>
    Duplicate = 2,

    /// <summary>
    /// Its timestamp is implausible (before <see cref="CrisisKitOptions.EarliestMentionTime"/>, or more than
    /// <see cref="CrisisKitOptions.MaxFutureSkew"/> ahead of the monitor's clock); it was counted, reported as
    /// <see cref="MentionRejected"/> and went no further.
    /// </summary>
    Rejected = 3,
}

/// <summary>The result of <see cref="ICrisisMonitor.Ingest"/>.</summary>
/// <param name="outcome">What happened.</param>
/// <param name="matchedSubjects">How many subjects it concerns.</param>
/// <param name="isLate">Whether it arrived late (see <see cref="ICrisisMonitor"/>); it was processed all the same.</param>
public readonly struct IngestResult(IngestOutcome outcome, int matchedSubjects, bool isLate)
{
    /// <summary>What happened.</summary>
    public IngestOutcome Outcome { get; } = outcome;

    /// <summary>How many subjects it concerns.</summary>
    public int MatchedSubjects { get; } = matchedSubjects;

    /// <summary>Whether it arrived late (see <see cref="ICrisisMonitor"/>); it was processed all the same.</summary>
    public bool IsLate { get; } = isLate;
}
