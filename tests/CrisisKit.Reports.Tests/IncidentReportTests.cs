using System.Diagnostics;
using System.Text.Json;
using CrisisKit.Aggregation;
using CrisisKit.Detection;
using CrisisKit.Escalation;
using CrisisKit.Evaluation;
using CrisisKit.Incidents;
using CrisisKit.Protocols;
using CrisisKit.Reports;
using CrisisKit.Simulation;
using CrisisKit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CrisisKit.Tests.Reports;

public sealed class IncidentReportTests : IDisposable
{
    private static readonly DateTimeOffset T0 = ReportStory.T0;
    private readonly string _directory = Directory.CreateTempSubdirectory("crisiskit-report-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task The_json_has_the_documented_shape()
    {
        var (incident, evaluation, buckets) = await ReportStory.BuildAsync();

        using var json = JsonDocument.Parse(IncidentReportWriter.ToJson(IncidentReport.Build(incident, evaluation, buckets)));

        var root = json.RootElement;
        root.GetProperty("incidentId").GetString().Should().Be(incident.Id);
        root.GetProperty("severity").GetString().Should().Be("Moderate");
        root.GetProperty("markers").EnumerateArray().Select(m => m.GetProperty("id").GetString()).Should().Equal("onset", "detection", "acknowledged", "first-response", "resolved");
        root.GetProperty("series").GetArrayLength().Should().Be(buckets.Count);
        root.GetProperty("evaluation").GetProperty("timeToAcknowledge").GetString().Should().Be("00:12:00");
        root.GetProperty("timeline").EnumerateArray().Should().Contain(t => t.GetProperty("kind").GetString() == "statement");
    }

    [Fact]
    public async Task Markdown_lists_times_deadlines_findings_and_the_timeline()
    {
        var (incident, evaluation, buckets) = await ReportStory.BuildAsync();

        var markdown = IncidentReportWriter.ToMarkdown(IncidentReport.Build(incident, evaluation, buckets));

        markdown.Should().StartWith($"# Post-incident report: Veltro — {incident.Id}")
            .And.Contain("| Time to acknowledge | 12m 00s |")
            .And.Contain("## Findings")
            .And.Contain("acknowledged: duty-moderator");
    }

    [Fact]
    public async Task The_severity_factors_say_when_they_were_assessed()
    {
        var (incident, evaluation, buckets) = await ReportStory.BuildAsync();
        var assessedAt = incident.Timeline.OfType<SeverityChanged>().Last().At;

        var report = IncidentReport.Build(incident, evaluation, buckets);

        report.SeverityAssessedAt.Should().Be(assessedAt);
        IncidentReportWriter.ToMarkdown(report).Should().Contain($"**Severity:** Moderate (assessed {assessedAt:yyyy-MM-dd HH:mm} UTC)");
        IncidentReportWriter.ToHtml(report).Should().Contain($"(assessed {assessedAt:yyyy-MM-dd HH:mm} UTC)");
    }

    [Fact]
    public async Task Greek_reports_have_greek_labels()
    {
        var (incident, evaluation, buckets) = await ReportStory.BuildAsync();

        var html = IncidentReportWriter.ToHtml(IncidentReport.Build(incident, evaluation, buckets, "el"));

        html.Should().Contain("<html lang=\"el\">").And.Contain("Αναφορά μετά το περιστατικό").And.Contain("Εντοπισμός").And.Contain("Πρώτη απάντηση");
        var act = () => IncidentReport.Build(incident, evaluation, buckets, "fr");
        act.Should().Throw<ArgumentException>().WithMessage("Reports are written in 'en' or 'el'*");
    }

    [Fact]
    public async Task The_page_is_self_contained()
    {
        var (incident, evaluation, buckets) = await ReportStory.BuildAsync();

        var html = IncidentReportWriter.ToHtml(IncidentReport.Build(incident, evaluation, buckets));

        html.Should().NotContain("<script src").And.NotContain("<link").And.NotContain("@import").And.NotContain("url(");
        html.Should().Contain("<svg id=\"volume-chart\"").And.Contain("<svg id=\"sentiment-chart\"").And.Contain("<svg id=\"escalation-chart\"");
    }

}
