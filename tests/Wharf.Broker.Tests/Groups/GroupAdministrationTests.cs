using Wharf.Protocol;
using Wharf.Protocol.Messages;
using Wharf.Testing;
using static Wharf.Broker.Tests.Groups.CoordinatorHarness;

namespace Wharf.Broker.Tests.Groups;

public sealed class GroupAdministrationTests
{
    [Fact]
    public async Task A_stable_group_is_described_with_its_protocol_members_metadata_and_assignments()
    {
        await using var harness = await StartAsync();
        var group = UniqueNames.For("group");
        var joined = await harness.Join(JoinRequest(group, instanceId: "instance-1")).Completed();
        await harness.Sync(group, joined, (joined.MemberId, [9, 9])).Completed();

        var response = harness.Coordinator.DescribeGroups(new DescribeGroupsRequest { Groups = [group], IncludeAuthorizedOperations = true });

        var described = Assert.Single(response.Groups);
        Assert.Equal(ErrorCode.None, (ErrorCode)described.ErrorCode);
        Assert.Equal(("Stable", "consumer", "range"), (described.GroupState, described.ProtocolType, described.ProtocolData));
        var member = Assert.Single(described.Members);
        Assert.Equal((joined.MemberId, "instance-1", Client.ClientId, Client.ClientHost), (member.MemberId, member.GroupInstanceId, member.ClientId, member.ClientHost));
        Assert.Equal(Subscription("orders"), member.MemberMetadata);
        Assert.Equal([9, 9], member.MemberAssignment);
        // READ, DELETE and DESCRIBE.
        Assert.Equal(328, described.AuthorizedOperations);
    }

    [Fact]
    public async Task A_rebalancing_group_is_described_without_metadata_and_an_unknown_group_as_dead()
    {
        await using var harness = await StartAsync();
        var group = UniqueNames.For("group");
        var joined = await harness.FormSingleMemberGroupAsync(group);
        _ = await harness.JoinNewAsync(JoinRequest(group));
        var unknown = UniqueNames.For("nogroup");

        var response = harness.Coordinator.DescribeGroups(new DescribeGroupsRequest { Groups = [group, unknown] });

        var rebalancing = response.Groups[0];
        Assert.Equal(("PreparingRebalance", ""), (rebalancing.GroupState, rebalancing.ProtocolData));
        Assert.Equal(2, rebalancing.Members.Count);
        Assert.All(rebalancing.Members, m => Assert.Empty(m.MemberMetadata));
        Assert.Contains(rebalancing.Members, m => m.MemberId == joined.MemberId);
        Assert.Equal((unknown, "Dead", ErrorCode.None), (response.Groups[1].GroupId, response.Groups[1].GroupState, (ErrorCode)response.Groups[1].ErrorCode));
        Assert.Equal(int.MinValue, response.Groups[1].AuthorizedOperations);
    }

    [Fact]
    public async Task Groups_are_listed_with_their_state_and_filtered_by_state_regardless_of_case()
    {
        await using var harness = await StartAsync();
        var stable = UniqueNames.For("stable");
        var simple = UniqueNames.For("simple");
        await harness.FormSingleMemberGroupAsync(stable);
        harness.Commit(simple, -1, "", "orders", 0, 1);

        var all = harness.Coordinator.ListGroups(new ListGroupsRequest());
        var empty = harness.Coordinator.ListGroups(new ListGroupsRequest { StatesFilter = ["empty"] });

        Assert.Equal([(simple, "", "Empty"), (stable, "consumer", "Stable")], all.Groups.Select(g => (g.GroupId, g.ProtocolType, g.GroupState)).OrderBy(g => g.GroupId, StringComparer.Ordinal));
        Assert.Equal([simple], empty.Groups.Select(g => g.GroupId));
    }

    [Fact]
    public async Task Only_empty_groups_that_exist_can_be_deleted()
    {
        await using var harness = await StartAsync();
        var live = UniqueNames.For("live");
        var emptied = UniqueNames.For("emptied");
        var unknown = UniqueNames.For("unknown");
        await harness.FormSingleMemberGroupAsync(live);
        var member = await harness.FormSingleMemberGroupAsync(emptied);
        harness.Coordinator.LeaveGroup(new LeaveGroupRequest { GroupId = emptied, Members = [new() { MemberId = member.MemberId }] });

        var response = harness.Coordinator.DeleteGroups(new DeleteGroupsRequest { GroupsNames = [live, emptied, unknown] });

        Assert.Equal(
            [(live, ErrorCode.NonEmptyGroup), (emptied, ErrorCode.None), (unknown, ErrorCode.GroupIdNotFound)],
            response.Results.Select(r => (r.GroupId, (ErrorCode)r.ErrorCode)));
        Assert.Equal([live], harness.Coordinator.ListGroups(new ListGroupsRequest()).Groups.Select(g => g.GroupId));
    }

    [Fact]
    public async Task A_deleted_group_can_be_formed_again_from_scratch()
    {
        await using var harness = await StartAsync();
        var group = UniqueNames.For("group");
        var first = await harness.FormSingleMemberGroupAsync(group);
        harness.Coordinator.LeaveGroup(new LeaveGroupRequest { GroupId = group, Members = [new() { MemberId = first.MemberId }] });
        harness.Coordinator.DeleteGroups(new DeleteGroupsRequest { GroupsNames = [group] });

        var again = await harness.FormSingleMemberGroupAsync(group);

        Assert.Equal(1, again.GenerationId);
    }

    [Fact]
    public async Task A_stopped_coordinator_answers_coordinator_not_available()
    {
        var harness = await StartAsync();
        await harness.DisposeAsync();

        var join = await harness.Join(JoinRequest(UniqueNames.For("group")));
        var described = harness.Coordinator.DescribeGroups(new DescribeGroupsRequest { Groups = ["g"] });

        Assert.Equal(ErrorCode.CoordinatorNotAvailable, (ErrorCode)join.ErrorCode);
        Assert.Equal(ErrorCode.CoordinatorNotAvailable, (ErrorCode)Assert.Single(described.Groups).ErrorCode);
    }
}
