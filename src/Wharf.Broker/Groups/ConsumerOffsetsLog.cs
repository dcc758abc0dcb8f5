using System.Buffers;
using System.Runtime.InteropServices;
using Wharf.Protocol;
using Wharf.Protocol.Records;
using Wharf.Storage;

namespace Wharf.Broker.Groups;

/// <summary>
/// The offset log on the broker's own storage: partition 0 of the compacted internal topic <c>__consumer_offsets</c>
/// (one partition is enough on one node; Kafka has 50 to spread coordinators over brokers). Each
/// <see cref="Append"/> is one record batch written with <see cref="AppendOrigin.Internal"/>; <see cref="ReadAll"/>
/// reads the partition from its start. Compaction keeps the last record of each key and, after
/// delete.retention.ms, drops tombstones, so the log stays about as large as the set of live offsets.
/// </summary>
public sealed class ConsumerOffsetsLog : IOffsetLog
{
    /// <summary>Kafka's name for the topic (Topic.GROUP_METADATA_TOPIC_NAME).</summary>
    public const string TopicName = "__consumer_offsets";

    // A batch must stay under the topic's max.message.bytes (1 MiB by default); larger appends are split.
    private const int MaxBatchBytes = 512 * 1024;
    private const int ReadChunkBytes = 1024 * 1024;

    // What Kafka gives the topic (offsets.topic.segment.bytes 100 MiB, cleanup.policy compact), so that
    // compaction, which never touches the active segment, gets to run on a busy log.
    private static readonly Dictionary<string, string?> TopicConfigs = new(StringComparer.Ordinal)
    {
        ["cleanup.policy"] = "compact",
        ["segment.bytes"] = "104857600",
    };

    private readonly PartitionLog _partition;

    private ConsumerOffsetsLog(PartitionLog partition)
    {
        _partition = partition;
    }

    /// <summary>Opens partition 0 of <c>__consumer_offsets</c>, creating the topic the first time.</summary>
    public static ConsumerOffsetsLog Open(LogManager logs)
    {
        if (!logs.TryGetTopic(TopicName, out var topic))
        {
            var created = logs.CreateTopic(TopicName, 1, TopicConfigs, validateOnly: false);
            if (!logs.TryGetTopic(TopicName, out topic))
            {
                throw new InvalidOperationException("The internal topic " + TopicName + " could not be created: " + created.Error + " " + created.ErrorMessage);
            }
        }

        return new ConsumerOffsetsLog(topic.Partitions[0]);
    }

    public void Append(IReadOnlyList<OffsetLogRecord> records)
    {
        using var builder = new RecordBatchBuilder(RecordBatchOptions.Default);
        var output = new ArrayBufferWriter<byte>();
        foreach (var record in records)
        {
            if (builder.Count > 0 && builder.UncompressedSize + record.Key.Length + (record.Value?.Length ?? 0) > MaxBatchBytes)
            {
                Write(builder, output);
                builder.Reset();
            }

            // A null value is written as null: a tombstone.
            builder.Append(record.Timestamp, record.Key, record.Value);
        }

        if (builder.Count > 0)
        {
            Write(builder, output);
        }
    }

    public IEnumerable<OffsetLogRecord> ReadAll()
    {
        using var reader = new RecordBatchReader();
        var next = _partition.LogStartOffset;
        var end = _partition.LogEndOffset;
        while (next < end)
        {
            using var read = _partition.Read(next, ReadChunkBytes, minOneBatch: true, upperBoundOffset: end);
            if (read.Error != ErrorCode.None)
            {
                throw new IOException("Reading " + TopicName + " at offset " + next + " failed: " + read.Error);
            }

            if (read.Records.IsEmpty)
            {
                yield break;
            }

            var batches = read.Records;
            while (batches.Length >= RecordBatchHeader.Size)
            {
                var header = new RecordBatchHeader(batches.Span);
                var batch = batches[..header.TotalSize];
                batches = batches[header.TotalSize..];
                next = Math.Max(next, header.NextOffset);
                if (header.IsControl)
                {
                    continue;
                }

                if (reader.Open(batch) != RecordReadError.None)
                {
                    throw new InvalidDataException("A record batch of " + TopicName + " at offset " + header.BaseOffset + " cannot be read: " + reader.Error);
                }

                while (reader.TryReadNext(out var record))
                {
                    yield return new OffsetLogRecord(record.Key.ToArray(), record.HasValue ? record.Value.ToArray() : null, record.Timestamp);
                }

                if (reader.Error != RecordReadError.None)
                {
                    throw new InvalidDataException("A record batch of " + TopicName + " at offset " + header.BaseOffset + " cannot be read: " + reader.Error);
                }
            }
        }
    }

    private void Write(RecordBatchBuilder builder, ArrayBufferWriter<byte> output)
    {
        output.ResetWrittenCount();
        builder.WriteTo(output);
        // The log rewrites the base offset and leader epoch in place, so it gets the writer's own (mutable) bytes.
        var batch = MemoryMarshal.AsMemory(output.WrittenMemory).Span;
        var result = _partition.Append(batch, leaderEpoch: 0, AppendOrigin.Internal);
        if (!result.Succeeded)
        {
            // The coordinator answers NOT_COORDINATOR for a failed write, as Kafka does for a storage error.
            throw new IOException("Appending to " + TopicName + " failed: " + result.Error + " " + result.ErrorMessage);
        }
    }
}
