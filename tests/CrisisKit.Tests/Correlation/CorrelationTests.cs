using CrisisKit.Aggregation;
using CrisisKit.Correlation;
using CrisisKit.Detection;
using CrisisKit.Mentions;
using CrisisKit.Monitoring;
using CrisisKit.Tests.Detection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CrisisKit.Tests.Correlation;

public class CorrelationTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly MonitoredSubject Acme = new() { Id = "acme", Keywords = ["acme"] };

    /// <summary>A detector that gives the scores it is told, by bucket start.</summary>
    private sealed class ScriptedDetector(Dictionary<DateTimeOffset, double> scores) : ICrisisDetector, ICrisisDetectorFactory
    {
        public string Name => "scripted";

        public ICrisisDetector Create(string subjectId) => this;

        public DetectorSignal Evaluate(SubjectSeries series) =>
            scores.TryGetValue(series.LatestStart, out var score) ? new DetectorSignal(Name, score, $"scripted {score}") : new DetectorSignal(Name, 0, null);

        public void SaveState(BinaryWriter writer) => writer.Write(Name);

        public void LoadState(BinaryReader reader) => DetectionOptionsTests.Ignore(reader.ReadString());
    }

    private readonly List<MonitorEvent> _events = [];
    private readonly FakeTimeProvider _time = new(T0);

    private ICrisisMonitor Monitor(Dictionary<DateTimeOffset, double> scores, Action<DetectionOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddCrisisKit(o => o.Subjects.Add(Acme));
        services.Configure<DetectionOptions>(o =>
        {
            o.GracePeriod = TimeSpan.Zero;
            o.JoinWindow = TimeSpan.FromMinutes(30);
            o.QuietPeriod = TimeSpan.FromHours(1);
            o.CoolDown = TimeSpan.FromHours(2);
            configure?.Invoke(o);
        });
        services.AddSingleton<ICrisisDetectorFactory>(new ScriptedDetector(scores));
        var monitor = services.BuildServiceProvider().GetRequiredService<ICrisisMonitor>();
        monitor.Subscribe(new Recorder(_events));
        monitor.Ingest(TestMentions.Create("acme", at: T0));
        return monitor;
    }

    private static Dictionary<DateTimeOffset, double> Scores(params (int Minutes, double Score)[] at) => at.ToDictionary(a => T0.AddMinutes(a.Minutes), a => a.Score);

    [Fact]
    public void Signals_close_together_join_one_candidate_without_an_alert_per_bucket()
    {
        var monitor = Monitor(Scores((10, 0.8), (15, 0.75), (20, 0.8), (40, 0.95)));

        monitor.AdvanceTo(T0.AddMinutes(46));

        _events.OfType<CrisisCandidateOpened>().Should().ContainSingle().Which.Candidate.FirstSignalAt.Should().Be(T0.AddMinutes(10));
        var update = _events.OfType<CrisisCandidateUpdated>().Should().ContainSingle("only a markedly higher peak is reported").Subject.Candidate;
        update.PeakScore.Should().Be(0.95);
        update.PeakAt.Should().Be(T0.AddMinutes(40));
        update.SignalCount.Should().Be(4);
        update.Reasons.Should().ContainSingle().Which.Reason.Should().Be("scripted 0.95");
        monitor.GetCandidates("acme").Should().ContainSingle().Which.Status.Should().Be(CandidateStatus.Open);
    }

    [Fact]
    public void A_candidate_closes_after_the_quiet_period_and_reopens_within_the_cool_down()
    {
        var monitor = Monitor(Scores((10, 0.8), (150, 0.9)));

        monitor.AdvanceTo(T0.AddHours(4));

        var closes = _events.OfType<CrisisCandidateClosed>().Select(e => e.Candidate).ToList();
        closes.Should().HaveCount(2, "it closed, reopened, and closed again after another quiet hour");
        var closed = closes[0];
        closed.ClosedAt.Should().Be(T0.AddMinutes(75), "the last signal's bucket ended at 09:15 and an hour passed without another");
        var reopened = _events.OfType<CrisisCandidateReopened>().Should().ContainSingle().Subject.Candidate;
        reopened.Id.Should().Be(closed.Id);
        reopened.Reopened.Should().Be(1);
        reopened.Status.Should().Be(CandidateStatus.Open);
        _events.OfType<CrisisCandidateOpened>().Should().ContainSingle();
    }

    [Fact]
    public void After_the_cool_down_a_new_signal_opens_a_new_candidate()
    {
        var monitor = Monitor(Scores((10, 0.8), (300, 0.9)));

        monitor.AdvanceTo(T0.AddHours(6));

        var opened = _events.OfType<CrisisCandidateOpened>().Select(e => e.Candidate.Id).ToList();
        opened.Should().Equal("acme-20260302T0910", "acme-20260302T1400");
        _events.OfType<CrisisCandidateReopened>().Should().BeEmpty();
    }

    [Fact]
    public void A_signal_too_late_to_join_starts_a_new_candidate_instead_of_reopening_the_old_one()
    {
        var monitor = Monitor(Scores((10, 0.8), (50, 0.9)));

        monitor.AdvanceTo(T0.AddMinutes(56));

        _events.OfType<CrisisCandidateOpened>().Select(e => e.Candidate.FirstSignalAt).Should().Equal(T0.AddMinutes(10), T0.AddMinutes(50));
        _events.OfType<CrisisCandidateReopened>().Should().BeEmpty();
        _events.OfType<CrisisCandidateClosed>().Should().ContainSingle().Which.Candidate.ClosedAt.Should().Be(T0.AddMinutes(50));
    }

    [Fact]
    public void A_month_of_silence_is_skipped_at_once_keeping_one_history_of_empty_buckets()
    {
        var monitor = Monitor([]);
        _time.SetUtcNow(T0.AddDays(30));

        monitor.Ingest(TestMentions.Create("acme is back", id: "2", at: T0.AddDays(30)));

        monitor.GetBuckets("acme").Should().HaveCount(7 * 288).And.OnlyContain(b => b.Mentions == 0);
        monitor.GetBuckets("acme")[^1].Start.Should().Be(T0.AddDays(30).AddMinutes(-5));
    }

    [Fact]
    public void An_open_candidates_figures_count_every_bucket_not_only_the_ones_that_raised_a_signal()
    {
        var monitor = Monitor(Scores((10, 0.8)));
        _time.SetUtcNow(T0.AddMinutes(11));
        monitor.Ingest(TestMentions.Create("acme one", id: "2", at: T0.AddMinutes(11)));
        _time.SetUtcNow(T0.AddMinutes(17));
        for (var i = 0; i < 4; i++)
        {
            monitor.Ingest(TestMentions.Create($"acme busy {i}", id: $"b{i}", at: T0.AddMinutes(16 + (i * 0.5))));
        }

        monitor.AdvanceTo(T0.AddMinutes(21));

        var candidate = monitor.GetCandidates("acme").Should().ContainSingle().Subject;
        candidate.SignalCount.Should().Be(1);
        candidate.Metrics.PeakMentions.Should().Be(4, "the busiest bucket of the candidate came after its only signal");
        candidate.Metrics.Mentions.Should().Be(5);
    }

    [Fact]
    public void Scores_below_the_raise_threshold_open_nothing()
    {
        var monitor = Monitor(Scores((10, 0.69), (15, 0.5)));

        monitor.AdvanceTo(T0.AddHours(2));

        _events.OfType<CrisisCandidateOpened>().Should().BeEmpty();
        monitor.GetCandidates("acme").Should().BeEmpty();
    }

    [Fact]
    public void Buckets_close_as_mention_time_passes_and_a_mention_for_a_closed_bucket_is_reported()
    {
        var monitor = Monitor([]);
        monitor.Ingest(TestMentions.Create("acme again", id: "2", at: T0.AddMinutes(12)));
        monitor.GetBuckets("acme").Select(b => (b.Start, b.Mentions)).Should().Equal((T0, 1), (T0.AddMinutes(5), 0));

        monitor.Ingest(TestMentions.Create("acme from before", id: "3", at: T0.AddMinutes(2))).Outcome.Should().Be(IngestOutcome.Matched);

        _events.OfType<MentionNotBucketed>().Should().ContainSingle().Which.Mention.Id.Should().Be("3");
        monitor.GetBuckets("acme")[0].Mentions.Should().Be(1);
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
}
