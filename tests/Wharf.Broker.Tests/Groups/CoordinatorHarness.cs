using System.Buffers.Binary;
using System.Text;
using Microsoft.Extensions.Logging;
using Wharf.Broker.Groups;
using Wharf.Protocol;
using Wharf.Protocol.Messages;
using Wharf.Testing;

namespace Wharf.Broker.Tests.Groups;

/// <summary>
/// A started <see cref="GroupCoordinator"/> on a manual clock, an in-memory offset log and a fixed set of topics,
/// with helpers that speak for clients. Disposing it fails the test if the coordinator logged an error the test
/// did not expect.
/// </summary>
internal sealed class CoordinatorHarness : IAsyncDisposable
{
    public static readonly GroupClient Client = new("client-1", "/127.0.0.1");

    private readonly HashSet<int> _expectedErrors = [];

    private CoordinatorHarness(GroupCoordinatorOptions options, ManualTimeProvider time, IOffsetLog log, TestTopics topics, CapturedLogs logs)
    {
        Options = options;
        Time = time;
        Log = log;
        Topics = topics;
        Logs = logs;
        Coordinator = new GroupCoordinator(options, log, topics, time, logs);
    }

    public GroupCoordinatorOptions Options { get; }

    public ManualTimeProvider Time { get; }

    public IOffsetLog Log { get; private set; }

    /// <summary>The default offset log: in memory, with failures on demand.</summary>
    public TestOffsetLog MemoryLog => (TestOffsetLog)Log;

    public TestTopics Topics { get; }

    public CapturedLogs Logs { get; }

    public GroupCoordinator Coordinator { get; private set; }

    /// <summary>Defaults: no initial rebalance delay (most tests form groups at once), Kafka's other defaults.</summary>
    public static async Task<CoordinatorHarness> StartAsync(GroupCoordinatorOptions? options = null)
    {
        var harness = Create(options);
        await harness.Coordinator.StartAsync(TestContext.Current.CancellationToken);
        return harness;
    }

    /// <summary>A harness whose coordinator has not been started; <paramref name="log"/> defaults to a <see cref="TestOffsetLog"/>.</summary>
    public static CoordinatorHarness Create(GroupCoordinatorOptions? options = null, IOffsetLog? log = null, ManualTimeProvider? time = null)
    {
        var topics = new TestTopics();
        topics.Add("orders", 3);
        topics.Add("payments", 2);
        return new CoordinatorHarness(options ?? new GroupCoordinatorOptions { InitialRebalanceDelayMs = 0 }, time ?? new ManualTimeProvider(), log ?? new TestOffsetLog(), topics, new CapturedLogs());
    }

    /// <summary>
    /// Stops the coordinator and starts a new one on the same clock and topics: a broker restart. The offset log
    /// is kept, or replaced by <paramref name="reopened"/> (the same storage opened again).
    /// </summary>
    public async Task RestartAsync(Func<Task<IOffsetLog>>? reopened = null)
    {
        await Coordinator.DisposeAsync();
        if (reopened is not null)
        {
            Log = await reopened();
        }

        Coordinator = new GroupCoordinator(Options, Log, Topics, Time, Logs);
        await Coordinator.StartAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>An error the test provokes on purpose (a log event id of GroupLog).</summary>
    public void ExpectError(int eventId) => _expectedErrors.Add(eventId);

    public async ValueTask DisposeAsync()
    {
        await Coordinator.DisposeAsync();
        Assert.Empty(Logs.AtLeast(LogLevel.Error).Where(e => !_expectedErrors.Contains(e.EventId.Id)).Select(e => e.Message));
    }

    /// <summary>True when a line with <paramref name="eventId"/> (and <paramref name="text"/> in it) was logged.</summary>
    public bool Logged(int eventId, string text = "") =>
        Logs.Entries.Any(e => e.EventId.Id == eventId && e.Message.Contains(text, StringComparison.Ordinal));

    /// <summary>A consumer subscription (ConsumerProtocolSubscription v1): version, topics, null user data, no owned partitions.</summary>
    public static byte[] Subscription(params string[] topics)
    {
        var bytes = new List<byte>();
        AddInt16(bytes, 1);
        AddInt32(bytes, topics.Length);
        foreach (var topic in topics)
        {
            var name = Encoding.UTF8.GetBytes(topic);
            AddInt16(bytes, (short)name.Length);
            bytes.AddRange(name);
        }

        AddInt32(bytes, -1);
        AddInt32(bytes, 0);
        return [.. bytes];
    }

    public static JoinGroupRequest JoinRequest(
        string group,
        string memberId = "",
        string? instanceId = null,
        int sessionTimeoutMs = 10_000,
        int rebalanceTimeoutMs = 30_000,
        string protocolType = "consumer",
        string protocol = "range",
        byte[]? metadata = null) => new()
        {
            GroupId = group,
            MemberId = memberId,
            GroupInstanceId = instanceId,
            SessionTimeoutMs = sessionTimeoutMs,
            RebalanceTimeoutMs = rebalanceTimeoutMs,
            ProtocolType = protocolType,
            Protocols = [new JoinGroupRequest.Protocol { Name = protocol, Metadata = metadata ?? Subscription("orders") }],
        };

    public Task<JoinGroupResponse> Join(JoinGroupRequest request, short version = 5) =>
        Coordinator.JoinGroupAsync(request, version, Client, CancellationToken.None);

    /// <summary>A join whose connection closes when <paramref name="connectionClosed"/> fires.</summary>
    public Task<JoinGroupResponse> JoinOnConnection(JoinGroupRequest request, CancellationToken connectionClosed) =>
        Coordinator.JoinGroupAsync(request, 5, Client, connectionClosed);

    /// <summary>A dynamic member's first join at v5: MEMBER_ID_REQUIRED, then the join with the given id (which may park).</summary>
    public async Task<Task<JoinGroupResponse>> JoinNewAsync(JoinGroupRequest request)
    {
        var first = await Join(request);
        Assert.Equal(ErrorCode.MemberIdRequired, (ErrorCode)first.ErrorCode);
        request.MemberId = first.MemberId;
        return Join(request);
    }

    public Task<SyncGroupResponse> Sync(string group, JoinGroupResponse joined, params (string MemberId, byte[] Assignment)[] assignments) =>
        Coordinator.SyncGroupAsync(
            new SyncGroupRequest
            {
                GroupId = group,
                GenerationId = joined.GenerationId,
                MemberId = joined.MemberId,
                Assignments = assignments.Select(a => new SyncGroupRequest.MemberAssignment { MemberId = a.MemberId, Assignment = a.Assignment }).ToList(),
            },
            CancellationToken.None);

    public ErrorCode Heartbeat(string group, JoinGroupResponse joined, string? instanceId = null) =>
        (ErrorCode)Coordinator.Heartbeat(new HeartbeatRequest { GroupId = group, GenerationId = joined.GenerationId, MemberId = joined.MemberId, GroupInstanceId = instanceId }).ErrorCode;

    /// <summary>One member joins and syncs as leader of a one-member generation; returns its join response.</summary>
    public async Task<JoinGroupResponse> FormSingleMemberGroupAsync(string group, string[]? topics = null)
    {
        var joined = await (await JoinNewAsync(JoinRequest(group, metadata: Subscription(topics ?? ["orders"])))).Completed();
        Assert.Equal(ErrorCode.None, (ErrorCode)joined.ErrorCode);
        var synced = await Sync(group, joined, (joined.MemberId, [1, 2, 3])).Completed();
        Assert.Equal(ErrorCode.None, (ErrorCode)synced.ErrorCode);
        return joined;
    }

    public OffsetCommitResponse Commit(string group, int generation, string memberId, string topic, int partition, long offset, string? metadata = "", long retentionTimeMs = -1) =>
        Coordinator.CommitOffsets(new OffsetCommitRequest
        {
            GroupId = group,
            GenerationIdOrMemberEpoch = generation,
            MemberId = memberId,
            RetentionTimeMs = retentionTimeMs,
            Topics = [new OffsetCommitRequest.Topic
            {
                Name = topic,
                Partitions = [new OffsetCommitRequest.Partition { PartitionIndex = partition, CommittedOffset = offset, CommittedMetadata = metadata }],
            }],
        });

    public static ErrorCode SingleError(OffsetCommitResponse response) => (ErrorCode)Assert.Single(Assert.Single(response.Topics).Partitions).ErrorCode;

    /// <summary>The committed offset of one partition, -1 if none.</summary>
    public long Fetch(string group, string topic, int partition)
    {
        var response = Coordinator.FetchOffsets(new OffsetFetchRequest
        {
            GroupId = group,
            Topics = [new OffsetFetchRequest.Topic { Name = topic, PartitionIndexes = [partition] }],
        });
        Assert.Equal(0, response.ErrorCode);
        return Assert.Single(Assert.Single(response.Topics).Partitions).CommittedOffset;
    }

    private static void AddInt16(List<byte> bytes, short value)
    {
        Span<byte> buffer = stackalloc byte[2];
        BinaryPrimitives.WriteInt16BigEndian(buffer, value);
        bytes.AddRange(buffer);
    }

    private static void AddInt32(List<byte> bytes, int value)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(buffer, value);
        bytes.AddRange(buffer);
    }
}

internal static class TaskExtensions
{
    /// <summary>Awaits a task that the test expects to be complete or about to be (parked requests complete on
    /// the thread pool); the bound only turns a hang into a failure, it is not a timing assertion.</summary>
    public static Task<T> Completed<T>(this Task<T> task) => task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
}

/// <summary>The public in-memory offset log, with writes that can be made to fail as a full disk would.</summary>
internal sealed class TestOffsetLog : IOffsetLog
{
    private readonly InMemoryOffsetLog _inner = new();

    public bool FailWrites { get; set; }

    public int Count => _inner.Count;

    public void Append(IReadOnlyList<OffsetLogRecord> records)
    {
        if (FailWrites)
        {
            throw new IOException("No space left on device");
        }

        _inner.Append(records);
    }

    public IEnumerable<OffsetLogRecord> ReadAll() => _inner.ReadAll();
}

internal sealed class TestTopics : ITopicDirectory
{
    private readonly Dictionary<string, int> _topics = new(StringComparer.Ordinal);

    public void Add(string topic, int partitions) => _topics[topic] = partitions;

    public bool TryGetPartitionCount(string topic, out int partitionCount) => _topics.TryGetValue(topic, out partitionCount);
}
