using System.Runtime.InteropServices;
using System.Text;
using Confluent.Kafka;

namespace Wharf.Clients.Consuming;

/// <summary>
/// Takes a Confluent.Kafka consumer's records straight from librdkafka (rd_kafka_consumer_poll on its handle), as
/// <see cref="PolledRecord"/>s that point into librdkafka's own buffer. Confluent.Kafka's Consume copies every key
/// and value into new arrays, marshals the topic name into a new string and builds five objects per record; a
/// proxy that only writes the bytes out again pays microseconds per record for that. Everything else (group
/// membership, assignment, seeks, commits, the rebalance handlers, which librdkafka calls from inside this poll)
/// stays with the Confluent.Kafka consumer. Like the consumer itself, not thread-safe.
/// </summary>
public sealed partial class NativeRecordPoller : IDisposable
{
    private const int PartitionEof = -191; // RD_KAFKA_RESP_ERR__PARTITION_EOF

    private readonly NativeHandle _handle;
    private readonly TopicNames _topics = new();

    private NativeRecordPoller(NativeHandle handle)
    {
        _handle = handle;
    }

    /// <summary>A poller for <paramref name="consumer"/>; null when its native handle cannot be reached.</summary>
    public static NativeRecordPoller? For(IClient consumer) => NativeHandle.Of(consumer) is { } handle ? new NativeRecordPoller(handle) : null;

    /// <summary>
    /// The next record ready now, or null (never waits). A consume error is thrown as Confluent.Kafka's
    /// <see cref="ConsumeException"/>, as its Consume does; end-of-partition events are skipped.
    /// </summary>
    public PolledRecord? Poll() => Poll(TimeSpan.Zero);

    /// <summary>
    /// The next record, waiting up to <paramref name="timeout"/> (whole milliseconds) for one to arrive, as
    /// Confluent.Kafka's Consume(timeout) does; null when none came. Errors and end-of-partition events as
    /// <see cref="Poll()"/>; after a skipped event the wait goes on for what is left of the timeout.
    /// </summary>
    public unsafe PolledRecord? Poll(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        var wait = (int)Math.Min(timeout.Ticks / TimeSpan.TicksPerMillisecond, int.MaxValue);
        var deadline = wait == 0 ? 0 : Environment.TickCount64 + wait;
        while (true)
        {
            var pointer = ConsumerPoll(_handle.Pointer, wait);
            if (pointer == IntPtr.Zero)
            {
                return null;
            }

            var message = (RdKafkaMessage*)pointer;
            var topic = message->Rkt == IntPtr.Zero ? string.Empty : _topics.Of(TopicName(message->Rkt));
            if (message->Err == 0)
            {
                return new PolledRecord(pointer, topic);
            }

            var error = message->Err;
            var reason = message->Payload == IntPtr.Zero ? null : Encoding.UTF8.GetString((byte*)message->Payload, (int)message->Len);
            var position = new TopicPartitionOffset(topic, message->Partition, message->Offset);
            MessageDestroy(pointer);
            if (error != PartitionEof)
            {
                var failed = new ConsumeResult<byte[], byte[]> { TopicPartitionOffset = position };
                throw new ConsumeException(failed, reason is null ? new Error((ErrorCode)error) : new Error((ErrorCode)error, reason));
            }

            wait = wait == 0 ? 0 : (int)Math.Max(deadline - Environment.TickCount64, 0);
        }
    }

    public void Dispose() => _handle.Dispose();

    [LibraryImport(KafkaClientLibrary.NativeLibraryName, EntryPoint = "rd_kafka_consumer_poll")]
    private static partial IntPtr ConsumerPoll(IntPtr kafka, int timeoutMs);

    [LibraryImport(KafkaClientLibrary.NativeLibraryName, EntryPoint = "rd_kafka_topic_name")]
    private static partial IntPtr TopicName(IntPtr topic);

    [LibraryImport(KafkaClientLibrary.NativeLibraryName, EntryPoint = "rd_kafka_message_destroy")]
    internal static partial void MessageDestroy(IntPtr message);

    /// <summary>
    /// Topic names by the native name they were made from: a record's topic is compared byte for byte with the few
    /// names seen last (a consumer reads few topics), so no string is made per record and a topic object freed and
    /// replaced at the same address can never lend its old name.
    /// </summary>
    private sealed class TopicNames
    {
        private const int Kept = 8;
        private readonly List<(byte[] Utf8, string Name)> _names = [];

        public unsafe string Of(IntPtr nativeName)
        {
            var bytes = MemoryMarshal.CreateReadOnlySpanFromNullTerminated((byte*)nativeName);
            foreach (var (utf8, name) in _names)
            {
                if (bytes.SequenceEqual(utf8))
                {
                    return name;
                }
            }

            if (_names.Count == Kept)
            {
                _names.RemoveAt(0);
            }

            var made = Encoding.UTF8.GetString(bytes);
            _names.Add((bytes.ToArray(), made));
            return made;
        }
    }
}

/// <summary>librdkafka's rd_kafka_message_t.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RdKafkaMessage
{
    public int Err;
    public IntPtr Rkt;
    public int Partition;
    public IntPtr Payload;
    public nuint Len;
    public IntPtr Key;
    public nuint KeyLen;
    public long Offset;
    public IntPtr Private;
}
