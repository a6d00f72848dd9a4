using BenchmarkDotNet.Attributes;
using CrisisKit.Monitoring;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisKit.Benchmarks;

/// <summary>
/// Saving and restoring a monitor's detection state: 1,000 subjects with a week of 5-minute buckets each, after
/// about 28 hours of mentions (200,000 mentions, about half of them naming a subject). One operation is one whole
/// snapshot.
/// </summary>
[MemoryDiagnoser]
public class SnapshotBenchmarks
{
    private const int SubjectCount = 1_000;
    private ICrisisMonitor _saved = null!;
    private ICrisisMonitor _restored = null!;
    private MemoryStream _buffer = null!;
    private byte[] _snapshot = null!;

    [GlobalSetup]
    public void Setup()
    {
        _saved = Monitor();
        _restored = Monitor();
        foreach (var mention in BenchmarkData.Mentions(200_000, SubjectCount))
        {
            _saved.Ingest(mention);
        }

        _buffer = new MemoryStream();
        _saved.SaveState(_buffer);
        _snapshot = _buffer.ToArray();
        Console.WriteLine($"// snapshot of {SubjectCount:N0} subjects: {_snapshot.Length:N0} bytes");
    }

    [Benchmark]
    public long Save()
    {
        _buffer.Position = 0;
        _buffer.SetLength(0);
        _saved.SaveState(_buffer);
        return _buffer.Length;
    }

    [Benchmark]
    public void Restore() => _restored.RestoreState(new MemoryStream(_snapshot, writable: false));

    private static ICrisisMonitor Monitor()
    {
        var services = new ServiceCollection();
        services.AddCrisisKit(o =>
        {
            foreach (var subject in BenchmarkData.Subjects(SubjectCount))
            {
                o.Subjects.Add(subject);
            }

            o.DuplicateTrackingCapacity = 0;
        });
        return services.BuildServiceProvider().GetRequiredService<ICrisisMonitor>();
    }
}
