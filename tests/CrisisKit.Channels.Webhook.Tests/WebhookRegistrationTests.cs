using System.Net;
using CrisisKit.Channels.Webhook;
using CrisisKit.Escalation;
using CrisisKit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace CrisisKit.Channels.Webhook.Tests;

public class WebhookRegistrationTests
{
    private const string Secret = "a-shared-secret-of-some-length";

    /// <summary>Answers every request with a fixed status and remembers which client sent it.</summary>
    private sealed class RecordingHandler(string client, List<string> calls, HttpStatusCode status = HttpStatusCode.OK) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lock (calls)
            {
                calls.Add($"{client} {request.RequestUri}");
            }

            return Task.FromResult(new HttpResponseMessage(status));
        }
    }

    private static Notification To(string channel, string url) => new(
        "inc/standard/0/0/ann/" + channel, NotificationKind.Escalation, "inc", "veltro", CrisisKit.Severity.SeverityLevel.High, "standard", 0, 0, "ann", url, channel, "en", "title", "text", new DateTimeOffset(2026, 3, 3, 14, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Two_named_webhooks_coexist_each_with_its_own_http_client_and_options()
    {
        var calls = new List<string>();
        var services = new ServiceCollection();
        var builder = services.AddCrisisKit();
        builder.AddWebhookChannel("pager", o => o.Secret = Secret).ConfigurePrimaryHttpMessageHandler(() => new RecordingHandler("pager", calls));
        builder.AddWebhookChannel("slack", o => { o.Secret = Secret + "-2"; o.Timeout = TimeSpan.FromSeconds(3); }).ConfigurePrimaryHttpMessageHandler(() => new RecordingHandler("slack", calls));
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        var channels = provider.GetServices<INotificationChannel>().ToDictionary(c => c.Name);
        channels.Keys.Should().Contain(["pager", "slack"]);
        await channels["pager"].SendAsync(To("pager", "https://pager.example/hook"));
        await channels["slack"].SendAsync(To("slack", "https://hooks.slack.example/x"));

        calls.Should().Equal("pager https://pager.example/hook", "slack https://hooks.slack.example/x");
        provider.GetRequiredService<IOptionsMonitor<WebhookOptions>>().Get("slack").Timeout.Should().Be(TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void The_same_name_twice_is_refused()
    {
        var builder = new ServiceCollection().AddCrisisKit();
        builder.AddWebhookChannel("webhook", o => o.Secret = Secret);

        var again = () => builder.AddWebhookChannel("webhook", o => o.Secret = Secret);

        again.Should().Throw<InvalidOperationException>().WithMessage("A webhook channel named 'webhook' was already added*");
    }

    [Fact]
    public void Bad_options_fail_at_start_up_naming_the_channel()
    {
        var services = new ServiceCollection();
        services.AddCrisisKit().AddWebhookChannel("pager", o => { o.Secret = "short"; o.Timeout = TimeSpan.FromMinutes(10); });
        using var provider = services.BuildServiceProvider();

        var start = () => provider.GetRequiredService<IStartupValidator>().Validate();

        start.Should().Throw<OptionsValidationException>().Which.Failures.Should().BeEquivalentTo(
            "WebhookOptions.Secret of the 'pager' channel must be at least 16 characters (was 5).",
            "WebhookOptions.Timeout of the 'pager' channel must be between 00:00:01 and 00:02:00 (was 00:10:00).");
    }

    [Fact]
    public async Task A_receiver_error_through_the_factory_client_is_a_channel_failure()
    {
        var calls = new List<string>();
        var services = new ServiceCollection();
        services.AddCrisisKit().AddWebhookChannel("pager", o => o.Secret = Secret)
            .ConfigurePrimaryHttpMessageHandler(() => new RecordingHandler("pager", calls, HttpStatusCode.ServiceUnavailable));
        using var provider = services.BuildServiceProvider();
        var channel = provider.GetServices<INotificationChannel>().Single(c => c.Name == "pager");

        var send = async () => await channel.SendAsync(To("pager", "https://pager.example/hook"));

        (await send.Should().ThrowAsync<NotificationChannelException>()).Which.Channel.Should().Be("pager");
    }
}

/// <summary>The webhook channel passes the notification-channel contract every channel must.</summary>
public sealed class WebhookChannelContractTests : NotificationChannelContractTests
{
    private const string Secret = "a-shared-secret-of-some-length";

    private sealed class FixedAnswer(HttpStatusCode status) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Task.FromResult(new HttpResponseMessage(status));
        }
    }

    protected override INotificationChannel CreateChannel() =>
        new WebhookNotificationChannel("webhook", new HttpClient(new FixedAnswer(HttpStatusCode.OK)), new WebhookOptions { Secret = Secret });

    protected override INotificationChannel? CreateFailingChannel() =>
        new WebhookNotificationChannel("webhook", new HttpClient(new FixedAnswer(HttpStatusCode.BadGateway)), new WebhookOptions { Secret = Secret });
}
