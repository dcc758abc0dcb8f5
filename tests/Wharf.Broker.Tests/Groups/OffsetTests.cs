using Wharf.Broker.Groups;
using Wharf.Protocol;
using Wharf.Protocol.Messages;
using Wharf.Testing;
using static Wharf.Broker.Tests.Groups.CoordinatorHarness;

namespace Wharf.Broker.Tests.Groups;

public sealed class OffsetTests
{
    [Fact]
    public async Task A_member_commits_and_fetches_its_offsets()
    {
        await using var harness = await StartAsync();
        var group = UniqueNames.For("group");
        var joined = await harness.FormSingleMemberGroupAsync(group);

        var committed = harness.Commit(group, joined.GenerationId, joined.MemberId, "orders", 1, 42, "checkpoint");

        Assert.Equal(ErrorCode.None, SingleError(committed));
        Assert.Equal(42, harness.Fetch(group, "orders", 1));
        Assert.Equal(-1, harness.Fetch(group, "orders", 0));
    }

    [Fact]
    public async Task Commits_with_a_stale_generation_or_from_an_unknown_member_are_refused()
    {
        await using var harness = await StartAsync();
        var group = UniqueNames.For("group");
        var joined = await harness.FormSingleMemberGroupAsync(group);

        Assert.Equal(ErrorCode.IllegalGeneration, SingleError(harness.Commit(group, joined.GenerationId + 1, joined.MemberId, "orders", 0, 1)));
        Assert.Equal(ErrorCode.UnknownMemberId, SingleError(harness.Commit(group, joined.GenerationId, "stranger", "orders", 0, 1)));
        Assert.Equal(ErrorCode.IllegalGeneration, SingleError(harness.Commit(UniqueNames.For("nogroup"), 3, "stranger", "orders", 0, 1)));
        Assert.Equal(-1, harness.Fetch(group, "orders", 0));
    }

    [Fact]
    public async Task Commits_wait_for_the_assignment_but_not_for_a_rebalance_in_preparation()
    {
        await using var harness = await StartAsync();
        var group = UniqueNames.For("group");
        var joined = await (await harness.JoinNewAsync(JoinRequest(group))).Completed();

        // Joined, not yet synced: the generation exists but has no assignment.
        var completing = harness.Commit(group, joined.GenerationId, joined.MemberId, "orders", 0, 5);
        await harness.Sync(group, joined, (joined.MemberId, [])).Completed();
        _ = await harness.JoinNewAsync(JoinRequest(group));
        var preparing = harness.Commit(group, joined.GenerationId, joined.MemberId, "orders", 0, 6);

        Assert.Equal(ErrorCode.RebalanceInProgress, SingleError(completing));
        Assert.Equal(ErrorCode.None, SingleError(preparing));
        Assert.Equal(6, harness.Fetch(group, "orders", 0));
    }

    [Fact]
    public async Task A_simple_consumer_commits_to_a_group_without_members()
    {
        await using var harness = await StartAsync();
        var group = UniqueNames.For("group");

        var committed = harness.Commit(group, -1, "", "payments", 1, 99);

        Assert.Equal(ErrorCode.None, SingleError(committed));
        Assert.Equal(99, harness.Fetch(group, "payments", 1));
        var listed = Assert.Single(harness.Coordinator.ListGroups(new ListGroupsRequest()).Groups, g => g.GroupId == group);
        Assert.Equal("", listed.ProtocolType);
        Assert.Equal("Empty", listed.GroupState);
    }

    [Fact]
    public async Task A_simple_commit_to_a_group_with_members_is_refused()
    {
        await using var harness = await StartAsync();
        var group = UniqueNames.For("group");
        await harness.FormSingleMemberGroupAsync(group);

        Assert.Equal(ErrorCode.UnknownMemberId, SingleError(harness.Commit(group, -1, "", "orders", 0, 1)));
    }

    [Theory]
    [InlineData("unknown-topic", 0)]
    [InlineData("orders", 3)]
    [InlineData("orders", -1)]
    public async Task A_commit_to_a_partition_that_does_not_exist_is_refused(string topic, int partition)
    {
        await using var harness = await StartAsync();
        var group = UniqueNames.For("group");

        var committed = harness.Commit(group, -1, "", topic, partition, 1);

        Assert.Equal(ErrorCode.UnknownTopicOrPartition, SingleError(committed));
        Assert.DoesNotContain(harness.Coordinator.ListGroups(new ListGroupsRequest()).Groups, g => g.GroupId == group);
    }

    [Fact]
    public async Task Commit_metadata_is_limited_by_offset_metadata_max_bytes()
    {
        await using var harness = await StartAsync(new GroupCoordinatorOptions { InitialRebalanceDelayMs = 0, OffsetMetadataMaxBytes = 16 });
        var group = UniqueNames.For("group");

        var atLimit = harness.Commit(group, -1, "", "orders", 0, 1, new string('m', 16));
        var pastLimit = harness.Commit(group, -1, "", "orders", 1, 1, new string('m', 17));
        var nullMetadata = harness.Commit(group, -1, "", "orders", 2, 1, metadata: null);

        Assert.Equal(ErrorCode.None, SingleError(atLimit));
        Assert.Equal(ErrorCode.OffsetMetadataTooLarge, SingleError(pastLimit));
        Assert.Equal(ErrorCode.None, SingleError(nullMetadata));
        var fetched = FetchAll(harness, group);
        Assert.Equal([0, 2], fetched.Single().Partitions.Select(p => p.PartitionIndex));
        Assert.Equal("", fetched.Single().Partitions.Single(p => p.PartitionIndex == 2).Metadata);
    }

    [Fact]
    public async Task Fetching_with_no_topic_list_returns_every_committed_offset_of_the_group()
    {
        await using var harness = await StartAsync();
        var group = UniqueNames.For("group");
        harness.Commit(group, -1, "", "orders", 2, 20, "two");
        harness.Commit(group, -1, "", "orders", 0, 10);
        harness.Commit(group, -1, "", "payments", 1, 11);

        var all = FetchAll(harness, group);

        Assert.Equal(["orders", "payments"], all.Select(t => t.Name).Order());
        var orders = all.Single(t => t.Name == "orders");
        Assert.Equal([(0, 10L), (2, 20L)], orders.Partitions.Select(p => (p.PartitionIndex, p.CommittedOffset)));
        Assert.Equal("two", orders.Partitions[1].Metadata);
        Assert.Empty(FetchAll(harness, UniqueNames.For("nogroup")));
    }

    [Fact]
    public async Task Committed_offsets_survive_a_restart()
    {
        await using var harness = await StartAsync();
        var group = UniqueNames.For("group");
        var joined = await harness.FormSingleMemberGroupAsync(group);
        harness.Commit(group, joined.GenerationId, joined.MemberId, "orders", 0, 100, "first");
        harness.Commit(group, joined.GenerationId, joined.MemberId, "orders", 0, 150, "second");
        var simpleGroup = UniqueNames.For("simple");
        harness.Commit(simpleGroup, -1, "", "payments", 1, 7);
        harness.Coordinator.CommitOffsets(new OffsetCommitRequest
        {
            GroupId = group,
            GenerationIdOrMemberEpoch = joined.GenerationId,
            MemberId = joined.MemberId,
            Topics = [new OffsetCommitRequest.Topic { Name = "orders", Partitions = [new() { PartitionIndex = 1, CommittedOffset = 5, CommittedLeaderEpoch = 3 }] }],
        });

        await harness.RestartAsync();

        var orders = FetchAll(harness, group).Single(t => t.Name == "orders");
        Assert.Equal((150L, "second"), (orders.Partitions[0].CommittedOffset, orders.Partitions[0].Metadata));
        Assert.Equal((5L, 3), (orders.Partitions[1].CommittedOffset, orders.Partitions[1].CommittedLeaderEpoch));
        Assert.Equal(7, harness.Fetch(simpleGroup, "payments", 1));
        Assert.True(harness.Logged(309, "Loaded 3 committed offset(s) of 2 group(s)"));
    }

    [Fact]
    public async Task Deleting_an_empty_group_deletes_its_offsets_also_after_a_restart()
    {
        await using var harness = await StartAsync();
        var group = UniqueNames.For("group");
        harness.Commit(group, -1, "", "orders", 0, 10);

        var deleted = harness.Coordinator.DeleteGroups(new DeleteGroupsRequest { GroupsNames = [group] });

        Assert.Equal(ErrorCode.None, (ErrorCode)Assert.Single(deleted.Results).ErrorCode);
        Assert.Equal(-1, harness.Fetch(group, "orders", 0));
        await harness.RestartAsync();
        Assert.Equal(-1, harness.Fetch(group, "orders", 0));
        Assert.DoesNotContain(harness.Coordinator.ListGroups(new ListGroupsRequest()).Groups, g => g.GroupId == group);
    }

    [Fact]
    public async Task Offsets_of_topics_a_live_group_subscribes_to_cannot_be_deleted()
    {
        await using var harness = await StartAsync();
        var group = UniqueNames.For("group");
        var joined = await harness.FormSingleMemberGroupAsync(group, ["orders"]);
        harness.Commit(group, joined.GenerationId, joined.MemberId, "orders", 0, 1);
        harness.Commit(group, joined.GenerationId, joined.MemberId, "payments", 0, 2);

        var response = harness.Coordinator.DeleteOffsets(new OffsetDeleteRequest
        {
            GroupId = group,
            Topics =
            [
                new OffsetDeleteRequest.Topic { Name = "orders", Partitions = [new() { PartitionIndex = 0 }] },
                new OffsetDeleteRequest.Topic { Name = "payments", Partitions = [new() { PartitionIndex = 0 }] },
            ],
        });

        Assert.Equal(ErrorCode.None, (ErrorCode)response.ErrorCode);
        Assert.Equal(ErrorCode.GroupSubscribedToTopic, (ErrorCode)response.Topics[0].Partitions[0].ErrorCode);
        Assert.Equal(ErrorCode.None, (ErrorCode)response.Topics[1].Partitions[0].ErrorCode);
        await harness.RestartAsync();
        Assert.Equal(1, harness.Fetch(group, "orders", 0));
        Assert.Equal(-1, harness.Fetch(group, "payments", 0));
    }

    [Fact]
    public async Task Offset_delete_names_missing_groups_and_refuses_an_empty_group_id()
    {
        await using var harness = await StartAsync();

        var missing = harness.Coordinator.DeleteOffsets(new OffsetDeleteRequest { GroupId = UniqueNames.For("nogroup") });
        var empty = harness.Coordinator.DeleteOffsets(new OffsetDeleteRequest { GroupId = "" });

        Assert.Equal(ErrorCode.GroupIdNotFound, (ErrorCode)missing.ErrorCode);
        Assert.Equal(ErrorCode.InvalidGroupId, (ErrorCode)empty.ErrorCode);
    }

    [Fact]
    public async Task Offsets_of_a_group_without_members_expire_after_the_retention_counted_from_the_commit()
    {
        var options = new GroupCoordinatorOptions { InitialRebalanceDelayMs = 0, OffsetsRetentionMinutes = 1, OffsetsRetentionCheckIntervalMs = 10_000 };
        await using var harness = await StartAsync(options);
        var group = UniqueNames.For("group");
        harness.Commit(group, -1, "", "orders", 0, 10);

        harness.Time.Advance(50_000);
        Assert.Equal(10, harness.Fetch(group, "orders", 0));
        harness.Time.Advance(10_000);

        Assert.Equal(-1, harness.Fetch(group, "orders", 0));
        Assert.DoesNotContain(harness.Coordinator.ListGroups(new ListGroupsRequest()).Groups, g => g.GroupId == group);
        await harness.RestartAsync();
        Assert.Equal(-1, harness.Fetch(group, "orders", 0));
    }

    [Fact]
    public async Task Offsets_of_a_consumer_group_expire_counting_from_when_it_became_empty()
    {
        var options = new GroupCoordinatorOptions { InitialRebalanceDelayMs = 0, OffsetsRetentionMinutes = 1, OffsetsRetentionCheckIntervalMs = 10_000 };
        await using var harness = await StartAsync(options);
        var group = UniqueNames.For("group");
        var joined = await harness.FormSingleMemberGroupAsync(group);
        harness.Commit(group, joined.GenerationId, joined.MemberId, "orders", 0, 10);
        for (var i = 0; i < 10; i++)
        {
            harness.Time.Advance(5_000);
            Assert.Equal(ErrorCode.None, harness.Heartbeat(group, joined));
        }

        harness.Coordinator.LeaveGroup(new LeaveGroupRequest { GroupId = group, Members = [new() { MemberId = joined.MemberId }] });
        harness.Time.Advance(50_000);
        Assert.Equal(10, harness.Fetch(group, "orders", 0));
        harness.Time.Advance(10_000);

        Assert.Equal(-1, harness.Fetch(group, "orders", 0));
    }

    [Fact]
    public async Task A_stable_group_keeps_offsets_of_topics_it_subscribes_to_and_loses_the_others()
    {
        var options = new GroupCoordinatorOptions { InitialRebalanceDelayMs = 0, OffsetsRetentionMinutes = 1, OffsetsRetentionCheckIntervalMs = 10_000 };
        await using var harness = await StartAsync(options);
        var group = UniqueNames.For("group");
        var joined = await harness.FormSingleMemberGroupAsync(group, ["orders"]);
        harness.Commit(group, joined.GenerationId, joined.MemberId, "orders", 0, 1);
        harness.Commit(group, joined.GenerationId, joined.MemberId, "payments", 0, 2);

        for (var i = 0; i < 14; i++)
        {
            harness.Time.Advance(5_000);
            harness.Heartbeat(group, joined);
        }

        Assert.Equal(1, harness.Fetch(group, "orders", 0));
        Assert.Equal(-1, harness.Fetch(group, "payments", 0));
    }

    [Fact]
    public async Task A_commit_with_an_explicit_retention_time_expires_then()
    {
        var options = new GroupCoordinatorOptions { InitialRebalanceDelayMs = 0, OffsetsRetentionCheckIntervalMs = 10_000 };
        await using var harness = await StartAsync(options);
        var group = UniqueNames.For("group");

        harness.Commit(group, -1, "", "orders", 0, 10, retentionTimeMs: 20_000);
        harness.Time.Advance(10_000);
        Assert.Equal(10, harness.Fetch(group, "orders", 0));
        harness.Time.Advance(10_000);

        Assert.Equal(-1, harness.Fetch(group, "orders", 0));
    }

    [Fact]
    public async Task A_failed_write_to_the_offset_log_is_answered_not_coordinator_and_changes_nothing()
    {
        await using var harness = await StartAsync();
        harness.ExpectError(312);
        var group = UniqueNames.For("group");
        harness.Commit(group, -1, "", "orders", 0, 10);
        harness.MemoryLog.FailWrites = true;

        var committed = harness.Commit(group, -1, "", "orders", 0, 11);

        Assert.Equal(ErrorCode.NotCoordinator, SingleError(committed));
        Assert.Equal(10, harness.Fetch(group, "orders", 0));
        Assert.True(harness.Logged(312));
    }

    [Fact]
    public async Task Records_the_coordinator_cannot_read_are_skipped_at_load()
    {
        await using var harness = Create();
        var group = UniqueNames.For("group");
        var key = OffsetRecordCodec.EncodeKey(group, "orders", 0);
        harness.MemoryLog.Append(
        [
            new OffsetLogRecord([0, 2, 0, 1, (byte)'g'], [0, 3], 0),
            new OffsetLogRecord(key, [0, 9, 1], 0),
            new OffsetLogRecord(key, OffsetRecordCodec.EncodeValue(new CommittedOffset(8, -1, "", 0, -1)), 0),
        ]);

        await harness.Coordinator.StartAsync(TestContext.Current.CancellationToken);

        Assert.Equal(8, harness.Fetch(group, "orders", 0));
        Assert.True(harness.Logged(310, "Skipped 2"));
    }

    [Fact]
    public async Task Until_the_offset_log_is_loaded_every_api_answers_coordinator_load_in_progress()
    {
        await using var harness = Create();
        var group = UniqueNames.For("group");

        var join = await harness.Join(JoinRequest(group));
        var commit = harness.Commit(group, -1, "", "orders", 0, 1);
        var fetch = harness.Coordinator.FetchOffsets(new OffsetFetchRequest { GroupId = group, Topics = [new() { Name = "orders", PartitionIndexes = [0] }] });
        var list = harness.Coordinator.ListGroups(new ListGroupsRequest());

        Assert.Equal(ErrorCode.CoordinatorLoadInProgress, (ErrorCode)join.ErrorCode);
        Assert.Equal(ErrorCode.CoordinatorLoadInProgress, SingleError(commit));
        Assert.Equal(ErrorCode.CoordinatorLoadInProgress, (ErrorCode)fetch.ErrorCode);
        Assert.Equal(ErrorCode.CoordinatorLoadInProgress, (ErrorCode)fetch.Topics[0].Partitions[0].ErrorCode);
        Assert.Equal(ErrorCode.CoordinatorLoadInProgress, (ErrorCode)list.ErrorCode);
        await harness.Coordinator.StartAsync(TestContext.Current.CancellationToken);
        Assert.Equal(ErrorCode.None, SingleError(harness.Commit(group, -1, "", "orders", 0, 1)));
    }

    [Fact]
    public void Offset_records_have_the_layout_of_kafkas_consumer_offsets_topic()
    {
        var key = OffsetRecordCodec.EncodeKey("g", "t", 3);
        var value = OffsetRecordCodec.EncodeValue(new CommittedOffset(Offset: 5, LeaderEpoch: 2, Metadata: "m", CommitTimestamp: 6, ExpireTimestamp: -1));
        var withExpiry = OffsetRecordCodec.EncodeValue(new CommittedOffset(5, 2, "m", 6, 7));

        // Key: version 1, group, topic, partition. Value v3: offset, leader epoch, metadata, commit timestamp.
        // Value v1: offset, metadata, commit timestamp, expire timestamp.
        Assert.Equal([0, 1, 0, 1, (byte)'g', 0, 1, (byte)'t', 0, 0, 0, 3], key);
        Assert.Equal([0, 3, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 2, 0, 1, (byte)'m', 0, 0, 0, 0, 0, 0, 0, 6], value);
        Assert.Equal([0, 1, 0, 0, 0, 0, 0, 0, 0, 5, 0, 1, (byte)'m', 0, 0, 0, 0, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0, 7], withExpiry);
        Assert.True(OffsetRecordCodec.TryDecodeKey(key, out var group, out var topic, out var partition));
        Assert.Equal(("g", "t", 3), (group, topic, partition));
        Assert.True(OffsetRecordCodec.TryDecodeValue(withExpiry, out var decoded));
        Assert.Equal(new CommittedOffset(5, -1, "m", 6, 7), decoded);
    }

    private static List<OffsetFetchResponse.Topic> FetchAll(CoordinatorHarness harness, string group)
    {
        var response = harness.Coordinator.FetchOffsets(new OffsetFetchRequest { GroupId = group, Topics = null, RequireStable = true });
        Assert.Equal(0, response.ErrorCode);
        return response.Topics;
    }
}
