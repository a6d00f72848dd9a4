namespace CrisisKit.DependencyInjection;

/// <summary>
/// Holds the service instance that an options validator builds at start-up, so the container hands out that very
/// instance instead of building (and reading lexicons or protocols) a second time. Keyed by the options instance:
/// <see cref="Microsoft.Extensions.Options.IOptions{TOptions}.Value"/> is the instance that was validated.
/// </summary>
/// <typeparam name="T">The service built from the options.</typeparam>
internal sealed class ValidatedInstance<T>
    where T : class
{
    private readonly Lock _gate = new();
    private object? _options;
    private T? _value;

    /// <summary>The instance built from <paramref name="options"/>, building it on first use.</summary>
    /// <param name="options">The options instance the service is built from.</param>
    /// <param name="build">Builds the service; an exception it throws is not cached.</param>
    public T Get(object options, Func<T> build)
    {
        lock (_gate)
        {
            if (_value is null || !ReferenceEquals(_options, options))
            {
                _value = build();
                _options = options;
            }

            return _value;
        }
    }
}
