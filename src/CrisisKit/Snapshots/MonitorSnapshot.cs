using System.Text;
using CrisisKit.Detection;

namespace CrisisKit.Snapshots;

/// <summary>
/// The binary checkpoint format of a monitor's detection state: a header (magic, version, the options that shape
/// the state), the watermark, then each subject's state as a length-prefixed block so unknown subjects can be
/// skipped. Little-endian, via <see cref="BinaryWriter"/>.
/// </summary>
internal static class MonitorSnapshot
{
    private const uint Magic = 0x53444B43; // "CKDS"
    private const int Version = 1;

    public static void Write(Stream destination, DetectionOptions options, DateTimeOffset? watermark, long closedThrough, IEnumerable<(string Id, SubjectDetection Detection)> subjects)
    {
        using var writer = new BinaryWriter(destination, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(Version);
        WriteShape(writer, options);
        writer.Write(watermark?.UtcTicks ?? -1);
        writer.Write(closedThrough);
        var list = subjects.ToList();
        writer.Write(list.Count);
        foreach (var (id, detection) in list)
        {
            using var block = new MemoryStream();
            using (var blockWriter = new BinaryWriter(block, Encoding.UTF8, leaveOpen: true))
            {
                detection.Save(blockWriter);
            }

            writer.Write(id);
            writer.Write(block.Length);
            writer.Write(block.GetBuffer(), 0, (int)block.Length);
        }
    }

    public static (DateTimeOffset? Watermark, long ClosedThrough) Read(Stream source, DetectionOptions options, Func<string, SubjectDetection?> find)
    {
        using var reader = new BinaryReader(source, Encoding.UTF8, leaveOpen: true);
        try
        {
            if (reader.ReadUInt32() != Magic)
            {
                throw new InvalidDataException("This is not a CrisisKit detection snapshot (the file does not start with its marker).");
            }

            var version = reader.ReadInt32();
            if (version != Version)
            {
                throw new InvalidDataException($"The snapshot has format version {version}; this CrisisKit reads version {Version}.");
            }

            using (var expected = new MemoryStream())
            {
                using (var shapeWriter = new BinaryWriter(expected, Encoding.UTF8, leaveOpen: true))
                {
                    WriteShape(shapeWriter, options);
                }

                var actual = reader.ReadBytes((int)expected.Length);
                if (actual.Length < expected.Length)
                {
                    throw new EndOfStreamException();
                }

                if (!actual.AsSpan().SequenceEqual(expected.ToArray()))
                {
                    throw new InvalidDataException("The snapshot was taken with different DetectionOptions (bucket size, grace period, history, term sketch capacity or thresholds); restore it with the same options.");
                }
            }

            var ticks = reader.ReadInt64();
            var closedThrough = reader.ReadInt64();
            var count = reader.ReadInt32();
            if (count < 0)
            {
                throw new InvalidDataException("The snapshot is corrupt (negative subject count).");
            }

            for (var i = 0; i < count; i++)
            {
                var id = reader.ReadString();
                var length = reader.ReadInt64();
                if (length < 0 || length > int.MaxValue)
                {
                    throw new InvalidDataException($"The snapshot is corrupt (block of subject '{id}').");
                }

                var block = reader.ReadBytes((int)length);
                if (block.Length != length)
                {
                    throw new InvalidDataException($"The snapshot ends inside the state of subject '{id}'.");
                }

                if (find(id) is { } detection)
                {
                    using var blockReader = new BinaryReader(new MemoryStream(block), Encoding.UTF8);
                    detection.Load(blockReader);
                }
            }

            return (ticks < 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero), closedThrough);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("The snapshot ends too early; it is truncated or not a CrisisKit snapshot.", e);
        }
    }

    private static void WriteShape(BinaryWriter writer, DetectionOptions options)
    {
        writer.Write(options.BucketSize.Ticks);
        writer.Write(options.GracePeriod.Ticks);
        writer.Write(options.History.Ticks);
        writer.Write(options.TermSketchCapacity);
        writer.Write(options.NegativeThreshold);
        writer.Write(options.HighReachFollowers);
        writer.Write(options.EmergingTermMinimumCount);
    }
}
