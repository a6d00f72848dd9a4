using CrisisKit.DependencyInjection;
using CrisisKit.Escalation;
using CrisisKit.Monitoring;
using CrisisKit.Orleans;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Orleans.Hosting;

/// <summary>Adds CrisisKit to an Orleans silo or client.</summary>
public static class CrisisKitOrleansExtensions
{
    /// <summary>
    /// Adds CrisisKit's subject grains to a silo: the CrisisKit services (<c>services.AddCrisisKit</c>), the
    /// <see cref="CrisisKitOrleansOptions"/>, a default <see cref="ICandidateSink"/> that logs candidate changes
    /// (register your own to act on them), and an <see cref="IMentionRouter"/>. The silo must also have a grain
    /// storage provider named <see cref="CrisisKitOrleansOptions.StorageName"/>.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configure">Configures the monitored subjects and the other <see cref="CrisisKitOptions"/>; every silo and router must have the same subjects.</param>
    /// <param name="configureOrleans">Configures batching and persistence.</param>
    /// <returns>The CrisisKit builder, to replace detectors, analyzers and other policies.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static CrisisKitBuilder AddCrisisKit(this ISiloBuilder builder, Action<CrisisKitOptions>? configure = null, Action<CrisisKitOrleansOptions>? configureOrleans = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var crisisKit = AddShared(builder.Services, configure, configureOrleans);
        builder.Services.TryAddSingleton<ICandidateSink, LoggingCandidateSink>();
        return crisisKit;
    }

    /// <summary>
    /// Adds escalation to a silo: an <see cref="IIncidentGrain"/> per incident, running the protocols with the library's
    /// planner and Orleans reminders, and an <see cref="ICandidateSink"/> that opens and updates incidents from the
    /// subject grains' candidate changes (it replaces the silo's other candidate sink). Adds the CrisisKit services
    /// (<c>AddCrisisKit</c>) if they are not there yet. Protocols and notification channels are added on the returned
    /// builder (<c>AddProtocols</c>, <c>AddNotificationChannel</c>) and checked against each other when the silo
    /// starts. The silo must also have a reminder service (for example <c>UseInMemoryReminderService()</c> for
    /// development, or a durable one such as <c>UseAdoNetReminderService</c>) and the grain storage provider named
    /// <see cref="CrisisKitOrleansOptions.StorageName"/>, which keeps each incident's timeline.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configure">Configures retries, send timeouts and the default message language (<see cref="EscalationOptions"/>); every silo must have the same.</param>
    /// <returns>The CrisisKit builder, to add protocols and notification channels.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static CrisisKitBuilder AddCrisisKitEscalation(this ISiloBuilder builder, Action<EscalationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var crisisKit = builder.AddCrisisKit();
        if (configure is not null)
        {
            builder.Services.Configure(configure);
        }

        builder.Services.RemoveAll<ICandidateSink>();
        builder.Services.AddSingleton<ICandidateSink, IncidentCandidateSink>();
        return crisisKit;
    }

    /// <summary>
    /// Adds an <see cref="IMentionRouter"/> to an Orleans client, with the CrisisKit services it enriches mentions with
    /// (<c>services.AddCrisisKit</c>) and the <see cref="CrisisKitOrleansOptions"/>.
    /// </summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="configure">Configures the monitored subjects and the other <see cref="CrisisKitOptions"/>; the same subjects as the silos.</param>
    /// <param name="configureOrleans">Configures batching and retries.</param>
    /// <returns>The CrisisKit builder, to replace the sentiment analyzer or categorizer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static CrisisKitBuilder AddCrisisKitRouter(this IClientBuilder builder, Action<CrisisKitOptions>? configure = null, Action<CrisisKitOrleansOptions>? configureOrleans = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return AddShared(builder.Services, configure, configureOrleans);
    }

    private static CrisisKitBuilder AddShared(IServiceCollection services, Action<CrisisKitOptions>? configure, Action<CrisisKitOrleansOptions>? configureOrleans)
    {
        var crisisKit = services.AddCrisisKit(configure);
        var options = services.AddOptions<CrisisKitOrleansOptions>();
        if (configureOrleans is not null)
        {
            options.Configure(configureOrleans);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CrisisKitOrleansOptions>, CrisisKitOrleansOptionsValidator>());
        services.TryAddSingleton<IMentionRouter, MentionRouter>();
        return crisisKit;
    }
}
