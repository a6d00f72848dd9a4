using System.Diagnostics;
using CrisisKit.Reports;
using CrisisKit.Tests.Reports;

namespace CrisisKit.IntegrationTests;

/// <summary>The HTML report opened in a real headless browser (Debian's chromium, which <c>.ci/run</c> installs).</summary>
public sealed class ReportInBrowserTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("crisiskit-browser-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SkippableFact]
    public async Task The_page_loads_in_a_real_browser_without_errors_and_every_marker_renders()
    {
        const string Chromium = "/usr/bin/chromium";
        Skip.IfNot(File.Exists(Chromium), "Chromium is not installed here (.ci/run installs Debian's chromium package).");
        var (incident, evaluation, buckets) = await ReportStory.BuildAsync();
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
