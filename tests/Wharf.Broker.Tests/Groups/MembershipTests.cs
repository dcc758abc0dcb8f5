using Wharf.Broker.Groups;
using Wharf.Protocol;
using Wharf.Protocol.Messages;
using Wharf.Testing;
using static Wharf.Broker.Tests.Groups.CoordinatorHarness;

namespace Wharf.Broker.Tests.Groups;

public sealed class MembershipTests
{
    [Fact]
    public async Task A_single_member_joins_syncs_and_heartbeats()
    {
        await using var harness = await StartAsync();
        var group = UniqueNames.For("group");

        var joined = await (await harness.JoinNewAsync(JoinRequest(group))).Completed();
        Assert.Equal(ErrorCode.None, (ErrorCode)joined.ErrorCode);
        Assert.Equal(1, joined.GenerationId);
        Assert.Equal(joined.MemberId, joined.Leader);
        Assert.Equal("range", joined.ProtocolName);
        Assert.Equal("consumer", joined.ProtocolType);
        Assert.StartsWith(Client.ClientId + "-", joined.MemberId, StringComparison.Ordinal);
        var member = Assert.Single(joined.Members);
        Assert.Equal(Subscription("orders"), member.Metadata);

        var synced = await harness.Sync(group, joined, (joined.MemberId, [7, 7])).Completed();
        Assert.Equal(ErrorCode.None, (ErrorCode)synced.ErrorCode);
        Assert.Equal([7, 7], synced.Assignment);
        Assert.Equal("range", synced.ProtocolName);

        Assert.Equal(ErrorCode.None, harness.Heartbeat(group, joined));
        harness.Time.Advance(9_000);
        Assert.Equal(ErrorCode.None, harness.Heartbeat(group, joined));
        harness.Time.Advance(9_000);
        Assert.Equal(ErrorCode.None, harness.Heartbeat(group, joined));
    }

    [Fact]
    public async Task Join_v4_without_member_id_gets_member_id_required_with_an_id_to_rejoin_with()
    {
        await using var harness = await StartAsync();
        var group = UniqueNames.For("group");

        var first = await harness.Join(JoinRequest(group), version: 4);

        Assert.Equal(ErrorCode.MemberIdRequired, (ErrorCode)first.ErrorCode);
        Assert.NotEmpty(first.MemberId);
        var request = JoinRequest(group, memberId: first.MemberId);
        var joined = await harness.Join(request, version: 4).Completed();
        Assert.Equal(ErrorCode.None, (ErrorCode)joined.ErrorCode);
        Assert.Equal(first.MemberId, joined.MemberId);
    }

    [Fact]
    public async Task Join_v3_without_member_id_joins_at_once()
    {
        await using var harness = await StartAsync();
        var group = UniqueNames.For("group");

        var joined = await harness.Join(JoinRequest(group), version: 3).Completed();

        Assert.Equal(ErrorCode.None, (ErrorCode)joined.ErrorCode);
        Assert.Equal(1, joined.GenerationId);
        Assert.NotEmpty(joined.MemberId);
    }

    [Fact]
    public async Task A_member_id_handed_out_and_not_used_within_the_session_timeout_is_forgotten()
    {
        await using var harness = await StartAsync();
        var group = UniqueNames.For("group");
        var first = await harness.Join(JoinRequest(group, sessionTimeoutMs: 10_000));

        harness.Time.Advance(10_000);
        var late = await harness.Join(JoinRequest(group, memberId: first.MemberId));

        Assert.Equal(ErrorCode.UnknownMemberId, (ErrorCode)late.ErrorCode);
    }

    [Fact]
    public async Task Three_members_joining_form_one_generation_whose_leader_gets_everyones_metadata()
    {
        await using var harness = await StartAsync(new GroupCoordinatorOptions { InitialRebalanceDelayMs = 3000 });
        var group = UniqueNames.For("group");
        var joins = new List<Task<JoinGroupResponse>>();
        foreach (var topic in new[] { "orders", "payments", "orders" })
        {
            joins.Add(await harness.JoinNewAsync(JoinRequest(group, metadata: Subscription(topic))));
        }

        harness.Time.Advance(6_000);
        var responses = await Task.WhenAll(joins).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.All(responses, r => Assert.Equal(1, r.GenerationId));
        var leader = Assert.Single(responses, r => r.MemberId == r.Leader);
        Assert.Equal(3, leader.Members.Count);
        Assert.Equal(responses.Select(r => r.MemberId).Order(), leader.Members.Select(m => m.MemberId).Order());
        Assert.Contains(leader.Members, m => m.Metadata.SequenceEqual(Subscription("payments")));
        Assert.All(responses.Where(r => r != leader), r => Assert.Empty(r.Members));

        var followers = responses.Where(r => r != leader).ToList();
        var followerSyncs = followers.Select(f => harness.Sync(group, f)).ToList();
        Assert.All(followerSyncs, s => Assert.False(s.IsCompleted));
        var leaderSync = await harness.Sync(group, leader, responses.Select((r, i) => (r.MemberId, new[] { (byte)i })).ToArray()).Completed();

        Assert.Equal([(byte)Array.IndexOf(responses, leader)], leaderSync.Assignment);
        foreach (var (follower, sync) in followers.Zip(followerSyncs))
        {
            var assignment = await sync.Completed();
            Assert.Equal([(byte)Array.IndexOf(responses, follower)], assignment.Assignment);
        }
    }

    [Fact]
    public async Task A_member_the_leader_left_out_gets_an_empty_consumer_assignment()
    {
        await using var harness = await StartAsync();
        var group = UniqueNames.For("group");
        var first = await harness.FormSingleMemberGroupAsync(group);
        var second = await harness.JoinNewAsync(JoinRequest(group));
        Assert.Equal(ErrorCode.RebalanceInProgress, harness.Heartbeat(group, first));
        var rejoined = await harness.Join(JoinRequest(group, memberId: first.MemberId)).Completed();
        var joined = await second.Completed();

        var followerSync = harness.Sync(group, joined);
        await harness.Sync(group, rejoined, (rejoined.MemberId, [1])).Completed();

        // ConsumerProtocolAssignment v0: no partitions, null user data.
        Assert.Equal([0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF], (await followerSync.Completed()).Assignment);
    }

    [Fact]
    public async Task A_member_that_leaves_makes_the_others_rebalance()
    {
        await using var harness = await StartAsync();
        var group = UniqueNames.For("group");
        var (first, second) = await FormTwoMemberGroupAsync(harness, group);

        var left = harness.Coordinator.LeaveGroup(new LeaveGroupRequest
        {
            GroupId = group,
            Members = [new LeaveGroupRequest.Member { MemberId = second.MemberId }],
        });

        Assert.Equal(ErrorCode.None, (ErrorCode)Assert.Single(left.Members).ErrorCode);
        Assert.Equal(ErrorCode.RebalanceInProgress, harness.Heartbeat(group, first));
        var rejoined = await harness.Join(JoinRequest(group, memberId: first.MemberId)).Completed();
        Assert.Equal(first.GenerationId + 1, rejoined.GenerationId);
        Assert.Single(rejoined.Members);
        Assert.Equal(ErrorCode.UnknownMemberId, harness.Heartbeat(group, second));
    }

    [Fact]
    public async Task A_member_whose_session_expires_is_removed_and_the_group_rebalances()
    {
        await using var harness = await StartAsync();
        var group = UniqueNames.For("group");
        var (first, second) = await FormTwoMemberGroupAsync(harness, group);

        // Only the first member keeps heartbeating; the second's 10 s session runs out.
        for (var i = 0; i < 2; i++)
        {
            harness.Time.Advance(4_000);
            Assert.Equal(ErrorCode.None, harness.Heartbeat(group, first));
        }

        harness.Time.Advance(4_000);
        Assert.Equal(ErrorCode.RebalanceInProgress, harness.Heartbeat(group, first));
        Assert.Equal(ErrorCode.UnknownMemberId, harness.Heartbeat(group, second));
        Assert.True(harness.Logged(303));
        var rejoined = await harness.Join(JoinRequest(group, memberId: first.MemberId)).Completed();
        Assert.Equal(ErrorCode.None, (ErrorCode)rejoined.ErrorCode);
        Assert.Single(rejoined.Members);
    }

    [Fact]
    public async Task Members_that_do_not_rejoin_within_the_rebalance_timeout_are_dropped()
    {
        await using var harness = await StartAsync();
        var group = UniqueNames.For("group");
        var (first, second) = await FormTwoMemberGroupAsync(harness, group);

        // The leader rejoins (which starts a rebalance); the other keeps heartbeating but never rejoins.
        var leader = first.MemberId == first.Leader ? first : second;
        var other = leader == first ? second : first;
        var rejoin = harness.Join(JoinRequest(group, memberId: leader.MemberId, rebalanceTimeoutMs: 30_000));
        for (var elapsed = 0; elapsed < 30_000; elapsed += 5_000)
        {
            Assert.Equal(ErrorCode.RebalanceInProgress, harness.Heartbeat(group, other));
            Assert.False(rejoin.IsCompleted);
            harness.Time.Advance(5_000);
        }

        var joined = await rejoin.Completed();
        Assert.Equal(leader.GenerationId + 1, joined.GenerationId);
        Assert.Equal(leader.MemberId, Assert.Single(joined.Members).MemberId);
        Assert.Equal(ErrorCode.UnknownMemberId, harness.Heartbeat(group, other));
    }

    [Fact]
    public async Task Members_that_do_not_sync_within_the_rebalance_timeout_are_dropped()
    {
        await using var harness = await StartAsync();
        var group = UniqueNames.For("group");
        var joined = await (await harness.JoinNewAsync(JoinRequest(group, sessionTimeoutMs: 30_000, rebalanceTimeoutMs: 20_000))).Completed();

        harness.Time.Advance(20_000);

        Assert.Equal(ErrorCode.UnknownMemberId, harness.Heartbeat(group, joined));
        Assert.True(harness.Logged(305));
    }

    [Fact]
    public async Task A_static_member_that_rejoins_with_its_instance_id_replaces_itself_without_a_rebalance()
    {
        await using var harness = await StartAsync();
        var group = UniqueNames.For("group");
        var staticJoin = await harness.Join(JoinRequest(group, instanceId: "instance-a")).Completed();
        await harness.Sync(group, staticJoin, (staticJoin.MemberId, [4, 2])).Completed();
        Assert.StartsWith("instance-a-", staticJoin.MemberId, StringComparison.Ordinal);

        // The static member restarts: it lost its member id but keeps its instance id.
        var restarted = await harness.Join(JoinRequest(group, instanceId: "instance-a")).Completed();

        Assert.Equal(ErrorCode.None, (ErrorCode)restarted.ErrorCode);
        Assert.NotEqual(staticJoin.MemberId, restarted.MemberId);
        Assert.Equal(staticJoin.GenerationId, restarted.GenerationId);
        Assert.Equal(staticJoin.MemberId, restarted.Leader);
        var synced = await harness.Sync(group, restarted).Completed();
        Assert.Equal([4, 2], synced.Assignment);
        Assert.Equal(ErrorCode.None, harness.Heartbeat(group, restarted, "instance-a"));
        Assert.Equal(ErrorCode.FencedInstanceId, harness.Heartbeat(group, staticJoin, "instance-a"));
        Assert.Equal("Stable", Assert.Single(harness.Coordinator.DescribeGroups(new DescribeGroupsRequest { Groups = [group] }).Groups).GroupState);
    }

    [Fact]
    public async Task A_static_member_leaves_by_instance_id_alone()
    {
        await using var harness = await StartAsync();
        var group = UniqueNames.For("group");
        var joined = await harness.Join(JoinRequest(group, instanceId: "instance-b")).Completed();
        await harness.Sync(group, joined, (joined.MemberId, [])).Completed();

        var left = harness.Coordinator.LeaveGroup(new LeaveGroupRequest
        {
            GroupId = group,
            Members =
            [
                new LeaveGroupRequest.Member { MemberId = "", GroupInstanceId = "instance-b" },
                new LeaveGroupRequest.Member { MemberId = "", GroupInstanceId = "instance-unknown" },
            ],
        });

        Assert.Equal([ErrorCode.None, ErrorCode.UnknownMemberId], left.Members.Select(m => (ErrorCode)m.ErrorCode));
        Assert.Equal(ErrorCode.UnknownMemberId, harness.Heartbeat(group, joined, "instance-b"));
        Assert.Equal("Empty", Assert.Single(harness.Coordinator.DescribeGroups(new DescribeGroupsRequest { Groups = [group] }).Groups).GroupState);
    }

    [Fact]
    public async Task A_join_with_no_protocol_in_common_with_the_group_is_inconsistent()
    {
        await using var harness = await StartAsync();
        var group = UniqueNames.For("group");
        await harness.FormSingleMemberGroupAsync(group);

        var otherAssignor = await harness.Join(JoinRequest(group, protocol: "RoundRobinAssigner"));
        var otherType = await harness.Join(JoinRequest(group, protocolType: "connect"));

        Assert.Equal(ErrorCode.InconsistentGroupProtocol, (ErrorCode)otherAssignor.ErrorCode);
        Assert.Equal(ErrorCode.InconsistentGroupProtocol, (ErrorCode)otherType.ErrorCode);
    }

    [Theory]
    [InlineData(5_999)]
    [InlineData(1_800_001)]
    public async Task A_session_timeout_outside_the_broker_bounds_is_refused(int sessionTimeoutMs)
    {
        await using var harness = await StartAsync();

        var response = await harness.Join(JoinRequest(UniqueNames.For("group"), sessionTimeoutMs: sessionTimeoutMs));

        Assert.Equal(ErrorCode.InvalidSessionTimeout, (ErrorCode)response.ErrorCode);
    }

    [Theory]
    [InlineData(6_000)]
    [InlineData(1_800_000)]
    public async Task A_session_timeout_at_the_broker_bounds_is_accepted(int sessionTimeoutMs)
    {
        await using var harness = await StartAsync();

        var response = await harness.Join(JoinRequest(UniqueNames.For("group"), sessionTimeoutMs: sessionTimeoutMs), version: 3).Completed();

        Assert.Equal(ErrorCode.None, (ErrorCode)response.ErrorCode);
    }

    [Fact]
    public async Task Membership_requests_with_an_empty_group_id_are_invalid()
    {
        await using var harness = await StartAsync();

        var join = await harness.Join(JoinRequest(""));
        var heartbeat = harness.Heartbeat("", new JoinGroupResponse { MemberId = "m", GenerationId = 1 });

        Assert.Equal(ErrorCode.InvalidGroupId, (ErrorCode)join.ErrorCode);
        Assert.Equal(ErrorCode.InvalidGroupId, heartbeat);
    }

    [Fact]
    public async Task Heartbeats_with_a_stale_generation_or_unknown_member_are_refused()
    {
        await using var harness = await StartAsync();
        var group = UniqueNames.For("group");
        var joined = await harness.FormSingleMemberGroupAsync(group);

        Assert.Equal(ErrorCode.IllegalGeneration, harness.Heartbeat(group, new JoinGroupResponse { MemberId = joined.MemberId, GenerationId = 0 }));
        Assert.Equal(ErrorCode.UnknownMemberId, harness.Heartbeat(group, new JoinGroupResponse { MemberId = "someone-else", GenerationId = 1 }));
        Assert.Equal(ErrorCode.UnknownMemberId, harness.Heartbeat(UniqueNames.For("nogroup"), joined));
    }

    [Fact]
    public async Task The_first_rebalance_waits_the_initial_delay_and_extends_it_while_members_arrive()
    {
        await using var harness = await StartAsync(new GroupCoordinatorOptions { InitialRebalanceDelayMs = 3000 });
        var group = UniqueNames.For("group");
        var first = await harness.JoinNewAsync(JoinRequest(group));

        harness.Time.Advance(2_000);
        Assert.False(first.IsCompleted);
        var second = await harness.JoinNewAsync(JoinRequest(group));
        harness.Time.Advance(1_000);
        Assert.False(first.IsCompleted);
        harness.Time.Advance(3_000);

        var responses = new[] { await first.Completed(), await second.Completed() };
        Assert.All(responses, r => Assert.Equal(1, r.GenerationId));
    }

    [Fact]
    public async Task A_lone_member_waits_exactly_the_initial_delay()
    {
        await using var harness = await StartAsync(new GroupCoordinatorOptions { InitialRebalanceDelayMs = 3000 });
        var group = UniqueNames.For("group");
        var join = await harness.JoinNewAsync(JoinRequest(group));

        harness.Time.Advance(2_999);
        Assert.False(join.IsCompleted);
        harness.Time.Advance(1);

        Assert.Equal(1, (await join.Completed()).GenerationId);
    }

    [Fact]
    public async Task A_parked_join_is_released_when_its_connection_closes_and_the_new_member_is_dropped()
    {
        await using var harness = await StartAsync(new GroupCoordinatorOptions { InitialRebalanceDelayMs = 3000 });
        var group = UniqueNames.For("group");
        using var connection = new CancellationTokenSource();
        var first = await harness.Join(JoinRequest(group));
        var parked = harness.JoinOnConnection(JoinRequest(group, memberId: first.MemberId), connection.Token);

        await connection.CancelAsync();
        var released = await parked.Completed();

        Assert.NotEqual(ErrorCode.None, (ErrorCode)released.ErrorCode);
        var described = Assert.Single(harness.Coordinator.DescribeGroups(new DescribeGroupsRequest { Groups = [group] }).Groups);
        Assert.Empty(described.Members);
    }

    [Fact]
    public async Task Stopping_the_coordinator_answers_parked_joins_with_not_coordinator()
    {
        var harness = await StartAsync(new GroupCoordinatorOptions { InitialRebalanceDelayMs = 3000 });
        var parked = await harness.JoinNewAsync(JoinRequest(UniqueNames.For("group")));

        await harness.DisposeAsync();

        Assert.Equal(ErrorCode.NotCoordinator, (ErrorCode)(await parked.Completed()).ErrorCode);
    }

    [Fact]
    public async Task A_follower_that_rejoins_a_stable_group_with_unchanged_metadata_gets_the_current_generation()
    {
        await using var harness = await StartAsync();
        var group = UniqueNames.For("group");
        var (first, second) = await FormTwoMemberGroupAsync(harness, group);
        var follower = first.MemberId == first.Leader ? second : first;

        var again = await harness.Join(JoinRequest(group, memberId: follower.MemberId)).Completed();

        Assert.Equal(follower.GenerationId, again.GenerationId);
        Assert.Empty(again.Members);
        Assert.Equal(ErrorCode.None, harness.Heartbeat(group, first));
    }

    [Fact]
    public async Task Sync_during_a_rebalance_or_with_a_stale_generation_is_refused()
    {
        await using var harness = await StartAsync();
        var group = UniqueNames.For("group");
        var (first, second) = await FormTwoMemberGroupAsync(harness, group);

        var stale = await harness.Sync(group, new JoinGroupResponse { MemberId = first.MemberId, GenerationId = first.GenerationId - 1 }).Completed();
        Assert.Equal(ErrorCode.IllegalGeneration, (ErrorCode)stale.ErrorCode);
        _ = harness.Join(JoinRequest(group, memberId: first.MemberId, metadata: Subscription("payments")));
        var during = await harness.Sync(group, second).Completed();
        Assert.Equal(ErrorCode.RebalanceInProgress, (ErrorCode)during.ErrorCode);
    }

    [Fact]
    public async Task A_group_at_its_maximum_size_turns_new_members_away()
    {
        await using var harness = await StartAsync(new GroupCoordinatorOptions { InitialRebalanceDelayMs = 0, MaxGroupSize = 1 });
        var group = UniqueNames.For("group");
        await harness.FormSingleMemberGroupAsync(group);

        var extra = await harness.Join(JoinRequest(group), version: 3);

        Assert.Equal(ErrorCode.GroupMaxSizeReached, (ErrorCode)extra.ErrorCode);
    }

    /// <summary>Two dynamic members in a stable generation (the second's join makes the first rejoin).</summary>
    internal static async Task<(JoinGroupResponse First, JoinGroupResponse Second)> FormTwoMemberGroupAsync(CoordinatorHarness harness, string group)
    {
        var first = await harness.FormSingleMemberGroupAsync(group);
        var secondJoin = await harness.JoinNewAsync(JoinRequest(group));
        var firstJoin = await harness.Join(JoinRequest(group, memberId: first.MemberId)).Completed();
        var second = await secondJoin.Completed();
        var leader = firstJoin.Leader == firstJoin.MemberId ? firstJoin : second;
        var follower = leader == firstJoin ? second : firstJoin;
        var followerSync = harness.Sync(group, follower);
        await harness.Sync(group, leader, (leader.MemberId, [1]), (follower.MemberId, [2])).Completed();
        await followerSync.Completed();
        return (firstJoin, second);
    }
}
