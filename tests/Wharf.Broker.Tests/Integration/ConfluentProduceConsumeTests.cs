using System.Text;
using Confluent.Kafka;
using Wharf.Broker.Tests.Support;
using Wharf.Clients;
using RecordBatchHeader = Wharf.Protocol.Records.RecordBatchHeader;
using Wharf.Testing;
using WireCompression = Wharf.Protocol.Records.CompressionType;

namespace Wharf.Broker.Tests.Integration;

/// <summary>
/// Confluent.Kafka 1.9.3 (on librdkafka 2.0.2) producing and consuming: every acks level, every codec, null keys
/// and values, headers, and max.message.bytes (a record just under it is stored and read back; one over it is
/// refused by the broker with MESSAGE_TOO_LARGE, which the producer reports).
/// </summary>
public sealed class ConfluentProduceConsumeTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private EmbeddedBroker _broker = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        KafkaClientLibrary.EnsureLoaded();
        _broker = await EmbeddedBroker.StartAsync();
    }

    public async ValueTask DisposeAsync() => await _broker.DisposeAsync();

    [Theory]
    [InlineData(Acks.None)]
    [InlineData(Acks.Leader)]
    [InlineData(Acks.All)]
    public async Task Records_produced_with_every_acks_level_are_all_stored_in_order(Acks acks)
    {
        var topic = await CreateTopicAsync();
        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = _broker.BootstrapServers, Acks = acks, LingerMs = 5 }).Build())
        {
            var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => producer.ProduceAsync(topic, new Message<string, string> { Key = "k" + i, Value = "v" + i }, Cancel)));
            if (acks != Acks.None)
            {
                Assert.All(results, r => Assert.Equal(PersistenceStatus.Persisted, r.Status));
                Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), results.Select(r => r.Offset.Value));
            }

            producer.Flush(Cancel);
        }

        var consumed = Consume<string, string>(topic, 100);

        Assert.Equal(Enumerable.Range(0, 100).Select(i => ("k" + i, "v" + i)), consumed.Select(r => (r.Message.Key, r.Message.Value)));
    }

    [Theory]
    [InlineData(Confluent.Kafka.CompressionType.None, WireCompression.None)]
    [InlineData(Confluent.Kafka.CompressionType.Gzip, WireCompression.Gzip)]
    [InlineData(Confluent.Kafka.CompressionType.Snappy, WireCompression.Snappy)]
    [InlineData(Confluent.Kafka.CompressionType.Lz4, WireCompression.Lz4)]
    [InlineData(Confluent.Kafka.CompressionType.Zstd, WireCompression.Zstd)]
    public async Task Every_codec_is_stored_as_the_producer_compressed_it_and_read_back(Confluent.Kafka.CompressionType codec, WireCompression stored)
    {
        var topic = await CreateTopicAsync();
        var values = Enumerable.Range(0, 500).Select(i => "record " + i + " " + new string((char)('a' + (i % 26)), i % 50)).ToList();
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = _broker.BootstrapServers, CompressionType = codec, LingerMs = 50 }).Build())
        {
            foreach (var value in values)
            {
                producer.Produce(topic, new Message<Null, string> { Value = value });
            }

            Assert.Equal(0, producer.Flush(Deadline));
        }

        var consumed = Consume<Ignore, string>(topic, values.Count);

        Assert.Equal(values, consumed.Select(r => r.Message.Value));
        await using var client = await KafkaWireClient.ConnectAsync(_broker.EndPoint, Cancel);
        var fetched = Wire.Single(await client.SendAsync<Protocol.Messages.FetchRequest, Protocol.Messages.FetchResponse>(Wire.Fetch(topic, 0, 0), 11, Cancel));
        var codecs = new HashSet<WireCompression>();
        for (var data = fetched.Records!.Value; data.Length > 0; data = data[RecordBatchHeader.PeekTotalSize(data.Span)..])
        {
            codecs.Add(new RecordBatchHeader(data.Span).Compression);
        }

        // librdkafka sends a batch uncompressed when compressing does not make it smaller (a small first batch, say).
        Assert.Contains(stored, codecs);
        Assert.Subset(new HashSet<WireCompression> { stored, WireCompression.None }, codecs);
    }

    [Fact]
    public async Task Null_keys_and_values_stay_null_and_empty_ones_stay_empty()
    {
        var topic = await CreateTopicAsync();
        byte[]?[] keys = [null, [], [1], null];
        byte[]?[] values = [null, null, [], [2, 3]];
        using (var producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig { BootstrapServers = _broker.BootstrapServers }).Build())
        {
            for (var i = 0; i < keys.Length; i++)
            {
                await producer.ProduceAsync(topic, new Message<byte[]?, byte[]?> { Key = keys[i], Value = values[i] }, Cancel);
            }
        }

        var consumed = Consume<byte[]?, byte[]?>(topic, keys.Length);

        Assert.Equal(keys, consumed.Select(r => r.Message.Key));
        Assert.Equal(values, consumed.Select(r => r.Message.Value));
    }

    [Fact]
    public async Task Headers_keep_their_order_repeated_keys_and_null_values()
    {
        var topic = await CreateTopicAsync();
        var headers = new Headers { { "trace", [1, 2, 3] }, { "empty", [] }, { "trace", [4] }, { "nothing", null }, { "ünïcode", Encoding.UTF8.GetBytes("värde") } };
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = _broker.BootstrapServers }).Build())
        {
            await producer.ProduceAsync(topic, new Message<Null, string> { Value = "with headers", Headers = headers }, Cancel);
            await producer.ProduceAsync(topic, new Message<Null, string> { Value = "without" }, Cancel);
        }

        var consumed = Consume<Ignore, string>(topic, 2);

        Assert.Equal(headers.Select(h => (h.Key, h.GetValueBytes())), consumed[0].Message.Headers.Select(h => (h.Key, h.GetValueBytes())));
        Assert.Empty(consumed[1].Message.Headers ?? []);
    }

    [Fact]
    public async Task A_record_just_under_max_message_bytes_is_stored_and_one_over_it_is_refused_with_MessageTooLarge()
    {
        // Kafka's default max.message.bytes (1 MiB + 12); the client's own limit is raised so that the broker decides.
        const int maxMessageBytes = 1024 * 1024 + 12;
        var topic = await CreateTopicAsync();
        using var producer = new ProducerBuilder<Null, byte[]>(new ProducerConfig
        {
            BootstrapServers = _broker.BootstrapServers,
            MessageMaxBytes = 4 * 1024 * 1024,
            CompressionType = Confluent.Kafka.CompressionType.None,
        }).Build();

        var fits = await producer.ProduceAsync(topic, new Message<Null, byte[]> { Value = Filled(maxMessageBytes - 200, 1) }, Cancel);
        var refused = await Assert.ThrowsAsync<ProduceException<Null, byte[]>>(() => producer.ProduceAsync(topic, new Message<Null, byte[]> { Value = Filled(maxMessageBytes, 2) }, Cancel));
        var after = await producer.ProduceAsync(topic, new Message<Null, byte[]> { Value = Filled(10, 3) }, Cancel);

        Assert.Equal((0L, 1L), (fits.Offset.Value, after.Offset.Value));
        Assert.Equal(ErrorCode.MsgSizeTooLarge, refused.Error.Code);
        Assert.Contains(_broker.Logs.Entries, e => e.Message.Contains("MessageTooLarge", StringComparison.Ordinal));
        var consumed = Consume<Ignore, byte[]>(topic, 2);
        Assert.Equal(Filled(maxMessageBytes - 200, 1), consumed[0].Message.Value);
        Assert.Equal(Filled(10, 3), consumed[1].Message.Value);
    }

    [Fact]
    public async Task OffsetsForTimes_and_watermarks_come_from_ListOffsets()
    {
        var topic = await CreateTopicAsync();
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = _broker.BootstrapServers }).Build())
        {
            for (var i = 0; i < 5; i++)
            {
                await producer.ProduceAsync(topic, new Message<Null, string> { Value = "t" + i, Timestamp = new Timestamp(1_700_000_000_000 + (i * 1000), TimestampType.CreateTime) }, Cancel);
            }
        }

        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig { BootstrapServers = _broker.BootstrapServers, GroupId = UniqueNames.For("unused") }).Build();
        var found = consumer.OffsetsForTimes(
            [new TopicPartitionTimestamp(topic, 0, new Timestamp(1_700_000_002_500, TimestampType.CreateTime))],
            Deadline);
        var beyond = consumer.OffsetsForTimes(
            [new TopicPartitionTimestamp(topic, 0, new Timestamp(1_800_000_000_000, TimestampType.CreateTime))],
            Deadline);
        var watermarks = consumer.QueryWatermarkOffsets(new TopicPartition(topic, 0), Deadline);

        Assert.Equal(3, Assert.Single(found).Offset.Value);
        Assert.Equal(Offset.End, Assert.Single(beyond).Offset);
        Assert.Equal((0L, 5L), (watermarks.Low.Value, watermarks.High.Value));
    }

    private static byte[] Filled(int length, byte value) => Enumerable.Repeat(value, length).ToArray();

    private async Task<string> CreateTopicAsync()
    {
        var topic = UniqueNames.For("confluent");
        await using var client = await KafkaWireClient.ConnectAsync(_broker.EndPoint, Cancel);
        await Wire.CreateTopicAsync(client, topic);
        return topic;
    }

    /// <summary>Reads <paramref name="count"/> records of partition 0 from the start, without a group.</summary>
    private List<ConsumeResult<TKey, TValue>> Consume<TKey, TValue>(string topic, int count)
    {
        using var consumer = new ConsumerBuilder<TKey, TValue>(new ConsumerConfig { BootstrapServers = _broker.BootstrapServers, GroupId = UniqueNames.For("unused"), EnableAutoCommit = false }).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, 0));
        var records = new List<ConsumeResult<TKey, TValue>>();
        var deadline = DateTime.UtcNow + Deadline;
        while (records.Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, "only " + records.Count + " of " + count + " records arrived");
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { } record)
            {
                records.Add(record);
            }
        }

        Assert.Null(consumer.Consume(TimeSpan.FromMilliseconds(200)));
        consumer.Close();
        return records;
    }
}
