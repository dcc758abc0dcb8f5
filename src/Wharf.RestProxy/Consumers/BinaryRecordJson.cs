using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using Wharf.Clients.Consuming;
using Wharf.Protocol.Compression;

namespace Wharf.RestProxy.Consumers;

/// <summary>
/// Writes a record of the binary format as its JSON object, straight as bytes: every part is a fixed property name,
/// a number, base64 or an already escaped string, so none of Utf8JsonWriter's escaping, validation and state is
/// needed on the proxy's hottest loop. The output is what <see cref="RecordsResponse"/> writes with Utf8JsonWriter
/// for the same record (the same fields in the same order).
/// </summary>
internal static class BinaryRecordJson
{
    /// <summary>Room for the property names, punctuation, three numbers and null/true tokens of one record.</summary>
    private const int FixedRoom = 192;

    public static void Write(PooledBufferWriter output, PolledRecord record, RecordShape shape, JsonEncodedText topic)
    {
        var key = record.HasKey ? record.Key : default;
        var value = record.HasValue ? record.Value : default;
        var room = FixedRoom + topic.EncodedUtf8Bytes.Length + Base64.GetMaxEncodedToUtf8Length(key.Length) + Base64.GetMaxEncodedToUtf8Length(value.Length);
        var span = output.GetSpan(room);
        var at = 0;
        if (shape == RecordShape.V2)
        {
            Put(span, ref at, "{\"topic\":"u8);
            PutString(span, ref at, topic.EncodedUtf8Bytes);
            Put(span, ref at, ",\"key\":"u8);
        }
        else
        {
            Put(span, ref at, "{\"key\":"u8);
        }

        PutBase64(span, ref at, key, record.HasKey);
        Put(span, ref at, ",\"value\":"u8);
        PutBase64(span, ref at, value, record.HasValue);
        Put(span, ref at, ",\"partition\":"u8);
        PutNumber(span, ref at, record.Partition);
        Put(span, ref at, ",\"offset\":"u8);
        PutNumber(span, ref at, record.Offset);
        if (shape == RecordShape.V1)
        {
            Put(span, ref at, ",\"topic\":"u8);
            PutString(span, ref at, topic.EncodedUtf8Bytes);
            Put(span, ref at, "}"u8);
            output.Advance(at);
            return;
        }

        Put(span, ref at, ",\"timestamp\":"u8);
        var timestamp = record.Timestamp;
        if (timestamp.Type == Confluent.Kafka.TimestampType.NotAvailable)
        {
            Put(span, ref at, "null"u8);
        }
        else
        {
            PutNumber(span, ref at, timestamp.UnixTimestampMs);
        }

        output.Advance(at);
        if (record.HeaderCount is var count and > 0)
        {
            WriteHeaders(output, record, count);
        }

        output.Write("}"u8);
    }

    private static void WriteHeaders(PooledBufferWriter output, PolledRecord record, int count)
    {
        output.Write(",\"headers\":["u8);
        for (var i = 0; i < count; i++)
        {
            var name = JsonEncodedText.Encode(record.HeaderAt(i, out var value, out var isNull)).EncodedUtf8Bytes;
            var span = output.GetSpan(FixedRoom + name.Length + Base64.GetMaxEncodedToUtf8Length(value.Length));
            var at = 0;
            Put(span, ref at, i == 0 ? "{\"key\":"u8 : ",{\"key\":"u8);
            PutString(span, ref at, name);
            Put(span, ref at, ",\"value\":"u8);
            PutBase64(span, ref at, value, !isNull);
            Put(span, ref at, "}"u8);
            output.Advance(at);
        }

        output.Write("]"u8);
    }

    private static void Put(Span<byte> span, ref int at, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(span[at..]);
        at += bytes.Length;
    }

    private static void PutString(Span<byte> span, ref int at, ReadOnlySpan<byte> escaped)
    {
        span[at++] = (byte)'"';
        Put(span, ref at, escaped);
        span[at++] = (byte)'"';
    }

    private static void PutBase64(Span<byte> span, ref int at, ReadOnlySpan<byte> data, bool present)
    {
        if (!present)
        {
            Put(span, ref at, "null"u8);
            return;
        }

        span[at++] = (byte)'"';
        Base64.EncodeToUtf8(data, span[at..], out _, out var written);
        at += written;
        span[at++] = (byte)'"';
    }

    private static void PutNumber(Span<byte> span, ref int at, long number)
    {
        Utf8Formatter.TryFormat(number, span[at..], out var written);
        at += written;
    }
}
