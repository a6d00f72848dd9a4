using System.Buffers.Binary;
using System.Numerics;

namespace CrisisKit.Snapshots;

/// <summary>
/// CRC-32C (Castagnoli, as in iSCSI, ext4 and Protocol Buffers' record files): the check on each snapshot section.
/// <see cref="BitOperations.Crc32C(uint, ulong)"/> uses the processor's CRC instruction where there is one.
/// </summary>
internal static class Crc32C
{
    public static uint Compute(ReadOnlySpan<byte> data) => ~Append(~0u, data);

    /// <summary>Continues a running (not yet inverted) CRC over <paramref name="data"/>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return crc;
    }
}
