namespace CrisisKit.Evaluation;

/// <summary>
/// Receives each closed incident's post-incident evaluation: writes a report to files, posts it to a chat room, files a
/// ticket. The post-incident stage of CrisisKit.Hosting calls every registered sink when an incident is resolved or
/// dismissed; CrisisKit.Reports provides one that writes JSON, Markdown and HTML (<c>AddReportFiles</c>). Register your
/// own as a singleton <see cref="IIncidentReportSink"/>. A sink that throws is logged; the other sinks still run.
/// </summary>
public interface IIncidentReportSink
{
    /// <summary>Takes one evaluated incident.</summary>
    /// <param name="input">What was evaluated: the incident (with its series recorded), its protocol, the subject's buckets and the bucket size.</param>
    /// <param name="evaluation">The evaluation.</param>
    /// <param name="cancellationToken">Cancelled when the host stops in a hurry.</param>
    /// <returns>A task that completes when the report is written.</returns>
    Task WriteAsync(EvaluationInput input, IncidentEvaluation evaluation, CancellationToken cancellationToken);
}
