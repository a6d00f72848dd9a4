using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace CrisisKit.Snapshots;

/// <summary>
/// Writes tagged fields (Protocol Buffers' wire format; docs/snapshots.md) into a pooled buffer that grows as needed
/// and is reused from one section to the next. Field numbers come from each component's <c>Field</c> enum. Nothing
/// is allocated per field; strings are encoded straight into the buffer.
/// </summary>
internal sealed class SnapshotWriter : IDisposable
{
    /// <summary>A nested message's length is written in this many bytes (a varint with redundant groups) so it can be patched.</summary>
    private const int ReservedLength = 5;

    private byte[] _buffer;
    private int _length;

    public SnapshotWriter(int initialCapacity = 64 * 1024) => _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);

    /// <summary>The bytes written since the last <see cref="Clear"/>.</summary>
    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    public void Clear() => _length = 0;

    public void WriteBoolean<TField>(TField field, bool value)
        where TField : unmanaged, Enum
    {
        Key(field, WireType.Varint);
        Varint(value ? 1UL : 0UL);
    }

    /// <summary>A signed integer, zig-zag encoded (small magnitudes take few bytes, whatever the sign).</summary>
    public void WriteInt64<TField>(TField field, long value)
        where TField : unmanaged, Enum
    {
        Key(field, WireType.Varint);
        Varint((ulong)((value << 1) ^ (value >> 63)));
    }

    public void WriteDouble<TField>(TField field, double value)
        where TField : unmanaged, Enum
    {
        Key(field, WireType.Fixed64);
        BinaryPrimitives.WriteDoubleLittleEndian(Grow(8), value);
    }

    public void WriteSingle<TField>(TField field, float value)
        where TField : unmanaged, Enum
    {
        Key(field, WireType.Fixed32);
        BinaryPrimitives.WriteSingleLittleEndian(Grow(4), value);
    }

    /// <summary>A string as UTF-8.</summary>
    public void WriteString<TField>(TField field, string value)
        where TField : unmanaged, Enum
    {
        Key(field, WireType.Length);
        var count = Encoding.UTF8.GetByteCount(value);
        Varint((uint)count);
        Encoding.UTF8.GetBytes(value, Grow(count));
    }

    public void WriteBytes<TField>(TField field, ReadOnlySpan<byte> value)
        where TField : unmanaged, Enum
    {
        Key(field, WireType.Length);
        Varint((uint)value.Length);
        value.CopyTo(Grow(value.Length));
    }

    /// <summary>A packed array of little-endian 8-byte doubles.</summary>
    public void WriteDoubles<TField>(TField field, ReadOnlySpan<double> values)
        where TField : unmanaged, Enum => WritePacked(field, values);

    /// <summary>A packed array of little-endian 4-byte floats.</summary>
    public void WriteSingles<TField>(TField field, ReadOnlySpan<float> values)
        where TField : unmanaged, Enum => WritePacked(field, values);

    /// <summary>A packed array of little-endian 4-byte signed integers (<c>sfixed32</c>).</summary>
    public void WriteInt32s<TField>(TField field, ReadOnlySpan<int> values)
        where TField : unmanaged, Enum => WritePacked(field, values);

    /// <summary>A packed array of little-endian 8-byte unsigned integers (<c>fixed64</c>).</summary>
    public void WriteUInt64s<TField>(TField field, ReadOnlySpan<ulong> values)
        where TField : unmanaged, Enum => WritePacked(field, values);

    /// <summary>A packed array of UTF-16 code units, little-endian.</summary>
    public void WriteChars<TField>(TField field, ReadOnlySpan<char> values)
        where TField : unmanaged, Enum => WritePacked(field, values);

    /// <summary>
    /// Starts a packed array of <paramref name="count"/> little-endian 4-byte values and returns the bytes to fill, for
    /// arrays gathered from a larger structure (a column of a ring of records) without a copy in between.
    /// </summary>
    public Span<byte> WritePacked32<TField>(TField field, int count)
        where TField : unmanaged, Enum
    {
        Key(field, WireType.Length);
        Varint((uint)count * 4);
        return Grow(count * 4);
    }

    /// <summary>Starts a packed array of <paramref name="count"/> little-endian 2-byte values and returns the bytes to fill.</summary>
    public Span<byte> WritePacked16<TField>(TField field, int count)
        where TField : unmanaged, Enum
    {
        Key(field, WireType.Length);
        Varint((uint)count * 2);
        return Grow(count * 2);
    }

    /// <summary>A nested message holding <paramref name="part"/>'s fields.</summary>
    public void WriteMessage<TField, TPart>(TField field, TPart part)
        where TField : unmanaged, Enum
        where TPart : ISnapshotState
    {
        var start = BeginMessage(field);
        part.Write(this);
        EndMessage(start);
    }

    /// <summary>Starts a nested message; returns the bookmark to pass to <see cref="EndMessage"/>.</summary>
    public int BeginMessage<TField>(TField field)
        where TField : unmanaged, Enum
    {
        Key(field, WireType.Length);
        Grow(ReservedLength);
        return _length;
    }

    public void EndMessage(int bookmark)
    {
        var length = (uint)(_length - bookmark);
        var span = _buffer.AsSpan(bookmark - ReservedLength, ReservedLength);
        for (var i = 0; i < ReservedLength - 1; i++)
        {
            span[i] = (byte)((length & 0x7F) | 0x80);
            length >>= 7;
        }

        span[ReservedLength - 1] = (byte)length;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        _length = 0;
    }

    private void WritePacked<TField, T>(TField field, ReadOnlySpan<T> values)
        where TField : unmanaged, Enum
        where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(values);
        Key(field, WireType.Length);
        Varint((uint)bytes.Length);
        var destination = Grow(bytes.Length);
        if (BitConverter.IsLittleEndian)
        {
            bytes.CopyTo(destination);
            return;
        }

        var size = Unsafe.SizeOf<T>();
        for (var i = 0; i < bytes.Length; i += size)
        {
            bytes.Slice(i, size).CopyTo(destination[i..]);
            destination.Slice(i, size).Reverse();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Key<TField>(TField field, WireType type)
        where TField : unmanaged, Enum
    {
        Debug.Assert(Unsafe.SizeOf<TField>() == sizeof(int), "Field enums are ints.");
        var number = Unsafe.As<TField, int>(ref field);
        Debug.Assert(number is > 0 and < (1 << 29), "Field numbers are from 1 to 2^29 - 1.");
        Varint(((uint)number << 3) | (uint)type);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Varint(ulong value)
    {
        var span = Grow(10);
        var n = 0;
        while (value >= 0x80)
        {
            span[n++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[n++] = (byte)value;
        _length -= 10 - n;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<byte> Grow(int count)
    {
        if (_buffer.Length - _length < count)
        {
            Resize(count);
        }

        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }

    private void Resize(int count)
    {
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + count));
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }
}
