namespace CrisisKit.Hosting;

/// <summary>
/// Receives each closed incident's post-incident report (<see cref="PostIncidentReporter"/>): writes it to files, posts it
/// to a chat room, files it in a ticket system. Register sinks with <c>AddIncidentReportSink</c>; the CrisisKit.Reports
/// package provides one that writes JSON, Markdown and HTML files (<c>AddReportFiles</c>). A sink that throws is
/// logged; the other sinks still get the report.
/// </summary>
public interface IIncidentReportSink
{
    /// <summary>Takes one report.</summary>
    /// <param name="report">The incident, its evaluation and the subject's buckets around it.</param>
    /// <param name="cancellationToken">Cancelled when the host stops in a hurry.</param>
    /// <returns>A task that completes when the report is written.</returns>
    Task WriteAsync(PostIncidentReport report, CancellationToken cancellationToken);
}
