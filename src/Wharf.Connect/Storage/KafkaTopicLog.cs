using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;
using Wharf.Clients;
using Wharf.Connect.Logging;

namespace Wharf.Connect.Storage;

/// <summary>
/// One compacted internal topic (Apache's KafkaBasedLog): created if missing, read from the beginning to its end
/// at start, written with keyed records. Keys are partitioned with murmur2, as the Java producer does, so that a
/// key lands in the partition Apache's workers would use.
/// </summary>
internal sealed class KafkaTopicLog(KafkaClientFactory clients, string bootstrapServers, string topic, int partitions, short replicationFactor, IReadOnlyDictionary<string, string> producerSettings, IReadOnlyDictionary<string, string> adminSettings, ILogger logger) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private IProducer<byte[]?, byte[]?>? _producer;

    public string Topic => topic;

    /// <summary>Creates the topic if needed and returns every record in it, partition by partition, in offset order.</summary>
    public async Task<IReadOnlyList<(byte[] Key, byte[]? Value)>> StartAsync(CancellationToken cancellationToken)
    {
        await EnsureTopicAsync();
        var producer = new Dictionary<string, string>(producerSettings, StringComparer.Ordinal)
        {
            ["bootstrap.servers"] = bootstrapServers,
            ["acks"] = "all",
            ["partitioner"] = "murmur2_random",
            ["enable.idempotence"] = "false",
        };
        _producer = clients.CreateProducer(producer);
        return await Task.Run(ReadAll, cancellationToken);
    }

    public async Task WriteAsync(byte[] key, byte[]? value, CancellationToken cancellationToken)
    {
        var producer = _producer ?? throw new InvalidOperationException("The log is not started.");
        await producer.ProduceAsync(topic, new Message<byte[]?, byte[]?> { Key = key, Value = value }, cancellationToken);
    }

    /// <summary>Writes without waiting (statuses); a failure is logged, as a later status overwrites it anyway.</summary>
    public void Send(byte[] key, byte[]? value)
    {
        var producer = _producer ?? throw new InvalidOperationException("The log is not started.");
        producer.Produce(topic, new Message<byte[]?, byte[]?> { Key = key, Value = value }, report =>
        {
            if (report.Error.IsError)
            {
                ConnectLog.StatusNotWritten(logger, topic, report.Error.Reason);
            }
        });
    }

    public void Dispose()
    {
        _producer?.Flush(TimeSpan.FromSeconds(10));
        _producer?.Dispose();
    }

    private async Task EnsureTopicAsync()
    {
        using var admin = clients.CreateAdmin(new Dictionary<string, string>(adminSettings, StringComparer.Ordinal) { ["bootstrap.servers"] = bootstrapServers });
        try
        {
            await admin.CreateTopicsAsync(
            [
                new TopicSpecification
                {
                    Name = topic,
                    NumPartitions = partitions,
                    ReplicationFactor = replicationFactor,
                    Configs = new Dictionary<string, string> { ["cleanup.policy"] = "compact" },
                },
            ]);
            ConnectLog.TopicCreated(logger, topic, partitions);
        }
        catch (CreateTopicsException exception) when (exception.Results.All(r => r.Error.Code == ErrorCode.TopicAlreadyExists))
        {
            // Made by an earlier run: its records are read below.
        }
    }

    private List<(byte[] Key, byte[]? Value)> ReadAll()
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["bootstrap.servers"] = bootstrapServers,
            ["group.id"] = "wharf-connect-" + topic,
            ["enable.auto.commit"] = "false",
            ["enable.partition.eof"] = "true",
        };
        using var consumer = clients.ConsumerBuilder(settings).Build();
        var metadata = WaitForMetadata();
        var ends = new Dictionary<int, long>();
        foreach (var partition in metadata)
        {
            var high = consumer.QueryWatermarkOffsets(new TopicPartition(topic, partition), Timeout).High.Value;
            if (high > 0)
            {
                ends[partition] = high;
            }
        }

        var records = new List<(byte[] Key, byte[]? Value)>();
        if (ends.Count == 0)
        {
            return records;
        }

        consumer.Assign(ends.Keys.Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var deadline = DateTime.UtcNow + Timeout;
        while (ends.Count > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Reading topic " + topic + " to its end took longer than " + Timeout.TotalSeconds + " s");
            }

            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null)
            {
                continue;
            }

            if (!result.IsPartitionEOF && result.Message.Key is { } key)
            {
                records.Add((key, result.Message.Value));
            }

            var partition = result.TopicPartition.Partition.Value;
            if (ends.TryGetValue(partition, out var end) && (result.IsPartitionEOF || result.Offset.Value + 1 >= end))
            {
                ends.Remove(partition);
            }
        }

        consumer.Close();
        return records;
    }

    private List<int> WaitForMetadata()
    {
        using var admin = clients.CreateAdmin(new Dictionary<string, string>(adminSettings, StringComparer.Ordinal) { ["bootstrap.servers"] = bootstrapServers });
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var metadata = admin.GetMetadata(topic, Timeout).Topics.FirstOrDefault(t => t.Topic == topic);
            if (metadata is { Error.Code: ErrorCode.NoError, Partitions.Count: > 0 })
            {
                return metadata.Partitions.Select(p => p.PartitionId).ToList();
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Topic " + topic + " has no partitions after " + Timeout.TotalSeconds + " s");
            }

            Thread.Sleep(100);
        }
    }
}
