using System.Text;
using Confluent.Kafka;
using Wharf.Clients;

namespace Wharf.Connect.Tests;

/// <summary>Reads a topic's records from the beginning with a plain consumer (no group), as text.</summary>
public static class TopicReader
{
    /// <summary>The values of the first <paramref name="count"/> records of partition 0 (fewer if they do not come).</summary>
    public static IReadOnlyList<string?> ReadValues(string bootstrapServers, string topic, int count, TimeSpan? wait = null) =>
        ReadRawValues(bootstrapServers, topic, count, wait).Select(v => v is null ? null : Encoding.UTF8.GetString(v)).ToList();

    /// <summary>The values of the first <paramref name="count"/> records of partition 0, as bytes.</summary>
    public static IReadOnlyList<byte[]?> ReadRawValues(string bootstrapServers, string topic, int count, TimeSpan? wait = null)
    {
        KafkaClientLibrary.EnsureLoaded();
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "reader-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            TopicMetadataRefreshIntervalMs = 500,
        }).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var values = new List<byte[]?>();
        var deadline = DateTime.UtcNow + (wait ?? TimeSpan.FromSeconds(30));
        while (values.Count < count && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is { IsPartitionEOF: false })
            {
                values.Add(result.Message.Value);
            }
        }

        return values;
    }
}
