using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Clients.Groups;
using Wharf.Testing;

namespace Wharf.Clients.Tests;

/// <summary>The group-membership client against the embedded broker's classic group coordinator.</summary>
public sealed class GroupMembershipTests
{
    [Fact]
    public async Task Members_get_the_leaders_assignment_and_the_one_left_rebalances_alone_when_the_other_leaves()
    {
        await using var broker = await EmbeddedBroker.StartAsync();
        var group = UniqueNames.For("members");
        var first = new RecordingHandler("first");
        var second = new RecordingHandler("second");
        await using var a = new GroupMembership(Options(broker, group), first, NullLogger.Instance);
        a.Start();
        var alone = await first.NextAsync();
        Assert.True(alone.IsLeader);
        Assert.Equal("first", Encoding.UTF8.GetString(alone.Assignment));

        var b = new GroupMembership(Options(broker, group), second, NullLogger.Instance);
        b.Start();
        var together = await first.NextAsync();
        var theirs = await second.NextAsync();
        Assert.Equal(together.GenerationId, theirs.GenerationId);
        Assert.True(together.GenerationId > alone.GenerationId);
        Assert.Equal("first,second", Encoding.UTF8.GetString(together.Assignment));
        Assert.Equal("first,second", Encoding.UTF8.GetString(theirs.Assignment));
        Assert.Equal(together.LeaderId, theirs.LeaderId);
        Assert.NotEqual(together.MemberId, theirs.MemberId);
        Assert.Equal(1, first.Revocations);

        await b.DisposeAsync();
        Assert.Equal(1, second.Revocations);
        var again = await first.NextAsync();
        Assert.True(again.IsLeader);
        Assert.True(again.GenerationId > together.GenerationId);
        Assert.Equal("first", Encoding.UTF8.GetString(again.Assignment));
    }

    [Fact]
    public async Task A_rejoin_on_request_starts_a_new_generation_with_fresh_metadata()
    {
        await using var broker = await EmbeddedBroker.StartAsync();
        var handler = new RecordingHandler("before");
        await using var member = new GroupMembership(Options(broker, UniqueNames.For("rejoin")), handler, NullLogger.Instance);
        member.Start();
        var first = await handler.NextAsync();

        handler.Name = "after";
        member.RequestRejoin();
        var second = await handler.NextAsync();

        Assert.Equal("before", Encoding.UTF8.GetString(first.Assignment));
        Assert.Equal("after", Encoding.UTF8.GetString(second.Assignment));
        Assert.True(second.GenerationId > first.GenerationId);
        Assert.Equal(first.MemberId, second.MemberId);
    }

    [Fact]
    public async Task A_member_that_stops_heartbeating_is_dropped_after_its_session_timeout()
    {
        await using var broker = await EmbeddedBroker.StartAsync();
        var group = UniqueNames.For("silent");
        var survivor = new RecordingHandler("survivor");
        await using var a = new GroupMembership(Options(broker, group), survivor, NullLogger.Instance);
        a.Start();
        await survivor.NextAsync();

        // A member whose heartbeats stall (as if its process hung): its heartbeat interval is far longer than its
        // session timeout, so the coordinator hears nothing from it after the join.
        var silent = new RecordingHandler("silent");
        var stalled = new GroupMembership(Options(broker, group) with { HeartbeatInterval = TimeSpan.FromMinutes(5) }, silent, NullLogger.Instance);
        stalled.Start();
        Assert.Equal("silent,survivor", Encoding.UTF8.GetString((await survivor.NextAsync()).Assignment));

        var after = await survivor.NextAsync();
        Assert.Equal("survivor", Encoding.UTF8.GetString(after.Assignment));
        await stalled.DisposeAsync();
    }

    private static GroupMembershipOptions Options(EmbeddedBroker broker, string group) => new()
    {
        BootstrapServers = broker.BootstrapServers,
        GroupId = group,
        SessionTimeout = TimeSpan.FromSeconds(6),
        RebalanceTimeout = TimeSpan.FromSeconds(10),
        HeartbeatInterval = TimeSpan.FromMilliseconds(100),
    };

    /// <summary>Joins with its name as metadata; as leader, gives every member the sorted names of all members.</summary>
    private sealed class RecordingHandler(string name) : IGroupMembershipHandler
    {
        private readonly Channel<GroupAssignment> _assignments = Channel.CreateUnbounded<GroupAssignment>();

        public string Name { get; set; } = name;

        public int Revocations { get; private set; }

        public string ProtocolType => "wharf-test";

        public IReadOnlyList<GroupProtocol> Protocols() => [new GroupProtocol("names", Encoding.UTF8.GetBytes(Name))];

        public IReadOnlyDictionary<string, byte[]> Assign(string protocol, string leaderId, IReadOnlyList<GroupMemberMetadata> members)
        {
            var names = Encoding.UTF8.GetBytes(string.Join(",", members.Select(m => Encoding.UTF8.GetString(m.Metadata)).Order(StringComparer.Ordinal)));
            return members.ToDictionary(m => m.MemberId, _ => names);
        }

        public Task OnAssignedAsync(GroupAssignment assignment, CancellationToken cancellationToken) =>
            _assignments.Writer.WriteAsync(assignment, cancellationToken).AsTask();

        public Task OnRevokedAsync(CancellationToken cancellationToken)
        {
            Revocations++;
            return Task.CompletedTask;
        }

        public async Task<GroupAssignment> NextAsync()
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            return await _assignments.Reader.ReadAsync(timeout.Token);
        }
    }
}
