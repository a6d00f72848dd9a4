using CrisisKit.Aggregation;
using CrisisKit.Detection;
using CrisisKit.Mentions;
using CrisisKit.Monitoring;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CrisisKit.Tests.Snapshots;

/// <summary>Snapshots of monitors whose detectors are not the built-in composite.</summary>
public class MonitorSnapshotTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly MonitoredSubject Acme = new() { Id = "acme", Keywords = ["acme"] };

    [Fact]
    public void A_custom_detectors_own_state_is_kept_as_its_SaveState_wrote_it()
    {
        var saved = Monitor(new CountingFactory());
        for (var minute = 0; minute < 60; minute += 2)
        {
            saved.Ingest(TestMentions.Create("acme", id: $"m{minute}", at: T0.AddMinutes(minute)));
        }

        using var snapshot = new MemoryStream();
        saved.SaveState(snapshot);
        var factory = new CountingFactory();
        var restored = Monitor(factory);
        restored.RestoreState(new MemoryStream(snapshot.ToArray()));

        factory.Created.Should().HaveCount(2, "one detector for the monitor, one for the state read from the snapshot");
        factory.Created[1].Buckets.Should().Be(11, "the count of buckets seen came back from the snapshot");
        restored.GetBuckets("acme").Should().Equal(saved.GetBuckets("acme"));
    }

    [Fact]
    public void A_snapshot_taken_with_another_detector_is_refused_naming_both()
    {
        var saved = Monitor(null);
        saved.Ingest(TestMentions.Create("acme", at: T0));
        using var snapshot = new MemoryStream();
        saved.SaveState(snapshot);

        var act = () => Monitor(new CountingFactory()).RestoreState(new MemoryStream(snapshot.ToArray()));

        act.Should().Throw<InvalidDataException>().WithMessage(
            "The snapshot holds the state of the 'composite' detector for subject 'acme', whose detector is now 'counting': restore it with the same detector.");
    }

    [Fact]
    public void A_built_in_detector_refuses_the_state_of_another()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            new HighReachDetector().SaveState(writer);
        }

        stream.Position = 0;
        var act = () => new VolumeSpikeDetector().LoadState(new BinaryReader(stream));

        act.Should().Throw<InvalidDataException>().WithMessage("The snapshot holds the state of the 'high-reach-author' detector where one of the 'volume' detector was expected.");
    }

    private static ICrisisMonitor Monitor(ICrisisDetectorFactory? factory)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(T0.AddDays(60))); // after the data: mentions ahead of the clock are rejected
        services.AddCrisisKit(o => o.Subjects.Add(Acme));
        services.Configure<DetectionOptions>(o => o.GracePeriod = TimeSpan.Zero);
        if (factory is not null)
        {
            services.AddSingleton(factory);
        }

        return services.BuildServiceProvider().GetRequiredService<ICrisisMonitor>();
    }

    /// <summary>A detector whose state is the number of buckets it has seen, saved with a BinaryWriter.</summary>
    private sealed class CountingDetector : ICrisisDetector
    {
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

    private sealed class CountingFactory : ICrisisDetectorFactory
    {
        public List<CountingDetector> Created { get; } = [];

        public ICrisisDetector Create(string subjectId)
        {
            var detector = new CountingDetector();
            Created.Add(detector);
            return detector;
        }
    }
}
