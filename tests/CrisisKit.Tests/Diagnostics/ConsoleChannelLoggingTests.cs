using CrisisKit.Escalation;
using CrisisKit.Hosting;
using CrisisKit.Severity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CrisisKit.Tests.Diagnostics;

public class ConsoleChannelLoggingTests
{
    [Fact]
    public async Task The_console_channel_from_the_container_logs_each_write_at_debug()
    {
        using var telemetry = Telemetry.Build(services => services.AddCrisisKit().AddConsoleChannel("desk"));
        var channel = telemetry.Provider.GetServices<INotificationChannel>().Single(c => c.Name == "desk");
        channel.Should().BeOfType<ConsoleNotificationChannel>();

        await channel.SendAsync(new Notification("inc/standard/step0/round0/ann/desk", NotificationKind.Escalation, "inc", "veltro", SeverityLevel.High, "standard", 0, 0, "ann", "ann-desk", "desk", "en", "title", "text", EscalationTelemetryTests.T0));

        var record = telemetry.Records(4101).Should().ContainSingle().Subject;
        record.Level.Should().Be(LogLevel.Debug);
        record.Message.Should().Be("Console channel desk wrote inc/standard/step0/round0/ann/desk for ann-desk");
    }
}
