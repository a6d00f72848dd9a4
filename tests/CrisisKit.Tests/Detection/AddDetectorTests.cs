using CrisisKit.Aggregation;
using CrisisKit.Detection;
using CrisisKit.Mentions;
using CrisisKit.Monitoring;
using CrisisKit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CrisisKit.Tests.Detection;

public class AddDetectorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly MonitoredSubject Acme = new() { Id = "acme", Keywords = ["acme"] };

    private static ServiceProvider Services(Action<CrisisKitBuilder> add, Action<DetectionOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(T0.AddDays(60))); // after the data: mentions ahead of the clock are rejected
        services.AddSingleton<Created>();
        add(services.AddCrisisKit(o => o.Subjects.Add(Acme)));
        services.Configure<DetectionOptions>(o => o.GracePeriod = TimeSpan.Zero);
        if (configure is not null)
        {
            services.Configure(configure);
        }

        return services.BuildServiceProvider();
    }

    /// <summary>Twelve quiet buckets of 10 mentions, then one of 100: only a detector of the app's own can see it (the negative share is ordinary).</summary>
    private static List<MentionBucket> QuietThenLoud() =>
        [.. Enumerable.Range(0, 13).Select(i => new MentionBucket(T0.AddMinutes(5 * i), i < 12 ? 10 : 100, i < 12 ? 1 : 10, 0, 0, 10, 0, 0))];

    [Fact]
    public void An_added_detector_counts_in_the_composite_with_its_reason_and_only_scoring_implemented()
    {
        using var provider = Services(b => b.AddDetector<HundredDetector>().AddDetector<HundredDetector>());
        var composite = (CompositeCrisisDetector)provider.GetRequiredService<ICrisisDetectorFactory>().Create("acme");

        var signals = composite.Replay(QuietThenLoud());

        signals[^2].Score.Should().BeLessThan(0.25);
        signals[^1].Score.Should().BeApproximately(0.9, 1e-9, "the built-in detectors see nothing and the added one scores 0.9 at weight 1");
        signals[^1].Reason.Should().Contain("hundred 0.90: 100 mentions");
        composite.Signals.ToArray().Count(s => s.Detector == "hundred").Should().Be(1, "adding the same type twice adds it once");
    }

    [Fact]
    public void An_added_detectors_weight_and_gate_come_from_the_options()
    {
        using var weighted = Services(b => b.AddDetector<HundredDetector>(), o => o.DetectorWeights["hundred"] = 0.5);
        using var gated = Services(b => b.AddDetector<HundredDetector>(), o => o.GatedDetectors.Add("hundred"));

        weighted.GetRequiredService<ICrisisDetectorFactory>().Create("acme").Replay(QuietThenLoud())[^1].Score.Should().BeApproximately(0.45, 1e-9);
        gated.GetRequiredService<ICrisisDetectorFactory>().Create("acme").Replay(QuietThenLoud())[^1].Score
            .Should().BeLessThan(0.1, "the loud bucket's negative share (10%) is not above usual, so a gated detector hardly counts");
    }

    [Fact]
    public void Each_subject_gets_its_own_instance_built_by_the_container()
    {
        using var provider = Services(b => b.AddDetector<CountingDetector>());
        var factory = provider.GetRequiredService<ICrisisDetectorFactory>();

        factory.Create("a");
        factory.Create("b");

        provider.GetRequiredService<Created>().Detectors.Should().HaveCount(2).And.OnlyHaveUniqueItems();
    }

    [Fact]
    public void A_weight_outside_0_to_1_fails_start_naming_the_detector()
    {
        using var provider = Services(b => b.AddDetector<HundredDetector>(), o => o.DetectorWeights["hundred"] = 1.5);

        var act = () => provider.GetRequiredService<IStartupValidator>().Validate();

        act.Should().Throw<OptionsValidationException>().WithMessage("*DetectionOptions.DetectorWeights[\"hundred\"] must be between 0 and 1 (was 1.5)*");
    }

    [Fact]
    public void Added_detectors_state_is_kept_in_snapshots_as_their_SaveState_wrote_it_and_a_stateless_one_needs_none()
    {
        using var saved = Services(b => b.AddDetector<CountingDetector>().AddDetector<HundredDetector>());
        var monitor = saved.GetRequiredService<ICrisisMonitor>();
        for (var minute = 0; minute < 60; minute += 2)
        {
            monitor.Ingest(TestMentions.Create("acme", id: $"m{minute}", at: T0.AddMinutes(minute)));
        }

        using var snapshot = new MemoryStream();
        monitor.SaveState(snapshot);
        using var restored = Services(b => b.AddDetector<CountingDetector>().AddDetector<HundredDetector>());
        restored.GetRequiredService<ICrisisMonitor>().RestoreState(new MemoryStream(snapshot.ToArray()));

        var before = saved.GetRequiredService<Created>().Detectors;
        var after = restored.GetRequiredService<Created>().Detectors;
        before[^1].Buckets.Should().Be(11);
        after[^1].Buckets.Should().Be(11, "the count of buckets seen came back from the snapshot");
    }

    [Fact]
    public void A_snapshot_restores_into_a_composite_without_the_added_detector_skipping_its_state()
    {
        using var saved = Services(b => b.AddDetector<CountingDetector>());
        var monitor = saved.GetRequiredService<ICrisisMonitor>();
        monitor.Ingest(TestMentions.Create("acme", at: T0));
        monitor.AdvanceTo(T0.AddMinutes(30));
        using var snapshot = new MemoryStream();
        monitor.SaveState(snapshot);
        using var plain = Services(_ => { });

        var restore = () => plain.GetRequiredService<ICrisisMonitor>().RestoreState(new MemoryStream(snapshot.ToArray()));

        restore.Should().NotThrow();
        plain.GetRequiredService<ICrisisMonitor>().GetBuckets("acme").Should().Equal(monitor.GetBuckets("acme"));
    }

    /// <summary>Keeps no state: scores 0.9 a bucket of at least 100 mentions.</summary>
    private sealed class HundredDetector : ICrisisDetector
    {
        public string Name => "hundred";

        public DetectorSignal Evaluate(SubjectSeries series) =>
            series[0].Mentions >= 100 ? new DetectorSignal(Name, 0.9, $"{series[0].Mentions} mentions") : new DetectorSignal(Name, 0, null);
    }

    /// <summary>Its state is the number of buckets it has seen, saved with a BinaryWriter; built with a service from the container.</summary>
    private sealed class CountingDetector : ICrisisDetector
    {
        public CountingDetector(Created created) => created.Detectors.Add(this);

        public int Buckets { get; private set; }

        public string Name => "counting";

        public DetectorSignal Evaluate(SubjectSeries series)
        {
            Buckets++;
            return new DetectorSignal(Name, 0, null);
        }

        public void SaveState(BinaryWriter writer) => writer.Write(Buckets);

        public void LoadState(BinaryReader reader) => Buckets = reader.ReadInt32();
    }

    private sealed class Created
    {
        public List<CountingDetector> Detectors { get; } = [];
    }
}
