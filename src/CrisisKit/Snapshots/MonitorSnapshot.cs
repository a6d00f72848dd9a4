using System.Globalization;
using CrisisKit.Categories;
using CrisisKit.Detection;

namespace CrisisKit.Snapshots;

/// <summary>
/// A monitor's detection state as a snapshot file (docs/snapshots.md): after the header, an <c>OPTS</c> section
/// with the <see cref="DetectionOptions"/> the state depends on, a <c>MONI</c> section with the monitor's watermark,
/// one <c>SUBJ</c> section per subject and the <c>END</c> section. Reading builds new subject states and hands them
/// back only when the whole file has been read, so a snapshot that fails leaves the monitor as it was.
/// </summary>
internal static class MonitorSnapshot
{
    public static void Write(Stream destination, DetectionOptions options, DateTimeOffset? watermark, long closedThrough, IReadOnlyCollection<(string Id, SubjectDetection Detection)> subjects)
    {
        using var file = new SnapshotFileWriter(destination);
        var writer = file.BeginSection(SectionTag.Options);
        WriteOptions(writer, options);
        file.EndSection();

        writer = file.BeginSection(SectionTag.Monitor);
        if (watermark is { } w)
        {
            writer.WriteInt64(MonitorField.Watermark, w.UtcTicks);
        }

        writer.WriteInt64(MonitorField.ClosedThrough, closedThrough);
        writer.WriteInt64(MonitorField.Subjects, subjects.Count);
        file.EndSection();

        foreach (var (id, detection) in subjects)
        {
            writer = file.BeginSection(SectionTag.Subject);
            writer.WriteString(SubjectField.Id, id);
            writer.WriteMessage(SubjectField.Detection, detection);
            file.EndSection();
        }

        file.Finish();
    }

    /// <summary>
    /// Reads a snapshot. <paramref name="create"/> gives a new, empty detection state for a subject the monitor
    /// watches (<see langword="null"/> for one it no longer does, whose section is skipped).
    /// </summary>
    /// <exception cref="InvalidDataException">The stream is not a snapshot of this major version, is truncated or corrupt, or was taken with other options or detectors.</exception>
    public static Restored Read(Stream source, DetectionOptions options, Func<string, SubjectDetection?> create)
    {
        using var file = new SnapshotFileReader(source);
        var sawOptions = false;
        var sawMonitor = false;
        DateTimeOffset? watermark = null;
        var closedThrough = long.MinValue;
        long? expectedSubjects = null;
        var subjectSections = 0;
        var subjects = new List<(string, SubjectDetection)>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        string? id = null;
        try
        {
            while (file.NextSection())
            {
                id = null;
                var reader = new SnapshotReader(file.Payload);
                if (file.Tag == SectionTag.Options)
                {
                    CheckOptions(ref reader, options);
                    sawOptions = true;
                }
                else if (file.Tag == SectionTag.Monitor)
                {
                    (watermark, closedThrough, expectedSubjects) = ReadMonitor(ref reader);
                    sawMonitor = true;
                }
                else if (file.Tag == SectionTag.Subject)
                {
                    if (!sawOptions)
                    {
                        throw new InvalidDataException($"The snapshot is corrupt: its first subject ({file.SectionLabel}) comes before its OPTS section.");
                    }

                    subjectSections++;
                    id = SubjectId(file.Payload);
                    if (!ids.Add(id))
                    {
                        throw new SnapshotDataException($"a second section for subject '{id}'");
                    }

                    if (create(id) is { } detection)
                    {
                        ReadSubject(ref reader, detection);
                        subjects.Add((id, detection));
                    }
                }

                // Any other section was added by a later minor version: skipped.
            }
        }
        catch (SnapshotDataException e)
        {
            var where = file.SectionLabel + (id is null ? "" : $" for subject '{id}'") + (e.Path.Length == 0 ? "" : $", at {e.Path}");
            throw new InvalidDataException(e.Corrupt ? $"The snapshot is corrupt in {where}: {e.Message}." : e.Message, e);
        }

        if (!sawOptions || !sawMonitor)
        {
            throw new InvalidDataException($"The snapshot is corrupt: it has no {(sawOptions ? "MONI" : "OPTS")} section.");
        }

        if (expectedSubjects is { } expected && expected != subjectSections)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"The snapshot is corrupt: its MONI section counts {expected} subjects but it holds {subjectSections} SUBJ sections."));
        }

        return new Restored(watermark, closedThrough, subjects);
    }

    private static void WriteOptions(SnapshotWriter writer, DetectionOptions options)
    {
        writer.WriteInt64(OptionsField.BucketSize, options.BucketSize.Ticks);
        writer.WriteInt64(OptionsField.GracePeriod, options.GracePeriod.Ticks);
        writer.WriteInt64(OptionsField.History, options.History.Ticks);
        writer.WriteInt64(OptionsField.TermSketchCapacity, options.TermSketchCapacity);
        writer.WriteDouble(OptionsField.NegativeThreshold, options.NegativeThreshold);
        writer.WriteInt64(OptionsField.HighReachFollowers, options.HighReachFollowers);
        writer.WriteInt64(OptionsField.EmergingTermMinimumCount, options.EmergingTermMinimumCount);
        foreach (var category in CrisisCategories.All)
        {
            writer.WriteString(OptionsField.Category, category.ToId());
        }
    }

    /// <summary>Refuses a snapshot taken with other options; an option the snapshot lacks is taken as its default.</summary>
    private static void CheckOptions(ref SnapshotReader reader, DetectionOptions options)
    {
        var saved = new DetectionOptions();
        var categories = new List<string>();
        while (reader.Next(out OptionsField field))
        {
            switch (field)
            {
                case OptionsField.BucketSize:
                    saved.BucketSize = TimeSpan.FromTicks(reader.ReadInt64());
                    break;
                case OptionsField.GracePeriod:
                    saved.GracePeriod = TimeSpan.FromTicks(reader.ReadInt64());
                    break;
                case OptionsField.History:
                    saved.History = TimeSpan.FromTicks(reader.ReadInt64());
                    break;
                case OptionsField.TermSketchCapacity:
                    saved.TermSketchCapacity = reader.ReadInt32();
                    break;
                case OptionsField.NegativeThreshold:
                    saved.NegativeThreshold = reader.ReadDouble();
                    break;
                case OptionsField.HighReachFollowers:
                    saved.HighReachFollowers = reader.ReadInt64();
                    break;
                case OptionsField.EmergingTermMinimumCount:
                    saved.EmergingTermMinimumCount = reader.ReadInt32();
                    break;
                case OptionsField.Category:
                    categories.Add(reader.ReadString());
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        var differences = new List<string>();
        Compare(nameof(DetectionOptions.BucketSize), saved.BucketSize, options.BucketSize);
        Compare(nameof(DetectionOptions.GracePeriod), saved.GracePeriod, options.GracePeriod);
        Compare(nameof(DetectionOptions.History), saved.History, options.History);
        Compare(nameof(DetectionOptions.TermSketchCapacity), saved.TermSketchCapacity, options.TermSketchCapacity);
        Compare(nameof(DetectionOptions.NegativeThreshold), saved.NegativeThreshold, options.NegativeThreshold);
        Compare(nameof(DetectionOptions.HighReachFollowers), saved.HighReachFollowers, options.HighReachFollowers);
        Compare(nameof(DetectionOptions.EmergingTermMinimumCount), saved.EmergingTermMinimumCount, options.EmergingTermMinimumCount);
        if (differences.Count > 0)
        {
            throw new SnapshotDataException($"The snapshot was taken with different DetectionOptions ({string.Join("; ", differences)}); restore it with the same options.", corrupt: false);
        }

        // Category counts are kept in the order of CrisisCategory; a later release may append categories, not reorder them.
        var known = CrisisCategories.All.Select(c => c.ToId()).ToList();
        if (categories.Count > 0 && !categories.Take(known.Count).SequenceEqual(known.Take(categories.Count), StringComparer.Ordinal))
        {
            throw new SnapshotDataException($"The snapshot counts the crisis categories {string.Join(", ", categories)}; this CrisisKit counts {string.Join(", ", known)} and cannot map one onto the other.", corrupt: false);
        }

        void Compare<T>(string name, T inSnapshot, T here)
            where T : IFormattable
        {
            if (!EqualityComparer<T>.Default.Equals(inSnapshot, here))
            {
                differences.Add($"{name} {inSnapshot.ToString(null, CultureInfo.InvariantCulture)} in the snapshot, {here.ToString(null, CultureInfo.InvariantCulture)} here");
            }
        }
    }

    private static (DateTimeOffset? Watermark, long ClosedThrough, long? Subjects) ReadMonitor(ref SnapshotReader reader)
    {
        DateTimeOffset? watermark = null;
        var closedThrough = long.MinValue;
        long? subjects = null;
        while (reader.Next(out MonitorField field))
        {
            switch (field)
            {
                case MonitorField.Watermark:
                    watermark = reader.ReadInt64() is var ticks && ticks >= 0 && ticks <= DateTimeOffset.MaxValue.UtcTicks ? new DateTimeOffset(ticks, TimeSpan.Zero) : throw reader.Corrupt($"{ticks} ticks is not a time");
                    break;
                case MonitorField.ClosedThrough:
                    closedThrough = reader.ReadInt64();
                    break;
                case MonitorField.Subjects:
                    subjects = reader.ReadInt64();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return (watermark, closedThrough, subjects);
    }

    /// <summary>The subject's id, wherever it is among the section's fields (its state is read after, into the subject's new state).</summary>
    private static string SubjectId(ReadOnlySpan<byte> payload)
    {
        var reader = new SnapshotReader(payload);
        while (reader.Next(out SubjectField field))
        {
            if (field == SubjectField.Id)
            {
                return reader.ReadString();
            }

            reader.Skip();
        }

        throw new SnapshotDataException("a subject section without its Id (field 1)");
    }

    private static void ReadSubject(ref SnapshotReader reader, SubjectDetection detection)
    {
        while (reader.Next(out SubjectField field))
        {
            if (field == SubjectField.Detection)
            {
                reader.ReadMessage(detection);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    /// <summary>What a snapshot restores: the monitor's watermark and last closed bucket, and the new state of each subject it holds that the monitor watches.</summary>
    public sealed record Restored(DateTimeOffset? Watermark, long ClosedThrough, IReadOnlyList<(string Id, SubjectDetection Detection)> Subjects);

    /// <summary>The fields of the <c>OPTS</c> section; numbers are never reused.</summary>
    private enum OptionsField
    {
        BucketSize = 1,
        GracePeriod = 2,
        History = 3,
        TermSketchCapacity = 4,
        NegativeThreshold = 5,
        HighReachFollowers = 6,
        EmergingTermMinimumCount = 7,
        Category = 8,
    }

    /// <summary>The fields of the <c>MONI</c> section; numbers are never reused.</summary>
    private enum MonitorField
    {
        Watermark = 1,
        ClosedThrough = 2,
        Subjects = 3,
    }

    /// <summary>The fields of a <c>SUBJ</c> section; numbers are never reused.</summary>
    private enum SubjectField
    {
        Id = 1,
        Detection = 2,
    }
}
