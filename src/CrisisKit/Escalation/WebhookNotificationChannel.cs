using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CrisisKit.Escalation;

/// <summary>Settings of <see cref="WebhookNotificationChannel"/>.</summary>
public sealed class WebhookOptions
{
    /// <summary>The shared secret for the signature header. Required (at least 16 characters).</summary>
    public string Secret { get; set; } = "";

    /// <summary>How long one POST may take. Default 10 seconds; from 1 second to 2 minutes.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// Posts each message as JSON to the person's webhook URL (their <c>webhook</c> contact), the shape Slack- and
/// Teams-style incoming webhooks accept (a <c>text</c> field) plus the incident's details. Headers:
/// <c>X-CrisisKit-Signature: sha256=&lt;hex HMAC-SHA256 of "timestamp.body" with the secret&gt;</c>,
/// <c>X-CrisisKit-Timestamp</c> (Unix seconds) and <c>Idempotency-Key</c>. A non-2xx answer or a timeout is a failure
/// (the engine retries with backoff). See <c>docs/protocols.md</c> for the body.
/// </summary>
public sealed class WebhookNotificationChannel : INotificationChannel
{
    private readonly HttpClient _http;
    private readonly WebhookOptions _options;
    private readonly byte[] _key;
    private readonly TimeProvider _time;

    /// <summary>Creates the channel.</summary>
    /// <param name="http">The HTTP client to post with (its own timeout is not used; <see cref="WebhookOptions.Timeout"/> is).</param>
    /// <param name="options">The secret and timeout.</param>
    /// <param name="timeProvider">The clock the timeout runs on; <see cref="TimeProvider.System"/> when omitted.</param>
    /// <exception cref="ArgumentException">The secret is shorter than 16 characters or the timeout is out of range.</exception>
    public WebhookNotificationChannel(HttpClient http, WebhookOptions options, TimeProvider? timeProvider = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Secret.Length < 16)
        {
            throw new ArgumentException("WebhookOptions.Secret must be at least 16 characters.", nameof(options));
        }

        if (options.Timeout < TimeSpan.FromSeconds(1) || options.Timeout > TimeSpan.FromMinutes(2))
        {
            throw new ArgumentException($"WebhookOptions.Timeout must be between 00:00:01 and 00:02:00 (was {options.Timeout}).", nameof(options));
        }

        _http = http;
        _options = options;
        _key = Encoding.UTF8.GetBytes(options.Secret);
    }

    /// <inheritdoc />
    public string Name => "webhook";

    /// <summary>The signature a receiver should expect for a body sent at a timestamp.</summary>
    /// <param name="secret">The shared secret.</param>
    /// <param name="timestamp">The <c>X-CrisisKit-Timestamp</c> header.</param>
    /// <param name="body">The raw body.</param>
    /// <returns>The header value, <c>sha256=</c> and lower-case hex.</returns>
    public static string Sign(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(timestamp);
        return Sign(Encoding.UTF8.GetBytes(secret), timestamp, body);
    }

    private static string Sign(byte[] key, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, message));
    }

    /// <inheritdoc />
    public async Task SendAsync(Notification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (!Uri.TryCreate(notification.Address, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new NotificationChannelException(Name, $"'{notification.Address}' is not an http or https URL.");
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(WebhookBody.From(notification), WebhookJsonContext.Default.WebhookBody);
        var timestamp = notification.At.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add("X-CrisisKit-Timestamp", timestamp);
        request.Headers.Add("X-CrisisKit-Signature", Sign(_key, timestamp, body));
        request.Headers.Add("Idempotency-Key", notification.IdempotencyKey);
        using var timer = new CancellationTokenSource(_options.Timeout, _time);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new NotificationChannelException(Name, $"no answer from {url.Host} within {_options.Timeout.TotalSeconds:0} s.", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new NotificationChannelException(Name, $"cannot reach {url.Host}: {ex.Message}", ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new NotificationChannelException(Name, $"{url.Host} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            }
        }
    }
}

/// <summary>The JSON body of a webhook notification.</summary>
/// <param name="Text">The title and message, for Slack/Teams-style receivers.</param>
/// <param name="IdempotencyKey">The notification's key.</param>
/// <param name="Kind">escalation, deadline-reminder or deadline-breached.</param>
/// <param name="IncidentId">The incident.</param>
/// <param name="SubjectId">The subject.</param>
/// <param name="Severity">The severity.</param>
/// <param name="ProtocolId">The protocol.</param>
/// <param name="Step">The escalation step.</param>
/// <param name="Round">The repeat round.</param>
/// <param name="Person">The person's id.</param>
/// <param name="Title">The title.</param>
/// <param name="Message">The message.</param>
/// <param name="At">When it was sent.</param>
internal sealed record WebhookBody(string Text, string IdempotencyKey, string Kind, string IncidentId, string SubjectId, string Severity, string ProtocolId, int Step, int Round, string Person, string Title, string Message, DateTimeOffset At)
{
    public static WebhookBody From(Notification n) => new(
        $"{n.Title}\n{n.Text}",
        n.IdempotencyKey,
        n.Kind switch { NotificationKind.DeadlineReminder => "deadline-reminder", NotificationKind.DeadlineBreached => "deadline-breached", _ => "escalation" },
        n.IncidentId,
        n.SubjectId,
        n.Severity.ToString(),
        n.ProtocolId,
        n.Step,
        n.Round,
        n.Person,
        n.Title,
        n.Text,
        n.At);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(WebhookBody))]
internal sealed partial class WebhookJsonContext : JsonSerializerContext;
