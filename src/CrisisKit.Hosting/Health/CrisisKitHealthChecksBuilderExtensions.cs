using CrisisKit.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the CrisisKit health checks to <c>services.AddHealthChecks()</c>.</summary>
public static class CrisisKitHealthChecksBuilderExtensions
{
    /// <summary>The tag every CrisisKit check carries, to select them in a health endpoint.</summary>
    public const string Tag = "crisiskit";

    /// <summary>
    /// Adds four checks, each tagged <see cref="Tag"/>: <c>crisiskit-store</c> (the incident store answers; the latest
    /// checkpoint was saved), <c>crisiskit-engine</c> (no escalation work overdue by more than
    /// <see cref="HostedPipelineOptions.EngineOverdueAfter"/>), <c>crisiskit-feed</c> (a mention arrived within
    /// <see cref="HostedPipelineOptions.FeedStaleAfter"/>, else Degraded) and <c>crisiskit-channels</c> (no channel's
    /// latest send failed within <see cref="HostedPipelineOptions.ChannelFailureWindow"/>, else Degraded). They read what
    /// the hosted pipeline reports, so register <c>AddHostedPipeline</c> too.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddCrisisKitChecks(this IHealthChecksBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<PipelineStatus>();
        builder.Services.AddOptions<HostedPipelineOptions>();
        string[] tags = [Tag];
        builder.AddCheck<StoreHealthCheck>("crisiskit-store", HealthStatus.Unhealthy, tags);
        builder.AddCheck<EngineTimerHealthCheck>("crisiskit-engine", HealthStatus.Unhealthy, tags);
        builder.AddCheck<FeedHealthCheck>("crisiskit-feed", HealthStatus.Degraded, tags);
        builder.AddCheck<ChannelsHealthCheck>("crisiskit-channels", HealthStatus.Degraded, tags);
        return builder;
    }
}
