// The CrisisKit quickstart: stream a simulated crisis through the monitor and print what it saw.
using System.Diagnostics;
using System.Globalization;
using CrisisKit.Detection;
using CrisisKit.Monitoring;
using CrisisKit.Simulation;
using Microsoft.Extensions.DependencyInjection;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var scenario = Scenarios.ViralComplaint;

var services = new ServiceCollection();
services.AddCrisisKit(options => options.Subjects.Add(scenario.Subject));
using var provider = services.BuildServiceProvider();
var monitor = provider.GetRequiredService<ICrisisMonitor>();
var candidates = new List<CrisisCandidate>();
using var subscription = monitor.Subscribe(new CandidateCollector(candidates));

Console.WriteLine($"Scenario '{scenario.Name}': {scenario.Description}");
var stopwatch = Stopwatch.StartNew();
foreach (var mention in new ScenarioSimulator(scenario, seed: 7).Generate())
{
    monitor.Ingest(mention);
}

monitor.AdvanceTo(scenario.Start + scenario.Duration);
var statistics = monitor.Statistics;
Console.WriteLine($"Ingested {statistics.Received:N0} mentions in {stopwatch.Elapsed.TotalMilliseconds:N0} ms ({statistics.Matched:N0} matched, {statistics.Duplicates} duplicates, {statistics.Late} late).");

foreach (var subject in monitor.Subjects)
{
    var activity = monitor.GetActivity(subject.Id)!;
    Console.WriteLine();
    Console.WriteLine($"{subject.Name}: {activity.Mentions:N0} mentions from {activity.FirstMention:yyyy-MM-dd HH:mm} to {activity.LastMention:yyyy-MM-dd HH:mm} UTC");
    Console.WriteLine($"  potential reach {activity.PotentialReach:N0}, interactions {activity.Interactions:N0}");
    Console.WriteLine($"  sentiment: mean {activity.MeanSentiment:+0.00;-0.00}, {activity.NegativeMentions:N0} negative ({100.0 * activity.NegativeMentions / activity.Mentions:0}%)");
    Console.WriteLine($"  crisis categories: {string.Join(", ", activity.Categories.Select(c => $"{c.Key} {c.Value:N0}"))}");
    Console.WriteLine($"  languages: {string.Join(", ", activity.Languages.Select(l => $"{l.Key} {l.Value:N0}"))}");
    Console.WriteLine($"  platforms: {string.Join(", ", activity.Platforms.Select(p => $"{p.Key} {p.Value:N0}"))}");
    Console.WriteLine("  most active authors:");
    foreach (var author in activity.TopAuthors.Take(5))
    {
        Console.WriteLine($"    @{author.Handle,-28} {author.Mentions,5} mentions  {author.Followers,10:N0} followers");
    }

    Console.WriteLine("  widest reach:");
    foreach (var author in activity.TopAuthorsByReach.Take(5))
    {
        Console.WriteLine($"    @{author.Handle,-28} {author.Followers,10:N0} followers{(author.Verified ? "  (verified)" : "")}");
    }
}

Console.WriteLine();
Console.WriteLine("Crisis candidates raised:");
foreach (var candidate in candidates)
{
    var closed = candidate.ClosedAt is { } at ? $", closed {at:ddd HH:mm}" : ", still open";
    Console.WriteLine($"  {candidate.Id}: first signal {candidate.FirstSignalAt:ddd yyyy-MM-dd HH:mm}, peak {candidate.PeakScore:0.00} at {candidate.PeakAt:ddd HH:mm}, {candidate.SignalCount} signals{closed}");
    foreach (var reason in candidate.Reasons)
    {
        Console.WriteLine($"    {reason.Detector} ({reason.Contribution:0.00}, {reason.BucketStart:ddd HH:mm}): {reason.Reason}");
    }

    if (candidate.TopTerms.Count > 0)
    {
        Console.WriteLine($"    terms: {string.Join(", ", candidate.TopTerms)}");
    }
}

Console.WriteLine();
Console.WriteLine("What really happened (ground truth):");
foreach (var truth in scenario.GroundTruth)
{
    Console.WriteLine($"  {truth.Onset:ddd yyyy-MM-dd HH:mm} to {truth.End:ddd HH:mm}: {truth.Kind} - {truth.Description}");
}

/// <summary>Keeps the latest state of each crisis candidate the monitor reports.</summary>
internal sealed class CandidateCollector(List<CrisisCandidate> candidates) : IObserver<MonitorEvent>
{
    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void OnNext(MonitorEvent value)
    {
        var candidate = value switch
        {
            CrisisCandidateOpened e => e.Candidate,
            CrisisCandidateUpdated e => e.Candidate,
            CrisisCandidateReopened e => e.Candidate,
            CrisisCandidateClosed e => e.Candidate,
            _ => null,
        };
        if (candidate is null)
        {
            return;
        }

        var index = candidates.FindIndex(c => c.Id == candidate.Id);
        if (index < 0)
        {
            candidates.Add(candidate);
        }
        else
        {
            candidates[index] = candidate;
        }
    }
}
