using Confluent.Kafka;
using Wharf.Clients;

namespace Wharf.EndToEnd.Tests;

/// <summary>A record as read back: its offset and value.</summary>
internal readonly record struct StoredRecord(long Offset, string Value);

/// <summary>Reads whole partitions with a Confluent.Kafka consumer (assigned from offset 0, no group commits).</summary>
internal static class TopicReader
{
    /// <summary>Every record of partitions 0 to <paramref name="partitions"/> - 1, up to their high watermarks.</summary>
    public static Dictionary<int, List<StoredRecord>> ReadAll(string bootstrapServers, string topic, int partitions, TimeSpan timeout)
    {
        KafkaClientLibrary.EnsureLoaded();
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "reader-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        };
        using var consumer = new ConsumerBuilder<Ignore, string>(config).Build();
        var ends = new Dictionary<int, long>();
        var records = new Dictionary<int, List<StoredRecord>>();
        for (var partition = 0; partition < partitions; partition++)
        {
            ends[partition] = consumer.QueryWatermarkOffsets(new TopicPartition(topic, partition), timeout).High.Value;
            records[partition] = [];
        }

        consumer.Assign(ends.Where(kv => kv.Value > 0).Select(kv => new TopicPartitionOffset(topic, kv.Key, 0)));
        var deadline = DateTime.UtcNow + timeout;
        while (records.Any(kv => (kv.Value.Count == 0 ? 0 : kv.Value[^1].Offset + 1) < ends[kv.Key]))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Reading " + topic + " did not reach the high watermarks ("
                    + string.Join(", ", ends.Select(kv => kv.Key + ": " + records[kv.Key].Count + " of " + kv.Value)) + ") within " + timeout.TotalSeconds + " s.");
            }

            if (consumer.Consume(TimeSpan.FromMilliseconds(500)) is { } result)
            {
                records[result.Partition.Value].Add(new StoredRecord(result.Offset.Value, result.Message.Value));
            }
        }

        consumer.Close();
        return records;
    }
}
