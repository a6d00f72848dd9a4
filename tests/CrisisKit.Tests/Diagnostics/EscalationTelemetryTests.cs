using System.Diagnostics;
using CrisisKit.Escalation;
using CrisisKit.Incidents;
using CrisisKit.Simulation;
using CrisisKit.Tests.Escalation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace CrisisKit.Tests.Diagnostics;

public class EscalationTelemetryTests
{
    internal static readonly DateTimeOffset T0 = EscalationEngineTests.T0;

    private readonly FakeTimeProvider _time = new(T0);
    private readonly InMemoryNotificationChannel _webhook = new("webhook");
    private readonly InMemoryNotificationChannel _console = new("console");

    private (Telemetry Telemetry, IEscalationEngine Engine) Start(INotificationChannel? webhook = null, int maxAttempts = 5)
    {
        var telemetry = Telemetry.Build(services =>
        {
            services.AddSingleton<TimeProvider>(_time);
            services.AddCrisisKit()
                .AddProtocols([.. SampleProtocols.Sources])
                .AddNotificationChannel(webhook ?? _webhook)
                .AddNotificationChannel(_console);
            services.Configure<EscalationOptions>(o => o.MaxAttempts = maxAttempts);
        });
        return (telemetry, telemetry.Provider.GetRequiredService<IEscalationEngine>());
    }

    [Fact]
    public async Task Opening_an_incident_counts_it_and_its_notifications_and_logs_each_step()
    {
        var (telemetry, engine) = Start();
        using var _ = telemetry;
        var opened = telemetry.Collect<long>("crisiskit.incidents.opened");
        var sent = telemetry.Collect<long>("crisiskit.notifications.sent");
        var open = telemetry.Collect<int>("crisiskit.incidents.open");

        var incident = await engine.OpenAsync(EscalationEngineTests.Candidate(id: "veltro-open"), "Veltro");

        opened.GetMeasurementSnapshot().Should().ContainSingle().Which.Tags["severity"].Should().Be("moderate");
        sent.GetMeasurementSnapshot().Select(m => ((string)m.Tags["channel"]!, (string)m.Tags["kind"]!, m.Value)).Should().BeEquivalentTo(
            [("webhook", "escalation", 1L), ("console", "escalation", 1L)], "one per notification a channel took");
        open.RecordObservableInstruments();
        open.LastMeasurement!.Value.Should().Be(1);
        telemetry.Ids(LogLevel.Information).Should().Equal(2001, 2002, 2003, 2005, 2005);
        telemetry.Records(2001).Single().Message.Should().Be("Incident veltro-open opened for Veltro (veltro) at severity Moderate");
        telemetry.Records(2003).Single().GetStructuredStateValue("ProtocolId").Should().Be(incident.ProtocolId);
        telemetry.Records(2005).Select(r => r.GetStructuredStateValue("Channel")).Should().BeEquivalentTo(["webhook", "console"]);
    }

    [Fact]
    public async Task Send_latency_is_measured_around_each_send()
    {
        var slow = new SlowChannel("webhook", _time, TimeSpan.FromMilliseconds(250));
        var (telemetry, engine) = Start(slow);
        using var _ = telemetry;
        var duration = telemetry.Collect<double>("crisiskit.notification.duration");

        await engine.OpenAsync(EscalationEngineTests.Candidate(id: "veltro-latency"));

        duration.GetMeasurementSnapshot().Select(m => ((string)m.Tags["channel"]!, (string)m.Tags["outcome"]!, m.Value)).Should().BeEquivalentTo(
            [("webhook", "sent", 250.0), ("console", "sent", 0.0)]);
    }

    [Fact]
    public async Task A_failing_channel_is_counted_and_logged_as_a_warning_then_as_an_error_on_the_last_attempt()
    {
        _webhook.FailNext(2, "HTTP 503");
        var (telemetry, engine) = Start(maxAttempts: 2);
        using var _ = telemetry;
        var failed = telemetry.Collect<long>("crisiskit.notifications.failed");
        var duration = telemetry.Collect<double>("crisiskit.notification.duration");

        await engine.OpenAsync(EscalationEngineTests.Candidate(id: "veltro-failing"));
        _time.Advance(TimeSpan.FromSeconds(30));
        await engine.RunDueAsync();

        failed.GetMeasurementSnapshot().Select(m => ((string)m.Tags["channel"]!, (string)m.Tags["kind"]!, m.Value)).Should().Equal(
            ("webhook", "escalation", 1L), ("webhook", "escalation", 1L));
        duration.GetMeasurementSnapshot().Count(m => (string)m.Tags["outcome"]! == "failed").Should().Be(2);
        var warning = telemetry.Records(2006).Should().ContainSingle().Subject;
        warning.Level.Should().Be(LogLevel.Warning);
        warning.Exception!.Message.Should().Be("The webhook channel failed: HTTP 503");
        warning.Message.Should().Be($"Sending escalation notification for incident veltro-failing to duty-moderator through webhook failed (attempt 1); retrying at {T0.AddSeconds(30):u}");
        var error = telemetry.Records(2007).Should().ContainSingle().Subject;
        error.Level.Should().Be(LogLevel.Error);
        error.GetStructuredStateValue("Attempt").Should().Be("2");
    }

    [Fact]
    public async Task A_breached_deadline_is_counted_and_logged_as_a_warning()
    {
        var (telemetry, engine) = Start();
        using var _ = telemetry;
        var breached = telemetry.Collect<long>("crisiskit.deadlines.breached");

        await engine.OpenAsync(EscalationEngineTests.Candidate(id: "veltro-breach"));
        _time.Advance(TimeSpan.FromMinutes(45));
        await engine.RunDueAsync();
        breached.GetMeasurementSnapshot().Should().BeEmpty("the reminder comes first");
        telemetry.Records(2012).Should().ContainSingle().Which.GetStructuredStateValue("Deadline").Should().Be("acknowledge");

        _time.Advance(TimeSpan.FromMinutes(15));
        await engine.RunDueAsync();

        breached.GetMeasurementSnapshot().Should().ContainSingle().Which.Tags["deadline"].Should().Be("acknowledge");
        var warning = telemetry.Records(2008).Should().ContainSingle().Subject;
        warning.Level.Should().Be(LogLevel.Warning);
        warning.Message.Should().Be($"Incident veltro-breach missed its acknowledge deadline, due {T0.AddHours(1):u}");
    }

    [Fact]
    public async Task Acknowledging_records_the_time_to_acknowledge_and_resolving_closes_the_incident()
    {
        var (telemetry, engine) = Start();
        using var _ = telemetry;
        var toAcknowledge = telemetry.Collect<double>("crisiskit.incident.time_to_acknowledge");
        var closed = telemetry.Collect<long>("crisiskit.incidents.closed");
        var open = telemetry.Collect<int>("crisiskit.incidents.open");
        var incident = await engine.OpenAsync(EscalationEngineTests.Candidate(id: "veltro-ack"));

        _time.Advance(TimeSpan.FromMinutes(17));
        await engine.AcknowledgeAsync(incident.Id, "duty-moderator");
        _time.Advance(TimeSpan.FromMinutes(30));
        await engine.AcknowledgeAsync(incident.Id, "social-lead");
        await engine.ChangeStatusAsync(incident.Id, "social-lead", IncidentStatus.Resolved);

        toAcknowledge.GetMeasurementSnapshot().Should().ContainSingle("only the first acknowledgement counts").Which.Value.Should().Be(17 * 60);
        telemetry.Records(2004).Should().ContainSingle().Which.Message.Should().Be("Incident veltro-ack acknowledged by duty-moderator 00:17:00 after it opened");
        closed.GetMeasurementSnapshot().Should().ContainSingle().Which.Tags["status"].Should().Be("resolved");
        telemetry.Records(2009).Should().ContainSingle().Which.Message.Should().Be("Incident veltro-ack resolved by social-lead 00:47:00 after it opened");
        open.RecordObservableInstruments();
        open.LastMeasurement!.Value.Should().Be(0);
    }

    [Fact]
    public async Task Opening_an_incident_traces_the_open_each_send_and_each_store_append()
    {
        using var activities = new ActivityRecorder();
        var (telemetry, engine) = Start();
        using var _ = telemetry;

        await engine.OpenAsync(EscalationEngineTests.Candidate(id: "veltro-traced"));

        var traced = activities.For("veltro-traced");
        var open = traced.Should().ContainSingle(a => a.OperationName == "crisiskit.incident.open").Subject;
        var sends = traced.Where(a => a.OperationName == "crisiskit.notify").ToList();
        sends.Select(a => a.GetTagItem("crisiskit.channel")).Should().BeEquivalentTo(["webhook", "console"], "one activity per send");
        sends.Should().OnlyContain(a => a.ParentSpanId == open.SpanId && a.Status != ActivityStatusCode.Error);
        var appends = traced.Where(a => a.OperationName == "crisiskit.store.append").ToList();
        appends.Should().HaveCount(3, "the opening and each of the two sends are appended");
        appends.Should().OnlyContain(a => a.TraceId == open.TraceId && (string?)a.GetTagItem("crisiskit.store") == "InMemoryIncidentStore");
    }

    /// <summary>A channel whose sends take <paramref name="delay"/> on the fake clock.</summary>
    private sealed class SlowChannel(string name, FakeTimeProvider time, TimeSpan delay) : INotificationChannel
    {
        public string Name => name;

        public Task SendAsync(Notification notification, CancellationToken cancellationToken = default)
        {
            time.Advance(delay);
            return Task.CompletedTask;
        }
    }
}
