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
/// <param name="Outcome">What happened.</param>
/// <param name="MatchedSubjects">How many subjects it concerns.</param>
/// <param name="IsLate">Whether it arrived late (see <see cref="ICrisisMonitor"/>); it was processed all the same.</param>
public readonly record struct IngestResult(IngestOutcome Outcome, int MatchedSubjects, bool IsLate);
