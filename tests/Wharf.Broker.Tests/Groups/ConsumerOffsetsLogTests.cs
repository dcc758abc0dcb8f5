using Wharf.Broker.Groups;
using Wharf.Protocol;
using Wharf.Protocol.Messages;
using Wharf.Storage;
using Wharf.Testing;
using static Wharf.Broker.Tests.Groups.CoordinatorHarness;

namespace Wharf.Broker.Tests.Groups;

/// <summary>The coordinator on the broker's storage: <c>__consumer_offsets</c> in a real log directory, reopened between runs.</summary>
public sealed class ConsumerOffsetsLogTests : IAsyncDisposable
{
    private readonly TemporaryDirectory _directory = TemporaryDirectory.Create();
    private readonly ManualTimeProvider _time = new();
    private readonly CapturedLogs _storageLogs = new();
    private LogManager? _logs;

    public async ValueTask DisposeAsync()
    {
        if (_logs is not null)
        {
            await _logs.DisposeAsync();
        }

        _directory.Dispose();
    }

    [Fact]
    public async Task Commits_and_tombstones_are_kept_across_a_restart_of_the_broker()
    {
        var options = new GroupCoordinatorOptions { InitialRebalanceDelayMs = 0 };
        await using var harness = await StartOnStorageAsync(options);
        var live = UniqueNames.For("live");
        var deleted = UniqueNames.For("deleted");
        var joined = await harness.FormSingleMemberGroupAsync(live, ["orders"]);
        harness.Commit(live, joined.GenerationId, joined.MemberId, "orders", 0, 10, "ten");
        harness.Commit(live, joined.GenerationId, joined.MemberId, "orders", 0, 11, "eleven");
        harness.Commit(live, joined.GenerationId, joined.MemberId, "payments", 1, 5);
        harness.Commit(deleted, -1, "", "orders", 2, 99);
        harness.Coordinator.DeleteGroups(new DeleteGroupsRequest { GroupsNames = [deleted] });
        var offsetDelete = harness.Coordinator.DeleteOffsets(new OffsetDeleteRequest
        {
            GroupId = live,
            Topics = [new() { Name = "payments", Partitions = [new() { PartitionIndex = 1 }] }],
        });
        Assert.Equal(ErrorCode.None, (ErrorCode)offsetDelete.Topics[0].Partitions[0].ErrorCode);

        await harness.RestartAsync(ReopenStorageAsync);

        var fetched = harness.Coordinator.FetchOffsets(new OffsetFetchRequest { GroupId = live, Topics = null });
        var partition = Assert.Single(Assert.Single(fetched.Topics).Partitions);
        Assert.Equal((0, 11L, "eleven"), (partition.PartitionIndex, partition.CommittedOffset, partition.Metadata));
        Assert.Equal(-1, harness.Fetch(deleted, "orders", 2));
        Assert.Equal([live], harness.Coordinator.ListGroups(new ListGroupsRequest()).Groups.Select(g => g.GroupId));
    }

    [Fact]
    public async Task Expired_offsets_stay_expired_after_a_restart()
    {
        var options = new GroupCoordinatorOptions { InitialRebalanceDelayMs = 0, OffsetsRetentionMinutes = 1, OffsetsRetentionCheckIntervalMs = 10_000 };
        await using var harness = await StartOnStorageAsync(options);
        var group = UniqueNames.For("group");
        harness.Commit(group, -1, "", "orders", 0, 10);
        harness.Time.Advance(30_000);
        harness.Commit(group, -1, "", "orders", 1, 20);

        harness.Time.Advance(30_000);
        Assert.Equal(-1, harness.Fetch(group, "orders", 0));
        Assert.Equal(20, harness.Fetch(group, "orders", 1));
        await harness.RestartAsync(ReopenStorageAsync);

        Assert.Equal(-1, harness.Fetch(group, "orders", 0));
        Assert.Equal(20, harness.Fetch(group, "orders", 1));
    }

    [Fact]
    public async Task The_offsets_topic_is_one_compacted_partition()
    {
        await using var harness = await StartOnStorageAsync(new GroupCoordinatorOptions());

        Assert.True(_logs!.TryGetTopic(ConsumerOffsetsLog.TopicName, out var topic));
        Assert.Single(topic.Partitions);
        Assert.True(topic.Config.Compact);
        Assert.True(topic.IsInternal);
    }

    [Fact]
    public async Task A_commit_too_large_for_one_batch_is_written_in_several_and_read_back_whole()
    {
        await using var harness = await StartOnStorageAsync(new GroupCoordinatorOptions { InitialRebalanceDelayMs = 0 });
        harness.Topics.Add("wide", 2_000);
        var group = UniqueNames.For("group");
        var metadata = new string('x', 1_000);
        var request = new OffsetCommitRequest
        {
            GroupId = group,
            Topics = [new() { Name = "wide", Partitions = Enumerable.Range(0, 2_000).Select(p => new OffsetCommitRequest.Partition { PartitionIndex = p, CommittedOffset = p, CommittedMetadata = metadata }).ToList() }],
        };

        var response = harness.Coordinator.CommitOffsets(request);
        await harness.RestartAsync(ReopenStorageAsync);

        Assert.All(response.Topics[0].Partitions, p => Assert.Equal(0, p.ErrorCode));
        var all = harness.Coordinator.FetchOffsets(new OffsetFetchRequest { GroupId = group, Topics = null });
        Assert.Equal(Enumerable.Range(0, 2_000).Select(p => (long)p), all.Topics[0].Partitions.Select(p => p.CommittedOffset));
        Assert.True(_logs!.TryGetTopic(ConsumerOffsetsLog.TopicName, out var topic));
        var batchSizes = BatchSizes(topic.Partitions[0]);
        Assert.True(batchSizes.Count > 1);
        Assert.All(batchSizes, size => Assert.True(size <= 1024 * 1024, "batch of " + size + " bytes exceeds max.message.bytes"));
    }

    private static List<int> BatchSizes(PartitionLog partition)
    {
        using var read = partition.Read(0, int.MaxValue, minOneBatch: true, partition.LogEndOffset);
        var sizes = new List<int>();
        for (var rest = read.Records; rest.Length > 0;)
        {
            var size = new Wharf.Protocol.Records.RecordBatchHeader(rest.Span).TotalSize;
            sizes.Add(size);
            rest = rest[size..];
        }

        return sizes;
    }

    private async Task<CoordinatorHarness> StartOnStorageAsync(GroupCoordinatorOptions options)
    {
        _logs = LogManager.Open(new LogManagerOptions { LogDirectory = _directory.Path }, _time, _storageLogs);
        var harness = Create(options, ConsumerOffsetsLog.Open(_logs), _time);
        await harness.Coordinator.StartAsync(TestContext.Current.CancellationToken);
        return harness;
    }

    private async Task<IOffsetLog> ReopenStorageAsync()
    {
        await _logs!.DisposeAsync();
        _logs = LogManager.Open(new LogManagerOptions { LogDirectory = _directory.Path }, _time, _storageLogs);
        return ConsumerOffsetsLog.Open(_logs);
    }
}
