// A detector of your own: unit-test it on buckets, NAB-score it, and add it to the monitor's composite.
using System.Globalization;
using CrisisKit.Benchmarking;
using CrisisKit.Correlation;
using CrisisKit.Detection;
using CrisisKit.Monitoring;
using CrisisKit.Simulation;
using CrisisKit.Testing;
using CustomDetector;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var start = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
var bucketSize = TimeSpan.FromMinutes(5);

// 1. Buckets in, signals out: a day at 20 mentions a bucket, then half an hour at 90, replayed bucket by bucket.
var buckets = new BucketSeriesBuilder(start, bucketSize)
    .Add(TimeSpan.FromDays(1), mentions: 20)
    .Add(TimeSpan.FromMinutes(30), mentions: 90)
    .Add(TimeSpan.FromHours(6), mentions: 20)
    .Build();
var signals = new HourlyBurstDetector().Replay(buckets);
var first = signals.Select((s, i) => (Signal: s, Bucket: buckets[i])).First(x => x.Signal.Score >= 0.5);
Console.WriteLine($"1. Replayed {buckets.Count} buckets: first raised at {first.Bucket.Start:ddd HH:mm}, score {first.Signal.Score:0.00}: {first.Signal.Reason}");

// The same series, appended by hand, for a test that looks at one bucket.
var series = DetectorReplay.CreateSeries();
foreach (var bucket in buckets.Take(288 + 1))
{
    series.Append(bucket);
}

Console.WriteLine($"   The burst's first bucket alone: {new HourlyBurstDetector().Evaluate(series).Score:0.00}");

// 2. NAB-score it: the counts as a NAB series with the burst labelled, scored online at threshold 0.5.
var nab = new NabSeries(
    "sample/burst.csv",
    [.. buckets.Select(b => b.Start.UtcDateTime)],
    [.. buckets.Select(b => (double)b.Mentions)],
    [new NabWindow(288 - 12, 288 + 18)]);
var scores = NabDetection.ScoreWith(nab, _ => new HourlyBurstDetector());
var result = NabScorer.Score([(nab, scores)], NabProfile.Standard, threshold: 0.5);
Console.WriteLine($"2. NAB standard profile: {result.Normalised:0.0} (detected {result.Detected} of {result.WindowCount} windows, {result.FalseAlarms} false alarms)");

// 3. Add it to the composite of a monitor, gated by negativity like the built-in attention signals and counting at
// most 0.8: a bot flood (loud, not negative) raises nothing, a data breach is raised with its reason among the others.
foreach (var scenario in new[] { Scenarios.BotFlood, Scenarios.DataBreach })
{
    var services = new ServiceCollection();
    var clock = new VirtualClock(scenario.Start);
    services.AddSingleton<TimeProvider>(clock);
    services.AddCrisisKit(o => o.Subjects.Add(scenario.Subject))
        .AddDetector<HourlyBurstDetector>();
    services.Configure<DetectionOptions>(o =>
    {
        o.DetectorWeights[HourlyBurstDetector.DetectorName] = 0.8;
        o.GatedDetectors.Add(HourlyBurstDetector.DetectorName);
    });
    using var provider = services.BuildServiceProvider();
    provider.GetRequiredService<IStartupValidator>().Validate();
    var monitor = provider.GetRequiredService<ICrisisMonitor>();
    var opened = new List<CrisisCandidate>();
    using var subscription = monitor.Subscribe(new Collector(opened));
    foreach (var mention in new ScenarioSimulator(scenario, seed: 1).Generate())
    {
        clock.AdvanceTo(mention.Timestamp); // the clock follows the mentions: one ahead of the clock would be rejected
        monitor.Ingest(mention);
    }

    monitor.AdvanceTo(scenario.Start + scenario.Duration);
    Console.WriteLine($"3. '{scenario.Name}': {opened.Count} candidate(s)");
    if ((scenario == Scenarios.DataBreach) != (opened.Count > 0))
    {
        Console.Error.WriteLine($"unexpected: '{scenario.Name}' should {(scenario == Scenarios.DataBreach ? "" : "not ")}raise a candidate");
        Environment.ExitCode = 1;
    }
    foreach (var reason in monitor.GetCandidates(scenario.Subject.Id).SelectMany(c => c.Reasons))
    {
        Console.WriteLine($"   {reason.Detector} {reason.Contribution:0.00}: {reason.Reason}");
    }
}

/// <summary>Collects the candidates the monitor opens.</summary>
internal sealed class Collector(List<CrisisCandidate> opened) : IObserver<MonitorEvent>
{
    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void OnNext(MonitorEvent value)
    {
        if (value is CrisisCandidateOpened e)
        {
            opened.Add(e.Candidate);
        }
    }
}
