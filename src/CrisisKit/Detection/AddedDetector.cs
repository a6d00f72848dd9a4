using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisKit.Detection;

/// <summary>A detector added to the composite with <c>AddDetector</c>: builds a new instance for each subject.</summary>
internal abstract class AddedDetector
{
    /// <summary>Creates the detector for one subject.</summary>
    public abstract ICrisisDetector Create();
}

/// <summary>Builds <typeparamref name="TDetector"/> with the container, its constructor's parameters from the services.</summary>
internal sealed class AddedDetector<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TDetector>(IServiceProvider services) : AddedDetector
    where TDetector : class, ICrisisDetector
{
    private readonly ObjectFactory<TDetector> _factory = ActivatorUtilities.CreateFactory<TDetector>([]);

    /// <inheritdoc />
    public override ICrisisDetector Create() => _factory(services, null);
}
