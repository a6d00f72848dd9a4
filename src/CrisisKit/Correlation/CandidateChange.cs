namespace CrisisKit.Correlation;

/// <summary>What happened to a candidate.</summary>
internal enum CandidateChange
{
    Opened,
    Updated,
    Closed,
    Reopened,
}
