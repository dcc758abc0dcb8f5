using System.Buffers.Binary;
using Wharf.Broker.Tests.Support;
using Wharf.Protocol;
using Wharf.Protocol.Messages;
using Wharf.Protocol.Records;
using Wharf.Testing;

namespace Wharf.Broker.Tests.Integration;

/// <summary>
/// Produce over a socket (section 2.3): what the broker refuses and with which error, that a refused batch stores
/// nothing, acks=0, and idempotent producers (InitProducerId, a retried batch answered with its first offset).
/// </summary>
public sealed class ProduceTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_retried_idempotent_batch_is_answered_with_its_original_offset_and_stored_once()
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        var topic = await TopicAsync(client);
        await Wire.ProduceAsync(client, topic, 0, Wire.Batch(["plain"]));
        var init = await client.SendAsync<InitProducerIdRequest, InitProducerIdResponse>(new InitProducerIdRequest { TransactionalId = null, TransactionTimeoutMs = 60_000 }, 4, Cancel);
        Assert.Equal(ErrorCode.None, (ErrorCode)init.ErrorCode);
        Assert.True(init.ProducerId >= 0);
        Assert.Equal(0, init.ProducerEpoch);
        RecordBatchOptions Sequence(int sequence) => new() { ProducerId = init.ProducerId, ProducerEpoch = init.ProducerEpoch, BaseSequence = sequence };

        var first = await Wire.ProduceAsync(client, topic, 0, Wire.Batch(["a", "b"], Sequence(0)));
        var retried = await Wire.ProduceAsync(client, topic, 0, Wire.Batch(["a", "b"], Sequence(0)));
        var next = await Wire.ProduceAsync(client, topic, 0, Wire.Batch(["c"], Sequence(2)));
        var gap = Wire.Single(await client.SendAsync<ProduceRequest, ProduceResponse>(Wire.Produce(topic, 0, Wire.Batch(["e"], Sequence(7))), 9, Cancel));

        Assert.Equal((1L, 1L, 3L), (first, retried, next));
        Assert.Equal(ErrorCode.OutOfOrderSequenceNumber, (ErrorCode)gap.ErrorCode);
        Assert.Equal(["plain", "a", "b", "c"], (await Wire.ReadAllAsync(client, topic, 0)).Select(r => r.Value));
    }

    [Fact]
    public async Task Each_InitProducerId_hands_out_a_new_producer_id()
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);

        var first = await client.SendAsync<InitProducerIdRequest, InitProducerIdResponse>(new InitProducerIdRequest { TransactionalId = null, TransactionTimeoutMs = 60_000 }, 0, Cancel);
        var second = await client.SendAsync<InitProducerIdRequest, InitProducerIdResponse>(new InitProducerIdRequest { TransactionalId = null, TransactionTimeoutMs = 60_000 }, 4, Cancel);
        var transactional = await client.SendAsync<InitProducerIdRequest, InitProducerIdResponse>(new InitProducerIdRequest { TransactionalId = "tx", TransactionTimeoutMs = 60_000 }, 4, Cancel);

        Assert.True(first.ProducerId >= 0 && second.ProducerId >= 0);
        Assert.NotEqual(first.ProducerId, second.ProducerId);
        Assert.NotEqual(ErrorCode.None, (ErrorCode)transactional.ErrorCode);
    }

    [Fact]
    public async Task Invalid_acks_is_INVALID_REQUIRED_ACKS_and_stores_nothing()
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        var topic = await TopicAsync(client);

        var answer = Wire.Single(await client.SendAsync<ProduceRequest, ProduceResponse>(Wire.Produce(topic, 0, Wire.Batch(["x"]), acks: 2), 9, Cancel));

        Assert.Equal(ErrorCode.InvalidRequiredAcks, (ErrorCode)answer.ErrorCode);
        Assert.Empty(await Wire.ReadAllAsync(client, topic, 0));
    }

    [Fact]
    public async Task A_batch_whose_CRC_is_wrong_is_CORRUPT_MESSAGE_and_stores_nothing()
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        var topic = await TopicAsync(client);
        var batch = Wire.Batch(["payload"]);
        batch[^1] ^= 0xFF;

        var answer = Wire.Single(await client.SendAsync<ProduceRequest, ProduceResponse>(Wire.Produce(topic, 0, batch), 9, Cancel));

        Assert.Equal(ErrorCode.CorruptMessage, (ErrorCode)answer.ErrorCode);
        Assert.Equal(-1, answer.BaseOffset);
        Assert.Empty(await Wire.ReadAllAsync(client, topic, 0));
    }

    [Fact]
    public async Task Two_batches_in_one_partitions_records_are_INVALID_RECORD()
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        var topic = await TopicAsync(client);
        var two = Wire.Batch(["one"]).Concat(Wire.Batch(["two"])).ToArray();

        var answer = Wire.Single(await client.SendAsync<ProduceRequest, ProduceResponse>(Wire.Produce(topic, 0, two), 9, Cancel));

        Assert.Equal(ErrorCode.InvalidRecord, (ErrorCode)answer.ErrorCode);
        Assert.Empty(await Wire.ReadAllAsync(client, topic, 0));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0, 0, 0, 0 })]
    public async Task Empty_or_truncated_records_are_INVALID_RECORD_and_store_nothing(byte[] records)
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        var topic = await TopicAsync(client);

        // Kafka's ProduceRequest.validateRecords finds no whole batch in these: "must have at least one record batch".
        var answer = Wire.Single(await client.SendAsync<ProduceRequest, ProduceResponse>(Wire.Produce(topic, 0, records), 9, Cancel));
        var truncated = Wire.Single(await client.SendAsync<ProduceRequest, ProduceResponse>(Wire.Produce(topic, 0, Wire.Batch(["cut short"]).AsMemory(0, 70)), 9, Cancel));

        Assert.Equal(ErrorCode.InvalidRecord, (ErrorCode)answer.ErrorCode);
        Assert.Equal(ErrorCode.InvalidRecord, (ErrorCode)truncated.ErrorCode);
        Assert.Empty(await Wire.ReadAllAsync(client, topic, 0));
    }

    [Theory]
    [InlineData(12)]
    [InlineData(16)]
    public async Task Records_shorter_than_a_batch_header_that_announce_a_whole_batch_are_refused_not_a_broker_failure(int length)
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        var topic = await TopicAsync(client);
        var records = new byte[length];
        BinaryPrimitives.WriteInt32BigEndian(records.AsSpan(RecordBatchHeader.BatchLengthOffset), 100);

        var answer = Wire.Single(await client.SendAsync<ProduceRequest, ProduceResponse>(Wire.Produce(topic, 0, records), 9, Cancel));

        Assert.Equal(ErrorCode.InvalidRecord, (ErrorCode)answer.ErrorCode);
        Assert.Empty(await Wire.ReadAllAsync(client, topic, 0));
    }

    [Fact]
    public async Task Zstd_needs_Produce_v7()
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        var topic = await TopicAsync(client);
        var zstd = new RecordBatchOptions { Compression = CompressionType.Zstd };

        var v6 = Wire.Single(await client.SendAsync<ProduceRequest, ProduceResponse>(Wire.Produce(topic, 0, Wire.Batch(["old client"], zstd)), 6, Cancel));
        var v7 = Wire.Single(await client.SendAsync<ProduceRequest, ProduceResponse>(Wire.Produce(topic, 0, Wire.Batch(["new client"], zstd)), 7, Cancel));

        Assert.Equal(ErrorCode.UnsupportedCompressionType, (ErrorCode)v6.ErrorCode);
        Assert.Equal((ErrorCode.None, 0L), ((ErrorCode)v7.ErrorCode, v7.BaseOffset));
        Assert.Equal(["new client"], (await Wire.ReadAllAsync(client, topic, 0)).Select(r => r.Value));
    }

    [Fact]
    public async Task A_batch_over_max_message_bytes_is_MESSAGE_TOO_LARGE()
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        var topic = UniqueNames.For("produce");
        await Wire.CreateTopicAsync(client, topic, configs: new Dictionary<string, string> { ["max.message.bytes"] = "2000" });
        var fits = Wire.BatchOfSize(1_900);
        var tooLarge = Wire.BatchOfSize(2_000);
        Assert.True(fits.Length <= 2_000 && tooLarge.Length > 2_000);

        var accepted = Wire.Single(await client.SendAsync<ProduceRequest, ProduceResponse>(Wire.Produce(topic, 0, fits), 9, Cancel));
        var refused = Wire.Single(await client.SendAsync<ProduceRequest, ProduceResponse>(Wire.Produce(topic, 0, tooLarge), 9, Cancel));

        Assert.Equal(ErrorCode.None, (ErrorCode)accepted.ErrorCode);
        Assert.Equal(ErrorCode.MessageTooLarge, (ErrorCode)refused.ErrorCode);
        Assert.Single(await Wire.ReadAllAsync(client, topic, 0));
    }

    [Fact]
    public async Task Acks_all_to_a_topic_whose_min_insync_replicas_exceeds_the_one_replica_is_NOT_ENOUGH_REPLICAS()
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        var topic = UniqueNames.For("produce");
        await Wire.CreateTopicAsync(client, topic, configs: new Dictionary<string, string> { ["min.insync.replicas"] = "2" });

        var all = Wire.Single(await client.SendAsync<ProduceRequest, ProduceResponse>(Wire.Produce(topic, 0, Wire.Batch(["all"]), acks: -1), 9, Cancel));
        var leader = Wire.Single(await client.SendAsync<ProduceRequest, ProduceResponse>(Wire.Produce(topic, 0, Wire.Batch(["leader"]), acks: 1), 9, Cancel));

        Assert.Equal(ErrorCode.NotEnoughReplicas, (ErrorCode)all.ErrorCode);
        Assert.Equal((ErrorCode.None, 0L), ((ErrorCode)leader.ErrorCode, leader.BaseOffset));
        Assert.Equal(["leader"], (await Wire.ReadAllAsync(client, topic, 0)).Select(r => r.Value));
    }

    [Fact]
    public async Task A_produce_to_an_unknown_partition_is_UNKNOWN_TOPIC_OR_PARTITION()
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        var topic = await TopicAsync(client);

        var answer = Wire.Single(await client.SendAsync<ProduceRequest, ProduceResponse>(Wire.Produce(topic, 5, Wire.Batch(["x"])), 9, Cancel));

        Assert.Equal(ErrorCode.UnknownTopicOrPartition, (ErrorCode)answer.ErrorCode);
    }

    [Fact]
    public async Task An_acks_0_produce_gets_no_answer_and_the_connection_stays_open()
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        var topic = await TopicAsync(client);

        await client.SendRequestAsync(Wire.Produce(topic, 0, Wire.Batch(["fire", "and", "forget"]), acks: 0), ApiKey.Produce, 9, Cancel);
        var next = await client.SendAsync<ApiVersionsRequest, ApiVersionsResponse>(new ApiVersionsRequest(), 0, Cancel);

        Assert.Equal(ErrorCode.None, (ErrorCode)next.ErrorCode);
        Assert.Equal(["fire", "and", "forget"], (await Wire.ReadAllAsync(client, topic, 0)).Select(r => r.Value));
    }

    [Fact]
    public async Task An_acks_0_produce_that_fails_closes_the_connection()
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        var topic = await TopicAsync(client);
        var corrupt = Wire.Batch(["bad"]);
        BinaryPrimitives.WriteUInt32BigEndian(corrupt.AsSpan(RecordBatchHeader.CrcOffset), 0);

        await client.SendRequestAsync(Wire.Produce(topic, 0, corrupt, acks: 0), ApiKey.Produce, 9, Cancel);

        Assert.True(await client.IsClosedByBrokerAsync(TimeSpan.FromSeconds(10)));
        await using var other = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        Assert.Empty(await Wire.ReadAllAsync(other, topic, 0));
    }

    [Fact]
    public async Task A_transactional_batch_is_refused()
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        var topic = await TopicAsync(client);
        var init = await client.SendAsync<InitProducerIdRequest, InitProducerIdResponse>(new InitProducerIdRequest { TransactionalId = null, TransactionTimeoutMs = 60_000 }, 4, Cancel);
        var batch = Wire.Batch(["t"], new RecordBatchOptions { ProducerId = init.ProducerId, ProducerEpoch = 0, BaseSequence = 0, IsTransactional = true });

        var answer = Wire.Single(await client.SendAsync<ProduceRequest, ProduceResponse>(Wire.Produce(topic, 0, batch), 9, Cancel));

        Assert.NotEqual(ErrorCode.None, (ErrorCode)answer.ErrorCode);
        Assert.Empty(await Wire.ReadAllAsync(client, topic, 0));
    }

    private static async Task<string> TopicAsync(KafkaWireClient client)
    {
        var topic = UniqueNames.For("produce");
        await Wire.CreateTopicAsync(client, topic);
        return topic;
    }
}
