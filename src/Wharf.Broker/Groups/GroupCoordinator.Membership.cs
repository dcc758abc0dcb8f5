using Wharf.Protocol;
using Wharf.Protocol.Messages;

namespace Wharf.Broker.Groups;

// JoinGroup, SyncGroup, Heartbeat, LeaveGroup.
public sealed partial class GroupCoordinator
{
    /// <summary>
    /// JoinGroup at <paramref name="apiVersion"/> (v0 has no rebalance timeout: the session timeout serves;
    /// from v4 a dynamic member without an id gets MEMBER_ID_REQUIRED). Completes when the join phase does, or
    /// when <paramref name="abandoned"/> fires (the client's connection closed).
    /// </summary>
    public async Task<JoinGroupResponse> JoinGroupAsync(JoinGroupRequest request, short apiVersion, GroupClient client, CancellationToken abandoned = default)
    {
        var error = Availability;
        if (error == ErrorCode.None && request.GroupId.Length == 0)
        {
            error = ErrorCode.InvalidGroupId;
        }

        if (error == ErrorCode.None &&
            (request.SessionTimeoutMs < _services.Options.MinSessionTimeoutMs || request.SessionTimeoutMs > _services.Options.MaxSessionTimeoutMs))
        {
            error = ErrorCode.InvalidSessionTimeout;
        }

        if (error != ErrorCode.None)
        {
            return ClassicGroup.JoinError(error, request.MemberId);
        }

        var rebalanceTimeoutMs = apiVersion == 0 ? request.SessionTimeoutMs : request.RebalanceTimeoutMs;
        ClassicGroup group;
        Task<JoinGroupResponse> parked;
        while (true)
        {
            if (Status == Stopped)
            {
                return ClassicGroup.JoinError(ErrorCode.CoordinatorNotAvailable, request.MemberId);
            }

            // Only a member without an id creates the group; a known id in an unknown group is stale.
            if (request.MemberId.Length == 0)
            {
                group = GetOrCreate(request.GroupId);
            }
            else if (!_groups.TryGetValue(request.GroupId, out group!))
            {
                return ClassicGroup.JoinError(ErrorCode.UnknownMemberId, request.MemberId);
            }

            lock (group.Gate)
            {
                if (group.State == GroupState.Dead)
                {
                    continue;
                }

                parked = group.Join(request, rebalanceTimeoutMs, requireKnownMemberId: apiVersion >= 4, client);
                ForgetIfUnused(group);
                break;
            }
        }

        if (parked.IsCompleted)
        {
            return await parked;
        }

        using var registration = abandoned.UnsafeRegister(
            static state =>
            {
                var (group, parked) = ((ClassicGroup, Task<JoinGroupResponse>))state!;
                lock (group.Gate)
                {
                    group.AbandonJoin(parked, ErrorCode.CoordinatorNotAvailable);
                }
            },
            (group, parked));
        return await parked;
    }

    /// <summary>SyncGroup. A follower's completes when the leader's assignment arrives, or when <paramref name="abandoned"/> fires.</summary>
    public async Task<SyncGroupResponse> SyncGroupAsync(SyncGroupRequest request, CancellationToken abandoned = default)
    {
        var error = Availability;
        if (error == ErrorCode.None && request.GroupId.Length == 0)
        {
            error = ErrorCode.InvalidGroupId;
        }

        if (error != ErrorCode.None)
        {
            return ClassicGroup.SyncError(error);
        }

        ClassicGroup? group = null;
        var parked = WithGroup(request.GroupId, g =>
        {
            group = g;
            return g is null ? Task.FromResult(ClassicGroup.SyncError(ErrorCode.UnknownMemberId)) : g.Sync(request);
        });
        if (parked.IsCompleted)
        {
            return await parked;
        }

        using var registration = abandoned.UnsafeRegister(
            static state =>
            {
                var (group, parked) = ((ClassicGroup, Task<SyncGroupResponse>))state!;
                lock (group.Gate)
                {
                    group.AbandonSync(parked, ErrorCode.CoordinatorNotAvailable);
                }
            },
            (group!, parked));
        return await parked;
    }

    public HeartbeatResponse Heartbeat(HeartbeatRequest request)
    {
        var error = Availability;
        if (error == ErrorCode.None)
        {
            error = request.GroupId.Length == 0
                ? ErrorCode.InvalidGroupId
                : WithGroup(request.GroupId, group => group?.Heartbeat(request) ?? ErrorCode.UnknownMemberId);
        }

        return new HeartbeatResponse { ErrorCode = (short)error };
    }

    /// <summary>LeaveGroup in its v3+ shape (a list of members); the handler adapts v0-2's single member id.</summary>
    public LeaveGroupResponse LeaveGroup(LeaveGroupRequest request)
    {
        var error = Availability;
        if (error == ErrorCode.None && request.GroupId.Length == 0)
        {
            error = ErrorCode.InvalidGroupId;
        }

        if (error != ErrorCode.None)
        {
            return new LeaveGroupResponse { ErrorCode = (short)error };
        }

        return WithGroup(request.GroupId, group => group is null
            ? new LeaveGroupResponse { ErrorCode = (short)ErrorCode.UnknownMemberId }
            : new LeaveGroupResponse { Members = group.Leave(request.Members) });
    }
}
