using System.Buffers;
using System.Net;
using Wharf.Broker.Apis;
using Wharf.Broker.Dispatch;
using Wharf.Broker.Groups;
using Wharf.Broker.Network;
using Wharf.Broker.Tests.Groups;
using Wharf.Protocol;
using Wharf.Protocol.Messages;
using Wharf.Protocol.Primitives;
using Wharf.Testing;
using static Wharf.Broker.Tests.Groups.CoordinatorHarness;

namespace Wharf.Broker.Tests.Apis;

/// <summary>
/// Every group API through the dispatcher at its lowest and highest version: the request is encoded with the
/// generated codec, dispatched to the handler GroupApis registered, and the response encoded and decoded again
/// at the same version, so that a field a version lacks (or cannot hold) shows up as a failure.
/// </summary>
public sealed class GroupApiTests
{
    private static readonly BrokerIdentity Identity = new(7, "cluster", "broker.example", 19092);

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public async Task FindCoordinator_names_this_broker_for_groups(short version)
    {
        await using var api = await GroupApi.StartAsync();

        var response = await api.Send<FindCoordinatorRequest, FindCoordinatorResponse>(new FindCoordinatorRequest { Key = "group", KeyType = 0 }, version);

        Assert.Equal((ErrorCode.None, 7, "broker.example", 19092), ((ErrorCode)response.ErrorCode, response.NodeId, response.Host, response.Port));
    }

    [Fact]
    public async Task FindCoordinator_reports_no_transaction_coordinator()
    {
        await using var api = await GroupApi.StartAsync();

        var response = await api.Send<FindCoordinatorRequest, FindCoordinatorResponse>(new FindCoordinatorRequest { Key = "txn", KeyType = 1 }, 3);

        Assert.Equal(ErrorCode.CoordinatorNotAvailable, (ErrorCode)response.ErrorCode);
        Assert.NotNull(response.ErrorMessage);
    }

    [Fact]
    public async Task JoinGroup_v0_uses_the_session_timeout_as_rebalance_timeout()
    {
        await using var api = await GroupApi.StartAsync(new GroupCoordinatorOptions { InitialRebalanceDelayMs = 3000 });
        var group = UniqueNames.For("group");
        var request = JoinRequest(group, sessionTimeoutMs: 30_000, rebalanceTimeoutMs: -1);

        var first = api.Send<JoinGroupRequest, JoinGroupResponse>(request, 0);
        api.Harness.Time.Advance(2_000);
        var second = api.Send<JoinGroupRequest, JoinGroupResponse>(JoinRequest(group, sessionTimeoutMs: 30_000), 0);
        api.Harness.Time.Advance(1_000);

        // A second member arrived during the initial delay: with 30 s to spare (the session timeout), it is extended.
        var described = api.Harness.Coordinator.DescribeGroups(new DescribeGroupsRequest { Groups = [group] });
        Assert.Equal("PreparingRebalance", Assert.Single(described.Groups).GroupState);
        api.Harness.Time.Advance(3_000);
        var joined = await first.Completed();
        Assert.Equal((ErrorCode.None, 1, "range"), ((ErrorCode)joined.ErrorCode, joined.GenerationId, joined.ProtocolName));
        Assert.Equal(2, (await first.Completed()).Members.Count + (await second.Completed()).Members.Count);
    }

    [Fact]
    public async Task JoinGroup_v0_errors_carry_an_empty_protocol_name()
    {
        await using var api = await GroupApi.StartAsync();

        var response = await api.Send<JoinGroupRequest, JoinGroupResponse>(JoinRequest(UniqueNames.For("group"), sessionTimeoutMs: 1), 0);

        Assert.Equal((ErrorCode.InvalidSessionTimeout, ""), ((ErrorCode)response.ErrorCode, response.ProtocolName));
    }

    [Fact]
    public async Task JoinGroup_v7_asks_for_a_member_id_and_returns_the_protocol_type()
    {
        await using var api = await GroupApi.StartAsync();
        var group = UniqueNames.For("group");

        var first = await api.Send<JoinGroupRequest, JoinGroupResponse>(JoinRequest(group), 7);
        var joined = await api.Send<JoinGroupRequest, JoinGroupResponse>(JoinRequest(group, memberId: first.MemberId), 7);
        var staticJoin = await api.Send<JoinGroupRequest, JoinGroupResponse>(JoinRequest(UniqueNames.For("static"), instanceId: "i-1"), 7);

        Assert.Equal(ErrorCode.MemberIdRequired, (ErrorCode)first.ErrorCode);
        Assert.Null(first.ProtocolName);
        Assert.Equal((ErrorCode.None, "consumer", "range"), ((ErrorCode)joined.ErrorCode, joined.ProtocolType, joined.ProtocolName));
        Assert.Equal("i-1", Assert.Single(staticJoin.Members).GroupInstanceId);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public async Task SyncGroup_hands_out_the_leaders_assignment(short version)
    {
        await using var api = await GroupApi.StartAsync();
        var group = UniqueNames.For("group");
        var joined = await api.Send<JoinGroupRequest, JoinGroupResponse>(JoinRequest(group), 3);

        var response = await api.Send<SyncGroupRequest, SyncGroupResponse>(
            new SyncGroupRequest
            {
                GroupId = group,
                GenerationId = joined.GenerationId,
                MemberId = joined.MemberId,
                ProtocolType = "consumer",
                ProtocolName = "range",
                Assignments = [new() { MemberId = joined.MemberId, Assignment = [1, 2] }],
            },
            version);

        Assert.Equal(ErrorCode.None, (ErrorCode)response.ErrorCode);
        Assert.Equal([1, 2], response.Assignment);
        Assert.Equal(version >= 5 ? "range" : null, response.ProtocolName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public async Task Heartbeat_reports_the_members_state(short version)
    {
        await using var api = await GroupApi.StartAsync();
        var group = UniqueNames.For("group");
        var joined = await api.Harness.FormSingleMemberGroupAsync(group);

        var alive = await api.Send<HeartbeatRequest, HeartbeatResponse>(new HeartbeatRequest { GroupId = group, GenerationId = joined.GenerationId, MemberId = joined.MemberId }, version);
        var stale = await api.Send<HeartbeatRequest, HeartbeatResponse>(new HeartbeatRequest { GroupId = group, GenerationId = 0, MemberId = joined.MemberId }, version);

        Assert.Equal(ErrorCode.None, (ErrorCode)alive.ErrorCode);
        Assert.Equal(ErrorCode.IllegalGeneration, (ErrorCode)stale.ErrorCode);
    }

    [Fact]
    public async Task LeaveGroup_v0_names_one_member_and_answers_with_one_error()
    {
        await using var api = await GroupApi.StartAsync();
        var group = UniqueNames.For("group");
        var joined = await api.Harness.FormSingleMemberGroupAsync(group);

        var unknown = await api.Send<LeaveGroupRequest, LeaveGroupResponse>(new LeaveGroupRequest { GroupId = group, MemberId = "stranger" }, 0);
        var left = await api.Send<LeaveGroupRequest, LeaveGroupResponse>(new LeaveGroupRequest { GroupId = group, MemberId = joined.MemberId }, 0);

        Assert.Equal(ErrorCode.UnknownMemberId, (ErrorCode)unknown.ErrorCode);
        Assert.Equal(ErrorCode.None, (ErrorCode)left.ErrorCode);
        Assert.Equal(ErrorCode.UnknownMemberId, api.Harness.Heartbeat(group, joined));
    }

    [Fact]
    public async Task LeaveGroup_v4_answers_per_member()
    {
        await using var api = await GroupApi.StartAsync();
        var group = UniqueNames.For("group");
        var joined = await api.Harness.FormSingleMemberGroupAsync(group);

        var response = await api.Send<LeaveGroupRequest, LeaveGroupResponse>(
            new LeaveGroupRequest
            {
                GroupId = group,
                Members = [new() { MemberId = joined.MemberId }, new() { MemberId = "stranger", GroupInstanceId = "i-9" }],
            },
            4);

        Assert.Equal(ErrorCode.None, (ErrorCode)response.ErrorCode);
        Assert.Equal(
            [(joined.MemberId, null, ErrorCode.None), ("stranger", "i-9", ErrorCode.UnknownMemberId)],
            response.Members.Select(m => (m.MemberId, m.GroupInstanceId, (ErrorCode)m.ErrorCode)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    public async Task OffsetCommit_and_OffsetFetch_store_and_return_offsets(short version)
    {
        await using var api = await GroupApi.StartAsync();
        var group = UniqueNames.For("group");

        var committed = await api.Send<OffsetCommitRequest, OffsetCommitResponse>(
            new OffsetCommitRequest
            {
                GroupId = group,
                Topics = [new() { Name = "orders", Partitions = [new() { PartitionIndex = 2, CommittedOffset = 77, CommittedLeaderEpoch = 4, CommittedMetadata = "meta" }] }],
            },
            version);
        var fetchVersion = version == 0 ? (short)0 : (short)7;
        var fetched = await api.Send<OffsetFetchRequest, OffsetFetchResponse>(
            new OffsetFetchRequest { GroupId = group, Topics = [new() { Name = "orders", PartitionIndexes = [2, 1] }] },
            fetchVersion);

        Assert.Equal(ErrorCode.None, SingleError(committed));
        var partitions = Assert.Single(fetched.Topics).Partitions;
        Assert.Equal((77L, "meta"), (partitions[0].CommittedOffset, partitions[0].Metadata));
        Assert.Equal(version >= 6 ? 4 : -1, partitions[0].CommittedLeaderEpoch);
        Assert.Equal(-1, partitions[1].CommittedOffset);
    }

    [Fact]
    public async Task OffsetFetch_v7_with_no_topics_returns_all_of_the_groups_offsets()
    {
        await using var api = await GroupApi.StartAsync();
        var group = UniqueNames.For("group");
        api.Harness.Commit(group, -1, "", "orders", 0, 1);
        api.Harness.Commit(group, -1, "", "payments", 1, 2);

        var fetched = await api.Send<OffsetFetchRequest, OffsetFetchResponse>(new OffsetFetchRequest { GroupId = group, Topics = null, RequireStable = true }, 7);

        Assert.Equal(["orders", "payments"], fetched.Topics.Select(t => t.Name).Order());
    }

    [Fact]
    public async Task OffsetFetch_v1_carries_a_group_error_on_every_partition()
    {
        await using var api = GroupApi.Create();

        var fetched = await api.Send<OffsetFetchRequest, OffsetFetchResponse>(
            new OffsetFetchRequest { GroupId = "g", Topics = [new() { Name = "orders", PartitionIndexes = [0] }] },
            1);

        Assert.Equal(ErrorCode.CoordinatorLoadInProgress, (ErrorCode)fetched.Topics[0].Partitions[0].ErrorCode);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public async Task DescribeGroups_describes_members_with_their_client_address(short version)
    {
        await using var api = await GroupApi.StartAsync();
        var group = UniqueNames.For("group");
        await api.Send<JoinGroupRequest, JoinGroupResponse>(JoinRequest(group, instanceId: "i-1"), 5);

        var response = await api.Send<DescribeGroupsRequest, DescribeGroupsResponse>(new DescribeGroupsRequest { Groups = [group] }, version);

        var member = Assert.Single(Assert.Single(response.Groups).Members);
        Assert.Equal(("api-client", "/127.0.0.1"), (member.ClientId, member.ClientHost));
        Assert.Equal(version >= 4 ? "i-1" : null, member.GroupInstanceId);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public async Task ListGroups_lists_the_groups(short version)
    {
        await using var api = await GroupApi.StartAsync();
        var group = UniqueNames.For("group");
        api.Harness.Commit(group, -1, "", "orders", 0, 1);

        var response = await api.Send<ListGroupsRequest, ListGroupsResponse>(new ListGroupsRequest { StatesFilter = ["Empty"] }, version);

        var listed = Assert.Single(response.Groups);
        Assert.Equal(group, listed.GroupId);
        Assert.Equal(version >= 4 ? "Empty" : "", listed.GroupState);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public async Task DeleteGroups_deletes_empty_groups(short version)
    {
        await using var api = await GroupApi.StartAsync();
        var group = UniqueNames.For("group");
        api.Harness.Commit(group, -1, "", "orders", 0, 1);

        var response = await api.Send<DeleteGroupsRequest, DeleteGroupsResponse>(new DeleteGroupsRequest { GroupsNames = [group, "missing"] }, version);

        Assert.Equal([ErrorCode.None, ErrorCode.GroupIdNotFound], response.Results.Select(r => (ErrorCode)r.ErrorCode));
    }

    [Fact]
    public async Task OffsetDelete_deletes_offsets_of_an_empty_group()
    {
        await using var api = await GroupApi.StartAsync();
        var group = UniqueNames.For("group");
        api.Harness.Commit(group, -1, "", "orders", 0, 1);

        var response = await api.Send<OffsetDeleteRequest, OffsetDeleteResponse>(
            new OffsetDeleteRequest { GroupId = group, Topics = [new() { Name = "orders", Partitions = [new() { PartitionIndex = 0 }] }] },
            0);

        Assert.Equal(ErrorCode.None, (ErrorCode)response.ErrorCode);
        Assert.Equal(ErrorCode.None, (ErrorCode)response.Topics[0].Partitions[0].ErrorCode);
        Assert.Equal(-1, api.Harness.Fetch(group, "orders", 0));
    }

    /// <summary>A coordinator harness with the group APIs registered on a dispatcher.</summary>
    private sealed class GroupApi : IAsyncDisposable
    {
        private readonly RequestDispatcher _dispatcher = new();

        private GroupApi(CoordinatorHarness harness)
        {
            Harness = harness;
            GroupApis.Register(_dispatcher, harness.Coordinator, Identity);
        }

        public CoordinatorHarness Harness { get; }

        public static async Task<GroupApi> StartAsync(GroupCoordinatorOptions? options = null) => new(await CoordinatorHarness.StartAsync(options));

        public static GroupApi Create() => new(CoordinatorHarness.Create());

        public async Task<TResponse> Send<TRequest, TResponse>(TRequest request, short version)
            where TRequest : class, IKafkaRequest<TRequest, TResponse>
            where TResponse : class, IKafkaMessage<TResponse>
        {
            var header = new RequestHeader { ApiKey = (short)TRequest.ApiKey, ApiVersion = version, CorrelationId = 1, ClientId = "api-client" };
            var context = new RequestContext(header, KafkaApis.Get(TRequest.ApiKey), new IPEndPoint(IPAddress.Loopback, 40000), CancellationToken.None);
            var outcome = await _dispatcher.DispatchAsync(context, Encode(request, version));
            Assert.Null(outcome.CloseReason);
            return Decode<TResponse>(Encode(outcome.Response!, version), version);
        }

        public ValueTask DisposeAsync() => Harness.DisposeAsync();

        private static byte[] Encode(IKafkaMessage message, short version)
        {
            var buffer = new ArrayBufferWriter<byte>();
            var writer = new KafkaWriter(buffer);
            message.Write(ref writer, version);
            writer.Commit();
            Assert.Equal(message.ComputeSize(version), buffer.WrittenCount);
            return buffer.WrittenSpan.ToArray();
        }

        private static T Decode<T>(byte[] bytes, short version) where T : class, IKafkaMessage<T>
        {
            var reader = new KafkaReader(bytes);
            var message = T.Read(ref reader, version);
            Assert.False(reader.Failed, typeof(T).Name + " v" + version + ": " + reader.FailureReason);
            Assert.True(reader.End, typeof(T).Name + " v" + version + ": bytes left over");
            return message;
        }
    }
}
