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
    private static readonly DateTimeOffset T0 = new(2026, 3, 3, 14, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("crisiskit-report-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>A day of buckets with a burst at T0, and an incident run through the real engine: acknowledged, answered, resolved.</summary>
    private static async Task<(Incident Incident, IncidentEvaluation Evaluation, IReadOnlyList<MentionBucket> Buckets)> Story()
    {
        var time = new FakeTimeProvider(T0);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddCrisisKit()
            .AddProtocols([.. SampleProtocols.Sources])
            .AddNotificationChannel(new InMemoryNotificationChannel("webhook"))
            .AddNotificationChannel(new InMemoryNotificationChannel("console"));
        using var provider = services.BuildServiceProvider();
        var engine = provider.GetRequiredService<IEscalationEngine>();
        var protocols = provider.GetRequiredService<ProtocolSet>();
        var incident = await engine.OpenAsync(new CandidateBuilder(T0.AddMinutes(-5)).WithId("veltro-20260303T1355").WithCritic("critic", 20_000).Build(), "Veltro");
        time.Advance(TimeSpan.FromMinutes(12));
        await engine.RunDueAsync();
        await engine.AcknowledgeAsync(incident.Id, "duty-moderator");
        time.Advance(TimeSpan.FromMinutes(50));
        await engine.PublishStatementAsync(incident.Id, "social-lead", "en", "x", "We are looking into it and will update here by 18:00.");
        time.Advance(TimeSpan.FromHours(5));
        incident = await engine.ChangeStatusAsync(incident.Id, "social-lead", IncidentStatus.Resolved);

        var buckets = new List<MentionBucket>();
        for (var t = T0.AddHours(-30); t < T0.AddHours(12); t += TimeSpan.FromMinutes(5))
        {
            var burst = t >= T0.AddMinutes(-5) && t < T0.AddHours(3);
            var mentions = burst ? 60 : 12;
            var negative = burst ? 30 : 1;
            buckets.Add(new MentionBucket(t, mentions, negative, burst ? -18 : 1.2, 5_000 * mentions, mentions, 0, 0));
        }

        var evaluation = new DefaultPostIncidentEvaluator().Evaluate(new EvaluationInput(incident, protocols.Find(incident.ProtocolId), buckets, T0.AddMinutes(-5)));
        return (incident, evaluation, buckets);
    }

    [Fact]
    public async Task The_json_has_the_documented_shape()
    {
        var (incident, evaluation, buckets) = await Story();

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
        var (incident, evaluation, buckets) = await Story();

        var markdown = IncidentReportWriter.ToMarkdown(IncidentReport.Build(incident, evaluation, buckets));

        markdown.Should().StartWith($"# Post-incident report: Veltro — {incident.Id}")
            .And.Contain("| Time to acknowledge | 12m 00s |")
            .And.Contain("## Findings")
            .And.Contain("acknowledged: duty-moderator");
    }

    [Fact]
    public async Task Greek_reports_have_greek_labels()
    {
        var (incident, evaluation, buckets) = await Story();

        var html = IncidentReportWriter.ToHtml(IncidentReport.Build(incident, evaluation, buckets, "el"));

        html.Should().Contain("<html lang=\"el\">").And.Contain("Αναφορά μετά το περιστατικό").And.Contain("Εντοπισμός").And.Contain("Πρώτη απάντηση");
        var act = () => IncidentReport.Build(incident, evaluation, buckets, "fr");
        act.Should().Throw<ArgumentException>().WithMessage("Reports are written in 'en' or 'el'*");
    }

    [Fact]
    public async Task The_page_is_self_contained()
    {
        var (incident, evaluation, buckets) = await Story();

        var html = IncidentReportWriter.ToHtml(IncidentReport.Build(incident, evaluation, buckets));

        html.Should().NotContain("<script src").And.NotContain("<link").And.NotContain("@import").And.NotContain("url(");
        html.Should().Contain("<svg id=\"volume-chart\"").And.Contain("<svg id=\"sentiment-chart\"").And.Contain("<svg id=\"escalation-chart\"");
    }

    [SkippableFact]
    public async Task The_page_loads_in_a_real_browser_without_errors_and_every_marker_renders()
    {
        const string Chromium = "/usr/bin/chromium";
        Skip.IfNot(File.Exists(Chromium), "Chromium is not installed here (.ci/run installs Debian's chromium package).");
        var (incident, evaluation, buckets) = await Story();
        var page = IncidentReportWriter.WriteAll(IncidentReport.Build(incident, evaluation, buckets), _directory);

        var start = new ProcessStartInfo(Chromium)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList =
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", $"--user-data-dir={Path.Combine(_directory, "profile")}", "--dump-dom", new Uri(page).AbsoluteUri,
            },
        };
        using var browser = Process.Start(start)!;
        var errors = browser.StandardError.ReadToEndAsync();
        var dom = await browser.StandardOutput.ReadToEndAsync();
        await browser.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        await errors;

        browser.ExitCode.Should().Be(0);
        var rendered = System.Text.RegularExpressions.Regex.Match(dom, "data-rendered-markers=\"([^\"]*)\"").Groups[1].Value.Split(' ');
        foreach (var chart in new[] { "volume", "sentiment", "escalation" })
        {
            foreach (var marker in new[] { "onset", "detection", "acknowledged", "first-response", "resolved" })
            {
                rendered.Should().Contain($"{chart}-marker-{marker}");
            }
        }

        dom.Should().Contain("data-errors=\"\"", "the page's script ran without errors");
        dom.Should().Contain("id=\"volume-series\"").And.Contain("id=\"sentiment-series\"");
    }
}
