namespace CrisisKit.Correlation;

/// <summary>One detector's part in a candidate: why it fired, and at which bucket it fired strongest.</summary>
/// <param name="detector">The detector's name.</param>
/// <param name="bucketStart">The bucket where its contribution peaked.</param>
/// <param name="contribution">Its contribution to the crisis score there, from 0 to 1.</param>
/// <param name="reason">Its reason there, in words and numbers.</param>
public sealed class CandidateReason(string detector, DateTimeOffset bucketStart, double contribution, string reason)
{
    /// <summary>The detector's name.</summary>
    public string Detector { get; } = detector;

    /// <summary>The bucket where its contribution peaked.</summary>
    public DateTimeOffset BucketStart { get; } = bucketStart;

    /// <summary>Its contribution to the crisis score there, from 0 to 1.</summary>
    public double Contribution { get; } = contribution;

    /// <summary>Its reason there, in words and numbers.</summary>
    public string Reason { get; } = reason;
}
