using System.Buffers.Binary;

namespace Wharf.RestProxy.Tests;

/// <summary>Expected record bytes of the schema formats, written out by hand (schema-registry.md §4.3).</summary>
public static class WireBytes
{
    /// <summary>Magic byte 0, then the schema id as a big-endian int32.</summary>
    public static byte[] Header(int id)
    {
        var header = new byte[5];
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(1), id);
        return header;
    }
}
