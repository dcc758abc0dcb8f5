using Wharf.Protocol.Primitives;

namespace Wharf.Protocol.Records;

/// <summary>
/// The pieces of a v2 record shared by the reader and the builder: zigzag varints and byte fields with a
/// zigzag varint length, where -1 means null (Kafka's DefaultRecord).
/// </summary>
internal static class RecordEncoding
{
    /// <summary>The encoded size of a byte field of <paramref name="length"/> bytes, or of a null one for -1.</summary>
    public static int SizeOfField(int length) => length < 0 ? 1 : Varint.SizeOfSigned32(length) + length;

    public static int WriteField(Span<byte> destination, NullableBytes field)
    {
        if (!field.HasValue)
        {
            return Varint.WriteSigned32(destination, -1);
        }

        var written = Varint.WriteSigned32(destination, field.Memory.Length);
        field.Memory.Span.CopyTo(destination[written..]);
        return written + field.Memory.Length;
    }

    public static bool TryReadVarint(ReadOnlySpan<byte> data, ref int position, out int value)
    {
        if (!Varint.TryReadSigned32(data[position..], out value, out var length))
        {
            return false;
        }

        position += length;
        return true;
    }

    public static bool TryReadVarlong(ReadOnlySpan<byte> data, ref int position, out long value)
    {
        if (!Varint.TryReadSigned64(data[position..], out value, out var length))
        {
            return false;
        }

        position += length;
        return true;
    }

    /// <summary>
    /// Reads a byte field: its start and length, -1 for null. False for a malformed length, a negative length
    /// other than -1, or one that runs past <paramref name="data"/>.
    /// </summary>
    public static bool TryReadField(ReadOnlySpan<byte> data, ref int position, out int start, out int length)
    {
        start = 0;
        if (!TryReadVarint(data, ref position, out length) || length < -1 || length > data.Length - position)
        {
            return false;
        }

        start = position;
        if (length > 0)
        {
            position += length;
        }

        return true;
    }
}
