namespace Wharf.Protocol.Primitives;

/// <summary>
/// Variable-length integers. Flexible protocol versions use unsigned LEB128 (KIP-482); record batches use
/// zigzag-encoded signed varints and varlongs (the Protobuf encoding, KIP-98 record format).
/// </summary>
public static class Varint
{
    public const int MaxLength32 = 5;
    public const int MaxLength64 = 10;

    public static bool TryReadUnsigned(ReadOnlySpan<byte> source, out uint value, out int length)
    {
        value = 0;
        for (var i = 0; i < MaxLength32 && i < source.Length; i++)
        {
            var b = source[i];
            if (i == MaxLength32 - 1 && b > 0x0F)
            {
                break;
            }

            value |= (uint)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                length = i + 1;
                return true;
            }
        }

        value = 0;
        length = 0;
        return false;
    }

    public static bool TryReadUnsigned64(ReadOnlySpan<byte> source, out ulong value, out int length)
    {
        value = 0;
        for (var i = 0; i < MaxLength64 && i < source.Length; i++)
        {
            var b = source[i];
            if (i == MaxLength64 - 1 && b > 0x01)
            {
                break;
            }

            value |= (ulong)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                length = i + 1;
                return true;
            }
        }

        value = 0;
        length = 0;
        return false;
    }

    public static bool TryReadSigned32(ReadOnlySpan<byte> source, out int value, out int length)
    {
        if (!TryReadUnsigned(source, out var raw, out length))
        {
            value = 0;
            return false;
        }

        value = (int)(raw >> 1) ^ -(int)(raw & 1);
        return true;
    }

    public static bool TryReadSigned64(ReadOnlySpan<byte> source, out long value, out int length)
    {
        if (!TryReadUnsigned64(source, out var raw, out length))
        {
            value = 0;
            return false;
        }

        value = (long)(raw >> 1) ^ -(long)(raw & 1);
        return true;
    }

    public static int WriteUnsigned(Span<byte> destination, uint value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }

    public static int WriteUnsigned64(Span<byte> destination, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }

    public static int WriteSigned32(Span<byte> destination, int value) => WriteUnsigned(destination, ZigZag(value));

    public static int WriteSigned64(Span<byte> destination, long value) => WriteUnsigned64(destination, ZigZag(value));

    public static uint ZigZag(int value) => (uint)((value << 1) ^ (value >> 31));

    public static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    public static int SizeOfUnsigned(uint value) => value < 1u << 7 ? 1 : value < 1u << 14 ? 2 : value < 1u << 21 ? 3 : value < 1u << 28 ? 4 : 5;

    public static int SizeOfUnsigned64(ulong value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    public static int SizeOfSigned32(int value) => SizeOfUnsigned(ZigZag(value));

    public static int SizeOfSigned64(long value) => SizeOfUnsigned64(ZigZag(value));
}
