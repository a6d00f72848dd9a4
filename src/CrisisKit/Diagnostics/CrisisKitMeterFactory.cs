using System.Diagnostics.Metrics;

namespace CrisisKit.Diagnostics;

/// <summary>
/// The <see cref="IMeterFactory"/> <c>AddCrisisKit</c> registers when the app has none (a host's
/// <c>AddMetrics()</c>, registered first, wins). Like the runtime's own factory it hands out one meter per name,
/// version and tags, scoped to itself so listeners can tell containers apart, and disposes them with the container.
/// </summary>
internal sealed class CrisisKitMeterFactory : IMeterFactory
{
    private readonly Lock _gate = new();
    private readonly List<Meter> _meters = [];
    private bool _disposed;

    public Meter Create(MeterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Scope is not null && !ReferenceEquals(options.Scope, this))
        {
            throw new InvalidOperationException("The meter options name another factory as their scope.");
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            foreach (var meter in _meters)
            {
                if (meter.Name == options.Name && meter.Version == options.Version && SameTags(meter.Tags, options.Tags))
                {
                    return meter;
                }
            }

            options.Scope = this;
            var created = new Meter(options);
            _meters.Add(created);
            return created;
        }
    }

    public void Dispose()
    {
        Meter[] meters;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            meters = [.. _meters];
            _meters.Clear();
        }

        foreach (var meter in meters)
        {
            meter.Dispose();
        }
    }

    private static bool SameTags(IEnumerable<KeyValuePair<string, object?>>? a, IEnumerable<KeyValuePair<string, object?>>? b)
    {
        var left = a?.OrderBy(t => t.Key, StringComparer.Ordinal).ToList() ?? [];
        var right = b?.OrderBy(t => t.Key, StringComparer.Ordinal).ToList() ?? [];
        return left.Count == right.Count && left.Zip(right).All(p => p.First.Key == p.Second.Key && Equals(p.First.Value, p.Second.Value));
    }
}
