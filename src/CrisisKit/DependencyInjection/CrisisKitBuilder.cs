using System.Diagnostics.CodeAnalysis;
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
}
