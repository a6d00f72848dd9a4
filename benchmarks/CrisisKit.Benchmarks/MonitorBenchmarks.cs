using BenchmarkDotNet.Attributes;
using CrisisKit.Mentions;
using CrisisKit.Monitoring;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisKit.Benchmarks;

/// <summary>The monitor's ingest path (de-duplication, matching against 100 subjects, activity): one operation is one mention.</summary>
[MemoryDiagnoser]
public class MonitorBenchmarks
{
    private const int MentionCount = 10_000;
    private Mention[] _mentions = null!;
    private ICrisisMonitor _monitor = null!;
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
        _monitor = services.BuildServiceProvider().GetRequiredService<ICrisisMonitor>();
    }

    [Benchmark(OperationsPerInvoke = MentionCount)]
    public long Ingest()
    {
        _round++;
        var matched = 0L;
        foreach (var mention in _mentions)
        {
            matched += _monitor.Ingest(mention).MatchedSubjects;
        }

        return matched + _round;
    }
}
