namespace CrisisKit.Snapshots;

/// <summary>
/// The constants of the snapshot format (docs/snapshots.md): the file marker, the format version, the section
/// tags and the field wire types. The layout follows PNG's chunks for the file and Protocol Buffers' wire format
/// for the fields inside a section, so a section's payload can be inspected with <c>protoc --decode_raw</c>.
/// </summary>
internal static class SnapshotFormat
{
    /// <summary>"CKDS" in file order.</summary>
    public static ReadOnlySpan<byte> Magic => "CKDS"u8;

    /// <summary>
    /// Raised for a change a reader of the previous major version cannot read correctly (a field whose meaning
    /// changes, a section that must be understood). Version 1 was the unsectioned format of the first previews.
    /// </summary>
    public const ushort Major = 2;

    /// <summary>Raised when a field or a section is added; readers of the same major version read every minor version.</summary>
    public const ushort Minor = 3;

    /// <summary>The magic and the two version numbers.</summary>
    public const int HeaderLength = 8;

    /// <summary>A section's tag and payload length, before its payload.</summary>
    public const int SectionHeaderLength = 8;

    /// <summary>A section's CRC-32C, after its payload.</summary>
    public const int SectionTrailerLength = 4;

    /// <summary>The largest section payload a reader accepts (a subject with a week of 5-minute buckets takes about 60 KB).</summary>
    public const int MaxSectionLength = 256 * 1024 * 1024;
}

/// <summary>How a field's value is laid out, as in Protocol Buffers: the low three bits of a field's key.</summary>
internal enum WireType
{
    /// <summary>A base-128 varint: booleans, and signed integers zig-zag encoded.</summary>
    Varint = 0,

    /// <summary>Eight bytes, little-endian: a <see cref="double"/> or a 64-bit hash.</summary>
    Fixed64 = 1,

    /// <summary>A varint byte count, then that many bytes: a string (UTF-8), bytes, a packed array or a nested message.</summary>
    Length = 2,

    /// <summary>Four bytes, little-endian: a <see cref="float"/>.</summary>
    Fixed32 = 5,
}

/// <summary>A section's four-letter ASCII tag, such as <c>SUBJ</c>.</summary>
internal readonly record struct SectionTag(uint Value)
{
    /// <summary>The detection options the state depends on; first, once.</summary>
    public static readonly SectionTag Options = Of("OPTS");

    /// <summary>The monitor's own state (watermark, closed buckets); once.</summary>
    public static readonly SectionTag Monitor = Of("MONI");

    /// <summary>One subject's detection state; once per subject.</summary>
    public static readonly SectionTag Subject = Of("SUBJ");

    /// <summary>The end of the snapshot: empty, last, required.</summary>
    public static readonly SectionTag End = Of("END ");

    public static SectionTag Of(ReadOnlySpan<char> name) =>
        new((uint)(byte)name[0] | ((uint)(byte)name[1] << 8) | ((uint)(byte)name[2] << 16) | ((uint)(byte)name[3] << 24));

    public override string ToString()
    {
        Span<char> name = stackalloc char[4];
        for (var i = 0; i < 4; i++)
        {
            var c = (char)((Value >> (8 * i)) & 0xFF);
            name[i] = c is >= ' ' and <= '~' ? c : '?';
        }

        return new string(name).TrimEnd();
    }
}
