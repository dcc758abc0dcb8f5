using Wharf.Broker.Tests.Support;
using Wharf.Protocol;
using Wharf.Protocol.Messages;
using Wharf.Protocol.Records;
using Wharf.Testing;

namespace Wharf.Broker.Tests.Integration;

/// <summary>ListOffsets (section 4.5) and OffsetForLeaderEpoch over a socket.</summary>
public sealed class OffsetLookupTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    private const long Base = 1_700_000_000_000;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Earliest_and_latest_follow_DeleteRecords_and_appends()
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        var topic = UniqueNames.For("offsets");
        await Wire.CreateTopicAsync(client, topic);
        Assert.Equal((0L, 0L), (await OffsetAsync(client, topic, -2), await OffsetAsync(client, topic, -1)));

        await Wire.ProduceAsync(client, topic, 0, Wire.Batch(["a", "b", "c", "d"]));
        await client.SendAsync<DeleteRecordsRequest, DeleteRecordsResponse>(
            new DeleteRecordsRequest { Topics = [new() { Name = topic, Partitions = [new() { PartitionIndex = 0, Offset = 2 }] }], TimeoutMs = 5_000 }, 1, Cancel);

        Assert.Equal((2L, 4L), (await OffsetAsync(client, topic, -2), await OffsetAsync(client, topic, -1)));
        Assert.Equal(4L, await OffsetAsync(client, topic, -1, isolation: 1));
    }

    [Fact]
    public async Task A_timestamp_finds_the_first_record_at_or_after_it()
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        var topic = await TopicWithTimestampsAsync(client, [Base, Base + 10, Base + 20], [Base + 30, Base + 40]);

        var exact = Wire.Single(await ListAsync(client, topic, Base + 20, version: 7));
        var between = Wire.Single(await ListAsync(client, topic, Base + 25, version: 1));
        var beyond = Wire.Single(await ListAsync(client, topic, Base + 41, version: 7));
        var before = Wire.Single(await ListAsync(client, topic, 0, version: 4));

        Assert.Equal((2L, Base + 20), (exact.Offset, exact.Timestamp));
        Assert.Equal((3L, Base + 30), (between.Offset, between.Timestamp));
        Assert.Equal((-1L, -1L), (beyond.Offset, beyond.Timestamp));
        Assert.Equal((0L, Base), (before.Offset, before.Timestamp));
        Assert.Equal(0, before.LeaderEpoch);
    }

    [Fact]
    public async Task Max_timestamp_finds_the_record_with_the_largest_timestamp()
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        var topic = await TopicWithTimestampsAsync(client, [Base + 5, Base + 100, Base + 7], [Base + 50]);

        var answer = Wire.Single(await ListAsync(client, topic, -3, version: 7));

        Assert.Equal((ErrorCode.None, 1L, Base + 100), ((ErrorCode)answer.ErrorCode, answer.Offset, answer.Timestamp));
    }

    [Fact]
    public async Task Version_0_answers_with_a_list_of_offsets()
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        var topic = await TopicWithTimestampsAsync(client, [Base, Base + 1]);

        var latest = Wire.Single(await ListAsync(client, topic, -1, version: 0));

        Assert.Equal([2L], latest.OldStyleOffsets);
    }

    [Fact]
    public async Task An_unknown_partition_is_UNKNOWN_TOPIC_OR_PARTITION()
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        var topic = await TopicWithTimestampsAsync(client, [Base]);
        var request = Request(topic, -1);
        request.Topics[0].Partitions[0].PartitionIndex = 3;

        var answer = Wire.Single(await client.SendAsync<ListOffsetsRequest, ListOffsetsResponse>(request, 7, Cancel));

        Assert.Equal(ErrorCode.UnknownTopicOrPartition, (ErrorCode)answer.ErrorCode);
    }

    [Fact]
    public async Task OffsetForLeaderEpoch_gives_the_log_end_for_epoch_0_and_nothing_for_other_epochs()
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        var topic = await TopicWithTimestampsAsync(client, [Base, Base + 1, Base + 2]);

        var current = await EpochEndAsync(client, topic, leaderEpoch: 0, currentLeaderEpoch: 0);
        var later = await EpochEndAsync(client, topic, leaderEpoch: 3, currentLeaderEpoch: 0);
        var fenced = await EpochEndAsync(client, topic, leaderEpoch: 0, currentLeaderEpoch: 1);

        Assert.Equal((ErrorCode.None, 0, 3L), ((ErrorCode)current.ErrorCode, current.LeaderEpoch, current.EndOffset));
        Assert.Equal((ErrorCode.None, -1, -1L), ((ErrorCode)later.ErrorCode, later.LeaderEpoch, later.EndOffset));
        Assert.Equal(ErrorCode.UnknownLeaderEpoch, (ErrorCode)fenced.ErrorCode);
    }

    private static async Task<OffsetForLeaderEpochResponse.EpochEndOffset> EpochEndAsync(KafkaWireClient client, string topic, int leaderEpoch, int currentLeaderEpoch)
    {
        var response = await client.SendAsync<OffsetForLeaderEpochRequest, OffsetForLeaderEpochResponse>(
            new OffsetForLeaderEpochRequest { Topics = [new() { Topic = topic, Partitions = [new() { Partition = 0, LeaderEpoch = leaderEpoch, CurrentLeaderEpoch = currentLeaderEpoch }] }] }, 3, Cancel);
        return Assert.Single(Assert.Single(response.Topics).Partitions);
    }

    private static async Task<string> TopicWithTimestampsAsync(KafkaWireClient client, params long[][] batches)
    {
        var topic = UniqueNames.For("ts");
        await Wire.CreateTopicAsync(client, topic);
        foreach (var timestamps in batches)
        {
            using var builder = new RecordBatchBuilder();
            foreach (var timestamp in timestamps)
            {
                builder.Append(timestamp, NullableBytes.Null, "v"u8.ToArray());
            }

            var output = new System.Buffers.ArrayBufferWriter<byte>();
            builder.WriteTo(output);
            await Wire.ProduceAsync(client, topic, 0, output.WrittenSpan.ToArray());
        }

        return topic;
    }

    private static ListOffsetsRequest Request(string topic, long timestamp, sbyte isolation = 0) => new()
    {
        ReplicaId = -1,
        IsolationLevel = isolation,
        Topics = [new() { Name = topic, Partitions = [new() { PartitionIndex = 0, Timestamp = timestamp, MaxNumOffsets = 1 }] }],
    };

    private static Task<ListOffsetsResponse> ListAsync(KafkaWireClient client, string topic, long timestamp, short version, sbyte isolation = 0) =>
        client.SendAsync<ListOffsetsRequest, ListOffsetsResponse>(Request(topic, timestamp, isolation), version, Cancel);

    private static async Task<long> OffsetAsync(KafkaWireClient client, string topic, long timestamp, sbyte isolation = 0)
    {
        var answer = Wire.Single(await ListAsync(client, topic, timestamp, version: 7, isolation));
        Assert.Equal(ErrorCode.None, (ErrorCode)answer.ErrorCode);
        return answer.Offset;
    }
}
