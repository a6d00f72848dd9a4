using CrisisKit.Mentions;
using CrisisKit.Monitoring;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static CrisisKit.Tests.TestMentions;

namespace CrisisKit.Tests.Monitoring;

public class CrisisMonitorTests
{
    private static readonly MonitoredSubject Acme = new() { Id = "acme", Keywords = ["acme"] };
    private static readonly MonitoredSubject Metro = new() { Id = "metro", Keywords = ["μετρό"] };

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero));
    private readonly RecordingProcessor _processor = new();
    private readonly List<MonitorEvent> _events = [];

    private ICrisisMonitor CreateMonitor(Action<CrisisKitOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddCrisisKit(o =>
        {
            o.Subjects.Add(Acme);
            o.Subjects.Add(Metro);
            configure?.Invoke(o);
        }).AddMentionProcessor(_processor);
        var monitor = services.BuildServiceProvider().GetRequiredService<ICrisisMonitor>();
        monitor.Subscribe(new Recorder(_events));
        return monitor;
    }

    [Fact]
    public void Matched_mentions_reach_every_processor_once_per_subject()
    {
        var monitor = CreateMonitor();

        monitor.Ingest(Create("acme in the μετρό", id: "1")).Should().Be(new IngestResult(IngestOutcome.Matched, 2, false));
        monitor.Ingest(Create("nothing to see", id: "2")).Should().Be(new IngestResult(IngestOutcome.Unmatched, 0, false));

        _processor.Seen.Should().Equal(("1", "acme"), ("1", "metro"));
        monitor.Statistics.Should().BeEquivalentTo(new MonitorStatistics(2, 1, 1, 0, 0, T0));
    }

    [Fact]
    public void Stages_receive_each_mention_enriched_with_sentiment_and_crisis_categories()
    {
        var monitor = CreateMonitor();

        monitor.Ingest(Create("acme hacked my account and leaked my data, this is terrible", id: "1", language: "en"));
        monitor.Ingest(Create("love my new acme phone, thank you", id: "2", language: "en"));

        var breach = _processor.Contexts[0];
        breach.Sentiment.Compound.Should().BeLessThan(-0.3);
        breach.Categories.Primary.Should().Be(CrisisKit.Categories.CrisisCategory.DataBreach);
        _processor.Contexts[1].Sentiment.Compound.Should().BeGreaterThan(0.3);
        _processor.Contexts[1].Categories.Above(0.5).Should().BeEmpty();
        var activity = monitor.GetActivity("acme")!;
        activity.NegativeMentions.Should().Be(1);
        activity.Categories.Should().ContainSingle().Which.Key.Should().Be(CrisisKit.Categories.CrisisCategory.DataBreach);
    }

    [Fact]
    public void A_repeated_platform_and_id_is_a_duplicate_and_goes_no_further()
    {
        var monitor = CreateMonitor();

        monitor.Ingest(Create("acme", id: "1"));
        monitor.Ingest(Create("acme edited text", id: "1")).Outcome.Should().Be(IngestOutcome.Duplicate);
        monitor.Ingest(Create("acme", id: "1", platform: Platforms.Facebook)).Outcome.Should().Be(IngestOutcome.Matched, "the same id on another platform is another post");

        _processor.Seen.Should().HaveCount(2);
        monitor.Statistics.Duplicates.Should().Be(1);
        _events.OfType<DuplicateMentionIgnored>().Should().ContainSingle().Which.Mention.Key.Should().Be(new MentionKey("x", "1"));
        monitor.GetActivity("acme")!.Mentions.Should().Be(2);
    }

    [Fact]
    public void Duplicates_are_remembered_for_the_window_of_mention_time_only()
    {
        var monitor = CreateMonitor(o => o.DuplicateWindow = TimeSpan.FromHours(1));

        monitor.Ingest(Create("acme", id: "1", at: T0));
        monitor.Ingest(Create("acme", id: "2", at: T0.AddHours(2)));
        monitor.Ingest(Create("acme", id: "1", at: T0)).Outcome.Should().Be(IngestOutcome.Matched);
    }

    [Fact]
    public void Out_of_order_mentions_within_tolerance_are_normal_and_older_ones_are_late_but_kept()
    {
        var monitor = CreateMonitor(o => o.LateMentionTolerance = TimeSpan.FromMinutes(10));

        monitor.Ingest(Create("acme", id: "1", at: T0.AddMinutes(30)));
        monitor.Ingest(Create("acme", id: "2", at: T0.AddMinutes(25))).IsLate.Should().BeFalse();
        monitor.Ingest(Create("acme", id: "3", at: T0)).Should().Be(new IngestResult(IngestOutcome.Matched, 1, true));

        _processor.Late.Should().Equal(false, false, true);
        monitor.Statistics.Late.Should().Be(1);
        monitor.Statistics.Watermark.Should().Be(T0.AddMinutes(30));
        _events.OfType<LateMentionAccepted>().Should().ContainSingle().Which.Should().Match<LateMentionAccepted>(
            e => e.Mention.Id == "3" && e.Lateness == TimeSpan.FromMinutes(30) && e.Timestamp == _time.GetUtcNow());
        var activity = monitor.GetActivity("acme")!;
        activity.Mentions.Should().Be(3);
        activity.LateMentions.Should().Be(1);
        activity.FirstMention.Should().Be(T0);
        activity.LastMention.Should().Be(T0.AddMinutes(30));
    }

    [Fact]
    public void Subjects_added_at_run_time_start_matching_and_removed_ones_stop()
    {
        var monitor = CreateMonitor();
        var globex = new MonitoredSubject { Id = "globex", Hashtags = ["globex"] };

        monitor.Ingest(Create("#globex rocks", id: "1")).Outcome.Should().Be(IngestOutcome.Unmatched);
        monitor.AddOrUpdateSubject(globex);
        monitor.Ingest(Create("#globex rocks", id: "1")).Outcome.Should().Be(IngestOutcome.Matched);
        monitor.Subjects.Select(s => s.Id).Should().Equal("acme", "metro", "globex");

        monitor.AddOrUpdateSubject(globex with { Hashtags = ["globexnews"] });
        monitor.Ingest(Create("#globex rocks", id: "2")).Outcome.Should().Be(IngestOutcome.Unmatched);
        monitor.GetActivity("globex")!.Mentions.Should().Be(1, "replacing a subject's rules keeps its activity");

        monitor.RemoveSubject("globex").Should().BeTrue();
        monitor.RemoveSubject("globex").Should().BeFalse();
        monitor.GetActivity("globex").Should().BeNull();
        _events.Select(e => e.GetType().Name).Should().Equal(nameof(SubjectAdded), nameof(SubjectAdded), nameof(SubjectRemoved));
        _events.OfType<SubjectAdded>().Select(e => e.Replaced).Should().Equal(false, true);
    }

    [Fact]
    public void Invalid_subjects_and_mentions_are_rejected_clearly()
    {
        var monitor = CreateMonitor();

        var badSubject = () => monitor.AddOrUpdateSubject(new MonitoredSubject { Id = "x" });
        badSubject.Should().Throw<ArgumentException>().WithMessage("*at least one of Keywords, Handles or Hashtags*");

        var badMention = () => monitor.Ingest(Create("acme") with { Id = "" });
        badMention.Should().Throw<ArgumentException>().WithMessage("*needs an Id*");
        monitor.Statistics.Received.Should().Be(0);
    }

    [Fact]
    public void Activity_counts_languages_platforms_reach_and_top_authors()
    {
        var monitor = CreateMonitor();
        for (var i = 0; i < 5; i++)
        {
            monitor.Ingest(Create("acme", id: $"a{i}", handle: "loud", language: "en", followers: 10));
        }

        monitor.Ingest(Create("acme", id: "b", handle: "news", language: "el", followers: 1_000_000, platform: Platforms.Facebook) with { Engagement = new MentionEngagement(5, 5, 5, 0) });
        monitor.Ingest(Create("acme", id: "c", handle: "quiet", language: null, followers: 100));

        var activity = monitor.GetActivity("acme")!;
        activity.Mentions.Should().Be(7);
        activity.PotentialReach.Should().Be(1_000_150);
        activity.Interactions.Should().Be(15);
        activity.Languages.Select(p => (p.Key, p.Value)).Should().Equal(("en", 5L), ("el", 1L), ("und", 1L));
        activity.Platforms.Select(p => (p.Key, p.Value)).Should().Equal(("x", 6L), ("facebook", 1L));
        activity.TopAuthors[0].Should().BeEquivalentTo(new AuthorActivity("loud", 5, 10, false, 0));
        activity.TopAuthorsByReach.Select(a => a.Handle).Should().Equal("news", "quiet", "loud");
        monitor.GetActivity("nobody").Should().BeNull();
    }

    [Fact]
    public async Task A_stream_is_ingested_in_order_and_cancellation_stops_it()
    {
        var monitor = CreateMonitor();
        using var cts = new CancellationTokenSource();

        async IAsyncEnumerable<Mention> Stream()
        {
            for (var i = 0; i < 10; i++)
            {
                if (i == 5)
                {
                    await cts.CancelAsync();
                }

                yield return Create("acme", id: $"{i}");
                await Task.Yield();
            }
        }

        var act = async () => await monitor.IngestAsync(Stream(), cts.Token);
        await act.Should().ThrowAsync<OperationCanceledException>();
        monitor.Statistics.Received.Should().Be(6);

        var statistics = await CreateMonitor().IngestAsync(Stream(), CancellationToken.None);
        statistics.Received.Should().Be(10);
    }

    [Fact]
    public void An_observer_that_throws_stays_subscribed_without_breaking_ingestion()
    {
        var monitor = CreateMonitor();
        var faulty = new ThrowingObserver();
        monitor.Subscribe(faulty);

        monitor.Ingest(Create("acme", id: "1"));
        monitor.Ingest(Create("acme", id: "1"));
        monitor.Ingest(Create("acme", id: "1"));

        faulty.Calls.Should().Be(2, "both duplicate reports reach it although it threw on the first");
        faulty.Errors.Should().Be(0, "a failure is logged, not ended with OnError");
        _events.OfType<DuplicateMentionIgnored>().Should().HaveCount(2);
    }

    [Fact]
    public void Unsubscribed_observers_hear_nothing_more()
    {
        var monitor = CreateMonitor();
        var heard = new List<MonitorEvent>();
        var subscription = monitor.Subscribe(new Recorder(heard));
        monitor.AddOrUpdateSubject(new MonitoredSubject { Id = "a", Keywords = ["a"] });
        subscription.Dispose();
        monitor.AddOrUpdateSubject(new MonitoredSubject { Id = "b", Keywords = ["b"] });
        heard.Should().ContainSingle();
    }

    [Fact]
    public void Implausible_timestamps_are_rejected_counted_and_reported_and_never_move_the_watermark()
    {
        var monitor = CreateMonitor();
        monitor.Ingest(Create("acme", id: "1", at: T0));

        monitor.Ingest(Create("acme", id: "2", at: DateTimeOffset.MinValue)).Should().Be(new IngestResult(IngestOutcome.Rejected, 0, false));
        monitor.Ingest(Create("acme", id: "3", at: DateTimeOffset.MaxValue)).Outcome.Should().Be(IngestOutcome.Rejected);
        monitor.Ingest(Create("acme", id: "4", at: _time.GetUtcNow().AddYears(5))).Outcome.Should().Be(IngestOutcome.Rejected);
        monitor.Ingest(Create("acme", id: "5", at: _time.GetUtcNow().AddMinutes(15))).Outcome.Should().Be(IngestOutcome.Matched);

        monitor.Statistics.Should().BeEquivalentTo(new MonitorStatistics(5, 2, 0, 0, 0, _time.GetUtcNow().AddMinutes(15), 3));
        _processor.Seen.Select(s => s.Item1).Should().Equal("1", "5");
        _events.OfType<MentionRejected>().Select(e => e.Reason).Should().Equal(
            "the timestamp 0001-01-01T00:00:00Z is before the earliest accepted time 2000-01-01T00:00:00Z (CrisisKitOptions.EarliestMentionTime)",
            "the timestamp 9999-12-31T23:59:59Z is more than 15m ahead of the clock (2026-03-02T12:00:00Z; CrisisKitOptions.MaxFutureSkew)",
            "the timestamp 2031-03-02T12:00:00Z is more than 15m ahead of the clock (2026-03-02T12:00:00Z; CrisisKitOptions.MaxFutureSkew)");
    }

    [Fact]
    public void Every_outcome_is_counted_on_the_crisiskit_meter()
    {
        var counted = new List<string>();
        var factory = new ScopedMeterFactory();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this monitor's meter: monitors in tests running alongside publish on meters named CrisisKit too.
            if (instrument.Meter.Name == "CrisisKit" && instrument.Meter.Scope == factory && instrument.Name == "crisiskit.monitor.mentions")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "outcome" && value == 1)
                {
                    lock (counted)
                    {
                        counted.Add((string)tag.Value!);
                    }
                }
            }
        });
        listener.Start();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton<System.Diagnostics.Metrics.IMeterFactory>(factory);
        services.AddCrisisKit(o => o.Subjects.Add(Acme));
        var monitor = services.BuildServiceProvider().GetRequiredService<ICrisisMonitor>();

        monitor.Ingest(Create("acme", id: "1"));
        monitor.Ingest(Create("acme", id: "1"));
        monitor.Ingest(Create("nothing", id: "2"));
        monitor.Ingest(Create("acme", id: "3", at: DateTimeOffset.MaxValue));

        counted.Should().Equal("matched", "duplicate", "unmatched", "rejected");
    }

    [Fact]
    public void A_year_one_mention_first_does_not_crash_the_duplicate_window()
    {
        var monitor = CreateMonitor(o => o.EarliestMentionTime = DateTimeOffset.UnixEpoch);

        monitor.Ingest(Create("acme", id: "1", at: DateTimeOffset.UnixEpoch)).Outcome.Should().Be(IngestOutcome.Matched);
        monitor.Ingest(Create("acme", id: "2", at: T0)).Outcome.Should().Be(IngestOutcome.Matched);
    }

    [Theory]
    [InlineData(-1, "CrisisKitOptions.MaxFutureSkew must be between 00:00:00 and 1.00:00:00 (was -00:01:00).")]
    [InlineData(1441, "CrisisKitOptions.MaxFutureSkew must be between 00:00:00 and 1.00:00:00 (was 1.00:01:00).")]
    public void The_future_skew_is_validated_at_start_up(int minutes, string message)
    {
        var services = new ServiceCollection();
        services.AddCrisisKit(o => o.MaxFutureSkew = TimeSpan.FromMinutes(minutes));
        using var provider = services.BuildServiceProvider();

        var validate = () => provider.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();
        validate.Should().Throw<Microsoft.Extensions.Options.OptionsValidationException>().Which.Failures.Should().Contain(message);
    }

    [Fact]
    public void The_earliest_mention_time_is_validated_at_start_up()
    {
        var services = new ServiceCollection();
        services.AddCrisisKit(o => o.EarliestMentionTime = DateTimeOffset.MinValue);
        using var provider = services.BuildServiceProvider();

        var validate = () => provider.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();
        validate.Should().Throw<Microsoft.Extensions.Options.OptionsValidationException>().Which.Failures.Should().Contain(
            "CrisisKitOptions.EarliestMentionTime must be 1970-01-01T00:00:00Z or later (was 0001-01-01T00:00:00Z).");
    }

    private sealed class ScopedMeterFactory : System.Diagnostics.Metrics.IMeterFactory
    {
        public System.Diagnostics.Metrics.Meter Create(System.Diagnostics.Metrics.MeterOptions options) => new(new System.Diagnostics.Metrics.MeterOptions(options.Name) { Scope = this });

        public void Dispose()
        {
        }
    }

    private sealed class RecordingProcessor : IMentionProcessor
    {
        public List<(string MentionId, string SubjectId)> Seen { get; } = [];

        public List<bool> Late { get; } = [];

        public List<MentionContext> Contexts { get; } = [];

        public void Process(in MentionContext context)
        {
            Seen.Add((context.Mention.Id, context.Subject.Id));
            Late.Add(context.IsLate);
            Contexts.Add(context);
        }
    }

    private sealed class Recorder(List<MonitorEvent> events) : IObserver<MonitorEvent>
    {
        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void OnNext(MonitorEvent value) => events.Add(value);
    }

    private sealed class ThrowingObserver : IObserver<MonitorEvent>
    {
        public int Errors { get; private set; }

        public int Calls { get; private set; }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error) => Errors++;

        public void OnNext(MonitorEvent value)
        {
            Calls++;
            throw new InvalidOperationException("observer failure");
        }
    }
}
