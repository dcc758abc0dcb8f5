using System.Text;

namespace Wharf.Avro;

/// <summary>CRC-64-AVRO, the Rabin fingerprint of the spec ("Schema Fingerprints").</summary>
public static class AvroFingerprint
{
    /// <summary>The fingerprint of the empty input, and the polynomial's mask.</summary>
    public const ulong Empty = 0xc15d213aa4d7a795UL;

    private static readonly ulong[] Table = BuildTable();

    public static long Crc64(ReadOnlySpan<byte> data)
    {
        var fingerprint = Empty;
        foreach (var b in data)
        {
            fingerprint = (fingerprint >> 8) ^ Table[(int)(fingerprint ^ b) & 0xff];
        }
        return unchecked((long)fingerprint);
    }

    public static long Crc64(string text) => Crc64(Encoding.UTF8.GetBytes(text));

    /// <summary>The 8 bytes the single-object encoding carries after <c>C3 01</c>: the fingerprint, little-endian.</summary>
    public static byte[] Crc64Bytes(long fingerprint)
    {
        var bytes = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(bytes, fingerprint);
        return bytes;
    }

    private static ulong[] BuildTable()
    {
        var table = new ulong[256];
        for (var i = 0; i < 256; i++)
        {
            var fingerprint = (ulong)i;
            for (var j = 0; j < 8; j++)
            {
                fingerprint = (fingerprint >> 1) ^ (Empty & (0UL - (fingerprint & 1)));
            }
            table[i] = fingerprint;
        }
        return table;
    }
}
