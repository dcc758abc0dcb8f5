using System.Text;
using Confluent.Kafka;
using Wharf.Clients.Consuming;
using Wharf.Testing;

namespace Wharf.Clients.Tests.Consuming;

/// <summary>The poller against the embedded broker: its waiting form, Poll(timeout), and what its records read.</summary>
public sealed class NativeRecordPollerTests
{
    /// <summary>
    /// Records whose bytes around the value differ: null and empty keys and values, values whose length takes one,
    /// two and three varint bytes, values ending in a zero byte, and none, one or repeated headers (null values too).
    /// </summary>
    private static readonly (byte[]? Key, byte[]? Value, (string Name, byte[]? Value)[] Headers)[] Shapes =
    [
        (null, "plain"u8.ToArray(), []),
        ("key"u8.ToArray(), "with one header"u8.ToArray(), [("origin", "test"u8.ToArray())]),
        (null, "\0\0"u8.ToArray(), [("zero", [0])]),
        ([], [], []),
        ([], [], [("empty", [])]),
        ("k"u8.ToArray(), null, [("tombstone", null)]),
        (null, null, []),
        ("long"u8.ToArray(), new byte[200], []),
        ("long"u8.ToArray(), new byte[200], [("a", "1"u8.ToArray()), ("a", "2"u8.ToArray())]),
        (null, new byte[20_000], [("big", [1, 2, 3])]),
        (null, new byte[20_000], []),
    ];

    public static TheoryData<string> Codecs => new() { "none", "gzip", "snappy", "lz4", "zstd" };

    [Theory]
    [MemberData(nameof(Codecs))]
    public async Task Headers_read_as_produced_whatever_the_record_s_shape_and_compression(string codec)
    {
        await using var broker = await EmbeddedBroker.StartAsync();
        var topic = UniqueNames.For("poll-headers");
        await KafkaTopics.CreateAsync(broker.BootstrapServers, topic, 1);
        using (var producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig { BootstrapServers = broker.BootstrapServers, CompressionType = Enum.Parse<CompressionType>(codec, ignoreCase: true), LingerMs = 50 }).Build())
        {
            foreach (var (key, value, headers) in Shapes)
            {
                var message = new Message<byte[]?, byte[]?> { Key = key, Value = value, Headers = [] };
                foreach (var (name, headerValue) in headers)
                {
                    message.Headers.Add(name, headerValue);
                }

                producer.Produce(topic, message);
            }

            producer.Flush(TestContext.Current.CancellationToken);
        }

        using var consumer = Consumer(broker, topic);
        using var poller = NativeRecordPoller.For(consumer)!;
        foreach (var (key, value, headers) in Shapes)
        {
            using var record = poller.Poll(TimeSpan.FromSeconds(30));
            Assert.NotNull(record);
            Assert.Equal(key is not null, record.HasKey);
            Assert.Equal(value is not null, record.HasValue);
            Assert.Equal(value ?? [], record.Value.ToArray());
            var read = new List<(string, byte[]?)>();
            for (var i = 0; i < record.HeaderCount; i++)
            {
                var name = record.HeaderAt(i, out var headerValue, out var isNull);
                read.Add((name, isNull ? null : headerValue.ToArray()));
            }

            Assert.Equal(headers, read);
        }
    }

    [Fact]
    public async Task A_poll_with_a_timeout_waits_for_a_record_produced_while_it_waits()
    {
        await using var broker = await EmbeddedBroker.StartAsync();
        var topic = UniqueNames.For("poll-wait");
        await KafkaTopics.CreateAsync(broker.BootstrapServers, topic, 1);
        using var consumer = Consumer(broker, topic);
        using var poller = NativeRecordPoller.For(consumer)!;
        Assert.Null(poller.Poll(TimeSpan.FromMilliseconds(200)));

        var produced = Task.Run(async () =>
        {
            await Task.Delay(500, TestContext.Current.CancellationToken);
            using var producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig { BootstrapServers = broker.BootstrapServers }).Build();
            await producer.ProduceAsync(topic, new Message<byte[]?, byte[]?> { Key = null, Value = Encoding.UTF8.GetBytes("late") }, TestContext.Current.CancellationToken);
        }, TestContext.Current.CancellationToken);
        using (var record = poller.Poll(TimeSpan.FromSeconds(30)))
        {
            Assert.NotNull(record);
            Assert.Equal(topic, record.Topic);
            Assert.Equal(0, record.Offset);
            Assert.False(record.HasKey);
            Assert.Equal("late", Encoding.UTF8.GetString(record.Value));
        }

        await produced;
        Assert.Null(poller.Poll());
    }

    private static IConsumer<byte[]?, byte[]?> Consumer(EmbeddedBroker broker, string topic)
    {
        KafkaClientLibrary.EnsureLoaded();
        var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = broker.BootstrapServers,
            GroupId = UniqueNames.For("poller"),
            EnableAutoCommit = false,
            EnablePartitionEof = true,
        }).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        return consumer;
    }
}
