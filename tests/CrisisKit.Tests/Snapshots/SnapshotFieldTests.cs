using CrisisKit.Snapshots;

namespace CrisisKit.Tests.Snapshots;

/// <summary>The field layer of the snapshot format: <see cref="SnapshotWriter"/>, <see cref="SnapshotReader"/> and <see cref="Crc32C"/>.</summary>
public class SnapshotFieldTests
{
    private enum F
    {
        A = 1,
        B = 2,
        Big = (1 << 29) - 1,
    }

    [Fact]
    public void Crc32C_gives_the_standard_check_value_and_agrees_with_a_bitwise_one_at_every_length()
    {
        Crc32C.Compute("123456789"u8).Should().Be(0xE3069283);
        var random = new Random(11);
        for (var length = 0; length < 70; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            Crc32C.Compute(data).Should().Be(EditableSnapshot.Crc32C(data), $"{length} bytes");
        }
    }

    [Fact]
    public void Random_fields_read_back_as_written_and_fields_the_reader_does_not_know_are_skipped()
    {
        for (var seed = 0; seed < 300; seed++)
        {
            var random = new Random(seed);
            var fields = Enumerable.Range(0, random.Next(1, 30)).Select(_ => RandomValue(random)).ToList();
            using var writer = new SnapshotWriter(16);
            foreach (var (known, value) in fields)
            {
                Write(writer, known ? F.A : F.Big, value);
            }

            var reader = new SnapshotReader(writer.Written);
            var read = new List<object>();
            var skipped = 0;
            while (reader.Next(out F field))
            {
                if (field == F.Big)
                {
                    reader.Skip();
                    skipped++;
                    continue;
                }

                var expected = fields.Where(f => f.Known).ElementAt(read.Count).Value;
                read.Add(expected switch
                {
                    long => reader.ReadInt64(),
                    bool => reader.ReadBoolean(),
                    double => reader.ReadDouble(),
                    float => reader.ReadSingle(),
                    string => reader.ReadString(),
                    int[] ints => ReadInts(ref reader, ints.Length),
                    byte[] => reader.ReadBytes().ToArray(),
                    _ => throw new InvalidOperationException(),
                });
            }

            read.Should().BeEquivalentTo(fields.Where(f => f.Known).Select(f => f.Value), o => o.WithStrictOrdering(), $"seed {seed}");
            skipped.Should().Be(fields.Count(f => !f.Known), $"seed {seed}");
        }
    }

    [Fact]
    public void A_nested_message_is_read_in_place_and_its_length_may_be_padded()
    {
        using var writer = new SnapshotWriter();
        var start = writer.BeginMessage(F.A);
        writer.WriteInt64(F.B, -3);
        writer.EndMessage(start);
        writer.WriteString(F.B, "after");

        writer.Written.ToArray().Should().Equal(0x0A, 0x82, 0x80, 0x80, 0x80, 0x00, 0x10, 0x05, 0x12, 5, (byte)'a', (byte)'f', (byte)'t', (byte)'e', (byte)'r');
        var reader = new SnapshotReader(writer.Written);
        reader.Next(out F field).Should().BeTrue();
        field.Should().Be(F.A);
        var inner = new Inner();
        reader.ReadMessage(inner);
        inner.Value.Should().Be(-3);
        reader.Next(out field).Should().BeTrue();
        reader.ReadString().Should().Be("after");
        reader.Next(out field).Should().BeFalse();
    }

    [Theory]
    [InlineData(new byte[] { 0x08 }, "the message ends inside a varint")]
    [InlineData(new byte[] { 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }, "a varint is longer than ten bytes")]
    [InlineData(new byte[] { 0x0B }, "a field key (11) with field number 1 and wire type 3 is not valid at byte 1 of the message")]
    [InlineData(new byte[] { 0x00 }, "a field key (0) with field number 0 and wire type 0 is not valid at byte 1 of the message")]
    [InlineData(new byte[] { 0x0A, 0x05, 0x01 }, "its length (5 bytes) runs past the end of the message (1 bytes left)")]
    [InlineData(new byte[] { 0x09, 0x01, 0x02 }, "the message ends 6 bytes too early")]
    [InlineData(new byte[] { 0x08, 0x02 }, "2 is not a boolean")]
    public void Malformed_fields_are_refused_with_what_is_wrong(byte[] data, string reason)
    {
        var act = () =>
        {
            var reader = new SnapshotReader(data);
            while (reader.Next(out F field))
            {
                if (field == F.A && data[0] == 0x08 && data.Length == 2)
                {
                    reader.ReadBoolean();
                }
                else
                {
                    reader.Skip();
                }
            }
        };

        act.Should().Throw<SnapshotDataException>().Which.Message.Should().Be(reason);
    }

    [Fact]
    public void A_field_of_the_wrong_type_is_refused_naming_the_field()
    {
        using var writer = new SnapshotWriter();
        writer.WriteDouble(F.B, 1);
        var act = () =>
        {
            var reader = new SnapshotReader(writer.Written);
            reader.Next(out F _);
            reader.ReadInt64();
        };

        var error = act.Should().Throw<SnapshotDataException>().Which;
        error.Message.Should().Be("wire type 1 (Fixed64) where 0 (Varint) was expected");
        error.Path.Should().Be("B (field 2)");
    }

    private static (bool Known, object Value) RandomValue(Random random)
    {
        object value = random.Next(7) switch
        {
            0 => random.Next(3) switch { 0 => long.MinValue, 1 => long.MaxValue, _ => random.NextInt64(long.MinValue, long.MaxValue) >> random.Next(64) },
            1 => random.Next(2) == 0,
            2 => random.NextDouble() * 1e6 * (random.Next(2) == 0 ? -1 : 1),
            3 => (float)random.NextDouble(),
            4 => new string([.. Enumerable.Range(0, random.Next(0, 40)).Select(_ => (char)random.Next(0x20, 0x3000)).Where(c => !char.IsSurrogate(c))]),
            5 => Enumerable.Range(0, random.Next(0, 20)).Select(_ => random.Next()).ToArray(),
            _ => Enumerable.Range(0, random.Next(0, 300)).Select(_ => (byte)random.Next(256)).ToArray(),
        };
        return (random.Next(4) != 0, value);
    }

    private static void Write(SnapshotWriter writer, F field, object value)
    {
        switch (value)
        {
            case long l:
                writer.WriteInt64(field, l);
                break;
            case bool b:
                writer.WriteBoolean(field, b);
                break;
            case double d:
                writer.WriteDouble(field, d);
                break;
            case float f:
                writer.WriteSingle(field, f);
                break;
            case string s:
                writer.WriteString(field, s);
                break;
            case int[] ints:
                writer.WriteInt32s(field, ints);
                break;
            case byte[] bytes:
                writer.WriteBytes(field, bytes);
                break;
        }
    }

    private static int[] ReadInts(ref SnapshotReader reader, int count)
    {
        var values = new int[count];
        reader.ReadInt32s(values);
        return values;
    }

    private sealed class Inner : ISnapshotState
    {
        public long Value { get; private set; }

        public void Write(SnapshotWriter writer) => writer.WriteInt64(F.B, Value);

        public void Read(ref SnapshotReader reader)
        {
            while (reader.Next(out F field))
            {
                if (field == F.B)
                {
                    Value = reader.ReadInt64();
                }
                else
                {
                    reader.Skip();
                }
            }
        }
    }
}
