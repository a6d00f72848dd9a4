using System.Net;
using CrisisKit.Escalation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CrisisKit.Channels.Webhook.Tests;

public class WebhookLoggingTests
{
    private const string Secret = "a-shared-secret-of-some-length";

    private static Notification To(string key) => new(
        key, NotificationKind.Escalation, "inc", "veltro", CrisisKit.Severity.SeverityLevel.High, "standard", 0, 0, "ann", "https://pager.example/hook", "pager", "en", "title", "text", new DateTimeOffset(2026, 3, 3, 14, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_channel_from_the_container_logs_each_delivery_rejection_and_unreachable_receiver_at_debug()
    {
        var answers = new Queue<Func<HttpResponseMessage>>([
            () => new HttpResponseMessage(HttpStatusCode.Accepted),
            () => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable),
            () => throw new HttpRequestException("connection refused"),
        ]);
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug));
        services.AddFakeLogging();
        services.AddCrisisKit().AddWebhookChannel("pager", o => o.Secret = Secret).ConfigurePrimaryHttpMessageHandler(() => new Answering(answers));
        using var provider = services.BuildServiceProvider();
        var channel = provider.GetServices<INotificationChannel>().Single(c => c.Name == "pager");

        await channel.SendAsync(To("k1"));
        var rejected = () => channel.SendAsync(To("k2"));
        await rejected.Should().ThrowAsync<NotificationChannelException>();
        var unreachable = () => channel.SendAsync(To("k3"));
        await unreachable.Should().ThrowAsync<NotificationChannelException>();

        var logs = provider.GetFakeLogCollector().GetSnapshot().Where(r => r.Category == typeof(WebhookNotificationChannel).FullName).ToList();
        logs.Select(r => (r.Id.Id, r.Level, r.GetStructuredStateValue("IdempotencyKey"))).Should().Equal(
            (4001, LogLevel.Debug, "k1"), (4002, LogLevel.Debug, "k2"), (4003, LogLevel.Debug, "k3"));
        logs[0].Message.Should().StartWith("Webhook channel pager delivered k1 to pager.example: 202 in ");
        logs[1].Message.Should().StartWith("Webhook channel pager: pager.example answered 503 to k2 in ");
        logs[2].Message.Should().Be("Webhook channel pager could not deliver k3 to pager.example: The pager channel failed: cannot reach pager.example: connection refused");
        logs[2].Exception.Should().BeOfType<HttpRequestException>();
    }

    private sealed class Answering(Queue<Func<HttpResponseMessage>> answers) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Func<HttpResponseMessage> next;
            lock (answers)
            {
                next = answers.Dequeue();
            }

            return Task.FromResult(next());
        }
    }
}
