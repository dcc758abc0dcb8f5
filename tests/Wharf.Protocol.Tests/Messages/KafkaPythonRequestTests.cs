using Wharf.Protocol.Messages;
using Wharf.Protocol.Primitives;

namespace Wharf.Protocol.Tests.Messages;

/// <summary>
/// Request bodies as a real client encodes them: bytes captured from kafka-python 2.0.2 (Debian python3-kafka
/// 2.0.2-3, its kafka.protocol classes), at the versions it sends to a modern broker. Each must decode to the
/// values the client put in and re-encode to the same bytes (style rule 10: golden bytes from a real client).
/// </summary>
public sealed class KafkaPythonRequestTests
{
    [Fact]
    public void Metadata_v1()
    {
        var request = DecodeAndReencode<MetadataRequest>("0000000100066f7264657273", 1);
        Assert.Equal("orders", Assert.Single(request.Topics!).Name);
    }

    [Fact]
    public void Produce_v7()
    {
        var request = DecodeAndReencode<ProduceRequest>(
            "ffffffff000075300000000100066f726465727300000001000000000000001100000000000000000000003affffffff02", 7);
        Assert.Null(request.TransactionalId);
        Assert.Equal((short)-1, request.Acks);
        Assert.Equal(30000, request.TimeoutMs);
        var topic = Assert.Single(request.TopicData);
        Assert.Equal("orders", topic.Name);
        var partition = Assert.Single(topic.PartitionData);
        Assert.Equal(0, partition.Index);
        Assert.Equal(17, partition.Records!.Value.Length);
    }

    [Fact]
    public void Fetch_v4()
    {
        var request = DecodeAndReencode<FetchRequest>(
            "ffffffff000001f40000000103200000000000000100066f72646572730000000100000000000000000000002a00100000", 4);
        Assert.Equal((-1, 500, 1, 52428800, (sbyte)0), (request.ReplicaId, request.MaxWaitMs, request.MinBytes, request.MaxBytes, request.IsolationLevel));
        var partition = Assert.Single(Assert.Single(request.Topics).Partitions);
        Assert.Equal((0, 42L, 1048576), (partition.Partition, partition.FetchOffset, partition.PartitionMaxBytes));
    }

    [Fact]
    public void ListOffsets_v1()
    {
        var request = DecodeAndReencode<ListOffsetsRequest>("ffffffff0000000100066f72646572730000000100000000ffffffffffffffff", 1);
        var partition = Assert.Single(Assert.Single(request.Topics).Partitions);
        Assert.Equal((0, -1L), (partition.PartitionIndex, partition.Timestamp));
    }

    [Fact]
    public void FindCoordinator_v0()
    {
        Assert.Equal("group-1", DecodeAndReencode<FindCoordinatorRequest>("000767726f75702d31", 0).Key);
    }

    [Fact]
    public void JoinGroup_v2()
    {
        var request = DecodeAndReencode<JoinGroupRequest>(
            "000767726f75702d3100002710000493e000000008636f6e73756d657200000001000572616e6765000000020000", 2);
        Assert.Equal(("group-1", 10000, 300000, "", "consumer"), (request.GroupId, request.SessionTimeoutMs, request.RebalanceTimeoutMs, request.MemberId, request.ProtocolType));
        var protocol = Assert.Single(request.Protocols);
        Assert.Equal("range", protocol.Name);
        Assert.Equal(new byte[] { 0, 0 }, protocol.Metadata);
    }

    [Fact]
    public void SyncGroup_v1()
    {
        var request = DecodeAndReencode<SyncGroupRequest>("000767726f75702d310000000100036d2d310000000100036d2d31000000020001", 1);
        Assert.Equal(("group-1", 1, "m-1"), (request.GroupId, request.GenerationId, request.MemberId));
        var assignment = Assert.Single(request.Assignments);
        Assert.Equal("m-1", assignment.MemberId);
        Assert.Equal(new byte[] { 0, 1 }, assignment.Assignment);
    }

    [Fact]
    public void Heartbeat_v1()
    {
        var request = DecodeAndReencode<HeartbeatRequest>("000767726f75702d310000000100036d2d31", 1);
        Assert.Equal(("group-1", 1, "m-1"), (request.GroupId, request.GenerationId, request.MemberId));
    }

    [Fact]
    public void LeaveGroup_v1()
    {
        var request = DecodeAndReencode<LeaveGroupRequest>("000767726f75702d3100036d2d31", 1);
        Assert.Equal(("group-1", "m-1"), (request.GroupId, request.MemberId));
    }

    [Fact]
    public void OffsetCommit_v2()
    {
        var request = DecodeAndReencode<OffsetCommitRequest>(
            "000767726f75702d310000000100036d2d31ffffffffffffffff0000000100066f72646572730000000100000000000000000000002b0000", 2);
        Assert.Equal(("group-1", 1, "m-1", -1L), (request.GroupId, request.GenerationIdOrMemberEpoch, request.MemberId, request.RetentionTimeMs));
        var partition = Assert.Single(Assert.Single(request.Topics).Partitions);
        Assert.Equal((0, 43L, ""), (partition.PartitionIndex, partition.CommittedOffset, partition.CommittedMetadata));
    }

    [Fact]
    public void OffsetFetch_v1()
    {
        var request = DecodeAndReencode<OffsetFetchRequest>("000767726f75702d310000000100066f72646572730000000100000000", 1);
        Assert.Equal("group-1", request.GroupId);
        Assert.Equal([0], Assert.Single(request.Topics!).PartitionIndexes);
    }

    private static T DecodeAndReencode<T>(string hex, short version) where T : class, IKafkaMessage<T>
    {
        var bytes = Convert.FromHexString(hex);
        var reader = new KafkaReader(bytes);
        var message = T.Read(ref reader, version);
        Assert.False(reader.Failed, reader.FailureReason);
        Assert.True(reader.End, reader.Remaining + " bytes left unread");
        Assert.Equal(bytes, MessageRoundTripTests.Encode(message, version));
        return message;
    }
}
