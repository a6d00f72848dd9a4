namespace CrisisKit.Evaluation;

/// <summary>
/// Evaluates an incident after the fact: how fast it was detected, acknowledged, answered and resolved, which
/// deadlines were kept, how far escalation had to go, how the conversation developed and recovered, and what went
/// well or should improve (see <c>docs/evaluation.md</c>).
/// </summary>
public interface IPostIncidentEvaluator
{
    /// <summary>Evaluates one incident.</summary>
    /// <param name="input">The incident, its protocol and the subject's buckets.</param>
    /// <returns>The evaluation.</returns>
    IncidentEvaluation Evaluate(EvaluationInput input);
}
