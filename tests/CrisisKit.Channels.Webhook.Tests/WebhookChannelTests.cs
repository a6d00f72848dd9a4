using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using CrisisKit.Channels.Webhook;
using CrisisKit.Escalation;
using CrisisKit.Incidents;
using CrisisKit.Severity;
using Microsoft.Extensions.Time.Testing;

namespace CrisisKit.Channels.Webhook.Tests;

public sealed class WebhookChannelTests : IDisposable
{
    private const string Secret = "a-shared-secret-of-some-length";
    private readonly HttpListener _listener = new();
    private readonly string _url;
    private readonly HttpClient _http = new();

    public WebhookChannelTests()
    {
        var port = FreePort();
        _url = $"http://127.0.0.1:{port}/hook/";
        _listener.Prefixes.Add(_url);
        _listener.Start();
    }

    public void Dispose()
    {
        _listener.Close();
        _http.Dispose();
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private Notification Message() => new("inc/standard/step0/round0/ann/webhook", NotificationKind.Escalation, "inc", "veltro", SeverityLevel.High, "standard", 0, 0, "ann", _url, "webhook", "en", "[High] Veltro: please acknowledge", "Details…", new DateTimeOffset(2026, 3, 3, 14, 0, 0, TimeSpan.Zero));

    private async Task<(string Body, NameValueCollectionView Headers)> Receive(int status)
    {
        var context = await _listener.GetContextAsync();
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var headers = new NameValueCollectionView(context.Request.Headers["X-CrisisKit-Signature"], context.Request.Headers["X-CrisisKit-Timestamp"], context.Request.Headers["Idempotency-Key"], context.Request.ContentType);
        context.Response.StatusCode = status;
        context.Response.Close();
        return (body, headers);
    }

    internal sealed record NameValueCollectionView(string? Signature, string? Timestamp, string? IdempotencyKey, string? ContentType);

    [Fact]
    public async Task Posts_a_signed_json_body_that_slack_style_receivers_can_show()
    {
        var channel = new WebhookNotificationChannel("webhook", _http, new WebhookOptions { Secret = Secret });
        var received = Receive(200);

        await channel.SendAsync(Message());
        var (body, headers) = await received;

        headers.ContentType.Should().StartWith("application/json");
        headers.IdempotencyKey.Should().Be("inc/standard/step0/round0/ann/webhook");
        headers.Timestamp.Should().Be("1772546400");
        headers.Signature.Should().Be(WebhookNotificationChannel.Sign(Secret, headers.Timestamp!, Encoding.UTF8.GetBytes(body)));
        using var json = JsonDocument.Parse(body);
        json.RootElement.GetProperty("text").GetString().Should().Be("[High] Veltro: please acknowledge\nDetails…");
        json.RootElement.GetProperty("incidentId").GetString().Should().Be("inc");
        json.RootElement.GetProperty("severity").GetString().Should().Be("High");
        json.RootElement.GetProperty("kind").GetString().Should().Be("escalation");
    }

    [Fact]
    public async Task A_server_error_is_a_failure_the_engine_can_retry()
    {
        var channel = new WebhookNotificationChannel("webhook", _http, new WebhookOptions { Secret = Secret });
        var received = Receive(503);

        var act = async () => await channel.SendAsync(Message());

        await act.Should().ThrowAsync<NotificationChannelException>().WithMessage("The webhook channel failed: 127.0.0.1 answered 503*");
        await received;
    }

    [Fact]
    public async Task A_receiver_that_does_not_answer_times_out()
    {
        var time = new FakeTimeProvider();
        var channel = new WebhookNotificationChannel("webhook", _http, new WebhookOptions { Secret = Secret, Timeout = TimeSpan.FromSeconds(5) }, time);

        var sending = channel.SendAsync(Message());
        var context = await _listener.GetContextAsync(); // the request arrived; the receiver never answers
        time.Advance(TimeSpan.FromSeconds(5));

        var act = async () => await sending;
        await act.Should().ThrowAsync<NotificationChannelException>().WithMessage("*no answer from 127.0.0.1 within 5 s*");
        context.Response.Abort();
    }

    [Fact]
    public void A_short_secret_is_refused()
    {
        var act = () => new WebhookNotificationChannel("webhook", _http, new WebhookOptions { Secret = "short" });
        act.Should().Throw<ArgumentException>().WithMessage("WebhookOptions.Secret of the 'webhook' channel must be at least 16 characters*");
    }
}
