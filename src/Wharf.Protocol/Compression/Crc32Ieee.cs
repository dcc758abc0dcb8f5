namespace Wharf.Protocol.Compression;

/// <summary>
/// CRC-32 with the IEEE 802.3 polynomial (reflected 0xEDB88320), as in the gzip trailer (RFC 1952 section 8).
/// A plain table-driven implementation: it only checks gzip output, which is already slower to inflate.
/// </summary>
internal static class Crc32Ieee
{
    private static readonly uint[] Table = CreateTable();

    /// <summary>Continues a running (non-finalized) CRC: start from ~0u, finish with ~crc.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        var table = Table;
        foreach (var b in data)
        {
            crc = table[(byte)(crc ^ b)] ^ (crc >> 8);
        }

        return crc;
    }

    private static uint[] CreateTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
