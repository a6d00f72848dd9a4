using System.Diagnostics.CodeAnalysis;
using CrisisKit.Detection;
using CrisisKit.Escalation;
using CrisisKit.Incidents;
using CrisisKit.Monitoring;
using CrisisKit.Protocols;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds pipeline stages, protocols and channels to, and replaces defaults of, the CrisisKit services that <c>AddCrisisKit</c> registered.</summary>
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
        Services.AddSingleton(processor);
        return this;
    }

    /// <summary>
    /// Adds a detector of the app's own to the composite crisis detector: each subject gets a new
    /// <typeparamref name="TDetector"/>, built by the container (its constructor's parameters come from the services),
    /// and its score counts with the weight <see cref="DetectionOptions.DetectorWeights"/> gives its
    /// <see cref="ICrisisDetector.Name"/> (1 by default), gated by negativity when <see cref="DetectionOptions.GatedDetectors"/>
    /// names it. Its <see cref="ICrisisDetector.SaveState"/> bytes are kept in monitor snapshots as they are. Adding the
    /// same type twice adds it once. Has no effect when the app replaces <see cref="ICrisisDetectorFactory"/>.
    /// </summary>
    /// <typeparam name="TDetector">The detector's type; a detector that keeps no state implements only <see cref="ICrisisDetector.Name"/> and <see cref="ICrisisDetector.Evaluate"/>.</typeparam>
    /// <returns>This builder.</returns>
    public CrisisKitBuilder AddDetector<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TDetector>()
        where TDetector : class, ICrisisDetector
    {
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<AddedDetector, AddedDetector<TDetector>>());
        return this;
    }

    /// <summary>
    /// Adds response protocol documents; they are loaded once and checked (against the registered channels) when the
    /// host starts. Use <see cref="ProtocolSource.FromJson"/> for JSON text, a <see cref="ProtocolSource"/> of your own
    /// for any stream, or <c>AddProtocolFiles</c> from the CrisisKit.Hosting package for files and folders.
    /// </summary>
    /// <param name="sources">The documents.</param>
    /// <returns>This builder.</returns>
    public CrisisKitBuilder AddProtocols(params ProtocolSource[] sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        foreach (var source in sources)
        {
            ArgumentNullException.ThrowIfNull(source, nameof(sources));
        }

        Services.Configure<EscalationOptions>(o =>
        {
            foreach (var source in sources)
            {
                o.Protocols.Add(source);
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

    /// <summary>Adds a notification channel built by the container when first needed.</summary>
    /// <param name="factory">Builds the channel.</param>
    /// <returns>This builder.</returns>
    public CrisisKitBuilder AddNotificationChannel(Func<IServiceProvider, INotificationChannel> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.AddSingleton(factory);
        return this;
    }

    /// <summary>Adds a notification channel of type <typeparamref name="TChannel"/>, built by the container.</summary>
    /// <typeparam name="TChannel">The channel's type.</typeparam>
    /// <returns>This builder.</returns>
    public CrisisKitBuilder AddNotificationChannel<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TChannel>()
        where TChannel : class, INotificationChannel
    {
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<INotificationChannel, TChannel>());
        return this;
    }

    /// <summary>Replaces the in-memory incident store with <typeparamref name="TStore"/>, a singleton built by the container.</summary>
    /// <typeparam name="TStore">The store's type.</typeparam>
    /// <returns>This builder.</returns>
    public CrisisKitBuilder UseIncidentStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>()
        where TStore : class, IIncidentStore
    {
        Services.RemoveAll<IIncidentStore>();
        Services.AddSingleton<IIncidentStore, TStore>();
        return this;
    }
}
