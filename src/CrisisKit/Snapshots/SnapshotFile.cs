using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;

namespace CrisisKit.Snapshots;

/// <summary>
/// Writes a snapshot file: the header (magic and format version), then sections framed as
/// <c>tag (4 ASCII bytes) | payload length (uint32) | payload | CRC-32C (uint32)</c>, all little-endian, then an
/// empty <c>END</c> section. Each section's fields are written into <see cref="Fields"/> between
/// <see cref="BeginSection"/> and <see cref="EndSection"/>; its buffer is reused by the next section.
/// </summary>
internal sealed class SnapshotFileWriter : IDisposable
{
    private readonly Stream _destination;
    private SectionTag _tag;

    public SnapshotFileWriter(Stream destination)
    {
        _destination = destination;
        Span<byte> header = stackalloc byte[SnapshotFormat.HeaderLength];
        SnapshotFormat.Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], SnapshotFormat.Major);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], SnapshotFormat.Minor);
        _destination.Write(header);
    }

    public SnapshotWriter Fields { get; } = new();

    public SnapshotWriter BeginSection(SectionTag tag)
    {
        _tag = tag;
        Fields.Clear();
        return Fields;
    }

    public void EndSection()
    {
        var payload = Fields.Written;
        Span<byte> frame = stackalloc byte[SnapshotFormat.SectionHeaderLength];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, _tag.Value);
        BinaryPrimitives.WriteUInt32LittleEndian(frame[4..], (uint)payload.Length);
        var crc = ~Crc32C.Append(Crc32C.Append(~0u, frame), payload);
        _destination.Write(frame);
        _destination.Write(payload);
        BinaryPrimitives.WriteUInt32LittleEndian(frame, crc);
        _destination.Write(frame[..SnapshotFormat.SectionTrailerLength]);
    }

    /// <summary>Writes the <c>END</c> section.</summary>
    public void Finish()
    {
        BeginSection(SectionTag.End);
        EndSection();
    }

    public void Dispose() => Fields.Dispose();
}

/// <summary>
/// Reads a snapshot file section by section: checks the header (refusing another file, and a major version other
/// than this library's), then returns each section's tag and payload after checking its length and CRC-32C, up to
/// the <c>END</c> section (nothing after it is read). Payloads are read into one pooled buffer, reused from one
/// section to the next, which grows only as data actually arrives (a corrupt length cannot make it allocate more
/// than the stream holds).
/// </summary>
internal sealed class SnapshotFileReader : IDisposable
{
    private const int ReadChunk = 1 << 20;
    private readonly Stream _source;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private int _length;

    /// <exception cref="InvalidDataException">The stream is not a snapshot, is truncated in its header, or has another major format version.</exception>
    public SnapshotFileReader(Stream source)
    {
        _source = source;
        Span<byte> header = stackalloc byte[SnapshotFormat.HeaderLength];
        var read = source.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        var magic = SnapshotFormat.Magic;
        if (!header[..Math.Min(read, magic.Length)].SequenceEqual(magic[..Math.Min(read, magic.Length)]) || read == 0)
        {
            throw new InvalidDataException("This is not a CrisisKit detection snapshot (the file does not start with its marker, \"CKDS\").");
        }

        if (read < header.Length)
        {
            throw new InvalidDataException($"The snapshot ends too early: only {read} bytes, inside its {header.Length}-byte header; it is truncated.");
        }

        var major = BinaryPrimitives.ReadUInt16LittleEndian(header[4..]);
        Minor = BinaryPrimitives.ReadUInt16LittleEndian(header[6..]);
        if (major > SnapshotFormat.Major)
        {
            throw new InvalidDataException(
                $"The snapshot has format version {major}.{Minor}, newer than this CrisisKit reads ({SnapshotFormat.Major}.x): a later CrisisKit wrote it with changes this one cannot read. Restore it with that release or a later one, or start without it.");
        }

        if (major < SnapshotFormat.Major)
        {
            throw new InvalidDataException(
                $"The snapshot has format version {major}.{Minor}, older than this CrisisKit reads ({SnapshotFormat.Major}.x){(major == 1 ? ", the unsectioned format of the first previews" : "")}; it cannot be restored: start without it and take a new snapshot.");
        }
    }

    /// <summary>The minor format version of the file (this library reads every minor version of its major one).</summary>
    public ushort Minor { get; }

    /// <summary>The current section's position in the file, from 1.</summary>
    public int SectionNumber { get; private set; }

    public SectionTag Tag { get; private set; }

    public ReadOnlySpan<byte> Payload => _buffer.AsSpan(0, _length);

    /// <summary>The current section as named in errors: <c>section 3 (SUBJ)</c>.</summary>
    public string SectionLabel => string.Create(CultureInfo.InvariantCulture, $"section {SectionNumber} ({Tag})");

    /// <summary>Moves to the next section; <see langword="false"/> once the <c>END</c> section is read.</summary>
    /// <exception cref="InvalidDataException">The stream ends before the <c>END</c> section, or a section's length or CRC is wrong.</exception>
    public bool NextSection()
    {
        SectionNumber++;
        Span<byte> frame = stackalloc byte[SnapshotFormat.SectionHeaderLength];
        var read = _source.ReadAtLeast(frame, frame.Length, throwOnEndOfStream: false);
        if (read < frame.Length)
        {
            var where = SectionNumber == 1 ? "after the header" : $"after section {SectionNumber - 1} ({Tag})";
            throw new InvalidDataException($"The snapshot ends too early: the stream stops {where}{(read > 0 ? $", {read} bytes into the next section's frame" : "")}, before the END section; it is truncated.");
        }

        Tag = new SectionTag(BinaryPrimitives.ReadUInt32LittleEndian(frame));
        var length = BinaryPrimitives.ReadUInt32LittleEndian(frame[4..]);
        if (length > SnapshotFormat.MaxSectionLength)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"The snapshot is corrupt: {SectionLabel} claims {length:N0} bytes, more than the {SnapshotFormat.MaxSectionLength:N0} a section may hold."));
        }

        ReadPayload((int)length);
        Span<byte> trailer = stackalloc byte[SnapshotFormat.SectionTrailerLength];
        if (_source.ReadAtLeast(trailer, trailer.Length, throwOnEndOfStream: false) < trailer.Length)
        {
            throw new InvalidDataException($"The snapshot ends too early: the stream stops inside {SectionLabel}'s check; it is truncated.");
        }

        var stored = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        var computed = ~Crc32C.Append(Crc32C.Append(~0u, frame), Payload);
        if (stored != computed)
        {
            throw new InvalidDataException($"The snapshot is corrupt: {SectionLabel} fails its CRC-32C check (stored {stored:x8}, computed {computed:x8}).");
        }

        if (Tag == SectionTag.End)
        {
            return length == 0 ? false : throw new InvalidDataException($"The snapshot is corrupt: its END section ({SectionLabel}) is not empty.");
        }

        return true;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private void ReadPayload(int length)
    {
        _length = 0;
        while (_length < length)
        {
            var chunk = Math.Min(length - _length, Math.Max(_length, ReadChunk));
            if (_buffer.Length < _length + chunk)
            {
                var bigger = ArrayPool<byte>.Shared.Rent(_length + chunk);
                _buffer.AsSpan(0, _length).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = bigger;
            }

            var read = _source.ReadAtLeast(_buffer.AsSpan(_length, chunk), chunk, throwOnEndOfStream: false);
            _length += read;
            if (read < chunk)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"The snapshot ends too early: {SectionLabel} is cut off after {_length:N0} of its {length:N0} bytes; it is truncated."));
            }
        }
    }
}
