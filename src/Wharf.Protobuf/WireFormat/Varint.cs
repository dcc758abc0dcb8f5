namespace Wharf.Protobuf.WireFormat;

/// <summary>Base-128 varints and zig-zag, over spans, allocation-free (protobuf encoding guide, "Base 128 Varints").</summary>
public static class Varint
{
    /// <summary>The longest varint: ten bytes for 64 bits.</summary>
    public const int MaxLength = 10;

    public static int Write(Span<byte> destination, ulong value)
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

    /// <returns>Bytes consumed, or 0 when <paramref name="source"/> ends inside the varint or it runs past ten bytes.</returns>
    public static int TryRead(ReadOnlySpan<byte> source, out ulong value)
    {
        value = 0;
        for (var i = 0; i < source.Length && i < MaxLength; i++)
        {
            var b = source[i];
            value |= (ulong)(b & 0x7F) << (7 * i);
            if (b < 0x80)
            {
                return i + 1;
            }
        }
        value = 0;
        return 0;
    }

    public static int Length(ulong value)
    {
        var length = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            length++;
        }
        return length;
    }

    public static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    public static long UnZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

    public static uint ZigZag32(int value) => (uint)((value << 1) ^ (value >> 31));

    public static int UnZigZag32(uint value) => (int)(value >> 1) ^ -(int)(value & 1);
}
