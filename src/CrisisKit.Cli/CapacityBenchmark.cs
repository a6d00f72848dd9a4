using System.Diagnostics;
using CrisisKit.Escalation;
using CrisisKit.Incidents;
using CrisisKit.Mentions;
using CrisisKit.Monitoring;
using CrisisKit.Protocols;
using CrisisKit.Simulation;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisKit.Cli;

/// <summary>End-to-end capacity figures for sizing a deployment.</summary>
/// <param name="Mentions">Mentions pushed through the pipeline per run.</param>
/// <param name="Subjects">Monitored subjects.</param>
/// <param name="Cores">Threads used for the all-cores figure.</param>
/// <param name="MentionsPerSecondPerCore">Mentions per second on one thread: matching, English and Greek sentiment, categories, aggregation, detection, correlation and escalation.</param>
/// <param name="MentionsPerSecondAllCores">Mentions per second with the subjects split over <paramref name="Cores"/> monitors, one per thread.</param>
/// <param name="AllocatedBytesPerMention">Bytes allocated per mention in the one-thread run (the mentions themselves are made beforehand).</param>
/// <param name="PeakMemoryBytes">The process's peak working set.</param>
/// <param name="Incidents">Incidents the one-thread run opened.</param>
internal sealed record CapacityResult(long Mentions, int Subjects, int Cores, double MentionsPerSecondPerCore, double MentionsPerSecondAllCores, double AllocatedBytesPerMention, long PeakMemoryBytes, int Incidents);

/// <summary>
/// Runs simulated mentions of many subjects (each a brand with ordinary traffic, every fourth with a data breach)
/// through the whole pipeline, as a host would: the monitor (matching, enrichment, detection, correlation) and the
/// escalation engine following it, on a virtual clock driven by the mentions' timestamps.
/// </summary>
internal static class CapacityBenchmark
{
    /// <summary>Generates the mentions and measures.</summary>
    /// <param name="mentions">How many mentions, at least 1,000.</param>
    /// <param name="subjects">How many subjects, from 1 to 10,000.</param>
    /// <param name="cores">Threads for the all-cores figure; <see langword="null"/> for every processor.</param>
    /// <param name="progress">Told what is happening, for long runs; optional.</param>
    /// <returns>The figures.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static CapacityResult Run(int mentions, int subjects, int? cores = null, Action<string>? progress = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(mentions, 1_000);
        ArgumentOutOfRangeException.ThrowIfLessThan(subjects, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(subjects, 10_000);
        var threads = Math.Max(1, cores ?? Environment.ProcessorCount);
        progress?.Invoke($"generating {mentions:N0} mentions of {subjects} subjects");
        var (all, subjectList) = Generate(mentions, subjects);

        progress?.Invoke("warming up");
        RunPartition(subjectList, all, out _); // the whole run once, so every path is compiled at its final tier

        progress?.Invoke("one core");
        GC.Collect();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = TimeProvider.System;
        var started = clock.GetTimestamp();
        RunPartition(subjectList, all, out var incidents);
        var perCore = all.Length / clock.GetElapsedTime(started).TotalSeconds;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        progress?.Invoke($"{threads} cores");
        var partitions = Enumerable.Range(0, threads).Select(p => subjectList.Where((_, i) => i % threads == p).ToList()).Where(p => p.Count > 0).ToList();
        var streams = partitions.Select(p =>
        {
            var ids = p.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
            return all.Where(m => ids.Contains(m.Subject)).ToArray();
        }).ToList();
        GC.Collect();
        started = clock.GetTimestamp();
        Parallel.For(0, partitions.Count, new ParallelOptions { MaxDegreeOfParallelism = threads }, p => RunPartition(partitions[p], streams[p], out _));
        var allCores = all.Length / clock.GetElapsedTime(started).TotalSeconds;

        using var process = Process.GetCurrentProcess();
        return new CapacityResult(all.Length, subjects, partitions.Count, perCore, allCores, (double)allocated / all.Length, process.PeakWorkingSet64, incidents);
    }

    private readonly record struct Item(Mention Mention, string Subject);

    private static (Item[] Mentions, List<MonitoredSubject> Subjects) Generate(int count, int subjects)
    {
        var list = new List<Item>(count + 1024);
        var subjectList = new List<MonitoredSubject>(subjects);
        var duration = TimeSpan.FromDays(2);
        var perSubject = (double)count / subjects;
        for (var i = 0; i < subjects; i++)
        {
            var subject = new MonitoredSubject { Id = $"brand{i}", Name = $"Brand{i}", Keywords = [$"brand{i}"], Handles = [$"@brand{i}care"] };
            subjectList.Add(subject);
            var scenario = (i % 4 == 0 ? Scenarios.DataBreach : Scenarios.NormalWeek) with
            {
                Name = $"capacity-{i}",
                Subject = subject,
                BrandName = subject.Name,
                Duration = duration,
                BaselineMentionsPerHour = perSubject / duration.TotalHours / 1.15,
                AuthorPoolSize = 2_000,
            };
            foreach (var mention in new ScenarioSimulator(scenario, seed: i + 1).Generate())
            {
                list.Add(new Item(mention, subject.Id));
            }
        }

        list.Sort((a, b) => a.Mention.Timestamp.CompareTo(b.Mention.Timestamp));
        return ([.. list.Take(count)], subjectList);
    }

    private static void RunPartition(List<MonitoredSubject> subjects, Item[] mentions, out int incidents)
    {
        var clock = new VirtualClock(mentions.Length > 0 ? mentions[0].Mention.Timestamp : Scenarios.Start);
        var channel = new InMemoryNotificationChannel("console");
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(new ProtocolSet([BenchProtocol()]));
        services.AddCrisisKit(o =>
        {
            foreach (var subject in subjects)
            {
                o.Subjects.Add(subject);
            }
        }).AddNotificationChannel(channel);
        using var provider = services.BuildServiceProvider();
        var monitor = provider.GetRequiredService<ICrisisMonitor>();
        var engine = provider.GetRequiredService<IEscalationEngine>();
        using var following = engine.Follow(monitor);
        foreach (var item in mentions)
        {
            clock.AdvanceTo(item.Mention.Timestamp);
            monitor.Ingest(item.Mention);
        }

        incidents = provider.GetRequiredService<IIncidentStore>().ListAsync().AsTask().GetAwaiter().GetResult().Count;
    }

    private static ResponseProtocol BenchProtocol() => new()
    {
        Id = "capacity",
        Name = "Capacity benchmark",
        People = { ["duty"] = new ProtocolPerson { Name = "On duty", Contacts = { ["console"] = "duty" } } },
        Roles = { ["duty"] = ["duty"] },
        Escalation = { new EscalationStep { Notify = ["duty"], Channels = ["console"], WaitForAcknowledgement = TimeSpan.FromMinutes(15), RepeatEvery = TimeSpan.FromMinutes(5) } },
        Deadlines = new ProtocolDeadlines { Acknowledge = TimeSpan.FromMinutes(30) },
        Messages = { ["en"] = new Dictionary<string, string> { ["holding"] = "We are looking into {issue}." } },
    };
}
