using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using CrisisKit.Categories;
using CrisisKit.DependencyInjection;
using CrisisKit.Detection;
using CrisisKit.Diagnostics;
using CrisisKit.Escalation;
using CrisisKit.Evaluation;
using CrisisKit.Incidents;
using CrisisKit.Monitoring;
using CrisisKit.Protocols;
using CrisisKit.Sentiment;
using CrisisKit.Severity;
using CrisisKit.Statements;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers CrisisKit in a service collection.</summary>
public static class CrisisKitServiceCollectionExtensions
{
    /// <summary>
    /// Adds the CrisisKit monitoring pipeline (<see cref="ICrisisMonitor"/> and its default parts: the
    /// <see cref="ISentimentAnalyzer"/> and <see cref="ICrisisCategorizer"/> that enrich each matched mention) to
    /// <paramref name="services"/>. Configure the enrichers with <c>services.Configure&lt;SentimentOptions&gt;(...)</c>
    /// and <c>services.Configure&lt;CategorizerOptions&gt;(...)</c>; aggregation, detection and correlation with <c>services.Configure&lt;DetectionOptions&gt;(...)</c>, and replace the detectors by registering an <see cref="ICrisisDetectorFactory"/>; severity with <c>SeverityOptions</c>; the response side
    /// (<see cref="IEscalationEngine"/>, an in-memory <see cref="IIncidentStore"/>) with <c>EscalationOptions</c> and the builder's
    /// <c>AddProtocols</c> and <c>AddNotificationChannel</c>. Defaults are registered with <c>TryAdd</c>, so a service the app registered
    /// itself (a <see cref="TimeProvider"/>, say) wins. Options are validated when the host starts.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets <see cref="CrisisKitOptions"/>; optional.</param>
    /// <returns>A builder to add pipeline stages and replace defaults.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    /// <remarks>
    /// Without a host, call <c>provider.GetRequiredService&lt;IStartupValidator&gt;().Validate()</c> to validate at
    /// start-up; otherwise invalid options throw <see cref="OptionsValidationException"/> when the monitor is first resolved.
    /// </remarks>
    public static CrisisKitBuilder AddCrisisKit(this IServiceCollection services, Action<CrisisKitOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<CrisisKitOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CrisisKitOptions>, CrisisKitOptionsValidator>());
        services.AddOptions<SentimentOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SentimentOptions>, SentimentOptionsValidator>());
        services.TryAddSingleton<ValidatedInstance<LexiconSentimentAnalyzer>>();
        services.TryAddSingleton<ISentimentAnalyzer>(sp => Validated<SentimentOptions, LexiconSentimentAnalyzer>(sp, o => new LexiconSentimentAnalyzer(o)));
        services.AddOptions<CategorizerOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CategorizerOptions>, CategorizerOptionsValidator>());
        services.TryAddSingleton<ValidatedInstance<LexiconCrisisCategorizer>>();
        services.TryAddSingleton<ICrisisCategorizer>(sp => Validated<CategorizerOptions, LexiconCrisisCategorizer>(sp, o => new LexiconCrisisCategorizer(o)));
        services.AddOptions<StatementReviewOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StatementReviewOptions>, StatementReviewOptionsValidator>());
        services.TryAddSingleton<ValidatedInstance<RuleBasedStatementReviewer>>();
        services.TryAddSingleton<IStatementReviewer>(sp => Validated<StatementReviewOptions, RuleBasedStatementReviewer>(sp, o => new RuleBasedStatementReviewer(o, sp.GetRequiredService<ICrisisCategorizer>())));
        services.AddOptions<DetectionOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DetectionOptions>, DetectionOptionsValidator>());
        services.TryAddSingleton<ICrisisDetectorFactory, CrisisDetectors>();
        services.AddOptions<SeverityOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SeverityOptions>, SeverityOptionsValidator>());
        services.TryAddSingleton<ISeverityClassifier>(sp => new DefaultSeverityClassifier(sp.GetRequiredService<IOptions<SeverityOptions>>().Value));
        services.AddOptions<EscalationOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EscalationOptions>, EscalationOptionsValidator>());
        services.TryAddSingleton<ValidatedInstance<ProtocolSet>>();
        services.TryAddSingleton(sp => Validated<EscalationOptions, ProtocolSet>(sp, o => EscalationOptionsValidator.BuildProtocols(o, sp.GetServices<INotificationChannel>())));
        services.TryAddSingleton<IIncidentStore>(sp => new InMemoryIncidentStore(sp.GetService<ILogger<InMemoryIncidentStore>>()));
        services.TryAddSingleton<IPostIncidentEvaluator, DefaultPostIncidentEvaluator>();
        services.TryAddSingleton<IEscalationEngine>(sp => new EscalationEngine(
            sp.GetRequiredService<IIncidentStore>(),
            sp.GetRequiredService<ProtocolSet>(),
            sp.GetRequiredService<ISeverityClassifier>(),
            sp.GetRequiredService<IOptions<SeverityOptions>>().Value,
            sp.GetServices<INotificationChannel>(),
            sp.GetRequiredService<IOptions<EscalationOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<CrisisKitMetrics>(),
            sp.GetService<ILogger<EscalationEngine>>()));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IMeterFactory, CrisisKitMeterFactory>();
        services.TryAddSingleton<CrisisKitMetrics>();
        services.TryAddSingleton<MonitorEventHub>();
        services.TryAddSingleton<ICrisisMonitor, CrisisMonitor>();
        return new CrisisKitBuilder(services);
    }

    /// <summary>The service an options validator built at start-up, or (before validation) a new one from the options.</summary>
    private static TService Validated<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions, TService>(IServiceProvider services, Func<TOptions, TService> build)
        where TOptions : class
        where TService : class
    {
        var options = services.GetRequiredService<IOptions<TOptions>>().Value;
        return services.GetRequiredService<ValidatedInstance<TService>>().Get(options, () => build(options));
    }
}
