using CrisisKit.Aggregation;
using CrisisKit.Detection;
using CrisisKit.Mentions;
using CrisisKit.Monitoring;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using static CrisisKit.Tests.TestMentions;

namespace CrisisKit.Tests.Diagnostics;

public class CrisisMonitorTelemetryTests
{
    private static readonly MonitoredSubject Acme = new() { Id = "acme", Keywords = ["acme"] };

    private static (Telemetry Telemetry, ICrisisMonitor Monitor) Start(ICrisisDetectorFactory? detectors = null)
    {
        var telemetry = Telemetry.Build(services =>
        {
            services.AddSingleton<TimeProvider>(new FakeTimeProvider(T0.AddHours(1)));
            services.AddCrisisKit(o => o.Subjects.Add(Acme));
            if (detectors is not null)
            {
                services.Configure<DetectionOptions>(o =>
                {
                    o.GracePeriod = TimeSpan.Zero;
                    o.JoinWindow = TimeSpan.FromMinutes(30);
                    o.QuietPeriod = TimeSpan.FromHours(1);
                });
                services.AddSingleton(detectors);
            }
        });
        return (telemetry, telemetry.Provider.GetRequiredService<ICrisisMonitor>());
    }

    [Fact]
    public void Ingesting_mentions_moves_the_mention_counters()
    {
        var (telemetry, monitor) = Start();
        using var _ = telemetry;
        var received = telemetry.Collect<long>("crisiskit.mentions.received");
        var matched = telemetry.Collect<long>("crisiskit.mentions.matched");
        var duplicate = telemetry.Collect<long>("crisiskit.mentions.duplicate");
        var late = telemetry.Collect<long>("crisiskit.mentions.late");
        var malformed = telemetry.Collect<long>("crisiskit.mentions.malformed");
        var byOutcome = telemetry.Collect<long>("crisiskit.monitor.mentions");

        monitor.Ingest(Create("acme", id: "1", at: T0.AddMinutes(30)));
        monitor.Ingest(Create("acme", id: "1", at: T0.AddMinutes(30)));
        monitor.Ingest(Create("acme", id: "2", at: T0));
        monitor.Ingest(Create("nothing to see", id: "3", at: T0.AddMinutes(31)));
        monitor.Ingest(Create("acme", id: "4", at: DateTimeOffset.MinValue));

        Total(received).Should().Be(5);
        Total(matched).Should().Be(2, "the first and the late mention count; the duplicate, the unmatched and the rejected one do not");
        Total(duplicate).Should().Be(1);
        Total(late).Should().Be(1);
        Total(malformed).Should().Be(1);
        byOutcome.GetMeasurementSnapshot().Select(m => (string)m.Tags["outcome"]!).Should().Equal("matched", "duplicate", "matched", "unmatched", "rejected");
        monitor.Statistics.Received.Should().Be(Total(received), "the counters agree with the monitor's statistics");
    }

    [Fact]
    public void Malformed_late_and_duplicate_mentions_are_logged_at_debug_with_their_event_ids()
    {
        var (telemetry, monitor) = Start();
        using var _ = telemetry;

        monitor.Ingest(Create("acme", id: "1", at: T0.AddMinutes(30)));
        monitor.Ingest(Create("acme", id: "1", at: T0.AddMinutes(30)));
        monitor.Ingest(Create("acme", id: "2", at: T0));
        monitor.Ingest(Create("acme", id: "4", at: DateTimeOffset.MinValue));

        telemetry.Ids(LogLevel.Debug).Should().Equal(1003, 1002, 1001);
        telemetry.Records(1003).Single().Message.Should().Be("Mention 1 from x was seen before; ignored as a duplicate");
        telemetry.Records(1002).Single().Message.Should().Be("Mention 2 from x is 00:30:00 behind the newest mention; counted as late");
        telemetry.Records(1001).Single().Message.Should().StartWith("Mention 4 from x rejected as malformed: the timestamp 0001-01-01T00:00:00Z is before the earliest accepted time");
        telemetry.Logs.GetSnapshot().Where(r => r.Level >= LogLevel.Information).Should().BeEmpty("a mention is never worth more than a debug line");
    }

    [Fact]
    public void Candidates_opened_and_closed_are_counted_and_logged_at_information()
    {
        var (telemetry, monitor) = Start(new ScriptedDetector(T0.AddMinutes(10), T0.AddMinutes(15)));
        using var _ = telemetry;
        var opened = telemetry.Collect<long>("crisiskit.candidates.opened");
        var closed = telemetry.Collect<long>("crisiskit.candidates.closed");

        monitor.Ingest(Create("acme", id: "1", at: T0));
        monitor.AdvanceTo(T0.AddMinutes(30));

        Total(opened).Should().Be(1);
        Total(closed).Should().Be(0);
        var candidate = monitor.GetCandidates("acme").Should().ContainSingle().Subject;
        var open = telemetry.Records(1010).Should().ContainSingle().Subject;
        open.Level.Should().Be(LogLevel.Information);
        open.GetStructuredStateValue("CandidateId").Should().Be(candidate.Id);
        open.GetStructuredStateValue("SubjectId").Should().Be("acme");

        monitor.AdvanceTo(T0.AddHours(3));

        Total(closed).Should().Be(1, "an hour without a signal closes the candidate");
        telemetry.Records(1012).Should().ContainSingle().Which.Message.Should().StartWith($"Crisis candidate {candidate.Id} for subject acme closed");
    }

    private static long Total(Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<long> collector) => collector.GetMeasurementSnapshot().Sum(m => m.Value);

    /// <summary>A detector that signals in the buckets it is told.</summary>
    private sealed class ScriptedDetector(params DateTimeOffset[] signalAt) : ICrisisDetector, ICrisisDetectorFactory
    {
        public string Name => "scripted";

        public ICrisisDetector Create(string subjectId) => this;

        public DetectorSignal Evaluate(SubjectSeries series) =>
            signalAt.Contains(series.LatestStart) ? new DetectorSignal(Name, 0.9, "scripted") : new DetectorSignal(Name, 0, null);

        public void SaveState(BinaryWriter writer) => writer.Write(Name);

        public void LoadState(BinaryReader reader) => reader.ReadString();
    }
}
