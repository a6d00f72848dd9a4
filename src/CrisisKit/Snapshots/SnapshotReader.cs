using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace CrisisKit.Snapshots;

/// <summary>
/// Reads the tagged fields of one message (a section's payload or a nested message) written by
/// <see cref="SnapshotWriter"/>. A component calls <see cref="Next{TField}"/> in a loop, reads each field it knows
/// with the method for its type and <see cref="Skip"/>s the rest. Every read checks the field's wire type and
/// bounds, and failures name the field (through the component's <c>Field</c> enum) and, once they reach the
/// section, the path of messages above it. Reads nothing beyond the message; allocates only the strings and arrays it returns.
/// </summary>
internal ref struct SnapshotReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;
    private int _field;
    private WireType _wire;
    private Func<int, string?>? _names;

    public SnapshotReader(ReadOnlySpan<byte> data) => _data = data;

    /// <summary>Moves to the next field; <see langword="false"/> at the end of the message.</summary>
    /// <exception cref="SnapshotDataException">The field's key is malformed.</exception>
    public bool Next<TField>(out TField field)
        where TField : unmanaged, Enum
    {
        _names = FieldNames<TField>.Of;
        if (_position >= _data.Length)
        {
            _field = 0;
            field = default;
            return false;
        }

        _field = 0;
        var key = Varint();
        var number = key >> 3;
        var wire = (WireType)(key & 7);
        if (number is 0 or >= (1 << 29) || wire is not (WireType.Varint or WireType.Fixed64 or WireType.Length or WireType.Fixed32))
        {
            throw new SnapshotDataException($"a field key ({key}) with field number {number} and wire type {(int)wire} is not valid at byte {_position} of the message");
        }

        _field = (int)number;
        _wire = wire;
        field = Unsafe.As<int, TField>(ref _field);
        return true;
    }

    public bool ReadBoolean() => Expect(WireType.Varint) is var v && v <= 1 ? v == 1 : throw Corrupt($"{v} is not a boolean");

    /// <summary>A signed integer written by <see cref="SnapshotWriter.WriteInt64"/>.</summary>
    public long ReadInt64()
    {
        var v = Expect(WireType.Varint);
        return (long)(v >> 1) ^ -(long)(v & 1);
    }

    /// <summary>A signed integer written by <see cref="SnapshotWriter.WriteInt64"/> that must fit an <see cref="int"/>.</summary>
    public int ReadInt32() => ReadInt64() is var v && v is >= int.MinValue and <= int.MaxValue ? (int)v : throw Corrupt($"{v} does not fit a 32-bit integer");

    /// <summary>A count or index from <paramref name="minimum"/> to <paramref name="maximum"/>.</summary>
    public int ReadInt32(int minimum, int maximum) => ReadInt64() is var v && v >= minimum && v <= maximum ? (int)v : throw Corrupt($"{v} is outside {minimum}..{maximum}");

    public double ReadDouble()
    {
        Expect(WireType.Fixed64);
        return BinaryPrimitives.ReadDoubleLittleEndian(Take(8));
    }

    public float ReadSingle()
    {
        Expect(WireType.Fixed32);
        return BinaryPrimitives.ReadSingleLittleEndian(Take(4));
    }

    public string ReadString()
    {
        var bytes = ReadBytes();
        try
        {
            return Utf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Corrupt("the text is not valid UTF-8");
        }
    }

    /// <summary>A length-delimited field's bytes (a view of the snapshot's buffer, valid while the section is).</summary>
    public ReadOnlySpan<byte> ReadBytes()
    {
        var length = Expect(WireType.Length);
        return length <= (ulong)(_data.Length - _position) ? Take((int)length) : throw Corrupt($"its length ({length} bytes) runs past the end of the message ({_data.Length - _position} bytes left)");
    }

    /// <summary>Fills <paramref name="destination"/> from a packed array of exactly its length.</summary>
    public void ReadDoubles(Span<double> destination) => _ = ReadPacked(destination, exact: true);

    /// <summary>Fills <paramref name="destination"/> from a packed array of exactly its length.</summary>
    public void ReadSingles(Span<float> destination) => _ = ReadPacked(destination, exact: true);

    /// <summary>Fills <paramref name="destination"/> from a packed array of exactly its length.</summary>
    public void ReadInt32s(Span<int> destination) => _ = ReadPacked(destination, exact: true);

    /// <summary>Fills <paramref name="destination"/> from a packed array of exactly its length.</summary>
    public void ReadUInt64s(Span<ulong> destination) => _ = ReadPacked(destination, exact: true);

    /// <summary>Fills <paramref name="destination"/> from a packed array of exactly its length.</summary>
    public void ReadChars(Span<char> destination) => _ = ReadPacked(destination, exact: true);

    /// <summary>Fills <paramref name="destination"/> from a byte field of exactly its length.</summary>
    public void ReadBytes(Span<byte> destination)
    {
        var bytes = ReadBytes();
        if (bytes.Length != destination.Length)
        {
            throw Corrupt($"{bytes.Length} bytes where {destination.Length} were expected");
        }

        bytes.CopyTo(destination);
    }

    /// <summary>
    /// Fills the start of <paramref name="destination"/> from a packed array and returns how many values the array
    /// holds, which may be fewer (the rest of <paramref name="destination"/> is left as it is) or more (the rest of
    /// the array is ignored): for arrays whose length is checked against another field, or indexed by a list that
    /// may grow, such as the crisis categories.
    /// </summary>
    public int ReadInt32sUpTo(Span<int> destination) => ReadPacked(destination, exact: false);

    /// <inheritdoc cref="ReadInt32sUpTo"/>
    public int ReadSinglesUpTo(Span<float> destination) => ReadPacked(destination, exact: false);

    /// <inheritdoc cref="ReadInt32sUpTo"/>
    public int ReadUInt64sUpTo(Span<ulong> destination) => ReadPacked(destination, exact: false);

    /// <inheritdoc cref="ReadInt32sUpTo"/>
    public int ReadBytesUpTo(Span<byte> destination) => ReadPacked(destination, exact: false);

    /// <summary>A packed array of any length up to <paramref name="max"/> values, for state that grows as it learns.</summary>
    public double[] ReadDoubleArray(int max = int.MaxValue) => ReadArray<double>(max);

    /// <inheritdoc cref="ReadDoubleArray"/>
    public int[] ReadInt32Array(int max = int.MaxValue) => ReadArray<int>(max);

    /// <inheritdoc cref="ReadDoubleArray"/>
    public ulong[] ReadUInt64Array(int max = int.MaxValue) => ReadArray<ulong>(max);

    /// <summary>The bytes of a packed array of 4-byte values, with their count (for columns scattered into a larger structure).</summary>
    public ReadOnlySpan<byte> ReadPacked32(int expectedCount)
    {
        var bytes = ReadBytes();
        return bytes.Length == expectedCount * 4 ? bytes : throw Corrupt($"a packed array of {bytes.Length} bytes where {expectedCount} 4-byte values were expected");
    }

    /// <summary>Reads a nested message into <paramref name="part"/>; a failure inside it names this field in its path.</summary>
    public void ReadMessage<TPart>(TPart part)
        where TPart : class, ISnapshotState
    {
        var nested = new SnapshotReader(ReadBytes());
        try
        {
            part.Read(ref nested);
        }
        catch (SnapshotDataException e)
        {
            e.Enter(FieldLabel());
            throw;
        }
    }

    /// <inheritdoc cref="ReadMessage{TPart}(TPart)"/>
    public void ReadMessage<TPart>(ref TPart part)
        where TPart : struct, ISnapshotState
    {
        var nested = new SnapshotReader(ReadBytes());
        try
        {
            part.Read(ref nested);
        }
        catch (SnapshotDataException e)
        {
            e.Enter(FieldLabel());
            throw;
        }
    }

    /// <summary>Skips the current field, whatever its type: how a reader passes over fields added after it was written.</summary>
    public void Skip()
    {
        switch (_wire)
        {
            case WireType.Varint:
                Varint();
                break;
            case WireType.Fixed64:
                Take(8);
                break;
            case WireType.Fixed32:
                Take(4);
                break;
            default:
                ReadBytes();
                break;
        }
    }

    /// <summary>An error about the current field (malformed, or a value this component cannot hold).</summary>
    public readonly SnapshotDataException Corrupt(string reason) => new(reason, FieldLabel());

    /// <summary>The current field as named in errors: <c>Name (field 3)</c>, or <c>field 3</c> for a field this reader does not know.</summary>
    private readonly string FieldLabel() =>
        _field == 0 ? "the message" : _names?.Invoke(_field) is { } name ? $"{name} (field {_field})" : $"field {_field}";

    private static UTF8Encoding Utf8 { get; } = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private int ReadPacked<T>(Span<T> destination, bool exact)
        where T : unmanaged
    {
        var size = Unsafe.SizeOf<T>();
        var bytes = ReadBytes();
        if (bytes.Length % size != 0 || (exact && bytes.Length != destination.Length * size))
        {
            throw Corrupt($"a packed array of {bytes.Length} bytes where {destination.Length} {size}-byte values were expected");
        }

        var count = Math.Min(destination.Length, bytes.Length / size);
        CopyLittleEndian(bytes, destination[..count]);
        return bytes.Length / size;
    }

    private T[] ReadArray<T>(int max)
        where T : unmanaged
    {
        var size = Unsafe.SizeOf<T>();
        var bytes = ReadBytes();
        if (bytes.Length % size != 0 || bytes.Length / size > max)
        {
            throw Corrupt($"a packed array of {bytes.Length} bytes where {(max == int.MaxValue ? "" : $"at most {max} ")}{size}-byte values were expected");
        }

        var values = new T[bytes.Length / size];
        CopyLittleEndian(bytes, values.AsSpan());
        return values;
    }

    /// <summary>Fills <paramref name="destination"/> from the start of <paramref name="bytes"/>, little-endian values.</summary>
    private static void CopyLittleEndian<T>(ReadOnlySpan<byte> bytes, Span<T> destination)
        where T : unmanaged
    {
        var target = MemoryMarshal.AsBytes(destination);
        bytes[..target.Length].CopyTo(target);
        if (!BitConverter.IsLittleEndian)
        {
            var size = Unsafe.SizeOf<T>();
            for (var i = 0; i < target.Length; i += size)
            {
                target.Slice(i, size).Reverse();
            }
        }
    }

    private ulong Expect(WireType type)
    {
        if (_wire != type)
        {
            throw Corrupt($"wire type {(int)_wire} ({_wire}) where {(int)type} ({type}) was expected");
        }

        return type == WireType.Varint || type == WireType.Length ? Varint() : 0;
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _data.Length - _position)
        {
            throw Corrupt($"the message ends {count - (_data.Length - _position)} bytes too early");
        }

        var span = _data.Slice(_position, count);
        _position += count;
        return span;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong Varint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (_position >= _data.Length)
            {
                throw Corrupt("the message ends inside a varint");
            }

            var b = _data[_position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw Corrupt("a varint is longer than ten bytes");
    }

    /// <summary>The names of a component's field numbers, for errors.</summary>
    private static class FieldNames<TField>
        where TField : unmanaged, Enum
    {
        public static readonly Func<int, string?> Of = static number => Enum.GetName(Unsafe.As<int, TField>(ref number));
    }
}
