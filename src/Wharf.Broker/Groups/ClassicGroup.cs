using Wharf.Broker.Logging;
using Wharf.Protocol;
using Wharf.Protocol.Messages;

namespace Wharf.Broker.Groups;

/// <summary>
/// One consumer group of the classic protocol: its members, generation, chosen protocol and committed offsets,
/// and the state machine of Kafka's ClassicGroup / GroupMetadataManager. Every method runs under <see cref="Gate"/>,
/// taken by the coordinator (requests) or by a <see cref="Deadline"/> (timers), so groups never wait on each other.
/// Parked JoinGroup and SyncGroup requests are TaskCompletionSources completed when their rebalance step does;
/// they run their continuations asynchronously, never under the lock.
/// </summary>
internal sealed partial class ClassicGroup : IDisposable
{
    private readonly Dictionary<string, GroupMember> _members = new(StringComparer.Ordinal);

    // group.instance.id → member id of the static member currently holding it.
    private readonly Dictionary<string, string> _staticMembers = new(StringComparer.Ordinal);

    // Member ids handed out with MEMBER_ID_REQUIRED and not yet used to join, each expiring after its session timeout.
    private readonly Dictionary<string, Deadline> _pendingMembers = new(StringComparer.Ordinal);

    // Members of the current generation that have not sent SyncGroup yet.
    private readonly HashSet<string> _pendingSync = new(StringComparer.Ordinal);

    // Protocol name → how many members support it; a protocol is a candidate when all do.
    private readonly Dictionary<string, int> _protocolSupport = new(StringComparer.Ordinal);

    public ClassicGroup(string id, GroupServices services)
    {
        Id = id;
        Services = services;
        _joinDeadline = new Deadline(this, OnJoinDeadline);
        _syncDeadline = new Deadline(this, OnSyncDeadline);
    }

    public string Id { get; }

    public GroupServices Services { get; }

    public Lock Gate { get; } = new();

    public GroupState State { get; private set; }

    /// <summary>When the group entered its state; null for a group rebuilt from the offset log, whose history is unknown.</summary>
    public DateTimeOffset? StateSince { get; private set; }

    public int Generation { get; private set; }

    /// <summary>Fixed by the first member ("consumer" for consumers); null for a group that never had members.</summary>
    public string? ProtocolType { get; private set; }

    /// <summary>The protocol (assignor) chosen for the current generation.</summary>
    public string? ProtocolName { get; private set; }

    public string? LeaderId { get; private set; }

    public IReadOnlyCollection<GroupMember> Members => _members.Values;

    /// <summary>Nothing worth keeping: no members, no member ids handed out, no offsets.</summary>
    public bool IsUnused => State == GroupState.Empty && _members.Count == 0 && _pendingMembers.Count == 0 && _offsets.Count == 0;

    // The longest rebalance timeout among the members bounds each rebalance step (Kafka's rebalanceTimeoutMs()).
    private int RebalanceTimeoutMs
    {
        get
        {
            var max = 0;
            foreach (var member in _members.Values)
            {
                max = Math.Max(max, member.RebalanceTimeoutMs);
            }

            return max;
        }
    }

    private bool AllMembersJoined
    {
        get
        {
            if (_pendingMembers.Count > 0)
            {
                return false;
            }

            foreach (var member in _members.Values)
            {
                if (member.AwaitingJoin is null)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>Runs a due deadline's action under the lock; a group that is gone ignores its timers.</summary>
    public void RunDeadline(Deadline deadline)
    {
        lock (Gate)
        {
            if (State == GroupState.Dead)
            {
                return;
            }

            try
            {
                deadline.RunIfDue();
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // A timer thread has no caller to report to; an exception escaping it would end the process.
                GroupLog.TimerFailed(Services.Logger, exception, Id);
            }
        }
    }

    /// <summary>Stops the group as the coordinator shuts down (under the lock): parked requests get NOT_COORDINATOR.</summary>
    public void Dispose() => Close(ErrorCode.NotCoordinator);

    /// <summary>Ends the group: answers whatever is parked with <paramref name="error"/> and stops every timer.</summary>
    public void Close(ErrorCode error)
    {
        foreach (var member in _members.Values)
        {
            member.AwaitingJoin?.TrySetResult(JoinError(error, member.MemberId));
            member.AwaitingJoin = null;
            member.AwaitingSync?.TrySetResult(SyncError(error));
            member.AwaitingSync = null;
            member.Session.Dispose();
        }

        foreach (var pending in _pendingMembers.Values)
        {
            pending.Dispose();
        }

        _pendingMembers.Clear();
        _joinDeadline.Dispose();
        _syncDeadline.Dispose();
        State = GroupState.Dead;
    }

    /// <summary>DescribeGroups: members' metadata and assignments are shown only once the group is stable, as in Kafka.</summary>
    public DescribeGroupsResponse.DescribedGroup Describe()
    {
        var stable = State == GroupState.Stable;
        var described = new DescribeGroupsResponse.DescribedGroup
        {
            GroupId = Id,
            GroupState = State.Name(),
            ProtocolType = ProtocolType ?? string.Empty,
            ProtocolData = stable ? ProtocolName ?? string.Empty : string.Empty,
        };
        foreach (var member in _members.Values)
        {
            described.Members.Add(new DescribeGroupsResponse.Member
            {
                MemberId = member.MemberId,
                GroupInstanceId = member.InstanceId,
                ClientId = member.Client.ClientId,
                ClientHost = member.Client.ClientHost,
                MemberMetadata = stable ? member.MetadataFor(ProtocolName) : [],
                MemberAssignment = stable ? member.Assignment : [],
            });
        }

        return described;
    }

    /// <summary>Kafka's ClassicGroup.validateMember: a static member must present the member id its instance id maps to.</summary>
    private ErrorCode ValidateMember(string memberId, string? instanceId)
    {
        if (instanceId is not null)
        {
            if (!_staticMembers.TryGetValue(instanceId, out var current))
            {
                return ErrorCode.UnknownMemberId;
            }

            if (current != memberId)
            {
                return ErrorCode.FencedInstanceId;
            }
        }

        return _members.ContainsKey(memberId) ? ErrorCode.None : ErrorCode.UnknownMemberId;
    }

    private void TransitionTo(GroupState state)
    {
        State = state;
        StateSince = Services.Time.GetUtcNow();
    }

    private bool IsLeader(GroupMember member) => member.MemberId == LeaderId;

    private void Add(GroupMember member)
    {
        if (member.InstanceId is { } instanceId)
        {
            _staticMembers[instanceId] = member.MemberId;
        }

        if (_members.Count == 0)
        {
            ProtocolType = member.ProtocolType;
        }

        LeaderId ??= member.MemberId;
        _members.Add(member.MemberId, member);
        CountProtocols(member, +1);
        if (_pendingMembers.Remove(member.MemberId, out var pending))
        {
            pending.Dispose();
        }
    }

    /// <summary>Removes a member; a parked join or sync of it is answered UNKNOWN_MEMBER_ID so the client rejoins.</summary>
    private void Remove(GroupMember member)
    {
        member.Session.Dispose();
        member.AwaitingJoin?.TrySetResult(JoinError(ErrorCode.UnknownMemberId, string.Empty));
        member.AwaitingJoin = null;
        member.AwaitingSync?.TrySetResult(SyncError(ErrorCode.UnknownMemberId));
        member.AwaitingSync = null;
        _members.Remove(member.MemberId);
        CountProtocols(member, -1);
        if (member.InstanceId is { } instanceId && _staticMembers.TryGetValue(instanceId, out var mapped) && mapped == member.MemberId)
        {
            _staticMembers.Remove(instanceId);
        }

        if (LeaderId == member.MemberId)
        {
            LeaderId = _members.Count > 0 ? _members.Keys.First() : null;
        }

        _pendingSync.Remove(member.MemberId);
    }

    private void SetProtocols(GroupMember member, List<JoinGroupRequest.Protocol> protocols)
    {
        CountProtocols(member, -1);
        member.Protocols = protocols;
        CountProtocols(member, +1);
    }

    private void CountProtocols(GroupMember member, int delta)
    {
        foreach (var name in member.Protocols.Select(p => p.Name).Distinct(StringComparer.Ordinal))
        {
            var count = _protocolSupport.GetValueOrDefault(name) + delta;
            if (count == 0)
            {
                _protocolSupport.Remove(name);
            }
            else
            {
                _protocolSupport[name] = count;
            }
        }
    }

    /// <summary>
    /// Kafka's supportsProtocols: an empty group takes any non-empty type and protocol list; otherwise the type
    /// must match and one of the protocols must be supported by every member.
    /// </summary>
    private bool SupportsProtocols(string protocolType, List<JoinGroupRequest.Protocol> protocols)
    {
        if (State == GroupState.Empty)
        {
            return protocolType.Length > 0 && protocols.Count > 0;
        }

        return protocolType == ProtocolType && protocols.Exists(p => _protocolSupport.GetValueOrDefault(p.Name) == _members.Count);
    }

    /// <summary>The protocol all members support with the most first-preference votes (Kafka's selectProtocol).</summary>
    private string? SelectProtocol()
    {
        var candidates = _protocolSupport.Where(p => p.Value == _members.Count).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var votes = new Dictionary<string, int>(StringComparer.Ordinal);
        string? chosen = null;
        foreach (var member in _members.Values)
        {
            if (member.Vote(candidates) is not { } vote)
            {
                continue;
            }

            votes[vote] = votes.GetValueOrDefault(vote) + 1;
            if (chosen is null || votes[vote] > votes[chosen])
            {
                chosen = vote;
            }
        }

        return chosen;
    }

    private static TaskCompletionSource<T> NewWaiter<T>() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal static JoinGroupResponse JoinError(ErrorCode error, string memberId) => new()
    {
        ErrorCode = (short)error,
        MemberId = memberId,
        GenerationId = -1,
        ProtocolName = null,
        Leader = string.Empty,
    };

    internal static SyncGroupResponse SyncError(ErrorCode error) => new() { ErrorCode = (short)error };
}
