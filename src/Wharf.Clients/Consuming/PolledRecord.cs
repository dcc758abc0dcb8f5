using System.Runtime.InteropServices;
using System.Text;
using Confluent.Kafka;

namespace Wharf.Clients.Consuming;

/// <summary>
/// One consumed record as librdkafka holds it: the key, value and headers are views of librdkafka's buffer, valid
/// until <see cref="Dispose"/> hands the message back (which must happen before the consumer is disposed).
/// </summary>
public sealed unsafe partial class PolledRecord : IDisposable
{
    private IntPtr _message;

    internal PolledRecord(IntPtr message, string topic)
    {
        _message = message;
        Topic = topic;
        var native = Native;
        Partition = native->Partition;
        Offset = native->Offset;
    }

    public string Topic { get; }

    public int Partition { get; }

    public long Offset { get; }

    public TopicPartition TopicPartition => new(Topic, new Partition(Partition));

    public bool HasKey => Native->Key != IntPtr.Zero;

    public bool HasValue => Native->Payload != IntPtr.Zero;

    /// <summary>The key's bytes; empty when the key is null (see <see cref="HasKey"/>).</summary>
    public ReadOnlySpan<byte> Key => new((void*)Native->Key, (int)Native->KeyLen);

    /// <summary>The value's bytes; empty when the value is null (see <see cref="HasValue"/>).</summary>
    public ReadOnlySpan<byte> Value => new((void*)Native->Payload, (int)Native->Len);

    /// <summary>Key and value bytes together, as max_bytes limits count them.</summary>
    public long Size => (long)Native->KeyLen + (long)Native->Len;

    /// <summary>The record's timestamp in Unix milliseconds and its type.</summary>
    public Timestamp Timestamp
    {
        get
        {
            var milliseconds = MessageTimestamp(_message, out var type);
            return new Timestamp(milliseconds, (TimestampType)type);
        }
    }

    /// <summary>The headers, in order; none when the record has none.</summary>
    public int HeaderCount => HasEmptyHeaderSection() ? 0 : Headers() is var headers && headers != IntPtr.Zero ? (int)HeaderCountOf(headers) : 0;

    /// <summary>Header <paramref name="index"/>: its name and value (<paramref name="isNull"/> for a null value).</summary>
    public string HeaderAt(int index, out ReadOnlySpan<byte> value, out bool isNull)
    {
        var headers = Headers();
        if (headers == IntPtr.Zero || HeaderGetAll(headers, (nuint)index, out var name, out var data, out var size) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, "The record has no such header.");
        }

        isNull = data == IntPtr.Zero;
        value = isNull ? default : new ReadOnlySpan<byte>((void*)data, (int)size);
        return Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated((byte*)name));
    }

    /// <summary>Copies of the key and value, for callers that need them past this record's life.</summary>
    public byte[]? KeyArray() => HasKey ? Key.ToArray() : null;

    public byte[]? ValueArray() => HasValue ? Value.ToArray() : null;

    public void Dispose()
    {
        var message = Interlocked.Exchange(ref _message, IntPtr.Zero);
        if (message != IntPtr.Zero)
        {
            NativeRecordPoller.MessageDestroy(message);
        }
    }

    private RdKafkaMessage* Native => _message != IntPtr.Zero ? (RdKafkaMessage*)_message : throw new ObjectDisposedException(nameof(PolledRecord));

    /// <summary>
    /// Whether the record is known to have no headers without asking librdkafka, which parses even an empty header
    /// section into a list it allocates (and frees with the message): a tenth of a sink task's time. librdkafka
    /// hands out the value in place, and in the v2 record format the value's length precedes it as a zigzag varint
    /// (after the key, or after a null key's -1) and the header count follows it. When the bytes around the value
    /// are laid out so, a zero count byte means no headers. Anything else (a null value, the v0/v1 formats, which
    /// have no headers) is left to librdkafka, so a wrong guess can only cost time, never a header.
    /// </summary>
    private bool HasEmptyHeaderSection()
    {
        var native = Native;
        if (native->Payload == IntPtr.Zero)
        {
            return false;
        }

        var value = (byte*)native->Payload;
        var length = (long)native->Len;
        var lengthStart = value - ZigZagVarintSize(length);
        if (!IsZigZagVarint(lengthStart, value, length))
        {
            return false;
        }

        var keyEnd = native->Key == IntPtr.Zero ? lengthStart - 1 : (byte*)native->Key + (long)native->KeyLen;
        var keyFits = native->Key == IntPtr.Zero ? *keyEnd == 1 /* -1 as a zigzag varint */ : keyEnd == lengthStart;
        return keyFits && value[length] == 0;
    }

    private static int ZigZagVarintSize(long value)
    {
        var encoded = (ulong)value << 1;
        var size = 1;
        while (encoded >= 0x80)
        {
            encoded >>= 7;
            size++;
        }

        return size;
    }

    /// <summary>Whether the bytes from <paramref name="start"/> to <paramref name="end"/> are <paramref name="value"/> as a zigzag varint.</summary>
    private static bool IsZigZagVarint(byte* start, byte* end, long value)
    {
        var expected = (ulong)value << 1;
        for (var at = start; at < end; at++)
        {
            var last = at == end - 1;
            if (*at != (byte)((expected & 0x7F) | (last ? 0UL : 0x80UL)))
            {
                return false;
            }

            expected >>= 7;
        }

        return expected == 0;
    }

    private IntPtr Headers() => MessageHeaders((IntPtr)Native, out var headers) == 0 ? headers : IntPtr.Zero;

    [LibraryImport(KafkaClientLibrary.NativeLibraryName, EntryPoint = "rd_kafka_message_timestamp")]
    private static partial long MessageTimestamp(IntPtr message, out int type);

    [LibraryImport(KafkaClientLibrary.NativeLibraryName, EntryPoint = "rd_kafka_message_headers")]
    private static partial int MessageHeaders(IntPtr message, out IntPtr headers);

    [LibraryImport(KafkaClientLibrary.NativeLibraryName, EntryPoint = "rd_kafka_header_cnt")]
    private static partial nuint HeaderCountOf(IntPtr headers);

    [LibraryImport(KafkaClientLibrary.NativeLibraryName, EntryPoint = "rd_kafka_header_get_all")]
    private static partial int HeaderGetAll(IntPtr headers, nuint index, out IntPtr name, out IntPtr value, out nuint size);
}
