using System.Buffers;

namespace Wharf.Protobuf.WireFormat;

/// <summary>
/// The message indexes of Confluent's wire format (protobuf-provider <c>MessageIndexes</c>): after the magic byte
/// and schema id, the path from the file's top-level messages to the message type, as a zig-zag varint count and
/// that many zig-zag varint indexes (Kafka's <c>ByteUtils.writeVarint</c>). The common <c>[0]</c> is one 0 byte.
/// </summary>
public static class MessageIndexes
{
    /// <summary>More indexes than this are refused: messages do not nest that deep (bounds the allocation).</summary>
    public const int MaxCount = 100;

    /// <summary>The encoded length of <paramref name="indexes"/>.</summary>
    public static int Length(ReadOnlySpan<int> indexes)
    {
        if (IsFirstMessage(indexes))
        {
            return 1;
        }
        var length = Varint.Length(Varint.ZigZag32(indexes.Length));
        foreach (var index in indexes)
        {
            length += Varint.Length(Varint.ZigZag32(index));
        }
        return length;
    }

    public static void Write(IBufferWriter<byte> writer, ReadOnlySpan<int> indexes)
    {
        var length = Length(indexes);
        var span = writer.GetSpan(length);
        if (IsFirstMessage(indexes))
        {
            span[0] = 0;
        }
        else
        {
            var written = Varint.Write(span, Varint.ZigZag32(indexes.Length));
            foreach (var index in indexes)
            {
                written += Varint.Write(span[written..], Varint.ZigZag32(index));
            }
        }
        writer.Advance(length);
    }

    /// <summary>
    /// Reads the indexes at the start of <paramref name="source"/>. False when they are cut short, the count is
    /// negative or above <see cref="MaxCount"/>, or an index is negative.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out int[] indexes, out int bytesRead)
    {
        indexes = [];
        bytesRead = Varint.TryRead(source, out var rawCount);
        if (bytesRead == 0 || rawCount > uint.MaxValue)
        {
            return false;
        }
        var count = Varint.UnZigZag32((uint)rawCount);
        if (count == 0)
        {
            indexes = [0];
            return true;
        }
        if (count is < 0 or > MaxCount)
        {
            return false;
        }
        var result = new int[count];
        for (var i = 0; i < count; i++)
        {
            var read = Varint.TryRead(source[bytesRead..], out var raw);
            if (read == 0 || raw > uint.MaxValue)
            {
                return false;
            }
            result[i] = Varint.UnZigZag32((uint)raw);
            if (result[i] < 0)
            {
                return false;
            }
            bytesRead += read;
        }
        indexes = result;
        return true;
    }

    private static bool IsFirstMessage(ReadOnlySpan<int> indexes) => indexes.Length == 1 && indexes[0] == 0;
}
