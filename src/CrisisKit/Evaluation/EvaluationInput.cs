using CrisisKit.Aggregation;
using CrisisKit.Correlation;
using CrisisKit.Detection;
using CrisisKit.Incidents;
using CrisisKit.Protocols;

namespace CrisisKit.Evaluation;

/// <summary>What a post-incident evaluation looks at.</summary>
/// <param name="Incident">The incident, as its timeline makes it.</param>
/// <param name="Protocol">The protocol that was in force (its deadlines are checked), or <see langword="null"/> when none applied.</param>
/// <param name="Buckets">The subject's buckets, oldest first, covering the day before the incident, the incident and the time after it.</param>
/// <param name="GroundTruthOnset">When the crisis really began, when known (a simulation's ground truth or a reviewer's finding); otherwise the onset is estimated from the buckets.</param>
/// <param name="Candidate">The crisis candidate the incident came from, for its top terms and top negative author.</param>
public sealed record EvaluationInput(
    Incident Incident,
    ResponseProtocol? Protocol,
    IReadOnlyList<MentionBucket> Buckets,
    DateTimeOffset? GroundTruthOnset = null,
    CrisisCandidate? Candidate = null)
{
    /// <summary>The length of one bucket. Default 5 minutes, as <see cref="DetectionOptions.BucketSize"/>.</summary>
    public TimeSpan BucketSize { get; init; } = TimeSpan.FromMinutes(5);
}
