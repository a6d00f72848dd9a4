using System.Text.Json;
using CrisisKit.Aggregation;
using CrisisKit.Correlation;
using CrisisKit.Detection;
using CrisisKit.Mentions;
using CrisisKit.Monitoring;
using CrisisKit.Simulation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CrisisKit.Tests.Snapshots;

/// <summary>
/// Snapshot files committed under <c>golden/</c>, one per format version, and what the monitor that wrote each
/// reported at that moment (<c>.expected.json</c>): every later CrisisKit of the same major version must restore
/// them. The monitor is Veltro in the data-breach scenario (seed 2), cut 36 hours in, 90 minutes into the breach so
/// a candidate is open, beside a subject with no mentions; a day of history and a 64-slot term sketch keep the file
/// small. When the format or the detection changes on purpose, write the current files again with
/// <c>CRISISKIT_UPDATE_GOLDEN=1 dotnet test tests/CrisisKit.Tests --filter SnapshotGoldenTests</c>, and keep the
/// files of earlier format versions.
/// </summary>
public class SnapshotGoldenTests
{
    private const string Current = "monitor-2.3";
    private static readonly TimeSpan Cut = TimeSpan.FromHours(36);
    private static readonly MonitoredSubject Quiet = new() { Id = "quiet", Keywords = ["ostrakon"] };
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private static readonly Lazy<bool> Updated = new(UpdateGoldenFiles);

    public static TheoryData<string> GoldenFiles => [.. Directory.GetFiles(GoldenFolder, "*.ckds").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal)];

    private static string GoldenFolder => RepositoryPaths.Get(Path.Combine("tests", "CrisisKit.Tests", "Snapshots", "golden"));

    [Theory]
    [MemberData(nameof(GoldenFiles))]
    public void A_golden_file_restores_the_buckets_and_candidates_its_monitor_reported(string name)
    {
        var (monitor, _) = Monitor();
        monitor.RestoreState(new MemoryStream(Golden(name)));

        var expected = JsonSerializer.Deserialize<Expectation>(File.ReadAllText(Path.Combine(GoldenFolder, name + ".expected.json")), Json)!;
        foreach (var subject in new[] { Scenarios.Veltro.Id, Quiet.Id })
        {
            monitor.GetBuckets(subject).Should().Equal(expected.Buckets[subject], $"the buckets of {subject}");
            monitor.GetCandidates(subject).Should().BeEquivalentTo(expected.Candidates[subject], o => o.WithStrictOrdering(), $"the candidates of {subject}");
        }

        expected.Candidates[Scenarios.Veltro.Id].Should().Contain(c => c.Status == CandidateStatus.Open, "the file is cut while the breach is raised");
        expected.Buckets[Quiet.Id].Should().BeEmpty("a subject without mentions has not started its series");
    }

    [Fact]
    public void The_current_golden_file_read_and_written_again_is_the_same_byte_for_byte()
    {
        var golden = Golden(Current);
        var (monitor, _) = Monitor();
        monitor.RestoreState(new MemoryStream(golden));

        using var again = new MemoryStream();
        monitor.SaveState(again);
        again.ToArray().Should().Equal(golden, "every field read is put back where it came from");
    }

    [Fact]
    public void A_monitor_restored_from_the_current_golden_file_carries_on_with_the_same_detection_results_as_the_live_monitor_it_came_from()
    {
        var golden = Golden(Current);
        var (live, liveEvents, rest) = Live();
        using (var now = new MemoryStream())
        {
            live.SaveState(now);
            now.ToArray().SequenceEqual(golden).Should().BeTrue(
                "the live monitor's state at the cut should be the golden file's; if detection or the scenario changed on purpose, write the golden files again (see this class's summary)");
        }

        var (restored, restoredEvents) = Monitor();
        restored.RestoreState(new MemoryStream(golden));
        liveEvents.Clear();
        foreach (var mention in rest)
        {
            live.Ingest(mention);
            restored.Ingest(mention);
        }

        liveEvents.OfType<CrisisCandidateEvent>().Should().NotBeEmpty("the breach goes on after the cut");
        restoredEvents.Should().BeEquivalentTo(liveEvents, o => o.WithStrictOrdering().RespectingRuntimeTypes());
        restored.GetBuckets(Scenarios.Veltro.Id).Should().Equal(live.GetBuckets(Scenarios.Veltro.Id));
        restored.GetCandidates(Scenarios.Veltro.Id).Should().BeEquivalentTo(live.GetCandidates(Scenarios.Veltro.Id));
    }

    [Fact]
    public void A_file_with_a_newer_minor_version_an_unknown_section_and_unknown_fields_restores_as_the_original()
    {
        var file = EditableSnapshot.Parse(Golden(Current));
        file.Minor = 9;
        var extra = new EditableSnapshot.Message();
        extra.Fields.Add(EditableSnapshot.Field.Of(1, "a section from a later release"u8.ToArray()));
        file.Sections.Insert(2, ("XTRA", extra));
        file.Section("OPTS").Fields.Add(EditableSnapshot.Field.Of(99, 12345));
        file.Section("MONI").Fields.Insert(0, EditableSnapshot.Field.Fixed64(40, Math.PI));
        file.Section("SUBJ").Fields.Add(EditableSnapshot.Field.Fixed32(7, 1.5f));
        file.Section("SUBJ").Edit(2, detection =>
        {
            detection.Fields.Insert(0, EditableSnapshot.Field.Of(31, "a new field of the subject's state"u8.ToArray()));
            detection.Edit(3, composite => composite.Edit(1, volume => volume.Fields.Add(EditableSnapshot.Field.Of(100, 7))));
            detection.Edit(1, series => series.Edit(9, terms => terms.Fields.Add(EditableSnapshot.Field.Fixed64(50, 2.5))));
        });

        var (original, _) = Monitor();
        original.RestoreState(new MemoryStream(Golden(Current)));
        var (extended, _) = Monitor();
        extended.RestoreState(new MemoryStream(file.ToBytes()));

        using var a = new MemoryStream();
        using var b = new MemoryStream();
        original.SaveState(a);
        extended.SaveState(b);
        b.ToArray().Should().Equal(a.ToArray(), "unknown sections and fields are skipped and nothing else changes");
    }

    [Fact]
    public void A_field_missing_from_a_file_takes_its_default()
    {
        var file = EditableSnapshot.Parse(Golden(Current));

        // The volume detector's record of each scale (field 4) is dropped, as if an older writer had not known it.
        file.Section("SUBJ").Edit(2, detection => detection.Edit(3, composite => composite.Edit(1, volume => volume.Fields.RemoveAll(f => f.Number == 4))));
        var (monitor, _) = Monitor();
        monitor.RestoreState(new MemoryStream(file.ToBytes()));

        using var saved = new MemoryStream();
        monitor.SaveState(saved);
        var record = EditableSnapshot.Parse(saved.ToArray()).Section("SUBJ")[2].AsMessage()[3].AsMessage()[1].AsMessage()[4];
        record.Bytes.Should().Equal(new byte[24], "a missing record is three zeros, as in a new detector");
    }

    [Theory]
    [InlineData(0, "This is not a CrisisKit detection snapshot*")]
    [InlineData(6, "The snapshot ends too early: only 6 bytes, inside its 8-byte header; it is truncated.")]
    [InlineData(8, "The snapshot ends too early: the stream stops after the header, before the END section; it is truncated.")]
    [InlineData(20, "The snapshot ends too early: section 1 (OPTS) is cut off after 4 of its * bytes; it is truncated.")]
    [InlineData(-2000, "The snapshot ends too early: section 4 (SUBJ) is cut off after * of its * bytes; it is truncated.")]
    [InlineData(-12, "The snapshot ends too early: the stream stops after section 4 (SUBJ), before the END section; it is truncated.")]
    [InlineData(-1, "The snapshot ends too early: the stream stops inside section 5 (END)'s check; it is truncated.")]
    public void A_truncated_file_is_refused_saying_where_it_stops(int length, string message)
    {
        var golden = Golden(Current);
        var cut = golden[..(length >= 0 ? length : golden.Length + length)];
        var (monitor, _) = Monitor();

        var act = () => monitor.RestoreState(new MemoryStream(cut));

        act.Should().Throw<InvalidDataException>().WithMessage(message);
    }

    [Fact]
    public void A_changed_byte_is_refused_by_its_sections_check()
    {
        var golden = Golden(Current);
        var bytes = golden.ToArray();
        bytes[^1000] ^= 0x10;
        var (monitor, _) = Monitor();

        var act = () => monitor.RestoreState(new MemoryStream(bytes));

        act.Should().Throw<InvalidDataException>().WithMessage("The snapshot is corrupt: section 4 (SUBJ) fails its CRC-32C check (stored *, computed *).");
    }

    [Fact]
    public void A_malformed_field_under_a_valid_check_is_refused_naming_the_section_subject_and_field()
    {
        var file = EditableSnapshot.Parse(Golden(Current));
        file.Section("SUBJ").Edit(2, detection => detection.Edit(3, composite => composite.Edit(1, volume =>
            volume.Replace(2, EditableSnapshot.Field.Of(2, new byte[35 * 8])))));
        var (monitor, _) = Monitor();

        var act = () => monitor.RestoreState(new MemoryStream(file.ToBytes()));

        act.Should().Throw<InvalidDataException>().WithMessage(
            "The snapshot is corrupt in section 3 (SUBJ) for subject 'veltro', at Detection (field 2) › Detector (field 3) › Volume (field 1) › Expected (field 2): a packed array of 280 bytes where 36 8-byte values were expected.");

        var wrongType = EditableSnapshot.Parse(Golden(Current));
        wrongType.Section("OPTS").Replace(1, EditableSnapshot.Field.Fixed64(1, 300.0));
        act = () => monitor.RestoreState(new MemoryStream(wrongType.ToBytes()));
        act.Should().Throw<InvalidDataException>().WithMessage(
            "The snapshot is corrupt in section 1 (OPTS), at BucketSize (field 1): wire type 1 (Fixed64) where 0 (Varint) was expected.");
    }

    [Fact]
    public void A_file_of_a_newer_major_version_is_refused_clearly()
    {
        var file = EditableSnapshot.Parse(Golden(Current));
        file.Major = 3;
        file.Minor = 1;
        var (monitor, _) = Monitor();

        var act = () => monitor.RestoreState(new MemoryStream(file.ToBytes()));

        act.Should().Throw<InvalidDataException>().WithMessage(
            "The snapshot has format version 3.1, newer than this CrisisKit reads (2.x): a later CrisisKit wrote it with changes this one cannot read. Restore it with that release or a later one, or start without it.");
    }

    [Fact]
    public void A_file_of_the_unsectioned_first_format_is_refused_clearly()
    {
        var (monitor, _) = Monitor();

        var act = () => monitor.RestoreState(new MemoryStream([.. "CKDS"u8, 1, 0, 0, 0, 0x88, 0x13, 0, 0]));

        act.Should().Throw<InvalidDataException>().WithMessage(
            "The snapshot has format version 1.0, older than this CrisisKit reads (2.x), the unsectioned format of the first previews; it cannot be restored: start without it and take a new snapshot.");
    }

    [Fact]
    public void A_file_that_fails_to_restore_leaves_the_monitor_as_it_was()
    {
        var (monitor, _) = Monitor();
        var before = monitor.GetBuckets(Scenarios.Veltro.Id);
        var golden = Golden(Current);

        var act = () => monitor.RestoreState(new MemoryStream(golden[..^20]));

        act.Should().Throw<InvalidDataException>();
        monitor.GetBuckets(Scenarios.Veltro.Id).Should().Equal(before).And.BeEmpty("the first subject's section was read before the stream ended, but not applied");
        monitor.GetCandidates(Scenarios.Veltro.Id).Should().BeEmpty();
    }

    private static (ICrisisMonitor Monitor, List<MonitorEvent> Events) Monitor()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(Scenarios.Start.AddDays(60))); // after the data: mentions ahead of the clock are rejected
        services.AddCrisisKit(o =>
        {
            o.Subjects.Add(Scenarios.Veltro);
            o.Subjects.Add(Quiet);
        });
        services.Configure<DetectionOptions>(o =>
        {
            o.History = TimeSpan.FromDays(1);
            o.TermSketchCapacity = 64;
        });
        var monitor = services.BuildServiceProvider().GetRequiredService<ICrisisMonitor>();
        var events = new List<MonitorEvent>();
        monitor.Subscribe(new Recorder(events));
        return (monitor, events);
    }

    /// <summary>The golden monitor in this build: fed the scenario up to the cut; with the mentions after it.</summary>
    private static (ICrisisMonitor Monitor, List<MonitorEvent> Events, List<Mention> After) Live()
    {
        var scenario = Scenarios.DataBreach;
        var mentions = new ScenarioSimulator(scenario, 2).Generate().ToList();
        var cut = mentions.FindIndex(m => m.Timestamp >= scenario.Start + Cut);
        var (monitor, events) = Monitor();
        foreach (var mention in mentions.Take(cut))
        {
            monitor.Ingest(mention);
        }

        return (monitor, events, mentions[cut..]);
    }

    private static byte[] Golden(string name)
    {
        _ = Updated.Value;
        return File.ReadAllBytes(Path.Combine(GoldenFolder, name + ".ckds"));
    }

    /// <summary>Writes the current golden file and its expectations, when <c>CRISISKIT_UPDATE_GOLDEN=1</c>.</summary>
    private static bool UpdateGoldenFiles()
    {
        if (Environment.GetEnvironmentVariable("CRISISKIT_UPDATE_GOLDEN") != "1")
        {
            return false;
        }

        var (monitor, _, _) = Live();
        using (var file = File.Create(Path.Combine(GoldenFolder, Current + ".ckds")))
        {
            monitor.SaveState(file);
        }

        var subjects = new[] { Scenarios.Veltro.Id, Quiet.Id };
        var expectation = new Expectation(
            subjects.ToDictionary(s => s, s => monitor.GetBuckets(s).ToList()),
            subjects.ToDictionary(s => s, s => monitor.GetCandidates(s).ToList()));
        File.WriteAllText(Path.Combine(GoldenFolder, Current + ".expected.json"), JsonSerializer.Serialize(expectation, Json) + "\n");
        return true;
    }

    private sealed record Expectation(Dictionary<string, List<MentionBucket>> Buckets, Dictionary<string, List<CrisisCandidate>> Candidates);

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
