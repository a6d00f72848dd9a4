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
/// <param name="MentionsPerSecondPerCore">Mentions per second on one thread (the median of three runs): matching, English and Greek sentiment, categories, aggregation, detection, correlation and escalation.</param>
/// <param name="MentionsPerSecondAllCores">Mentions per second (the median of three runs) through one monitor fed from <paramref name="Cores"/> threads, each with the mentions of its share of the subjects in time order.</param>
/// <param name="MentionsPerSecondSeparateMonitors">Mentions per second (the median of three runs) with the same <paramref name="Cores"/> streams each through a monitor of its own with its share of the subjects, nothing shared: what the machine gives this work on all its cores, the ceiling of <paramref name="MentionsPerSecondAllCores"/>.</param>
/// <param name="AllocatedBytesPerMention">Bytes allocated per mention in the one-thread run (the mentions themselves are made beforehand).</param>
/// <param name="PeakMemoryBytes">The process's peak working set.</param>
/// <param name="Incidents">Incidents the one-thread run opened.</param>
internal sealed record CapacityResult(long Mentions, int Subjects, int Cores, double MentionsPerSecondPerCore, double MentionsPerSecondAllCores, double MentionsPerSecondSeparateMonitors, double AllocatedBytesPerMention, long PeakMemoryBytes, int Incidents);

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

        // Both whole runs once before measuring, so that every path either of them takes (the feeding threads' too)
        // is compiled at its final tier and the collector has sized its budgets.
        progress?.Invoke("warming up");
        var streams = Split(all, threads);
        RunPartition(subjectList, all, out _);
        RunShared(subjectList, streams, out _);
        RunSeparate(subjectList, streams);

        // Each figure is the median of three runs, the one-core and all-cores runs taken in turn: a run of a million
        // mentions lasts under a second, and one pause of the machine would otherwise decide a figure.
        var perCoreRuns = new double[Repetitions];
        var allCoresRuns = new double[Repetitions];
        var separateRuns = new double[Repetitions];
        var clock = TimeProvider.System;
        double allocated = 0;
        int incidents = 0, sharedIncidents = 0;
        for (var run = 0; run < Repetitions; run++)
        {
            progress?.Invoke($"one core, run {run + 1} of {Repetitions}");
            GC.Collect();
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var started = clock.GetTimestamp();
            RunPartition(subjectList, all, out incidents);
            perCoreRuns[run] = all.Length / clock.GetElapsedTime(started).TotalSeconds;
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

            progress?.Invoke($"{threads} cores, one monitor, run {run + 1} of {Repetitions}");
            GC.Collect();
            started = clock.GetTimestamp();
            RunShared(subjectList, streams, out sharedIncidents);
            allCoresRuns[run] = all.Length / clock.GetElapsedTime(started).TotalSeconds;

            progress?.Invoke($"{threads} cores, a monitor each, run {run + 1} of {Repetitions}");
            GC.Collect();
            started = clock.GetTimestamp();
            RunSeparate(subjectList, streams);
            separateRuns[run] = all.Length / clock.GetElapsedTime(started).TotalSeconds;
        }

        var perCore = Median(perCoreRuns);
        var allCores = Median(allCoresRuns);
        progress?.Invoke($"{threads} cores opened {sharedIncidents} incidents (one core: {incidents}); runs one core {string.Join(", ", perCoreRuns.Select(r => r.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)))}, all cores {string.Join(", ", allCoresRuns.Select(r => r.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)))}, a monitor each {string.Join(", ", separateRuns.Select(r => r.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)))}");

        using var process = Process.GetCurrentProcess();
        return new CapacityResult(all.Length, subjects, streams.Length, perCore, allCores, Median(separateRuns), allocated / all.Length, process.PeakWorkingSet64, incidents);
    }

    /// <summary>How many times each figure is measured; the median is reported.</summary>
    private const int Repetitions = 3;

    private static double Median(double[] runs)
    {
        var sorted = runs.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    /// <summary>A simulated mention and the subject it was made for.</summary>
    internal readonly record struct Item(Mention Mention, string Subject);

    /// <summary>
    /// The simulated feed every capacity run uses (the plain bench and <c>bench --silos</c>): <paramref name="subjects"/>
    /// brands over two days, every fourth with a data breach, the first <paramref name="count"/> mentions in time order.
    /// </summary>
    internal static (Item[] Mentions, List<MonitoredSubject> Subjects) Generate(int count, int subjects)
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
                // Each brand's simulator (its own scenario name and seed) numbers its ids apart from the others', so no
                // mention is taken for a duplicate of another brand's.
                list.Add(new Item(mention, subject.Id));
            }
        }

        list.Sort((a, b) => a.Mention.Timestamp.CompareTo(b.Mention.Timestamp));
        return ([.. list.Take(count)], subjectList);
    }

    private static void RunPartition(List<MonitoredSubject> subjects, Item[] mentions, out int incidents)
    {
        var clock = new VirtualClock(mentions.Length > 0 ? mentions[0].Mention.Timestamp : Scenarios.Start);
        using var provider = Build(subjects, clock);
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

    /// <summary>
    /// Splits the stream by subject into <paramref name="threads"/> streams, each in time order, dealing the busiest
    /// subjects first to the least loaded stream so that the threads have about as much work each.
    /// </summary>
    private static Item[][] Split(Item[] mentions, int threads)
    {
        var counts = mentions.GroupBy(m => m.Subject, StringComparer.Ordinal).Select(g => (Subject: g.Key, Count: g.Count())).OrderByDescending(g => g.Count).ThenBy(g => g.Subject, StringComparer.Ordinal);
        var load = new long[threads];
        var streamOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (subject, count) in counts)
        {
            var least = Array.IndexOf(load, load.Min());
            streamOf[subject] = least;
            load[least] += count;
        }

        return [.. Enumerable.Range(0, threads).Select(p => mentions.Where(m => streamOf[m.Subject] == p).ToArray()).Where(s => s.Length > 0)];
    }

    /// <summary>
    /// One monitor (and one escalation engine following it) fed from one thread per stream, as an app reading a
    /// partitioned source does. A thread does not run more than <see cref="MaxLag"/> of mention time ahead of the
    /// slowest, the alignment a partitioned source keeps, so mentions reach their buckets before they close.
    /// </summary>
    private static void RunShared(List<MonitoredSubject> subjects, Item[][] streams, out int incidents)
    {
        var first = streams.Where(s => s.Length > 0).Select(s => s[0].Mention.Timestamp).DefaultIfEmpty(Scenarios.Start).Min();
        var clock = new VirtualClock(first);
        using var provider = Build(subjects, clock);
        var monitor = provider.GetRequiredService<ICrisisMonitor>();
        var engine = provider.GetRequiredService<IEscalationEngine>();
        using var following = engine.Follow(monitor);

        // The mention time (UTC ticks) of what each thread takes next, a cache line pair apart; long.MaxValue once done.
        const int Stride = 16;
        var progress = new long[(streams.Length + 1) * Stride];
        for (var p = 0; p < streams.Length; p++)
        {
            progress[(p + 1) * Stride] = first.UtcTicks;
        }

        var threads = streams.Select((stream, p) => new Thread(() =>
        {
            var mine = (p + 1) * Stride;
            var published = first.UtcTicks;
            var othersAtLeast = first.UtcTicks;
            var clockAt = first.UtcTicks - TimeSpan.TicksPerSecond;
            foreach (var item in stream)
            {
                // Progress is published every few seconds of mention time, and always before waiting (so the thread
                // furthest behind never waits); the others' progress is read only when this thread may be too far
                // ahead. Both are lines the other cores write, so touching them per mention would be measured too.
                var ticks = item.Mention.Timestamp.UtcTicks;
                if (ticks - published >= ProgressStep.Ticks)
                {
                    Volatile.Write(ref progress[mine], ticks);
                    published = ticks;
                }

                if (ticks - MaxLag.Ticks > othersAtLeast)
                {
                    Volatile.Write(ref progress[mine], ticks);
                    published = ticks;
                    othersAtLeast = WaitForOthers(progress, streams.Length, p, ticks - MaxLag.Ticks);
                }

                // The shared virtual clock moves once per second of mention time: a clock written per mention from
                // every core would measure the clock, where an app's TimeProvider.System is written by nobody.
                if (ticks - clockAt >= TimeSpan.TicksPerSecond)
                {
                    clock.AdvanceTo(item.Mention.Timestamp);
                    clockAt = ticks;
                }

                monitor.Ingest(item.Mention);
            }

            Volatile.Write(ref progress[mine], long.MaxValue);
        })).ToList();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        incidents = provider.GetRequiredService<IIncidentStore>().ListAsync().AsTask().GetAwaiter().GetResult().Count;
    }

    /// <summary>
    /// Each stream through a pipeline of its own (its subjects only) on a thread of its own, all at once: the same
    /// work as <see cref="RunShared"/> with nothing shared between the threads.
    /// </summary>
    private static void RunSeparate(List<MonitoredSubject> subjects, Item[][] streams)
    {
        var threads = streams.Select(stream =>
        {
            var mine = stream.Select(m => m.Subject).ToHashSet(StringComparer.Ordinal);
            var own = subjects.Where(s => mine.Contains(s.Id)).ToList();
            return new Thread(() => RunPartition(own, stream, out _));
        }).ToList();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }
    }

    /// <summary>How far ahead in mention time one feeding thread may run of the slowest: less than the grace period of a bucket.</summary>
    private static readonly TimeSpan MaxLag = TimeSpan.FromSeconds(50);

    /// <summary>How often, in mention time, a feeding thread publishes its progress when it does not have to wait.</summary>
    private static readonly TimeSpan ProgressStep = TimeSpan.FromSeconds(5);

    /// <summary>Waits until every other thread's progress is at least <paramref name="until"/>; returns the least of them.</summary>
    private static long WaitForOthers(long[] progress, int count, int self, long until)
    {
        var spin = default(SpinWait);
        var least = long.MaxValue;
        for (var p = 0; p < count; p++)
        {
            if (p == self)
            {
                continue;
            }

            long seen;
            while ((seen = Volatile.Read(ref progress[(p + 1) * 16])) < until)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }

            least = Math.Min(least, seen);
        }

        return least;
    }

    /// <summary>The services of one in-process pipeline on <paramref name="clock"/>: the subjects, <see cref="BenchProtocol"/> and an in-memory <c>console</c> channel (or <paramref name="channel"/>).</summary>
    internal static ServiceProvider Build(List<MonitoredSubject> subjects, VirtualClock clock, InMemoryNotificationChannel? channel = null)
    {
        channel ??= new InMemoryNotificationChannel(ChannelName);
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
        return services.BuildServiceProvider();
    }

    /// <summary>The channel <see cref="BenchProtocol"/> notifies through.</summary>
    internal const string ChannelName = "console";

    /// <summary>The one protocol of every capacity run: notify the person on duty, repeat every 5 minutes, escalate after 15 without acknowledgement.</summary>
    internal static ResponseProtocol BenchProtocol() => new()
    {
        Id = "capacity",
        Name = "Capacity benchmark",
        People = { ["duty"] = new ProtocolPerson { Name = "On duty", Contacts = { [ChannelName] = "duty" } } },
        Roles = { ["duty"] = ["duty"] },
        Escalation = { new EscalationStep { Notify = ["duty"], Channels = [ChannelName], WaitForAcknowledgement = TimeSpan.FromMinutes(15), RepeatEvery = TimeSpan.FromMinutes(5) } },
        Deadlines = new ProtocolDeadlines { Acknowledge = TimeSpan.FromMinutes(30) },
        Messages = { ["en"] = new Dictionary<string, string> { ["holding"] = "We are looking into {issue}." } },
    };
}
