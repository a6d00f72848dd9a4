using CrisisKit.Detection;
using CrisisKit.Escalation;
using CrisisKit.Evaluation;
using CrisisKit.Incidents;
using CrisisKit.Monitoring;
using CrisisKit.Reports;
using CrisisKit.Simulation;
using CrisisKit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisKit.Hosting.Tests;

public sealed class PostIncidentStageTests
{
    private sealed class RecordingSink : IIncidentReportSink
    {
        public List<PostIncidentReport> Reports { get; } = [];

        public Task WriteAsync(EvaluationInput input, IncidentEvaluation evaluation, CancellationToken cancellationToken)
        {
            lock (Reports)
            {
                Reports.Add(new PostIncidentReport(input.Incident, evaluation, input.Buckets, input.Protocol));
            }

            return Task.CompletedTask;
        }
    }

    private sealed class BrokenSink : IIncidentReportSink
    {
        public Task WriteAsync(EvaluationInput input, IncidentEvaluation evaluation, CancellationToken cancellationToken) => throw new IOException("share is offline");
    }

    [Fact]
    public async Task A_resolved_incident_gets_its_series_at_the_configured_bucket_size_an_evaluation_and_every_sink_even_after_one_fails()
    {
        var sink = new RecordingSink();
        var folder = Directory.CreateTempSubdirectory("crisiskit-reports-");
        try
        {
            await using var host = TestHost.Create(
                kit => kit.AddProtocols([.. SampleProtocols.Sources])
                    .AddNotificationChannel(new InMemoryNotificationChannel("webhook"))
                    .AddNotificationChannel(new InMemoryNotificationChannel("console"))
                    .AddIncidentReportSink(new BrokenSink())
                    .AddIncidentReportSink(sink)
                    .AddReportFiles(folder.FullName),
                services: s => s.Configure<DetectionOptions>(o => o.BucketSize = TimeSpan.FromMinutes(10)));
            var monitor = host.Services.GetRequiredService<ICrisisMonitor>();
            var mentions = host.Services.GetRequiredService<MonitorEventHub>();
            foreach (var i in Enumerable.Range(0, 40))
            {
                monitor.Ingest(TestHost.Mention(i, TestHost.T0.AddMinutes(i)));
            }

            monitor.AdvanceTo(host.Time.GetUtcNow());
            await host.Host.StartAsync();
            var engine = host.Services.GetRequiredService<IEscalationEngine>();
            var store = host.Services.GetRequiredService<IIncidentStore>();
            mentions.Publish(new CrisisCandidateOpened(host.Time.GetUtcNow(), new CandidateBuilder(host.Time.GetUtcNow().AddMinutes(-5)).ForSubject("acme").WithId("acme-1").WithCritic("critic", 20_000).Build()));
            await host.WaitUntilAsync(() => engine.OpenIncidents.Count == 1);
            var incident = engine.OpenIncidents[0];
            host.Time.Advance(TimeSpan.FromMinutes(12));
            await engine.AcknowledgeAsync(incident.Id, "duty-moderator");
            host.Time.Advance(TimeSpan.FromMinutes(50));
            await engine.PublishStatementAsync(incident.Id, "social-lead", "en", "x", "We are looking into it and will update here by 18:00.");
            host.Time.Advance(TimeSpan.FromHours(2));
            await engine.ChangeStatusAsync(incident.Id, "social-lead", IncidentStatus.Resolved);

            await host.WaitUntilAsync(() => sink.Reports.Count == 1);
            var report = sink.Reports[0];
            report.Incident.Id.Should().Be(incident.Id);
            var series = report.Incident.Timeline.OfType<IncidentSeriesRecorded>().Should().ContainSingle().Subject;
            series.BucketSize.Should().Be(TimeSpan.FromMinutes(10), "the series is recorded with the monitor's bucket size");
            series.Mentions.Sum().Should().Be(40);
            report.Evaluation.TimeToAcknowledge.Should().Be(TimeSpan.FromMinutes(12));
            report.Protocol!.Id.Should().Be(report.Incident.ProtocolId);
            (await store.GetAsync(incident.Id))!.Timeline.OfType<IncidentSeriesRecorded>().Should().ContainSingle("the series is on the stored timeline");
            host.Logs.GetSnapshot().Should().Contain(r => r.Id.Name == "ReportSinkFailed" && r.Message.Contains(nameof(BrokenSink), StringComparison.Ordinal));
            await host.WaitUntilAsync(() => File.Exists(Path.Combine(folder.FullName, incident.Id + ".html")));
            File.Exists(Path.Combine(folder.FullName, incident.Id + ".json")).Should().BeTrue();
            File.Exists(Path.Combine(folder.FullName, incident.Id + ".md")).Should().BeTrue();
            File.Exists(Path.Combine(folder.FullName, incident.Id + ".html")).Should().BeTrue();
            await host.Host.StopAsync();
            sink.Reports.Should().HaveCount(1, "an incident is reported once");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task An_incident_closed_just_before_the_stop_is_still_reported()
    {
        var sink = new RecordingSink();
        await using var host = TestHost.Create(kit => kit.AddProtocols([.. SampleProtocols.Sources])
            .AddNotificationChannel(new InMemoryNotificationChannel("webhook"))
            .AddNotificationChannel(new InMemoryNotificationChannel("console"))
            .AddIncidentReportSink(sink));
        await host.Host.StartAsync();
        var engine = host.Services.GetRequiredService<IEscalationEngine>();
        var incident = await engine.OpenAsync(new CandidateBuilder(host.Time.GetUtcNow().AddMinutes(-5)).ForSubject("acme").WithId("acme-2").Build());
        await engine.ChangeStatusAsync(incident.Id, "social-lead", IncidentStatus.Dismissed, "a competitor's campaign, not about us");

        await host.Host.StopAsync();

        sink.Reports.Should().ContainSingle().Which.Incident.Status.Should().Be(IncidentStatus.Dismissed);
    }
}
