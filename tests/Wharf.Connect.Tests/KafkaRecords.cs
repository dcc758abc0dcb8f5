using System.Text;
using Confluent.Kafka;
using Wharf.Clients;

namespace Wharf.Connect.Tests;

/// <summary>Writes raw records to a topic and reads whole records (key, value, headers) back, for error handling tests.</summary>
public static class KafkaRecords
{
    public static void Produce(string bootstrapServers, string topic, IEnumerable<(string? Value, IReadOnlyDictionary<string, string>? Headers)> records)
    {
        KafkaClientLibrary.EnsureLoaded();
        using var producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig { BootstrapServers = bootstrapServers }).Build();
        foreach (var (value, headers) in records)
        {
            var kafkaHeaders = new Headers();
            foreach (var (key, text) in headers ?? new Dictionary<string, string>())
            {
                kafkaHeaders.Add(key, Encoding.UTF8.GetBytes(text));
            }

            producer.Produce(new TopicPartition(topic, 0), new Message<byte[]?, byte[]?> { Value = value is null ? null : Encoding.UTF8.GetBytes(value), Headers = kafkaHeaders });
        }

        producer.Flush(TimeSpan.FromSeconds(30));
    }

    /// <summary>The first <paramref name="count"/> records of partition 0 (fewer if they do not come within 30 s).</summary>
    public static IReadOnlyList<Message<byte[]?, byte[]?>> Read(string bootstrapServers, string topic, int count)
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
        var messages = new List<Message<byte[]?, byte[]?>>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (messages.Count < count && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is { IsPartitionEOF: false })
            {
                messages.Add(result.Message);
            }
        }

        return messages;
    }

    public static string? Header(Message<byte[]?, byte[]?> message, string key) =>
        message.Headers.TryGetLastBytes(key, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
}
