using CrisisKit.Detection;

namespace CrisisKit.Snapshots;

/// <summary>
/// The public <c>ICrisisDetector.SaveState</c>/<c>LoadState</c> of the built-in detectors, on top of the same
/// fields the monitor's snapshots hold: the detector's name (a <see cref="BinaryWriter"/> string), then its message
/// of tagged fields as a 7-bit-encoded length and the bytes. So a detector's state has one definition, in its
/// <see cref="ISnapshotState"/> implementation, and a detector saved alone also reads after fields are added.
/// </summary>
internal static class DetectorStateBlob
{
    public static void Save(BinaryWriter writer, string name, ISnapshotState state)
    {
        using var fields = new SnapshotWriter(1024);
        state.Write(fields);
        writer.Write(name);
        writer.Write7BitEncodedInt(fields.Written.Length);
        writer.Write(fields.Written);
    }

    /// <exception cref="InvalidDataException">The data holds another detector's state, or is truncated or corrupt.</exception>
    public static void Load(BinaryReader reader, string name, ISnapshotState state)
    {
        try
        {
            if (reader.ReadString() is var found && found != name)
            {
                throw new InvalidDataException($"The snapshot holds the state of the '{found}' detector where one of the '{name}' detector was expected.");
            }

            var length = reader.Read7BitEncodedInt();
            var bytes = length >= 0 ? reader.ReadBytes(length) : throw new InvalidDataException($"The state of the '{name}' detector is corrupt: a negative length.");
            if (bytes.Length != length)
            {
                throw new EndOfStreamException();
            }

            var fields = new SnapshotReader(bytes);
            state.Read(ref fields);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"The state of the '{name}' detector ends too early; it is truncated.", e);
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"The state of the '{name}' detector is corrupt: {e.Message}", e);
        }
        catch (SnapshotDataException e)
        {
            throw new InvalidDataException(e.Corrupt ? $"The state of the '{name}' detector is corrupt at {e.Path}: {e.Message}." : e.Message, e);
        }
    }

    /// <summary>
    /// Writes a detector of the app's own, which is not an <see cref="ISnapshotState"/>, as one bytes field holding what
    /// its <c>SaveState</c> wrote, kept as it is.
    /// </summary>
    public static void WriteOpaque<TField>(SnapshotWriter writer, TField field, ICrisisDetector detector)
        where TField : unmanaged, Enum
    {
        using var bytes = new MemoryStream();
        using (var binary = new BinaryWriter(bytes, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            detector.SaveState(binary);
        }

        writer.WriteBytes(field, bytes.GetBuffer().AsSpan(0, (int)bytes.Length));
    }

    /// <summary>Reads a field written by <see cref="WriteOpaque"/> back into <paramref name="detector"/>'s <c>LoadState</c>.</summary>
    public static void ReadOpaque(ref SnapshotReader reader, ICrisisDetector detector)
    {
        try
        {
            using var binary = new BinaryReader(new MemoryStream(reader.ReadBytes().ToArray()), System.Text.Encoding.UTF8);
            detector.LoadState(binary);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException or FormatException)
        {
            throw reader.Corrupt($"the '{detector.Name}' detector could not load its state: {e.Message}");
        }
    }
}
