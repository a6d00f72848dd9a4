using CrisisKit.Aggregation;
using CrisisKit.Correlation;
using CrisisKit.Detection;
using CrisisKit.Incidents;
using CrisisKit.Protocols;

namespace CrisisKit.Evaluation;

/// <summary>What a post-incident evaluation looks at.</summary>
/// <param name="incident">The incident, as its timeline makes it.</param>
/// <param name="protocol">The protocol that was in force (its deadlines are checked), or <see langword="null"/> when none applied.</param>
/// <param name="buckets">The subject's buckets, oldest first, covering the day before the incident, the incident and the time after it.</param>
/// <param name="groundTruthOnset">When the crisis really began, when known (a simulation's ground truth or a reviewer's finding); otherwise the onset is estimated from the buckets.</param>
/// <param name="candidate">The crisis candidate the incident came from, for its top terms and top negative author.</param>
public sealed class EvaluationInput(Incident incident, ResponseProtocol? protocol, IReadOnlyList<MentionBucket> buckets, DateTimeOffset? groundTruthOnset = null, CrisisCandidate? candidate = null)
{
    /// <summary>The incident, as its timeline makes it.</summary>
    public Incident Incident { get; } = incident;

    /// <summary>The protocol that was in force (its deadlines are checked), or <see langword="null"/> when none applied.</summary>
    public ResponseProtocol? Protocol { get; } = protocol;

    /// <summary>The subject's buckets, oldest first, covering the day before the incident, the incident and the time after it.</summary>
    public IReadOnlyList<MentionBucket> Buckets { get; } = buckets;

    /// <summary>When the crisis really began, when known (a simulation's ground truth or a reviewer's finding); otherwise the onset is estimated from the buckets.</summary>
    public DateTimeOffset? GroundTruthOnset { get; } = groundTruthOnset;

    /// <summary>The crisis candidate the incident came from, for its top terms and top negative author.</summary>
    public CrisisCandidate? Candidate { get; } = candidate;

    /// <summary>
    /// The length of one bucket: set it from the monitor's <see cref="DetectionOptions.BucketSize"/> (the post-incident
    /// stage of CrisisKit.Hosting does). When not set, the bucket size of the series recorded on the incident's timeline
    /// (<see cref="IncidentSeriesRecorded"/>), else the default of <see cref="DetectionOptions.BucketSize"/>.
    /// </summary>
    public TimeSpan BucketSize { get; init; } = incident?.Timeline.OfType<IncidentSeriesRecorded>().LastOrDefault()?.BucketSize ?? new DetectionOptions().BucketSize;
}
