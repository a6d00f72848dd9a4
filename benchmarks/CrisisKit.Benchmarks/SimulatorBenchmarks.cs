using BenchmarkDotNet.Attributes;
using CrisisKit.Simulation;

namespace CrisisKit.Benchmarks;

/// <summary>Scenario generation: one operation generates the whole normal-week scenario at 1,500 mentions an hour (about 252,000 mentions).</summary>
[MemoryDiagnoser]
public class SimulatorBenchmarks
{
    private readonly ScenarioSimulator _simulator = new(Scenarios.NormalWeek with { BaselineMentionsPerHour = 1500 }, seed: 3);

    [Benchmark]
    public long GenerateNormalWeekAt1500PerHour()
    {
        var count = 0L;
        foreach (var mention in _simulator.Generate())
        {
            count += mention.Text.Length > 0 ? 1 : 0;
        }

        return count;
    }
}
