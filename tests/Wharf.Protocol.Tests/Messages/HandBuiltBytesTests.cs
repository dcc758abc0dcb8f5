using Wharf.Protocol.Messages;
using Wharf.Protocol.Primitives;

namespace Wharf.Protocol.Tests.Messages;

/// <summary>
/// Decoding bytes laid out by hand from the protocol rules (classic: int16/int32 length prefixes; flexible,
/// KIP-482: unsigned-varint prefixes holding length + 1, and a tagged-field section closing every struct).
/// These catch what a round trip cannot: an encoder and decoder that agree with each other but not with Kafka.
/// </summary>
public sealed class HandBuiltBytesTests
{
    [Fact]
    public void Flexible_request_decodes_a_compact_null_string_as_null()
    {
        byte[] bytes =
        [
            0x02, (byte)'g',            // GroupId: compact string, length 1 + 1
            0x00, 0x00, 0x00, 0x05,     // GenerationId
            0x02, (byte)'m',            // MemberId
            0x00,                       // GroupInstanceId: compact null (length prefix 0)
            0x00,                       // no tagged fields
        ];

        var request = Decode<HeartbeatRequest>(bytes, 4);

        Assert.Equal("g", request.GroupId);
        Assert.Equal(5, request.GenerationId);
        Assert.Equal("m", request.MemberId);
        Assert.Null(request.GroupInstanceId);
        Assert.Equal(bytes, MessageRoundTripTests.Encode(request, 4));
    }

    [Fact]
    public void Null_is_refused_where_the_version_does_not_allow_it()
    {
        // JoinGroup's ProtocolName becomes nullable only in v7; the same null at v6 is bad input.
        byte[] bytes =
        [
            0x00, 0x00, 0x00, 0x00,     // ThrottleTimeMs
            0x00, 0x00,                 // ErrorCode
            0x00, 0x00, 0x00, 0x01,     // GenerationId
            0x00,                       // ProtocolName: compact null
            0x01,                       // Leader: ""
            0x01,                       // MemberId: ""
            0x01,                       // Members: empty compact array
            0x00,                       // no tagged fields
        ];

        var reader = new KafkaReader(bytes);
        _ = JoinGroupResponse.Read(ref reader, 6);
        Assert.True(reader.Failed);
        Assert.Contains("null in a non-nullable string", reader.FailureReason, StringComparison.Ordinal);

        var v7 = new byte[] { 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00 /* ProtocolType null */ }
            .Concat(bytes[10..]).ToArray();
        Assert.Null(Decode<JoinGroupResponse>(v7, 7).ProtocolName);
    }

    [Fact]
    public void Compact_array_of_structs_decodes_each_element_with_its_own_tag_section()
    {
        byte[] bytes =
        [
            0x00, 0x00, 0x00, 0x0A,     // ThrottleTimeMs = 10
            0x03,                       // Results: compact array of 2
            0x02, (byte)'a',            //   GroupId "a"
            0x00, 0x00,                 //   ErrorCode 0
            0x00,                       //   no tagged fields
            0x03, (byte)'b', (byte)'c', //   GroupId "bc"
            0x00, 0x44,                 //   ErrorCode 68 (NON_EMPTY_GROUP)
            0x00,                       //   no tagged fields
            0x00,                       // no tagged fields
        ];

        var response = Decode<DeleteGroupsResponse>(bytes, 2);

        Assert.Equal(10, response.ThrottleTimeMs);
        Assert.Collection(
            response.Results,
            r => Assert.Equal(("a", (short)0), (r.GroupId, r.ErrorCode)),
            r => Assert.Equal(("bc", (short)ErrorCode.NonEmptyGroup), (r.GroupId, r.ErrorCode)));
        Assert.Equal(bytes, MessageRoundTripTests.Encode(response, 2));
    }

    [Fact]
    public void ApiVersions_v3_reads_a_tagged_field_and_skips_an_unknown_tag()
    {
        byte[] body =
        [
            0x00, 0x00,                 // ErrorCode
            0x02,                       // ApiKeys: compact array of 1
            0x00, 0x12,                 //   ApiKey 18
            0x00, 0x00,                 //   MinVersion 0
            0x00, 0x03,                 //   MaxVersion 3
            0x00,                       //   no tagged fields
            0x00, 0x00, 0x00, 0x00,     // ThrottleTimeMs
        ];
        byte[] supportedFeatures =
        [
            0x00, 0x09,                 // tag 0 (SupportedFeatures), 9 bytes
            0x02,                       //   compact array of 1
            0x03, (byte)'m', (byte)'v', //     Name "mv"
            0x00, 0x01,                 //     MinVersion 1
            0x00, 0x14,                 //     MaxVersion 20
            0x00,                       //     no tagged fields
        ];
        byte[] unknown = [0x07, 0x03, 0xAA, 0xBB, 0xCC]; // tag 7, 3 bytes nobody here knows

        var bytes = body.Concat([(byte)0x02]).Concat(supportedFeatures).Concat(unknown).ToArray();
        var response = Decode<ApiVersionsResponse>(bytes, 3);

        var feature = Assert.Single(response.SupportedFeatures);
        Assert.Equal(("mv", (short)1, (short)20), (feature.Name, feature.MinVersion, feature.MaxVersion));
        Assert.Equal(-1, response.FinalizedFeaturesEpoch);
        Assert.Equal(3, Assert.Single(response.ApiKeys).MaxVersion);

        // The unknown tag is not kept: re-encoding writes only the field this codec knows.
        var expected = body.Concat([(byte)0x01]).Concat(supportedFeatures).ToArray();
        Assert.Equal(expected, MessageRoundTripTests.Encode(response, 3));
    }

    [Fact]
    public void Fetch_v12_reads_a_tagged_struct_inside_a_partition_and_skips_an_unknown_top_level_tag()
    {
        byte[] bytes =
        [
            0x00, 0x00, 0x00, 0x00,     // ThrottleTimeMs
            0x00, 0x00,                 // ErrorCode
            0x00, 0x00, 0x00, 0x00,     // SessionId
            0x02,                       // Responses: compact array of 1
            0x02, (byte)'t',            //   Topic "t"
            0x02,                       //   Partitions: compact array of 1
            0x00, 0x00, 0x00, 0x00,     //     PartitionIndex 0
            0x00, 0x06,                 //     ErrorCode 6 (NOT_LEADER_OR_FOLLOWER)
            0, 0, 0, 0, 0, 0, 0, 0x0A,  //     HighWatermark 10
            0, 0, 0, 0, 0, 0, 0, 0x0A,  //     LastStableOffset 10
            0, 0, 0, 0, 0, 0, 0, 0x00,  //     LogStartOffset 0
            0x00,                       //     AbortedTransactions: compact null
            0xFF, 0xFF, 0xFF, 0xFF,     //     PreferredReadReplica -1
            0x00,                       //     Records: compact null
            0x01,                       //     one tagged field
            0x01, 0x09,                 //       tag 1 (CurrentLeader), 9 bytes
            0x00, 0x00, 0x00, 0x02,     //         LeaderId 2
            0x00, 0x00, 0x00, 0x05,     //         LeaderEpoch 5
            0x00,                       //         no tagged fields
            0x00,                       //   no tagged fields (topic)
            0x01,                       // one tagged field
            0x05, 0x02, 0x01, 0x02,     //   tag 5, 2 bytes: not a field of v12, skipped
        ];

        var response = Decode<FetchResponse>(bytes, 12);

        var partition = Assert.Single(Assert.Single(response.Responses).Partitions);
        Assert.Equal((short)ErrorCode.NotLeaderOrFollower, partition.ErrorCode);
        Assert.Equal(10, partition.HighWatermark);
        Assert.Null(partition.AbortedTransactions);
        Assert.Null(partition.Records);
        Assert.Null(partition.DivergingEpoch);
        Assert.Null(partition.SnapshotId);
        Assert.NotNull(partition.CurrentLeader);
        Assert.Equal((2, 5), (partition.CurrentLeader.LeaderId, partition.CurrentLeader.LeaderEpoch));

        var expected = bytes[..^5].Concat([(byte)0x00]).ToArray();
        Assert.Equal(expected, MessageRoundTripTests.Encode(response, 12));
    }

    [Fact]
    public void OffsetCommit_encodes_classically_at_v7_and_compactly_at_v8()
    {
        var request = new OffsetCommitRequest
        {
            GroupId = "g",
            GenerationIdOrMemberEpoch = 3,
            MemberId = "m",
            GroupInstanceId = null,
            Topics =
            [
                new OffsetCommitRequest.Topic
                {
                    Name = "t",
                    Partitions = [new OffsetCommitRequest.Partition { PartitionIndex = 0, CommittedOffset = 42, CommittedMetadata = null }],
                },
            ],
        };
        byte[] classic =
        [
            0x00, 0x01, (byte)'g',      // GroupId: int16 length
            0x00, 0x00, 0x00, 0x03,     // GenerationIdOrMemberEpoch
            0x00, 0x01, (byte)'m',      // MemberId
            0xFF, 0xFF,                 // GroupInstanceId: int16 -1 = null
            0x00, 0x00, 0x00, 0x01,     // Topics: int32 count 1
            0x00, 0x01, (byte)'t',      //   Name
            0x00, 0x00, 0x00, 0x01,     //   Partitions: int32 count 1
            0x00, 0x00, 0x00, 0x00,     //     PartitionIndex
            0, 0, 0, 0, 0, 0, 0, 0x2A,  //     CommittedOffset 42
            0xFF, 0xFF, 0xFF, 0xFF,     //     CommittedLeaderEpoch -1 (the default)
            0xFF, 0xFF,                 //     CommittedMetadata: null
        ];
        byte[] compact =
        [
            0x02, (byte)'g',            // GroupId: varint length + 1
            0x00, 0x00, 0x00, 0x03,     // GenerationIdOrMemberEpoch
            0x02, (byte)'m',            // MemberId
            0x00,                       // GroupInstanceId: null
            0x02,                       // Topics: count + 1
            0x02, (byte)'t',            //   Name
            0x02,                       //   Partitions: count + 1
            0x00, 0x00, 0x00, 0x00,     //     PartitionIndex
            0, 0, 0, 0, 0, 0, 0, 0x2A,  //     CommittedOffset 42
            0xFF, 0xFF, 0xFF, 0xFF,     //     CommittedLeaderEpoch -1
            0x00,                       //     CommittedMetadata: null
            0x00,                       //     no tagged fields (partition)
            0x00,                       //   no tagged fields (topic)
            0x00,                       // no tagged fields
        ];

        Assert.Equal(classic, MessageRoundTripTests.Encode(request, 7));
        Assert.Equal(compact, MessageRoundTripTests.Encode(request, 8));
        Assert.Equal(classic.Length, request.ComputeSize(7));
        Assert.Equal(compact.Length, request.ComputeSize(8));

        foreach (var (bytes, version) in new[] { (classic, (short)7), (compact, (short)8) })
        {
            var decoded = Decode<OffsetCommitRequest>(bytes, version);
            var partition = Assert.Single(Assert.Single(decoded.Topics).Partitions);
            Assert.Equal(("g", 3, "m"), (decoded.GroupId, decoded.GenerationIdOrMemberEpoch, decoded.MemberId));
            Assert.Equal((42L, -1, (string?)null), (partition.CommittedOffset, partition.CommittedLeaderEpoch, partition.CommittedMetadata));
        }
    }

    [Fact]
    public void Fields_outside_a_version_are_neither_written_nor_read()
    {
        // ListOffsets v0 has MaxNumOffsets and no IsolationLevel; v1 drops MaxNumOffsets; v2 adds IsolationLevel.
        var request = new ListOffsetsRequest
        {
            ReplicaId = -1,
            IsolationLevel = 1,
            Topics = [new ListOffsetsRequest.Topic { Name = "t", Partitions = [new ListOffsetsRequest.Partition { PartitionIndex = 2, Timestamp = -1 }] }],
        };
        byte[] topics =
        [
            0x00, 0x00, 0x00, 0x01,     // Topics: 1
            0x00, 0x01, (byte)'t',      //   Name
            0x00, 0x00, 0x00, 0x01,     //   Partitions: 1
            0x00, 0x00, 0x00, 0x02,     //     PartitionIndex 2
            0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, // Timestamp -1 (latest)
        ];
        byte[] replica = [0xFF, 0xFF, 0xFF, 0xFF];

        byte[] maxNumOffsets = [0x00, 0x00, 0x00, 0x01]; // MaxNumOffsets 1 (the default)
        Assert.Equal(replica.Concat(topics).Concat(maxNumOffsets).ToArray(), MessageRoundTripTests.Encode(request, 0));
        Assert.Equal(replica.Concat(topics).ToArray(), MessageRoundTripTests.Encode(request, 1));
        Assert.Equal(replica.Concat([(byte)0x01]).Concat(topics).ToArray(), MessageRoundTripTests.Encode(request, 2));
    }

    private static T Decode<T>(byte[] bytes, short version) where T : class, IKafkaMessage<T>
    {
        var reader = new KafkaReader(bytes);
        var message = T.Read(ref reader, version);
        Assert.False(reader.Failed, reader.FailureReason);
        Assert.True(reader.End, reader.Remaining + " bytes left unread");
        return message;
    }
}
