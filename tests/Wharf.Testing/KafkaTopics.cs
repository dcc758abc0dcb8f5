using System.Net;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Wharf.Clients;
using Wharf.Protocol.Messages;
using Wharf.Protocol.Records;
using CompressionType = Wharf.Protocol.Records.CompressionType;

namespace Wharf.Testing;

/// <summary>One record batch as the broker stores it: where it starts, its compression, and its records.</summary>
public sealed record StoredBatch(long BaseOffset, CompressionType Compression, IReadOnlyList<StoredRecord> Records);

public sealed record StoredRecord(long Offset, byte[]? Key, byte[]? Value);

/// <summary>Creating topics and reading back exactly what the broker stored, without going through the proxy.</summary>
public static class KafkaTopics
{
    public static async Task CreateAsync(string bootstrapServers, string topic, int partitions)
    {
        KafkaClientLibrary.EnsureLoaded();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = partitions, ReplicationFactor = 1 }]);
    }

    public static async Task DeleteAsync(string bootstrapServers, string topic)
    {
        KafkaClientLibrary.EnsureLoaded();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        await admin.DeleteTopicsAsync([topic]);
    }

    /// <summary>Every batch of a partition, read with a Fetch from offset 0 (records decompressed).</summary>
    public static async Task<IReadOnlyList<StoredBatch>> ReadBatchesAsync(IPEndPoint broker, string topic, int partition)
    {
        await using var client = await KafkaWireClient.ConnectAsync(broker, TestContext.Current.CancellationToken);
        var request = new FetchRequest
        {
            MaxWaitMs = 0,
            MinBytes = 0,
            Topics = [new FetchRequest.FetchTopic { Topic = topic, Partitions = [new FetchRequest.FetchPartition { Partition = partition, FetchOffset = 0, PartitionMaxBytes = 64 << 20 }] }],
        };
        var response = await client.SendAsync<FetchRequest, FetchResponse>(request, 4, TestContext.Current.CancellationToken);
        var data = response.Responses.Single().Partitions.Single();
        if (data.ErrorCode != 0)
        {
            throw new InvalidOperationException("Fetching " + topic + "-" + partition + " failed with error code " + data.ErrorCode);
        }

        var records = data.Records ?? ReadOnlyMemory<byte>.Empty;
        var batches = new List<StoredBatch>();
        using var reader = new RecordBatchReader();
        while (records.Length >= RecordBatchHeader.Size)
        {
            var size = RecordBatchHeader.PeekTotalSize(records.Span);
            var opened = reader.Open(records[..size]);
            if (opened != RecordReadError.None)
            {
                throw new InvalidOperationException("A stored batch of " + topic + "-" + partition + " does not read: " + opened);
            }

            var stored = new List<StoredRecord>();
            while (reader.TryReadNext(out var record))
            {
                stored.Add(new StoredRecord(record.Offset, record.HasKey ? record.Key.ToArray() : null, record.HasValue ? record.Value.ToArray() : null));
            }

            batches.Add(new StoredBatch(reader.Header.BaseOffset, reader.Header.Compression, stored));
            records = records[size..];
        }

        return batches;
    }

    /// <summary>Every record of a partition, in offset order.</summary>
    public static async Task<IReadOnlyList<StoredRecord>> ReadRecordsAsync(IPEndPoint broker, string topic, int partition) =>
        [.. (await ReadBatchesAsync(broker, topic, partition)).SelectMany(b => b.Records)];
}
