using CrisisKit.Aggregation;
using CrisisKit.Correlation;
using CrisisKit.Mentions;
using CrisisKit.Monitoring;
using CrisisKit.Simulation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CrisisKit.Tests.Monitoring;

/// <summary>
/// The monitor splits its subjects over <see cref="CrisisKitOptions.Shards"/> shards so that threads feeding it do
/// not wait for each other; the results must not depend on how many there are, nor on how many threads feed it.
/// </summary>
public class ShardedMonitorTests
{
    private static readonly TimeSpan Duration = TimeSpan.FromDays(2);

    // Six brands over two days; brands 0 and 3 have a data breach on the second day.
    private static readonly (List<MonitoredSubject> Subjects, List<Mention> Mentions) Stream = Generate();

    [Fact]
    public void One_thread_gets_the_same_buckets_candidates_events_statistics_and_snapshot_with_any_number_of_shards()
    {
        var sequence = WithDuplicatesAndLateMentions(Stream.Mentions);
        var expected = Run(1, sequence);
        expected.Events.OfType<CrisisCandidateOpened>().Should().NotBeEmpty("the breaches must open candidates for the comparison to mean something");
        expected.Events.OfType<DuplicateMentionIgnored>().Should().NotBeEmpty();
        expected.Events.OfType<LateMentionAccepted>().Should().NotBeEmpty();
        expected.Events.OfType<MentionNotBucketed>().Should().NotBeEmpty();

        foreach (var shards in new[] { 2, 4, 7 })
        {
            var actual = Run(shards, sequence);
            actual.Snapshot.Should().Equal(expected.Snapshot, $"the snapshot with {shards} shards");
            actual.Statistics.Should().BeEquivalentTo(expected.Statistics);
            actual.Buckets.Should().BeEquivalentTo(expected.Buckets, o => o.WithStrictOrdering(), $"the buckets with {shards} shards");
            actual.Candidates.Should().BeEquivalentTo(expected.Candidates, o => o.WithStrictOrdering());
            actual.Activity.Should().BeEquivalentTo(expected.Activity, o => o.WithStrictOrdering());
            actual.Events.Should().BeEquivalentTo(expected.Events, o => o.WithStrictOrdering().RespectingRuntimeTypes(), $"the events with {shards} shards");
        }
    }

    [Fact]
    public void Several_threads_on_disjoint_subjects_get_what_one_thread_gets_and_lose_no_count()
    {
        // Each brand's mentions twice over (the copy a duplicate), so de-duplication is exercised from every thread.
        var sequence = Stream.Mentions.SelectMany((m, i) => i % 50 == 0 ? new[] { m, m } : [m]).ToList();
        var expected = Run(4, sequence);

        // Three threads, each with the mentions of two brands in time order, kept within 30 s of mention time of
        // each other (less than the grace period, so every mention reaches its bucket before it closes).
        var streams = Enumerable.Range(0, 3).Select(t => sequence.Where(m => SubjectOf(m) % 3 == t).ToList()).ToList();
        var monitor = Create(4, out var time, out var events);
        var next = new long[streams.Count];
        var threads = streams.Select((stream, t) => new Thread(() =>
        {
            foreach (var mention in stream)
            {
                Volatile.Write(ref next[t], mention.Timestamp.UtcTicks);
                var spin = default(SpinWait);
                for (var other = 0; other < next.Length; other++)
                {
                    while (other != t && Volatile.Read(ref next[other]) < mention.Timestamp.UtcTicks - TimeSpan.FromSeconds(30).Ticks)
                    {
                        spin.SpinOnce(sleep1Threshold: -1);
                    }
                }

                monitor.Ingest(mention);
            }

            Volatile.Write(ref next[t], long.MaxValue);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        monitor.AdvanceTo(Scenarios.Start + Duration);

        monitor.Statistics.Should().BeEquivalentTo(expected.Statistics, o => o.Excluding(s => s.Late));
        monitor.Statistics.Duplicates.Should().Be(sequence.Count - Stream.Mentions.Count);
        foreach (var subject in Stream.Subjects)
        {
            monitor.GetBuckets(subject.Id).Should().BeEquivalentTo(expected.Buckets[subject.Id], o => o.WithStrictOrdering(), subject.Id);
            monitor.GetCandidates(subject.Id).Should().BeEquivalentTo(expected.Candidates[subject.Id], o => o.WithStrictOrdering(), subject.Id);
            monitor.GetActivity(subject.Id).Should().BeEquivalentTo(expected.Activity[subject.Id], o => o.Excluding(a => a!.LateMentions), subject.Id);
            CandidateEvents(events, subject.Id).Should().Equal(CandidateEvents(expected.Events, subject.Id), subject.Id);
        }

        lock (events)
        {
            events.OfType<DuplicateMentionIgnored>().Should().HaveCount(sequence.Count - Stream.Mentions.Count);
        }
    }

    [Fact]
    public void An_observer_may_call_back_into_the_monitor_while_two_threads_feed_it()
    {
        var monitor = Create(2, out _, out _);
        var seen = 0;
        monitor.Subscribe(new Callback(e =>
        {
            if (e is CrisisCandidateOpened opened)
            {
                // Reading and moving the monitor from inside a closing event must neither deadlock nor throw.
                monitor.GetCandidates(opened.Candidate.SubjectId).Should().NotBeEmpty();
                monitor.AdvanceTo(opened.Candidate.FirstSignalAt);
                Interlocked.Increment(ref seen);
            }
        }));
        var streams = Enumerable.Range(0, 2).Select(t => Stream.Mentions.Where(m => SubjectOf(m) % 2 == t).ToList()).ToList();
        var threads = streams.Select(stream => new Thread(() => stream.ForEach(m => monitor.Ingest(m)))).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join(TimeSpan.FromMinutes(2)).Should().BeTrue("no thread may be stuck"));

        seen.Should().BePositive();
        monitor.Statistics.Received.Should().Be(Stream.Mentions.Count);
    }

    [Fact]
    public void An_observer_that_ingests_from_inside_an_event_does_not_disturb_the_mention_being_taken()
    {
        var start = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(start + TimeSpan.FromHours(1)));
        services.AddCrisisKit(o =>
        {
            o.Subjects.Add(new MonitoredSubject { Id = "acme", Name = "Acme", Keywords = ["acme"] });
            o.Subjects.Add(new MonitoredSubject { Id = "globex", Name = "Globex", Keywords = ["globex"] });
        });
        var monitor = services.BuildServiceProvider().GetRequiredService<ICrisisMonitor>();
        Mention At(string id, string text, int minutes) => new() { Id = id, Platform = Platforms.X, Author = new MentionAuthor("u" + id, 10), Text = text, Timestamp = start + TimeSpan.FromMinutes(minutes) };
        monitor.Ingest(At("1", "acme shipping update", 30));
        var nested = false;
        monitor.Subscribe(new Callback(e =>
        {
            // A late mention is reported after it was matched and before it is counted: the nested mention matches
            // another subject on the same thread, which must not change where the outer one goes.
            if (e is LateMentionAccepted && !nested)
            {
                nested = true;
                monitor.Ingest(At("3", "globex outage again", 30));
            }
        }));

        monitor.Ingest(At("2", "acme late reply", 1)).Outcome.Should().Be(IngestOutcome.Matched);

        nested.Should().BeTrue();
        monitor.GetActivity("acme")!.Mentions.Should().Be(2);
        monitor.GetActivity("globex")!.Mentions.Should().Be(1);
    }

    [Fact]
    public void A_snapshot_taken_with_one_shard_count_resumes_with_another()
    {
        var mentions = Stream.Mentions;
        var half = mentions.Count / 2;
        var uninterrupted = Run(2, mentions);

        var first = Create(1, out _, out _);
        mentions.Take(half).ToList().ForEach(m => first.Ingest(m));
        using var saved = new MemoryStream();
        first.SaveState(saved);

        var second = Create(7, out _, out _);
        saved.Position = 0;
        second.RestoreState(saved);
        mentions.Skip(half).ToList().ForEach(m => second.Ingest(m));
        second.AdvanceTo(Scenarios.Start + Duration);

        using var end = new MemoryStream();
        second.SaveState(end);
        end.ToArray().Should().Equal(uninterrupted.Snapshot);
        foreach (var subject in Stream.Subjects)
        {
            second.GetCandidates(subject.Id).Should().BeEquivalentTo(uninterrupted.Candidates[subject.Id], o => o.WithStrictOrdering());
        }
    }

    [Fact]
    public void Taking_a_mention_allocates_nothing_in_steady_state()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(Scenarios.Start + Duration));
        services.AddCrisisKit(o =>
        {
            o.Shards = 3;
            o.DuplicateTrackingCapacity = 0;
            foreach (var subject in Stream.Subjects)
            {
                o.Subjects.Add(subject);
            }
        });
        var monitor = services.BuildServiceProvider().GetRequiredService<ICrisisMonitor>();

        // Mentions of one bucket period during the breaches, so that no bucket closes while measuring.
        var start = Scenarios.Start + TimeSpan.FromHours(36);
        var mentions = Stream.Mentions.Where(m => m.Timestamp >= start && m.Timestamp < start + TimeSpan.FromMinutes(4)).ToList();
        mentions.Should().HaveCountGreaterThan(20);
        var least = long.MaxValue;
        for (var round = 0; round < 5; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            foreach (var mention in mentions)
            {
                monitor.Ingest(mention);
            }

            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        least.Should().Be(0);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1025)]
    public void A_shard_count_out_of_range_fails_start_with_the_option_named(int shards)
    {
        var result = new CrisisKitOptionsValidator().Validate(null, new CrisisKitOptions { Shards = shards });

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().Contain($"CrisisKitOptions.Shards must be between 1 and 1024 (was {shards}).");
    }

    private static IEnumerable<string> CandidateEvents(List<MonitorEvent> events, string subjectId)
    {
        lock (events)
        {
            return [.. events.Select(e => e switch
            {
                CrisisCandidateOpened o when o.Candidate.SubjectId == subjectId => $"opened {o.Candidate.Id} {o.Candidate.Status}",
                CrisisCandidateUpdated u when u.Candidate.SubjectId == subjectId => $"updated {u.Candidate.Id} {u.Candidate.PeakScore}",
                CrisisCandidateReopened r when r.Candidate.SubjectId == subjectId => $"reopened {r.Candidate.Id}",
                CrisisCandidateClosed c when c.Candidate.SubjectId == subjectId => $"closed {c.Candidate.Id}",
                _ => null,
            }).OfType<string>()];
        }
    }

    private sealed record Result(
        byte[] Snapshot,
        MonitorStatistics Statistics,
        Dictionary<string, IReadOnlyList<MentionBucket>> Buckets,
        Dictionary<string, IReadOnlyList<CrisisCandidate>> Candidates,
        Dictionary<string, SubjectActivity?> Activity,
        List<MonitorEvent> Events);

    private static Result Run(int shards, IReadOnlyList<Mention> mentions)
    {
        var monitor = Create(shards, out _, out var events);
        foreach (var mention in mentions)
        {
            monitor.Ingest(mention);
        }

        monitor.AdvanceTo(Scenarios.Start + Duration);
        using var snapshot = new MemoryStream();
        monitor.SaveState(snapshot);
        return new Result(
            snapshot.ToArray(),
            monitor.Statistics,
            Stream.Subjects.ToDictionary(s => s.Id, s => monitor.GetBuckets(s.Id)),
            Stream.Subjects.ToDictionary(s => s.Id, s => monitor.GetCandidates(s.Id)),
            Stream.Subjects.ToDictionary(s => s.Id, s => monitor.GetActivity(s.Id)),
            events);
    }

    private static ICrisisMonitor Create(int shards, out FakeTimeProvider time, out List<MonitorEvent> events)
    {
        // The clock stands at the end of the stream, so no mention is ahead of it and every event has the same time.
        time = new FakeTimeProvider(Scenarios.Start + Duration);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddCrisisKit(o =>
        {
            o.Shards = shards;
            foreach (var subject in Stream.Subjects)
            {
                o.Subjects.Add(subject);
            }
        });
        var monitor = services.BuildServiceProvider().GetRequiredService<ICrisisMonitor>();
        var recorded = events = [];
        monitor.Subscribe(new Recorder(recorded));
        return monitor;
    }

    /// <summary>The sequence with every 97th mention given again (a duplicate) and every 301st held back 20 minutes (late, and too late for its bucket).</summary>
    private static List<Mention> WithDuplicatesAndLateMentions(List<Mention> mentions)
    {
        var result = new List<Mention>(mentions.Count + 100);
        var held = new List<(DateTimeOffset Release, Mention Mention)>();
        for (var i = 0; i < mentions.Count; i++)
        {
            var mention = mentions[i];
            foreach (var due in held.Where(h => h.Release <= mention.Timestamp).ToList())
            {
                result.Add(due.Mention);
                held.Remove(due);
            }

            if (i % 301 == 150)
            {
                held.Add((mention.Timestamp + TimeSpan.FromMinutes(20), mention));
                continue;
            }

            result.Add(mention);
            if (i % 97 == 0)
            {
                result.Add(mention);
            }
        }

        result.AddRange(held.Select(h => h.Mention));
        return result;
    }

    private static int SubjectOf(Mention mention) => int.Parse(mention.Id.AsSpan(0, mention.Id.IndexOf('-', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture);

    private static (List<MonitoredSubject>, List<Mention>) Generate()
    {
        var subjects = new List<MonitoredSubject>();
        var mentions = new List<Mention>();
        for (var i = 0; i < 6; i++)
        {
            var subject = new MonitoredSubject { Id = $"brand{i}", Name = $"Brand{i}", Keywords = [$"brand{i}"], Handles = [$"@brand{i}care"] };
            subjects.Add(subject);
            var scenario = (i % 3 == 0 ? Scenarios.DataBreach : Scenarios.NormalWeek) with
            {
                Name = $"shards-{i}",
                Subject = subject,
                BrandName = subject.Name,
                Duration = Duration,
                BaselineMentionsPerHour = 60,
                AuthorPoolSize = 500,
            };

            // Ids carry the brand's number, so that the brands' mentions never share a key.
            mentions.AddRange(new ScenarioSimulator(scenario, seed: i + 1).Generate().Select(m => m with { Id = $"{i}-{m.Id}" }));
        }

        mentions.Sort((a, b) => a.Timestamp.CompareTo(b.Timestamp));
        return (subjects, mentions);
    }

    private sealed class Callback(Action<MonitorEvent> onNext) : IObserver<MonitorEvent>
    {
        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void OnNext(MonitorEvent value) => onNext(value);
    }

    private sealed class Recorder(List<MonitorEvent> events) : IObserver<MonitorEvent>
    {
        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void OnNext(MonitorEvent value)
        {
            lock (events)
            {
                events.Add(value);
            }
        }
    }
}
