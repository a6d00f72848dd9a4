using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace CrisisKit.Tests.Diagnostics;

/// <summary>A container's CrisisKit telemetry as a test sees it: its instruments (on its own meter factory) and its logs.</summary>
internal sealed class Telemetry : IDisposable
{
    private readonly List<IDisposable> _collectors = [];

    private Telemetry(ServiceProvider provider)
    {
        Provider = provider;
        Logs = provider.GetFakeLogCollector();
    }

    public ServiceProvider Provider { get; }

    public FakeLogCollector Logs { get; }

    /// <summary>Builds the container with fake logging at every level; <paramref name="configure"/> adds CrisisKit and the rest.</summary>
    public static Telemetry Build(Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace));
        services.AddFakeLogging();
        configure(services);
        return new Telemetry(services.BuildServiceProvider());
    }

    /// <summary>Collects one instrument of this container's <c>CrisisKit</c> meter (not of other tests' containers).</summary>
    public MetricCollector<T> Collect<T>(string instrument)
        where T : struct
    {
        var collector = new MetricCollector<T>(Provider.GetRequiredService<IMeterFactory>(), "CrisisKit", instrument);
        _collectors.Add(collector);
        return collector;
    }

    /// <summary>The event ids logged so far at <paramref name="level"/>, in order.</summary>
    public List<int> Ids(LogLevel level) => [.. Logs.GetSnapshot().Where(r => r.Level == level).Select(r => r.Id.Id)];

    /// <summary>The records logged so far with event id <paramref name="id"/>.</summary>
    public List<FakeLogRecord> Records(int id) => [.. Logs.GetSnapshot().Where(r => r.Id.Id == id)];

    public void Dispose()
    {
        foreach (var collector in _collectors)
        {
            collector.Dispose();
        }

        Provider.Dispose();
    }
}

/// <summary>Records the <c>CrisisKit</c> activities stopped while it listens.</summary>
internal sealed class ActivityRecorder : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly List<Activity> _stopped = [];

    public ActivityRecorder()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "CrisisKit",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (_stopped)
                {
                    _stopped.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The activities stopped so far whose <c>crisiskit.incident.id</c> tag is <paramref name="incidentId"/> (tests run side by side).</summary>
    public List<Activity> For(string incidentId)
    {
        lock (_stopped)
        {
            return [.. _stopped.Where(a => a.GetTagItem("crisiskit.incident.id") as string == incidentId)];
        }
    }

    public void Dispose() => _listener.Dispose();
}
