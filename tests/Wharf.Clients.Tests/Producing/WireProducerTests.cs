using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Clients.Producing;
using Wharf.Testing;
using Wharf.Protocol.Records;
using CompressionType = Wharf.Protocol.Records.CompressionType;

namespace Wharf.Clients.Tests.Producing;

/// <summary>Wharf's own producer against the embedded broker, read back with the broker's stored batches and with librdkafka.</summary>
public sealed class WireProducerTests
{
    [Fact]
    public async Task The_records_of_one_call_are_stored_as_one_batch_with_the_offsets_reported()
    {
        await using var broker = await EmbeddedBroker.StartAsync();
        var topic = await TopicAsync(broker, "one-batch", 1);
        await using var producer = Producer(broker);

        var first = await ProduceAsync(producer, topic, Values(50, "a"));
        var second = await ProduceAsync(producer, topic, Values(30, "b"));

        Assert.All(first.Concat(second), d => Assert.True(d.Succeeded, d.Error.ToString()));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), first.Select(d => d.Offset));
        Assert.Equal(Enumerable.Range(50, 30).Select(i => (long)i), second.Select(d => d.Offset));
        var batches = await KafkaTopics.ReadBatchesAsync(broker.EndPoint, topic, 0);
        Assert.Equal([(0L, 50), (50L, 30)], batches.Select(b => (b.BaseOffset, b.Records.Count)));
        Assert.Equal("a-7", Encoding.UTF8.GetString(batches[0].Records[7].Value!));
        Assert.Equal("b-29", Encoding.UTF8.GetString(batches[1].Records[29].Value!));
    }

    [Fact]
    public async Task Keyed_records_land_in_the_partition_librdkafkas_murmur2_partitioner_picks()
    {
        await using var broker = await EmbeddedBroker.StartAsync();
        var topic = await TopicAsync(broker, "keyed", 7);
        await using var producer = Producer(broker);
        var keys = Enumerable.Range(0, 40).Select(i => "customer-" + i).ToList();

        var ours = await ProduceAsync(producer, topic, keys.Select(k => new ProducerRecord(null, Encoding.UTF8.GetBytes(k), [1])).ToArray());

        KafkaClientLibrary.EnsureLoaded();
        using var librdkafka = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = broker.BootstrapServers, Partitioner = Partitioner.Murmur2Random }).Build();
        var theirs = new List<int>();
        foreach (var key in keys)
        {
            theirs.Add((await librdkafka.ProduceAsync(topic, new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(key), Value = [1] }, TestContext.Current.CancellationToken)).Partition.Value);
        }

        Assert.Equal(theirs, ours.Select(d => d.Partition));
        Assert.True(theirs.Distinct().Count() > 1, "the keys should spread over several partitions");
    }

    [Fact]
    public async Task Unkeyed_records_of_one_call_share_one_partition()
    {
        await using var broker = await EmbeddedBroker.StartAsync();
        var topic = await TopicAsync(broker, "sticky", 5);
        await using var producer = Producer(broker);

        var deliveries = await ProduceAsync(producer, topic, Values(20, "v"));

        Assert.Single(deliveries.Select(d => d.Partition).Distinct());
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), deliveries.Select(d => d.Offset));
    }

    [Fact]
    public async Task A_partition_the_topic_lacks_fails_only_its_own_record()
    {
        await using var broker = await EmbeddedBroker.StartAsync();
        var topic = await TopicAsync(broker, "no-partition", 2);
        await using var producer = Producer(broker);

        var deliveries = await ProduceAsync(producer, topic, [new(1, null, [1]), new(9, null, [2]), new(0, null, [3])]);

        Assert.True(deliveries[0].Succeeded);
        Assert.Equal(1, deliveries[0].Partition);
        Assert.Equal(DeliveryErrorKind.UnknownPartition, deliveries[1].Error.Kind);
        Assert.True(deliveries[2].Succeeded);
        Assert.Equal(0, deliveries[2].Partition);
    }

    [Fact]
    public async Task A_topic_the_cluster_lacks_is_reported_unknown_and_found_once_created()
    {
        await using var broker = await EmbeddedBroker.StartAsync(new Dictionary<string, string> { ["auto.create.topics.enable"] = "false" });
        var topic = UniqueNames.For("missing");
        await using var producer = Producer(broker);

        var before = await ProduceAsync(producer, topic, Values(3, "x"));
        await KafkaTopics.CreateAsync(broker.BootstrapServers, topic, 1);
        var after = await ProduceAsync(producer, topic, Values(3, "y"));

        Assert.All(before, d => Assert.Equal(DeliveryErrorKind.UnknownTopic, d.Error.Kind));
        Assert.All(after, d => Assert.True(d.Succeeded, d.Error.ToString()));
    }

    [Fact]
    public async Task A_record_larger_than_message_max_bytes_fails_alone_and_the_rest_are_sent()
    {
        await using var broker = await EmbeddedBroker.StartAsync();
        var topic = await TopicAsync(broker, "too-large", 1);
        await using var producer = Producer(broker, s => s with { MaxBatchBytes = 10_000 });

        var deliveries = await ProduceAsync(producer, topic, [new(null, null, [1]), new(null, null, new byte[20_000]), new(null, null, [3])]);

        Assert.Equal(DeliveryErrorKind.RecordTooLarge, deliveries[1].Error.Kind);
        Assert.Equal([0L, 1L], new[] { deliveries[0].Offset, deliveries[2].Offset });
    }

    [Fact]
    public async Task Records_beyond_one_batchs_size_go_in_several_batches_in_order()
    {
        await using var broker = await EmbeddedBroker.StartAsync();
        var topic = await TopicAsync(broker, "split", 1);
        await using var producer = Producer(broker, s => s with { MaxBatchBytes = 2_000 });

        var deliveries = await ProduceAsync(producer, topic, Enumerable.Range(0, 50).Select(i => new ProducerRecord(0, null, new byte[100])).ToArray());

        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), deliveries.Select(d => d.Offset));
        var batches = await KafkaTopics.ReadBatchesAsync(broker.EndPoint, topic, 0);
        Assert.True(batches.Count > 1);
        Assert.Equal(50, batches.Sum(b => b.Records.Count));
    }

    [Theory]
    [InlineData(CompressionType.Gzip)]
    [InlineData(CompressionType.Snappy)]
    [InlineData(CompressionType.Lz4)]
    [InlineData(CompressionType.Zstd)]
    public async Task Batches_are_compressed_as_configured_and_read_back_by_librdkafka(CompressionType compression)
    {
        await using var broker = await EmbeddedBroker.StartAsync();
        var topic = await TopicAsync(broker, "compressed", 1);
        await using var producer = Producer(broker, s => s with { Compression = compression });

        await ProduceAsync(producer, topic, Values(25, "c"));

        Assert.Equal(compression, Assert.Single(await KafkaTopics.ReadBatchesAsync(broker.EndPoint, topic, 0)).Compression);
        KafkaClientLibrary.EnsureLoaded();
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = broker.BootstrapServers, GroupId = UniqueNames.For("g") }).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var read = new List<string>();
        while (read.Count < 25)
        {
            var result = consumer.Consume(TimeSpan.FromSeconds(10)) ?? throw new TimeoutException("librdkafka read " + read.Count + " of 25");
            read.Add(Encoding.UTF8.GetString(result.Message.Value));
        }

        Assert.Equal(Enumerable.Range(0, 25).Select(i => "c-" + i), read);
    }

    [Fact]
    public async Task Headers_and_timestamps_reach_librdkafka_as_given()
    {
        await using var broker = await EmbeddedBroker.StartAsync();
        var topic = await TopicAsync(broker, "headers", 1);
        await using var producer = Producer(broker);
        RecordHeader[] headers = [new("trace", Encoding.UTF8.GetBytes("abc")), new("empty", NullableBytes.Null)];

        await ProduceAsync(producer, topic, [new ProducerRecord(0, null, [7], Timestamp: 1_600_000_000_123, Headers: headers)]);

        KafkaClientLibrary.EnsureLoaded();
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = broker.BootstrapServers, GroupId = UniqueNames.For("g") }).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var result = consumer.Consume(TimeSpan.FromSeconds(10)) ?? throw new TimeoutException("nothing read");
        Assert.Equal(1_600_000_000_123, result.Message.Timestamp.UnixTimestampMs);
        Assert.Equal(["trace", "empty"], result.Message.Headers.Select(h => h.Key));
        Assert.Equal("abc", Encoding.UTF8.GetString(result.Message.Headers[0].GetValueBytes()));
        Assert.Null(result.Message.Headers[1].GetValueBytes());
    }

    [Fact]
    public async Task A_restarted_broker_is_ridden_out_by_connecting_again()
    {
        await using var broker = await EmbeddedBroker.StartAsync();
        var topic = await TopicAsync(broker, "restart", 1);
        await using var producer = Producer(broker);
        await ProduceAsync(producer, topic, Values(5, "before"));

        await broker.RestartAsync();
        var after = await ProduceAsync(producer, topic, Values(5, "after"));

        Assert.All(after, d => Assert.True(d.Succeeded, d.Error.ToString()));
        Assert.Equal(10, (await KafkaTopics.ReadRecordsAsync(broker.EndPoint, topic, 0)).Count);
    }

    [Fact]
    public async Task An_unreachable_cluster_fails_the_records_after_the_delivery_timeout()
    {
        var settings = new WireProducerSettings
        {
            BootstrapServers = "127.0.0.1:1",
            DeliveryTimeout = TimeSpan.FromSeconds(1),
            RequestTimeout = TimeSpan.FromMilliseconds(500),
            RetryBackoff = TimeSpan.FromMilliseconds(50),
        };
        await using var producer = new WireProducer(settings, NullLogger.Instance);

        var deliveries = await ProduceAsync(producer, "anything", Values(2, "lost"));

        Assert.All(deliveries, d => Assert.Equal(DeliveryErrorKind.TimedOut, d.Error.Kind));
    }

    private static async Task<string> TopicAsync(EmbeddedBroker broker, string prefix, int partitions)
    {
        var topic = UniqueNames.For(prefix);
        await KafkaTopics.CreateAsync(broker.BootstrapServers, topic, partitions);
        return topic;
    }

    private static WireProducer Producer(EmbeddedBroker broker, Func<WireProducerSettings, WireProducerSettings>? adjust = null)
    {
        var settings = new WireProducerSettings { BootstrapServers = broker.BootstrapServers };
        return new WireProducer(adjust?.Invoke(settings) ?? settings, NullLogger.Instance);
    }

    private static ProducerRecord[] Values(int count, string prefix) =>
        Enumerable.Range(0, count).Select(i => new ProducerRecord(null, null, Encoding.UTF8.GetBytes(prefix + "-" + i))).ToArray();

    private static async Task<RecordDelivery[]> ProduceAsync(WireProducer producer, string topic, ProducerRecord[] records)
    {
        var deliveries = new RecordDelivery[records.Length];
        await producer.ProduceAsync(topic, records, deliveries, TestContext.Current.CancellationToken);
        return deliveries;
    }
}
