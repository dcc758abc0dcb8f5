using Wharf.Broker.Logging;
using Wharf.Protocol;
using Wharf.Protocol.Messages;

namespace Wharf.Broker.Groups;

// JoinGroup, SyncGroup, Heartbeat, LeaveGroup and the rebalance they drive (Kafka's GroupMetadataManager,
// classicGroup* methods), plus the timers: session expiry, rebalance timeout, initial delay, pending sync.
internal sealed partial class ClassicGroup
{
    // Kafka's classicGroupNewMemberJoinTimeoutMs: a new member's parked join gives up after 5 minutes, so that
    // clients that disconnected during a long rebalance do not pile up as defunct members.
    private const int NewMemberJoinTimeoutMs = 300_000;

    private readonly Deadline _joinDeadline;
    private readonly Deadline _syncDeadline;

    // The first rebalance of an empty group waits group.initial.rebalance.delay.ms, extended while members arrive.
    private bool _initialRebalance;
    private bool _newMemberAdded;
    private int _initialDelayMs;
    private int _initialRemainingMs;

    /// <summary>
    /// JoinGroup. <paramref name="rebalanceTimeoutMs"/> is the request's (its session timeout for v0);
    /// <paramref name="requireKnownMemberId"/> is true from v4 (KIP-394). The task completes when the join phase does.
    /// </summary>
    public Task<JoinGroupResponse> Join(JoinGroupRequest request, int rebalanceTimeoutMs, bool requireKnownMemberId, GroupClient client)
    {
        var memberId = request.MemberId;
        if (!AcceptsJoiningMember(memberId))
        {
            // group.max.size: Kafka also drops a rejoining member that no longer fits.
            if (_members.TryGetValue(memberId, out var rejected))
            {
                Remove(rejected);
                CompleteJoinIfAllJoined();
            }

            return Task.FromResult(JoinError(ErrorCode.GroupMaxSizeReached, string.Empty));
        }

        return memberId.Length == 0
            ? JoinNewMember(request, rebalanceTimeoutMs, requireKnownMemberId, client)
            : JoinExistingMember(request, rebalanceTimeoutMs, client);
    }

    private bool AcceptsJoiningMember(string memberId)
    {
        var max = Services.Options.MaxGroupSize;
        return State switch
        {
            // Kafka counts the members already waiting in this join phase, so that the last ones to rejoin a
            // group that outgrew a lowered limit are the ones turned away.
            GroupState.PreparingRebalance =>
                (_members.TryGetValue(memberId, out var member) && member.AwaitingJoin is not null) ||
                _members.Values.Count(m => m.AwaitingJoin is not null) < max,
            GroupState.CompletingRebalance or GroupState.Stable => _members.ContainsKey(memberId) || _members.Count < max,
            _ => true,
        };
    }

    private Task<JoinGroupResponse> JoinNewMember(JoinGroupRequest request, int rebalanceTimeoutMs, bool requireKnownMemberId, GroupClient client)
    {
        if (!SupportsProtocols(request.ProtocolType, request.Protocols))
        {
            return Task.FromResult(JoinError(ErrorCode.InconsistentGroupProtocol, string.Empty));
        }

        // Kafka's member id: the instance id (static) or client id (dynamic), a dash and a random UUID.
        var newMemberId = (request.GroupInstanceId ?? client.ClientId) + "-" + Guid.NewGuid().ToString("D");
        if (request.GroupInstanceId is { } instanceId)
        {
            return _staticMembers.TryGetValue(instanceId, out var oldMemberId)
                ? ReplaceStaticMember(request, rebalanceTimeoutMs, oldMemberId, newMemberId)
                : AddMemberAndRebalance(newMemberId, request, rebalanceTimeoutMs, client);
        }

        if (requireKnownMemberId)
        {
            // KIP-394: the id is remembered for one session timeout; the client rejoins with it at once.
            var pending = new Deadline(this, () => OnPendingMemberExpired(newMemberId));
            _pendingMembers.Add(newMemberId, pending);
            pending.Schedule(request.SessionTimeoutMs);
            GroupLog.MemberIdRequired(Services.Logger, Id, newMemberId);
            return Task.FromResult(JoinError(ErrorCode.MemberIdRequired, newMemberId));
        }

        return AddMemberAndRebalance(newMemberId, request, rebalanceTimeoutMs, client);
    }

    private Task<JoinGroupResponse> JoinExistingMember(JoinGroupRequest request, int rebalanceTimeoutMs, GroupClient client)
    {
        var memberId = request.MemberId;
        if (!SupportsProtocols(request.ProtocolType, request.Protocols))
        {
            return Task.FromResult(JoinError(ErrorCode.InconsistentGroupProtocol, memberId));
        }

        if (request.GroupInstanceId is null && _pendingMembers.ContainsKey(memberId))
        {
            return AddMemberAndRebalance(memberId, request, rebalanceTimeoutMs, client);
        }

        var error = ValidateMember(memberId, request.GroupInstanceId);
        if (error != ErrorCode.None)
        {
            return Task.FromResult(JoinError(error, memberId));
        }

        var member = _members[memberId];
        switch (State)
        {
            case GroupState.PreparingRebalance:
                return UpdateMemberAndRebalance(member, request, rebalanceTimeoutMs, "member " + memberId + " rejoined");
            case GroupState.CompletingRebalance when member.Matches(request.Protocols):
                // It lost the join response: give the current generation again.
                return Task.FromResult(CurrentGeneration(member, includeMembers: IsLeader(member)));
            case GroupState.CompletingRebalance:
                return UpdateMemberAndRebalance(member, request, rebalanceTimeoutMs, "member " + memberId + " changed its metadata");
            case GroupState.Stable when IsLeader(member):
                // The leader rejoins to have the group reassigned (for instance after topic metadata changed).
                return UpdateMemberAndRebalance(member, request, rebalanceTimeoutMs, "leader " + memberId + " rejoined");
            case GroupState.Stable when !member.Matches(request.Protocols):
                return UpdateMemberAndRebalance(member, request, rebalanceTimeoutMs, "member " + memberId + " changed its metadata");
            case GroupState.Stable:
                return Task.FromResult(CurrentGeneration(member, includeMembers: false));
            default:
                return Task.FromResult(JoinError(ErrorCode.UnknownMemberId, memberId));
        }
    }

    private Task<JoinGroupResponse> AddMemberAndRebalance(string memberId, JoinGroupRequest request, int rebalanceTimeoutMs, GroupClient client)
    {
        var member = new GroupMember(this, memberId, request.GroupInstanceId, client, request.ProtocolType)
        {
            SessionTimeoutMs = request.SessionTimeoutMs,
            RebalanceTimeoutMs = rebalanceTimeoutMs,
            Protocols = request.Protocols,
            IsNew = true,
        };
        if (State == GroupState.PreparingRebalance && _initialRebalance)
        {
            _newMemberAdded = true;
        }

        var waiter = NewWaiter<JoinGroupResponse>();
        member.AwaitingJoin = waiter;
        Add(member);
        member.Session.Schedule(NewMemberJoinTimeoutMs);
        GroupLog.MemberJoined(Services.Logger, Id, memberId);
        MaybePrepareRebalanceOrCompleteJoin("member " + memberId + " joined");
        return waiter.Task;
    }

    private Task<JoinGroupResponse> UpdateMemberAndRebalance(GroupMember member, JoinGroupRequest request, int rebalanceTimeoutMs, string reason)
    {
        var waiter = NewWaiter<JoinGroupResponse>();
        // A second join while the first is still parked: the client gave up on the first one.
        member.AwaitingJoin?.TrySetResult(JoinError(ErrorCode.RebalanceInProgress, member.MemberId));
        member.AwaitingJoin = waiter;
        SetProtocols(member, request.Protocols);
        member.SessionTimeoutMs = request.SessionTimeoutMs;
        member.RebalanceTimeoutMs = rebalanceTimeoutMs;
        MaybePrepareRebalanceOrCompleteJoin(reason);
        return waiter.Task;
    }

    /// <summary>
    /// A static member rejoins without a member id (it restarted): it takes over the old member's place under a
    /// new id and the old id is fenced. A stable group whose chosen protocol does not change is not rebalanced;
    /// the member gets the current generation and, through SyncGroup, its previous assignment (KIP-345).
    /// </summary>
    private Task<JoinGroupResponse> ReplaceStaticMember(JoinGroupRequest request, int rebalanceTimeoutMs, string oldMemberId, string newMemberId)
    {
        var oldMember = _members[oldMemberId];
        var currentLeader = LeaderId;
        oldMember.Session.Dispose();
        oldMember.AwaitingJoin?.TrySetResult(JoinError(ErrorCode.FencedInstanceId, oldMemberId));
        oldMember.AwaitingSync?.TrySetResult(SyncError(ErrorCode.FencedInstanceId));
        _members.Remove(oldMemberId);
        CountProtocols(oldMember, -1);
        _pendingSync.Remove(oldMemberId);

        var member = new GroupMember(this, newMemberId, oldMember.InstanceId, oldMember.Client, oldMember.ProtocolType)
        {
            SessionTimeoutMs = request.SessionTimeoutMs,
            RebalanceTimeoutMs = rebalanceTimeoutMs,
            Protocols = request.Protocols,
            Assignment = oldMember.Assignment,
        };
        _members.Add(newMemberId, member);
        CountProtocols(member, +1);
        _staticMembers[request.GroupInstanceId!] = newMemberId;
        if (LeaderId == oldMemberId)
        {
            LeaderId = newMemberId;
        }

        member.Session.Schedule(member.SessionTimeoutMs);
        GroupLog.StaticMemberReplaced(Services.Logger, Id, request.GroupInstanceId!, newMemberId, oldMemberId);

        var waiter = NewWaiter<JoinGroupResponse>();
        member.AwaitingJoin = waiter;
        switch (State)
        {
            case GroupState.Stable when SelectProtocol() == ProtocolName:
                // No rebalance. The leader id answered is the one before the replacement, so a returning
                // leader acts as a follower and simply syncs to get its assignment back (Kafka does the same).
                member.AwaitingJoin = null;
                waiter.TrySetResult(new JoinGroupResponse
                {
                    MemberId = newMemberId,
                    GenerationId = Generation,
                    ProtocolType = ProtocolType,
                    ProtocolName = ProtocolName,
                    Leader = currentLeader ?? string.Empty,
                });
                break;
            case GroupState.Stable:
                MaybePrepareRebalanceOrCompleteJoin("static member " + request.GroupInstanceId + " rejoined with a change of protocol");
                break;
            case GroupState.CompletingRebalance:
                // The leader may already be assigning to the old id: start over so that the new id gets an assignment.
                PrepareRebalance("static member " + request.GroupInstanceId + " rejoined while the group was completing a rebalance");
                break;
            default:
                MaybeCompleteJoinPhase();
                break;
        }

        return waiter.Task;
    }

    /// <summary>SyncGroup. The leader's call carries every member's assignment; the others wait for it.</summary>
    public Task<SyncGroupResponse> Sync(SyncGroupRequest request)
    {
        if (State == GroupState.Empty)
        {
            return Task.FromResult(SyncError(ErrorCode.UnknownMemberId));
        }

        var error = ValidateMember(request.MemberId, request.GroupInstanceId);
        if (error == ErrorCode.None && request.GenerationId != Generation)
        {
            error = ErrorCode.IllegalGeneration;
        }

        // v5 (KIP-559) sends the protocol type and name back for the coordinator to check.
        if (error == ErrorCode.None && (IsInconsistent(request.ProtocolType, ProtocolType) || IsInconsistent(request.ProtocolName, ProtocolName)))
        {
            error = ErrorCode.InconsistentGroupProtocol;
        }

        if (error == ErrorCode.None && State == GroupState.PreparingRebalance)
        {
            error = ErrorCode.RebalanceInProgress;
        }

        if (error != ErrorCode.None)
        {
            return Task.FromResult(SyncError(error));
        }

        var member = _members[request.MemberId];
        RemovePendingSync(member.MemberId);
        if (State == GroupState.Stable)
        {
            return Task.FromResult(Assignment(member));
        }

        var waiter = NewWaiter<SyncGroupResponse>();
        member.AwaitingSync?.TrySetResult(SyncError(ErrorCode.RebalanceInProgress));
        member.AwaitingSync = waiter;
        if (IsLeader(member))
        {
            var assignments = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var assignment in request.Assignments)
            {
                assignments[assignment.MemberId] = assignment.Assignment;
            }

            foreach (var each in _members.Values)
            {
                each.Assignment = assignments.TryGetValue(each.MemberId, out var bytes) ? bytes : EmptyAssignment();
            }

            PropagateAssignment(ErrorCode.None);
            TransitionTo(GroupState.Stable);
        }

        return waiter.Task;
    }

    private static bool IsInconsistent(string? requested, string? actual) => requested is not null && actual is not null && requested != actual;

    // Members the leader left out get an assignment their client can decode (see ConsumerProtocol.EmptyAssignment).
    private byte[] EmptyAssignment() => ProtocolType == ConsumerProtocol.ProtocolType ? ConsumerProtocol.EmptyAssignment.ToArray() : [];

    private SyncGroupResponse Assignment(GroupMember member) => new()
    {
        ProtocolType = ProtocolType,
        ProtocolName = ProtocolName,
        Assignment = member.Assignment,
    };

    private void RemovePendingSync(string memberId)
    {
        _pendingSync.Remove(memberId);
        if (_pendingSync.Count == 0)
        {
            _syncDeadline.Cancel();
        }
    }

    /// <summary>Answers every parked SyncGroup, and restarts the sessions of those members.</summary>
    private void PropagateAssignment(ErrorCode error)
    {
        foreach (var member in _members.Values)
        {
            if (member.AwaitingSync is not { } waiter)
            {
                continue;
            }

            waiter.TrySetResult(error == ErrorCode.None ? Assignment(member) : SyncError(error));
            member.AwaitingSync = null;
            member.Session.Schedule(member.SessionTimeoutMs);
        }
    }

    /// <summary>Heartbeat: keeps the member's session and tells it whether a rebalance is under way.</summary>
    public ErrorCode Heartbeat(HeartbeatRequest request)
    {
        var error = ValidateMember(request.MemberId, request.GroupInstanceId);
        if (error != ErrorCode.None)
        {
            return error;
        }

        if (request.GenerationId != Generation)
        {
            return ErrorCode.IllegalGeneration;
        }

        var member = _members[request.MemberId];
        member.Session.Schedule(member.SessionTimeoutMs);
        // Heartbeats during CompletingRebalance are answered normally, as Kafka does: members start heartbeating
        // as soon as they have their join response.
        return State == GroupState.PreparingRebalance ? ErrorCode.RebalanceInProgress : ErrorCode.None;
    }

    /// <summary>LeaveGroup (v3+ shape): members leave by member id, or static members by instance id alone.</summary>
    public List<LeaveGroupResponse.Member> Leave(List<LeaveGroupRequest.Member> leaving)
    {
        var results = new List<LeaveGroupResponse.Member>(leaving.Count);
        var anyLeft = false;
        foreach (var identity in leaving)
        {
            var error = LeaveOne(identity.MemberId, identity.GroupInstanceId);
            anyLeft |= error == ErrorCode.None;
            results.Add(new LeaveGroupResponse.Member { MemberId = identity.MemberId, GroupInstanceId = identity.GroupInstanceId, ErrorCode = (short)error });
        }

        if (anyLeft)
        {
            if (State is GroupState.Stable or GroupState.CompletingRebalance)
            {
                MaybePrepareRebalanceOrCompleteJoin("members left the group");
            }
            else if (State == GroupState.PreparingRebalance)
            {
                MaybeCompleteJoinPhase();
            }
        }

        return results;
    }

    private ErrorCode LeaveOne(string memberId, string? instanceId)
    {
        if (memberId.Length == 0)
        {
            // An administrator removing a static member by its instance id (KIP-345).
            if (instanceId is null || !_staticMembers.TryGetValue(instanceId, out var staticMemberId))
            {
                return ErrorCode.UnknownMemberId;
            }

            memberId = staticMemberId;
        }
        else if (_pendingMembers.Remove(memberId, out var pending))
        {
            pending.Dispose();
            return ErrorCode.None;
        }
        else
        {
            var error = ValidateMember(memberId, instanceId);
            if (error != ErrorCode.None)
            {
                return error;
            }
        }

        Remove(_members[memberId]);
        GroupLog.MemberLeft(Services.Logger, Id, memberId);
        return ErrorCode.None;
    }

    /// <summary>The connection of a parked JoinGroup closed: the member no longer waits; a new one is dropped.</summary>
    public void AbandonJoin(Task<JoinGroupResponse> parked, ErrorCode error)
    {
        var member = _members.Values.FirstOrDefault(m => m.AwaitingJoin?.Task == parked);
        if (member is null)
        {
            return;
        }

        member.AwaitingJoin!.TrySetResult(JoinError(error, string.Empty));
        member.AwaitingJoin = null;
        if (member.IsNew)
        {
            Remove(member);
            CompleteJoinIfAllJoined();
        }
        else
        {
            // Waiting no longer keeps its session: it must come back within it like any member.
            member.Session.Schedule(member.SessionTimeoutMs);
        }
    }

    /// <summary>The connection of a parked SyncGroup closed: the member no longer waits.</summary>
    public void AbandonSync(Task<SyncGroupResponse> parked, ErrorCode error)
    {
        var member = _members.Values.FirstOrDefault(m => m.AwaitingSync?.Task == parked);
        if (member is not null)
        {
            member.AwaitingSync!.TrySetResult(SyncError(error));
            member.AwaitingSync = null;
            member.Session.Schedule(member.SessionTimeoutMs);
        }
    }

    internal void OnSessionExpired(GroupMember member)
    {
        if (!_members.TryGetValue(member.MemberId, out var current) || current != member || member.HasSatisfiedHeartbeat)
        {
            return;
        }

        GroupLog.SessionExpired(Services.Logger, Id, member.MemberId, member.SessionTimeoutMs);
        Remove(member);
        if (State is GroupState.Stable or GroupState.CompletingRebalance)
        {
            MaybePrepareRebalanceOrCompleteJoin("member " + member.MemberId + " left (session timeout)");
        }
        else
        {
            CompleteJoinIfAllJoined();
        }
    }

    private void OnPendingMemberExpired(string memberId)
    {
        if (_pendingMembers.Remove(memberId, out var pending))
        {
            pending.Dispose();
            GroupLog.PendingMemberExpired(Services.Logger, Id, memberId);
            CompleteJoinIfAllJoined();
        }
    }

    private void OnJoinDeadline()
    {
        if (!_initialRebalance)
        {
            CompleteJoin();
            return;
        }

        if (_newMemberAdded && _initialRemainingMs != 0)
        {
            // Someone joined during the delay: wait once more, within what is left of the rebalance timeout.
            _newMemberAdded = false;
            var delay = Math.Min(Services.Options.InitialRebalanceDelayMs, _initialRemainingMs);
            _initialRemainingMs = Math.Max(_initialRemainingMs - _initialDelayMs, 0);
            _initialDelayMs = delay;
            _joinDeadline.Schedule(delay);
            return;
        }

        CompleteJoin();
    }

    /// <summary>Members of the generation that did not sync within the rebalance timeout are removed.</summary>
    private void OnSyncDeadline()
    {
        if (State is not (GroupState.CompletingRebalance or GroupState.Stable) || _pendingSync.Count == 0)
        {
            return;
        }

        foreach (var memberId in _pendingSync.ToList())
        {
            if (_members.TryGetValue(memberId, out var member))
            {
                GroupLog.MemberDidNotSync(Services.Logger, Id, memberId);
                Remove(member);
            }
        }

        PrepareRebalance("members did not send SyncGroup in time");
    }

    private void MaybePrepareRebalanceOrCompleteJoin(string reason)
    {
        if (State is GroupState.Stable or GroupState.CompletingRebalance or GroupState.Empty)
        {
            PrepareRebalance(reason);
        }
        else
        {
            MaybeCompleteJoinPhase();
        }
    }

    private void PrepareRebalance(string reason)
    {
        if (State == GroupState.CompletingRebalance)
        {
            // Parked syncs get REBALANCE_IN_PROGRESS and rejoin.
            foreach (var member in _members.Values)
            {
                member.Assignment = [];
            }

            PropagateAssignment(ErrorCode.RebalanceInProgress);
        }

        _syncDeadline.Cancel();
        _pendingSync.Clear();
        var initial = State == GroupState.Empty;
        TransitionTo(GroupState.PreparingRebalance);
        GroupLog.PreparingRebalance(Services.Logger, Id, Generation, reason);

        var delay = Services.Options.InitialRebalanceDelayMs;
        if (initial && delay > 0)
        {
            _initialRebalance = true;
            _newMemberAdded = false;
            _initialDelayMs = delay;
            _initialRemainingMs = Math.Max(RebalanceTimeoutMs - delay, 0);
            _joinDeadline.Schedule(delay);
        }
        else if (AllMembersJoined)
        {
            CompleteJoin();
        }
        else
        {
            _joinDeadline.Schedule(RebalanceTimeoutMs);
        }
    }

    /// <summary>Completes the join phase once everyone is in, except during the initial delay.</summary>
    private void MaybeCompleteJoinPhase()
    {
        if (State == GroupState.PreparingRebalance && !_initialRebalance && AllMembersJoined)
        {
            CompleteJoin();
        }
    }

    /// <summary>After a member is removed: a join phase waiting only for it completes now (even an initial one, as in Kafka).</summary>
    private void CompleteJoinIfAllJoined()
    {
        if (State == GroupState.PreparingRebalance && AllMembersJoined)
        {
            CompleteJoin();
        }
    }

    /// <summary>
    /// Ends the join phase: dynamic members that did not rejoin are dropped (static ones stay until their session
    /// ends), the generation is bumped, a protocol chosen, and every parked join answered; the leader gets every
    /// member's metadata. Then members have one rebalance timeout to send SyncGroup.
    /// </summary>
    private void CompleteJoin()
    {
        _joinDeadline.Cancel();
        _initialRebalance = false;
        foreach (var member in _members.Values.Where(m => m.AwaitingJoin is null && m.InstanceId is null).ToList())
        {
            GroupLog.MemberDidNotRejoin(Services.Logger, Id, member.MemberId);
            Remove(member);
        }

        if (_members.Count > 0 && !ElectJoinedLeader())
        {
            // Only static members that have not rejoined are left: wait for them or for their sessions to end.
            _joinDeadline.Schedule(RebalanceTimeoutMs);
            return;
        }

        Generation++;
        _pendingSync.Clear();
        if (_members.Count == 0)
        {
            ProtocolName = null;
            _subscribedTopics = null;
            TransitionTo(GroupState.Empty);
            GroupLog.GroupEmpty(Services.Logger, Id, Generation);
            return;
        }

        ProtocolName = SelectProtocol();
        _subscribedTopics = ComputeSubscribedTopics();
        TransitionTo(GroupState.CompletingRebalance);
        GroupLog.GenerationFormed(Services.Logger, Id, Generation, _members.Count, ProtocolName, LeaderId);
        foreach (var member in _members.Values)
        {
            if (member.AwaitingJoin is { } waiter)
            {
                member.AwaitingJoin = null;
                waiter.TrySetResult(CurrentGeneration(member, includeMembers: IsLeader(member)));
            }

            member.Session.Schedule(member.SessionTimeoutMs);
            member.IsNew = false;
            _pendingSync.Add(member.MemberId);
        }

        _syncDeadline.Schedule(RebalanceTimeoutMs);
    }

    /// <summary>Keeps the leader if it rejoined, else hands leadership to a member that did; false if none did.</summary>
    private bool ElectJoinedLeader()
    {
        if (LeaderId is not null && _members.TryGetValue(LeaderId, out var leader) && leader.AwaitingJoin is not null)
        {
            return true;
        }

        var joined = _members.Values.FirstOrDefault(m => m.AwaitingJoin is not null);
        if (joined is null)
        {
            return false;
        }

        LeaderId = joined.MemberId;
        return true;
    }

    private JoinGroupResponse CurrentGeneration(GroupMember member, bool includeMembers)
    {
        var response = new JoinGroupResponse
        {
            GenerationId = Generation,
            ProtocolType = ProtocolType,
            ProtocolName = ProtocolName,
            Leader = LeaderId ?? string.Empty,
            MemberId = member.MemberId,
        };
        if (includeMembers)
        {
            foreach (var each in _members.Values)
            {
                response.Members.Add(new JoinGroupResponse.Member
                {
                    MemberId = each.MemberId,
                    GroupInstanceId = each.InstanceId,
                    Metadata = each.MetadataFor(ProtocolName),
                });
            }
        }

        return response;
    }
}
