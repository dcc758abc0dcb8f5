using Wharf.Protocol;
using Wharf.Protocol.Messages;
using Wharf.Protocol.Records;
using Wharf.Testing;

namespace Wharf.Broker.Tests.Network;

/// <summary>
/// Requests and responses far larger than the connection's input buffer and than one pooled frame buffer: the
/// broker copies frames out of its input pipe as they arrive and writes large record sets in pieces.
/// </summary>
public sealed class LargeFrameTests : IAsyncLifetime
{
    private const int BatchBytes = 5 * 1024 * 1024;

    private EmbeddedBroker _broker = null!;

    public async ValueTask InitializeAsync() =>
        _broker = await EmbeddedBroker.StartAsync(new Dictionary<string, string> { ["message.max.bytes"] = (2 * BatchBytes).ToString(System.Globalization.CultureInfo.InvariantCulture) });

    public async ValueTask DisposeAsync() => await _broker.DisposeAsync();

    [Fact]
    public async Task A_produce_request_of_several_megabytes_is_stored_and_fetched_back_byte_for_byte()
    {
        var topic = UniqueNames.For("large");
        await using var client = await KafkaWireClient.ConnectAsync(_broker.EndPoint, TestContext.Current.CancellationToken);
        var created = await client.SendAsync<CreateTopicsRequest, CreateTopicsResponse>(
            new CreateTopicsRequest { Topics = [new CreateTopicsRequest.Topic { Name = topic, NumPartitions = 1, ReplicationFactor = 1 }], TimeoutMs = 10_000 }, 5, TestContext.Current.CancellationToken);
        Assert.Equal((short)ErrorCode.None, created.Topics[0].ErrorCode);

        var batches = new[] { Batch(seed: 1), Batch(seed: 2) };
        foreach (var batch in batches)
        {
            var produced = await client.SendAsync<ProduceRequest, ProduceResponse>(
                new ProduceRequest
                {
                    Acks = -1,
                    TimeoutMs = 10_000,
                    TopicData = [new ProduceRequest.Topic { Name = topic, PartitionData = [new ProduceRequest.Partition { Index = 0, Records = batch.ToArray() }] }],
                },
                8,
                TestContext.Current.CancellationToken);
            Assert.Equal((short)ErrorCode.None, produced.Responses[0].PartitionResponses[0].ErrorCode);
        }

        for (var offset = 0; offset < batches.Length; offset++)
        {
            var fetched = await client.SendAsync<FetchRequest, FetchResponse>(
                new FetchRequest
                {
                    MaxWaitMs = 0,
                    MinBytes = 1,
                    MaxBytes = int.MaxValue,
                    Topics = [new FetchRequest.FetchTopic { Topic = topic, Partitions = [new FetchRequest.FetchPartition { Partition = 0, FetchOffset = offset, PartitionMaxBytes = BatchBytes + 1024 }] }],
                },
                11,
                TestContext.Current.CancellationToken);

            AssertSameRecords(batches[offset], fetched.Responses[0].Partitions[0].Records!.Value.Span, baseOffset: offset);
        }
    }

    /// <summary>One record with a value of about <see cref="BatchBytes"/>.</summary>
    private static byte[] Batch(int seed)
    {
        var value = new byte[BatchBytes];
        new Random(seed).NextBytes(value);
        using var builder = new RecordBatchBuilder();
        builder.Append(1_700_000_000_000, NullableBytes.Null, value);
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        builder.WriteTo(output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>The stored batch equals the produced one except for the base offset and leader epoch the broker assigns.</summary>
    private static void AssertSameRecords(byte[] produced, ReadOnlySpan<byte> stored, long baseOffset)
    {
        Assert.Equal(produced.Length, stored.Length);
        Assert.Equal(baseOffset, new RecordBatchHeader(stored).BaseOffset);
        Assert.True(produced.AsSpan(RecordBatchHeader.MagicOffset).SequenceEqual(stored[RecordBatchHeader.MagicOffset..]));
    }
}
