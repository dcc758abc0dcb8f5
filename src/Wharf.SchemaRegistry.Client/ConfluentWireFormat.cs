using System.Buffers.Binary;

namespace Wharf.SchemaRegistry.Client;

/// <summary>
/// The framing Confluent's serializers put before a payload: a zero magic byte, then the schema id as a big-endian
/// 32-bit integer (schema-registry.md §4.3).
/// </summary>
public static class ConfluentWireFormat
{
    public const byte MagicByte = 0;

    public const int HeaderLength = 5;

    /// <summary>A record value of <paramref name="payloadLength"/> bytes after the header, the header written.</summary>
    public static byte[] Allocate(int schemaId, int payloadLength)
    {
        var framed = new byte[HeaderLength + payloadLength];
        framed[0] = MagicByte;
        BinaryPrimitives.WriteInt32BigEndian(framed.AsSpan(1), schemaId);
        return framed;
    }

    /// <summary>The schema id and the payload after it; false when the bytes do not start with the header.</summary>
    public static bool TryRead(ReadOnlySpan<byte> framed, out int schemaId, out ReadOnlySpan<byte> payload)
    {
        if (framed.Length < HeaderLength || framed[0] != MagicByte)
        {
            schemaId = 0;
            payload = default;
            return false;
        }

        schemaId = BinaryPrimitives.ReadInt32BigEndian(framed[1..]);
        payload = framed[HeaderLength..];
        return true;
    }
}
