using CrisisKit.Channels.Webhook;
using CrisisKit.Escalation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds webhook notification channels to CrisisKit.</summary>
public static class WebhookCrisisKitBuilderExtensions
{
    /// <summary>
    /// Adds a webhook channel named <paramref name="name"/> that protocols can list and people's contacts can key on.
    /// Each post goes through a named <see cref="HttpClient"/> from <see cref="IHttpClientFactory"/>; the returned
    /// builder configures it, for example with <c>AddStandardResilienceHandler()</c> from
    /// Microsoft.Extensions.Http.Resilience. Several webhook channels with different names can coexist. The options
    /// are validated when the host starts.
    /// </summary>
    /// <param name="builder">The CrisisKit builder.</param>
    /// <param name="name">The channel's name; <c>webhook</c> by convention for the first one.</param>
    /// <param name="configure">Sets the secret and timeout.</param>
    /// <returns>The builder of the channel's <see cref="HttpClient"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    /// <exception cref="InvalidOperationException">A webhook channel with that name was already added.</exception>
    public static IHttpClientBuilder AddWebhookChannel(this CrisisKitBuilder builder, string name, Action<WebhookOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        var clientName = HttpClientName(name);
        if (services.Any(d => d.ServiceType == typeof(WebhookChannelRegistration) && d.ImplementationInstance is WebhookChannelRegistration r && r.Name == name))
        {
            throw new InvalidOperationException($"A webhook channel named '{name}' was already added; give each webhook channel its own name.");
        }

        services.AddSingleton(new WebhookChannelRegistration(name));
        services.AddOptions<WebhookOptions>(name).Configure(configure).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebhookOptions>>(new WebhookOptionsValidator(name));
        var http = services.AddHttpClient(clientName);
        builder.AddNotificationChannel(sp =>
        {
            var factory = sp.GetRequiredService<IHttpClientFactory>();
            return new WebhookNotificationChannel(name, () => factory.CreateClient(clientName), sp.GetRequiredService<IOptionsMonitor<WebhookOptions>>().Get(name), timeoutClock: null, sp.GetService<ILogger<WebhookNotificationChannel>>());
        });
        return http;
    }

    /// <summary>The name of the <see cref="HttpClient"/> a webhook channel posts with.</summary>
    /// <param name="channelName">The channel's name.</param>
    /// <returns><c>CrisisKit.Webhook.</c> followed by the channel's name.</returns>
    public static string HttpClientName(string channelName) => "CrisisKit.Webhook." + channelName;

    private sealed record WebhookChannelRegistration(string Name);

    private sealed class WebhookOptionsValidator(string name) : IValidateOptions<WebhookOptions>
    {
        public ValidateOptionsResult Validate(string? optionsName, WebhookOptions options)
        {
            if (optionsName != name)
            {
                return ValidateOptionsResult.Skip;
            }

            var errors = options.Check(name);
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
