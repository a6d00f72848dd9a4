using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CrisisKit.Escalation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrisisKit.Channels.Webhook;

/// <summary>
/// Posts each message as JSON to the person's webhook URL (their <c>webhook</c> contact), the shape Slack- and
/// Teams-style incoming webhooks accept (a <c>text</c> field) plus the incident's details. Headers:
/// <c>X-CrisisKit-Signature: sha256=&lt;hex HMAC-SHA256 of "timestamp.body" with the secret&gt;</c>,
/// <c>X-CrisisKit-Timestamp</c> (Unix seconds) and <c>Idempotency-Key</c>. A non-2xx answer or a timeout is a failure
/// (the engine retries with backoff). See <c>docs/protocols.md</c> for the body.
/// </summary>
public sealed class WebhookNotificationChannel : INotificationChannel
{
    private readonly Func<HttpClient> _http;
    private readonly WebhookOptions _options;
    private readonly byte[] _key;
    private readonly TimeProvider _timeoutClock;
    private readonly ILogger _logger;

    /// <summary>Creates a channel that posts with <paramref name="http"/> (for use without a container; with one, use <see cref="Microsoft.Extensions.DependencyInjection.WebhookCrisisKitBuilderExtensions.AddWebhookChannel(Microsoft.Extensions.DependencyInjection.CrisisKitBuilder, string, System.Action{WebhookOptions})"/>).</summary>
    /// <param name="name">The channel's name, as protocols and people's contacts refer to it (for example <c>webhook</c>).</param>
    /// <param name="http">The HTTP client to post with (its own timeout is not used; <see cref="WebhookOptions.Timeout"/> is).</param>
    /// <param name="options">The secret and timeout.</param>
    /// <param name="timeoutClock">The clock the timeout runs on: the wall clock when omitted. It is deliberately not the engine's clock, so a receiver that never answers cannot stall an engine that runs on a virtual clock.</param>
    /// <exception cref="ArgumentException">The name is empty, the secret is shorter than <see cref="WebhookOptions.MinimumSecretLength"/> characters or the timeout is out of range.</exception>
    public WebhookNotificationChannel(string name, HttpClient http, WebhookOptions options, TimeProvider? timeoutClock = null)
        : this(name, ReturnSame(http), options, timeoutClock, logger: null)
    {
    }

    internal WebhookNotificationChannel(string name, Func<HttpClient> http, WebhookOptions options, TimeProvider? timeoutClock, ILogger? logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Check(name);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        Name = name;
        _http = http;
        _options = options;
        _key = Encoding.UTF8.GetBytes(options.Secret);
        _timeoutClock = timeoutClock ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public string Name { get; }

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
        using var timer = new CancellationTokenSource(_options.Timeout, _timeoutClock);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        HttpResponseMessage response;
        var started = _timeoutClock.GetTimestamp();
        try
        {
            response = await _http().SendAsync(request, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            var failure = new NotificationChannelException(Name, $"no answer from {url.Host} within {_options.Timeout.TotalSeconds:0} s.", ex);
            _logger.Unreachable(ex, Name, notification.IdempotencyKey, url.Host, failure.Message);
            throw failure;
        }
        catch (HttpRequestException ex)
        {
            var failure = new NotificationChannelException(Name, $"cannot reach {url.Host}: {ex.Message}", ex);
            _logger.Unreachable(ex, Name, notification.IdempotencyKey, url.Host, failure.Message);
            throw failure;
        }

        using (response)
        {
            var elapsed = _timeoutClock.GetElapsedTime(started).TotalMilliseconds;
            if (!response.IsSuccessStatusCode)
            {
                _logger.Rejected(Name, notification.IdempotencyKey, url.Host, (int)response.StatusCode, elapsed);
                throw new NotificationChannelException(Name, $"{url.Host} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            }

            _logger.Delivered(Name, notification.IdempotencyKey, url.Host, (int)response.StatusCode, elapsed);
        }
    }

    private static Func<HttpClient> ReturnSame(HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return () => http;
    }
}
