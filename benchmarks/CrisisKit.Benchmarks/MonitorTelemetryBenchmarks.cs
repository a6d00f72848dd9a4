using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using CrisisKit.Mentions;
using CrisisKit.Monitoring;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisKit.Benchmarks;

/// <summary>
/// <see cref="MonitorBenchmarks"/> with a <see cref="MeterListener"/> totalling every instrument on the CrisisKit meter,
/// as an app exporting metrics has: the counters a mention moves must not allocate either. One operation is one mention.
/// </summary>
[MemoryDiagnoser]
public class MonitorTelemetryBenchmarks
{
    private const int MentionCount = 10_000;
    private Mention[] _mentions = null!;
    private ICrisisMonitor _monitor = null!;
    private MeterListener _listener = null!;
    private long _measured;
    private int _round;

    [GlobalSetup]
    public void Setup()
    {
        _mentions = [.. BenchmarkData.Mentions(MentionCount)];
        var services = new ServiceCollection();
        services.AddCrisisKit(o =>
        {
            foreach (var subject in BenchmarkData.Subjects(100))
            {
                o.Subjects.Add(subject);
            }

            o.DuplicateTrackingCapacity = 0;
        });
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "CrisisKit")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _measured, value));
        _listener.Start();
        _monitor = services.BuildServiceProvider().GetRequiredService<ICrisisMonitor>();
    }

    [GlobalCleanup]
    public void Cleanup() => _listener.Dispose();

    [Benchmark(OperationsPerInvoke = MentionCount)]
    public long IngestMetered()
    {
        _round++;
        var matched = 0L;
        foreach (var mention in _mentions)
        {
            matched += _monitor.Ingest(mention).MatchedSubjects;
        }

        return matched + _round + Volatile.Read(ref _measured);
    }
}
