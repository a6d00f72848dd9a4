using CrisisKit.Orleans;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;

namespace Orleans.Hosting;

/// <summary>Adds a <see cref="SharedMemoryGrainStorage"/> to a silo.</summary>
public static class SharedMemoryGrainStorageExtensions
{
    /// <summary>
    /// Registers <paramref name="storage"/> as the silo's grain storage provider named <paramref name="name"/>. Give
    /// the same instance to every silo of the process, and their grains share one store that outlives any one of
    /// them (but not the process): for samples, benchmarks and tests, not for production.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">The provider's name; <see cref="CrisisKitOrleansOptions.StorageName"/> for subject grains.</param>
    /// <param name="storage">The storage the silos share.</param>
    /// <returns>The silo builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="storage"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null, empty or white space.</exception>
    public static ISiloBuilder AddSharedMemoryGrainStorage(this ISiloBuilder builder, string name, SharedMemoryGrainStorage storage)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(storage);
        builder.Services.AddGrainStorage(name, (services, _) => storage.For(services.GetRequiredService<Serializer>()));
        return builder;
    }
}
