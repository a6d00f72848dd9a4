using System.Diagnostics.CodeAnalysis;
using CrisisKit.Escalation;
using CrisisKit.Monitoring;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds pipeline stages to, and replaces defaults of, the CrisisKit services that <c>AddCrisisKit</c> registered.</summary>
public sealed class CrisisKitBuilder
{
    internal CrisisKitBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection CrisisKit is registered in.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Adds a pipeline stage that sees every accepted mention (see <see cref="IMentionProcessor"/>), as a singleton. Adding the same type twice adds it once.</summary>
    /// <typeparam name="TProcessor">The stage's type.</typeparam>
    /// <returns>This builder.</returns>
    public CrisisKitBuilder AddMentionProcessor<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TProcessor>()
        where TProcessor : class, IMentionProcessor
    {
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IMentionProcessor, TProcessor>());
        return this;
    }

    /// <summary>Adds a pipeline stage instance (see <see cref="IMentionProcessor"/>).</summary>
    /// <param name="processor">The stage.</param>
    /// <returns>This builder.</returns>
    public CrisisKitBuilder AddMentionProcessor(IMentionProcessor processor)
    {
        ArgumentNullException.ThrowIfNull(processor);
        Services.AddSingleton<IMentionProcessor>(processor);
        return this;
    }

    /// <summary>Adds response protocol files, or directories of <c>*.json</c> files; they are loaded and checked when the host starts.</summary>
    /// <param name="paths">The files or directories.</param>
    /// <returns>This builder.</returns>
    public CrisisKitBuilder AddProtocols(params string[] paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        Services.Configure<EscalationOptions>(o =>
        {
            foreach (var path in paths)
            {
                o.ProtocolPaths.Add(path);
            }
        });
        return this;
    }

    /// <summary>Adds a notification channel that protocols can name.</summary>
    /// <param name="channel">The channel.</param>
    /// <returns>This builder.</returns>
    public CrisisKitBuilder AddNotificationChannel(INotificationChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        Services.AddSingleton(channel);
        return this;
    }

    /// <summary>Adds the webhook channel (<see cref="WebhookNotificationChannel"/>), posting with its own <see cref="HttpClient"/>.</summary>
    /// <param name="configure">Sets the secret and timeout.</param>
    /// <returns>This builder.</returns>
    public CrisisKitBuilder AddWebhookChannel(Action<WebhookOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new WebhookOptions();
        configure(options);
        Services.AddSingleton<INotificationChannel>(sp => new WebhookNotificationChannel(new HttpClient(), options, sp.GetService<TimeProvider>()));
        return this;
    }
}
