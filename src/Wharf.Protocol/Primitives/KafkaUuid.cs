using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace Wharf.Protocol.Primitives;

/// <summary>
/// A Kafka UUID (topic ids, KIP-516): 16 bytes, most significant half first. System.Guid orders its bytes
/// differently, so the protocol gets its own type. The text form is Kafka's URL-safe base64 without padding.
/// </summary>
public readonly record struct KafkaUuid(ulong MostSignificantBits, ulong LeastSignificantBits)
{
    public static KafkaUuid Zero => default;

    public bool IsZero => MostSignificantBits == 0 && LeastSignificantBits == 0;

    /// <summary>A random version-4 UUID, never <see cref="Zero"/> and never starting with '-' in base64 (as Kafka's Uuid.randomUuid).</summary>
    public static KafkaUuid NewRandom()
    {
        Span<byte> bytes = stackalloc byte[16];
        while (true)
        {
            RandomNumberGenerator.Fill(bytes);
            bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
            bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
            var uuid = Read(bytes);
            if (!uuid.IsZero && !uuid.ToString().StartsWith('-'))
            {
                return uuid;
            }
        }
    }

    public static KafkaUuid Read(ReadOnlySpan<byte> source) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(source), BinaryPrimitives.ReadUInt64BigEndian(source[8..]));

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, MostSignificantBits);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], LeastSignificantBits);
    }

    public static bool TryParse(string text, out KafkaUuid uuid)
    {
        uuid = default;
        if (text.Length != 22)
        {
            return false;
        }

        var padded = text.Replace('-', '+').Replace('_', '/') + "==";
        Span<byte> bytes = stackalloc byte[18];
        if (!Convert.TryFromBase64String(padded, bytes, out var written) || written != 16)
        {
            return false;
        }

        uuid = Read(bytes);
        return true;
    }

    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[16];
        Write(bytes);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public string ToHexString() => MostSignificantBits.ToString("x16", CultureInfo.InvariantCulture) + LeastSignificantBits.ToString("x16", CultureInfo.InvariantCulture);
}
