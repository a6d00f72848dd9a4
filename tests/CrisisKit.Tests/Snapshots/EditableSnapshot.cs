using System.Buffers.Binary;
using System.Text;

namespace CrisisKit.Tests.Snapshots;

/// <summary>
/// A snapshot file taken apart for tests, independently of the library's reader: the header's version, the sections
/// with their payloads as trees of tagged fields, written back with correct lengths and CRC-32C checks. Tests use it
/// to add, change and remove sections and fields the way a later or a broken writer would.
/// </summary>
internal sealed class EditableSnapshot
{
    public ushort Major { get; set; }

    public ushort Minor { get; set; }

    public List<(string Tag, Message Payload)> Sections { get; } = [];

    public static EditableSnapshot Parse(byte[] bytes)
    {
        Encoding.ASCII.GetString(bytes, 0, 4).Should().Be("CKDS");
        var file = new EditableSnapshot
        {
            Major = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(4)),
            Minor = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(6)),
        };
        var at = 8;
        while (at < bytes.Length)
        {
            var tag = Encoding.ASCII.GetString(bytes, at, 4);
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 4));
            var crc = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 8 + length));
            Crc32C(bytes.AsSpan(at, 8 + length)).Should().Be(crc, $"the check of section {tag} at byte {at}");
            file.Sections.Add((tag, Message.Parse(bytes.AsSpan(at + 8, length))));
            at += 12 + length;
        }

        return file;
    }

    public Message Section(string tag, int occurrence = 0) => Sections.Where(s => s.Tag == tag).Skip(occurrence).First().Payload;

    public byte[] ToBytes()
    {
        var output = new List<byte>();
        output.AddRange("CKDS"u8.ToArray());
        output.AddRange(BitConverter.GetBytes(Major));
        output.AddRange(BitConverter.GetBytes(Minor));
        foreach (var (tag, payload) in Sections)
        {
            var body = payload.ToBytes();
            var framed = new List<byte>();
            framed.AddRange(Encoding.ASCII.GetBytes(tag));
            framed.AddRange(BitConverter.GetBytes((uint)body.Length));
            framed.AddRange(body);
            output.AddRange(framed);
            output.AddRange(BitConverter.GetBytes(Crc32C([.. framed])));
        }

        return [.. output];
    }

    /// <summary>CRC-32C, bit by bit (reflected polynomial 0x82F63B78), as a check on the library's.</summary>
    public static uint Crc32C(ReadOnlySpan<byte> data)
    {
        var crc = ~0u;
        foreach (var b in data)
        {
            crc ^= b;
            for (var i = 0; i < 8; i++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78 : crc >> 1;
            }
        }

        return ~crc;
    }

    /// <summary>One field: its number, wire type and value (a varint's value, or the raw bytes of the other types).</summary>
    internal sealed record Field(int Number, int Wire, ulong Varint, byte[] Bytes)
    {
        public Message AsMessage() => Message.Parse(Bytes);

        public static Field Of(int number, ulong varint) => new(number, 0, varint, []);

        public static Field Of(int number, byte[] bytes) => new(number, 2, 0, bytes);

        public static Field Of(int number, Message message) => Of(number, message.ToBytes());

        public static Field Fixed64(int number, double value) => new(number, 1, 0, BitConverter.GetBytes(value));

        public static Field Fixed32(int number, float value) => new(number, 5, 0, BitConverter.GetBytes(value));
    }

    /// <summary>A message: its fields in order.</summary>
    internal sealed class Message
    {
        public List<Field> Fields { get; } = [];

        public static Message Parse(ReadOnlySpan<byte> data)
        {
            var message = new Message();
            var at = 0;
            while (at < data.Length)
            {
                var key = ReadVarint(data, ref at);
                var number = (int)(key >> 3);
                var wire = (int)(key & 7);
                switch (wire)
                {
                    case 0:
                        message.Fields.Add(Field.Of(number, ReadVarint(data, ref at)));
                        break;
                    case 1:
                        message.Fields.Add(new Field(number, 1, 0, data.Slice(at, 8).ToArray()));
                        at += 8;
                        break;
                    case 5:
                        message.Fields.Add(new Field(number, 5, 0, data.Slice(at, 4).ToArray()));
                        at += 4;
                        break;
                    case 2:
                        var length = (int)ReadVarint(data, ref at);
                        message.Fields.Add(Field.Of(number, data.Slice(at, length).ToArray()));
                        at += length;
                        break;
                    default:
                        throw new InvalidOperationException($"Wire type {wire} at byte {at}.");
                }
            }

            return message;
        }

        /// <summary>The first field numbered <paramref name="number"/>.</summary>
        public Field this[int number] => Fields.First(f => f.Number == number);

        /// <summary>Replaces the first field numbered <paramref name="number"/> (keeping its place).</summary>
        public void Replace(int number, Field field) => Fields[Fields.FindIndex(f => f.Number == number)] = field;

        /// <summary>Edits the nested message in the first field numbered <paramref name="number"/>.</summary>
        public void Edit(int number, Action<Message> edit)
        {
            var nested = this[number].AsMessage();
            edit(nested);
            Replace(number, Field.Of(number, nested));
        }

        public byte[] ToBytes()
        {
            var output = new List<byte>();
            foreach (var f in Fields)
            {
                WriteVarint(output, ((ulong)f.Number << 3) | (uint)f.Wire);
                if (f.Wire == 0)
                {
                    WriteVarint(output, f.Varint);
                    continue;
                }

                if (f.Wire == 2)
                {
                    WriteVarint(output, (ulong)f.Bytes.Length);
                }

                output.AddRange(f.Bytes);
            }

            return [.. output];
        }

        private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int at)
        {
            ulong value = 0;
            for (var shift = 0; ; shift += 7)
            {
                var b = data[at++];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return value;
                }
            }
        }

        private static void WriteVarint(List<byte> output, ulong value)
        {
            while (value >= 0x80)
            {
                output.Add((byte)(value | 0x80));
                value >>= 7;
            }

            output.Add((byte)value);
        }
    }
}
