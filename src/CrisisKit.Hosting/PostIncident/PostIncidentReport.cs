using CrisisKit.Aggregation;
using CrisisKit.Evaluation;
using CrisisKit.Incidents;
using CrisisKit.Protocols;

namespace CrisisKit.Hosting;

/// <summary>What the post-incident stage (<see cref="PostIncidentReporter.ReportAsync"/>) produced for one incident.</summary>
/// <param name="incident">The incident as its timeline makes it, with its series recorded.</param>
/// <param name="evaluation">The post-incident evaluation.</param>
/// <param name="buckets">The subject's buckets the evaluation looked at, oldest first.</param>
/// <param name="protocol">The protocol that was in force, or <see langword="null"/> when none applied.</param>
public sealed class PostIncidentReport(Incident incident, IncidentEvaluation evaluation, IReadOnlyList<MentionBucket> buckets, ResponseProtocol? protocol)
{
    /// <summary>The incident as its timeline makes it, with its series recorded.</summary>
    public Incident Incident { get; } = incident;

    /// <summary>The post-incident evaluation.</summary>
    public IncidentEvaluation Evaluation { get; } = evaluation;

    /// <summary>The subject's buckets the evaluation looked at, oldest first.</summary>
    public IReadOnlyList<MentionBucket> Buckets { get; } = buckets;

    /// <summary>The protocol that was in force, or <see langword="null"/> when none applied.</summary>
    public ResponseProtocol? Protocol { get; } = protocol;
}
