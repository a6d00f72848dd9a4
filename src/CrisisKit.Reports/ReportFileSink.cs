using CrisisKit.Evaluation;

namespace CrisisKit.Reports;

/// <summary>
/// Writes each post-incident report as <c>&lt;incident&gt;.json</c>, <c>.md</c> and a self-contained <c>.html</c> page
/// into a folder (<see cref="IncidentReportWriter.WriteAll"/>). Register it with <c>AddReportFiles(directory)</c>.
/// </summary>
public sealed class ReportFileSink : IIncidentReportSink
{
    /// <summary>Creates the sink.</summary>
    /// <param name="directory">The folder (created when missing).</param>
    /// <param name="language">The reports' language, <c>en</c> or <c>el</c>.</param>
    /// <exception cref="ArgumentException">The language is neither <c>en</c> nor <c>el</c>.</exception>
    public ReportFileSink(string directory, string language = "en")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (!IncidentReport.Languages.Contains(language))
        {
            throw new ArgumentException($"Reports are written in {string.Join(" or ", IncidentReport.Languages)} (was '{language}').", nameof(language));
        }

        Directory = directory;
        Language = language;
    }

    /// <summary>The folder reports are written into.</summary>
    public string Directory { get; }

    /// <summary>The reports' language.</summary>
    public string Language { get; }

    /// <summary>The HTML page of the latest report written, if any.</summary>
    public string? LastWritten { get; private set; }

    /// <inheritdoc />
    public Task WriteAsync(EvaluationInput input, IncidentEvaluation evaluation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(evaluation);
        cancellationToken.ThrowIfCancellationRequested();
        LastWritten = IncidentReportWriter.WriteAll(IncidentReport.Build(input.Incident, evaluation, input.Buckets, Language), Directory);
        return Task.CompletedTask;
    }
}
