namespace CrisisKit.Correlation;

/// <summary>One detector's part in a candidate: why it fired, and at which bucket it fired strongest.</summary>
/// <param name="Detector">The detector's name.</param>
/// <param name="BucketStart">The bucket where its contribution peaked.</param>
/// <param name="Contribution">Its contribution to the crisis score there, from 0 to 1.</param>
/// <param name="Reason">Its reason there, in words and numbers.</param>
public sealed record CandidateReason(string Detector, DateTimeOffset BucketStart, double Contribution, string Reason);
