using CrisisKit.Evaluation;
using CrisisKit.Reports;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Writes post-incident reports to files.</summary>
public static class ReportsCrisisKitBuilderExtensions
{
    /// <summary>
    /// Writes every closed incident's post-incident report into <paramref name="directory"/> as JSON, Markdown and HTML
    /// (<see cref="ReportFileSink"/>); the hosted pipeline (CrisisKit.Hosting) calls it when an incident is resolved or dismissed.
    /// </summary>
    /// <param name="builder">The CrisisKit builder.</param>
    /// <param name="directory">The folder.</param>
    /// <param name="language">The reports' language, <c>en</c> or <c>el</c>.</param>
    /// <returns>The builder.</returns>
    public static CrisisKitBuilder AddReportFiles(this CrisisKitBuilder builder, string directory, string language = "en")
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IIncidentReportSink>(new ReportFileSink(directory, language));
        return builder;
    }
}
