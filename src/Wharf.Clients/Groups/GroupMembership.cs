using System.Globalization;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Wharf.Clients.Wire;
using Wharf.Protocol;
using Wharf.Protocol.Messages;

namespace Wharf.Clients.Groups;

/// <summary>
/// A member of a classic Kafka group on Wharf's own wire codecs (librdkafka cannot run protocol types other than
/// <c>consumer</c>): finds the coordinator (FindCoordinator), joins (JoinGroup, retrying with the id a v4+
/// coordinator hands out with MEMBER_ID_REQUIRED, KIP-394), lets the leader assign (SyncGroup), heartbeats on a
/// timer, rejoins on REBALANCE_IN_PROGRESS or when asked, rediscovers a moved coordinator, and leaves the group
/// (LeaveGroup) when disposed, after revoking. Versions are the highest both sides implement, so the same code
/// talks to Wharf's broker and to Apache Kafka.
/// </summary>
public sealed partial class GroupMembership : IAsyncDisposable
{
    private static readonly ApiKey[] RequiredApis = [ApiKey.FindCoordinator, ApiKey.JoinGroup, ApiKey.SyncGroup, ApiKey.Heartbeat, ApiKey.LeaveGroup];

    private readonly GroupMembershipOptions _options;
    private readonly IGroupMembershipHandler _handler;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _wake = new(0);
    private KafkaWireConnection? _coordinator;
    private Task? _loop;
    private Task? _assigning;
    private bool _assigned;
    private volatile bool _rejoinRequested;
    private string _memberId = string.Empty;
    private int _generation = -1;

    public GroupMembership(GroupMembershipOptions options, IGroupMembershipHandler handler, ILogger logger)
    {
        _options = options;
        _handler = handler;
        _logger = logger;
    }

    /// <summary>The id the coordinator gave this member ("" before the first join).</summary>
    public string MemberId => _memberId;

    /// <summary>Starts joining in the background; assignments arrive through the handler.</summary>
    public void Start() => _loop ??= Task.Run(() => RunAsync(_stopping.Token));

    /// <summary>Leaves the current generation and joins again (for example because what the leader assigns changed).</summary>
    public void RequestRejoin()
    {
        _rejoinRequested = true;
        _wake.Release();
    }

    /// <summary>Stops heartbeating, revokes the assignment, then leaves the group so that the others rebalance at once.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        await RevokeAsync(CancellationToken.None);
        if (_coordinator is { } coordinator && _memberId.Length > 0)
        {
            await LeaveAsync(coordinator.Host, coordinator.Port);
        }

        await DropCoordinatorAsync();
        _stopping.Dispose();
        _wake.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var coordinator = _coordinator ??= await FindCoordinatorAsync(cancellationToken);
                await RevokeAsync(cancellationToken);
                _rejoinRequested = false;
                if (await JoinAndSyncAsync(coordinator, cancellationToken) is { } assignment)
                {
                    _assigned = true;
                    _assigning = Task.Run(() => _handler.OnAssignedAsync(assignment, cancellationToken), CancellationToken.None);
                    await HeartbeatAsync(coordinator, cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is IOException or SocketException)
            {
                Log.CoordinatorLost(_logger, _options.GroupId, exception.Message);
                await DropCoordinatorAsync();
                await BackoffAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The handler failed: the member stays in the group and tries the next round.
                Log.HandlerFailed(_logger, exception, _options.GroupId);
                await BackoffAsync(cancellationToken);
            }
        }
    }

    /// <summary>One round of JoinGroup and SyncGroup; null when the round must be retried.</summary>
    private async Task<GroupAssignment?> JoinAndSyncAsync(KafkaWireConnection coordinator, CancellationToken cancellationToken)
    {
        var protocols = _handler.Protocols();
        var join = await coordinator.SendAsync<JoinGroupRequest, JoinGroupResponse>(new JoinGroupRequest
        {
            GroupId = _options.GroupId,
            SessionTimeoutMs = Milliseconds(_options.SessionTimeout),
            RebalanceTimeoutMs = Milliseconds(_options.RebalanceTimeout),
            MemberId = _memberId,
            ProtocolType = _handler.ProtocolType,
            Protocols = protocols.Select(p => new JoinGroupRequest.Protocol { Name = p.Name, Metadata = p.Metadata }).ToList(),
        }, cancellationToken);
        var error = (ErrorCode)join.ErrorCode;
        if (error == ErrorCode.MemberIdRequired)
        {
            // KIP-394: the coordinator names the member and expects it back at once.
            _memberId = join.MemberId;
            return null;
        }

        if (error != ErrorCode.None)
        {
            await HandleErrorAsync("JoinGroup", error, cancellationToken);
            return null;
        }

        _memberId = join.MemberId;
        _generation = join.GenerationId;
        var protocol = join.ProtocolName ?? protocols[0].Name;
        var assignments = new List<SyncGroupRequest.MemberAssignment>();
        if (join.Leader == join.MemberId)
        {
            var members = join.Members.Select(m => new GroupMemberMetadata(m.MemberId, m.Metadata)).ToList();
            assignments = _handler.Assign(protocol, join.Leader, members)
                .Select(kv => new SyncGroupRequest.MemberAssignment { MemberId = kv.Key, Assignment = kv.Value })
                .ToList();
        }

        var sync = await coordinator.SendAsync<SyncGroupRequest, SyncGroupResponse>(new SyncGroupRequest
        {
            GroupId = _options.GroupId,
            GenerationId = _generation,
            MemberId = _memberId,
            ProtocolType = _handler.ProtocolType,
            ProtocolName = protocol,
            Assignments = assignments,
        }, cancellationToken);
        if ((ErrorCode)sync.ErrorCode != ErrorCode.None)
        {
            await HandleErrorAsync("SyncGroup", (ErrorCode)sync.ErrorCode, cancellationToken);
            return null;
        }

        Log.Joined(_logger, _options.GroupId, _memberId, _generation, join.Leader);
        return new GroupAssignment(_generation, _memberId, join.Leader, protocol, sync.Assignment);
    }

    /// <summary>Heartbeats until the group rebalances, the coordinator moves, the member is fenced or a rejoin is asked for.</summary>
    private async Task HeartbeatAsync(KafkaWireConnection coordinator, CancellationToken cancellationToken)
    {
        while (true)
        {
            await _wake.WaitAsync(_options.HeartbeatInterval, cancellationToken);
            if (_rejoinRequested)
            {
                return;
            }

            var answer = await coordinator.SendAsync<HeartbeatRequest, HeartbeatResponse>(new HeartbeatRequest
            {
                GroupId = _options.GroupId,
                GenerationId = _generation,
                MemberId = _memberId,
            }, cancellationToken);
            var error = (ErrorCode)answer.ErrorCode;
            if (error != ErrorCode.None)
            {
                await HandleErrorAsync("Heartbeat", error, cancellationToken);
                return;
            }
        }
    }

    /// <summary>What an error answer means for the next round: rejoin, rejoin as a new member, or find the coordinator again.</summary>
    private async Task HandleErrorAsync(string request, ErrorCode error, CancellationToken cancellationToken)
    {
        switch (error)
        {
            case ErrorCode.RebalanceInProgress:
                Log.Rebalancing(_logger, _options.GroupId, request);
                return;
            case ErrorCode.UnknownMemberId or ErrorCode.IllegalGeneration or ErrorCode.FencedInstanceId:
                Log.Fenced(_logger, _options.GroupId, _memberId, request, error.ToString());
                _memberId = error == ErrorCode.IllegalGeneration ? _memberId : string.Empty;
                _generation = -1;
                return;
            case ErrorCode.NotCoordinator or ErrorCode.CoordinatorNotAvailable or ErrorCode.CoordinatorLoadInProgress:
                Log.CoordinatorLost(_logger, _options.GroupId, request + ": " + error);
                await DropCoordinatorAsync();
                await BackoffAsync(cancellationToken);
                return;
            default:
                Log.RequestFailed(_logger, _options.GroupId, request, error.ToString());
                await BackoffAsync(cancellationToken);
                return;
        }
    }

    private async Task<KafkaWireConnection> FindCoordinatorAsync(CancellationToken cancellationToken)
    {
        var servers = BootstrapServers.Parse(_options.BootstrapServers);
        for (var attempt = 0; ; attempt++)
        {
            var (host, port) = servers[attempt % servers.Count];
            try
            {
                await using var bootstrap = await KafkaWireConnection.ConnectAsync(host, port, _options.ClientId, RequiredApis, cancellationToken);
                var answer = await bootstrap.SendAsync<FindCoordinatorRequest, FindCoordinatorResponse>(new FindCoordinatorRequest { Key = _options.GroupId, KeyType = 0 }, cancellationToken);
                if ((ErrorCode)answer.ErrorCode == ErrorCode.None)
                {
                    var coordinator = await KafkaWireConnection.ConnectAsync(answer.Host, answer.Port, _options.ClientId, RequiredApis, cancellationToken);
                    Log.CoordinatorFound(_logger, _options.GroupId, answer.Host + ":" + answer.Port.ToString(CultureInfo.InvariantCulture));
                    return coordinator;
                }

                Log.RequestFailed(_logger, _options.GroupId, "FindCoordinator", ((ErrorCode)answer.ErrorCode).ToString());
            }
            catch (Exception exception) when (exception is IOException or SocketException)
            {
                Log.CoordinatorLost(_logger, _options.GroupId, host + ":" + port + ": " + exception.Message);
            }

            await BackoffAsync(cancellationToken);
        }
    }

    /// <summary>Eager protocols give everything back before joining again; the handler finishes applying an assignment first.</summary>
    private async Task RevokeAsync(CancellationToken cancellationToken)
    {
        if (_assigning is { } assigning)
        {
            _assigning = null;
            try
            {
                await assigning;
            }
            catch (OperationCanceledException)
            {
                // Stopping while an assignment was being applied: it is revoked below all the same.
            }
            catch (Exception exception)
            {
                // Applying it failed part way: whatever did start is revoked below.
                Log.HandlerFailed(_logger, exception, _options.GroupId);
            }
        }

        if (_assigned)
        {
            _assigned = false;
            await _handler.OnRevokedAsync(cancellationToken);
        }
    }

    private async Task LeaveAsync(string host, int port)
    {
        try
        {
            using var timeout = new CancellationTokenSource(_options.SessionTimeout);
            await using var connection = await KafkaWireConnection.ConnectAsync(host, port, _options.ClientId, RequiredApis, timeout.Token);
            var request = connection.VersionOf(ApiKey.LeaveGroup) >= 3
                ? new LeaveGroupRequest { GroupId = _options.GroupId, Members = [new LeaveGroupRequest.Member { MemberId = _memberId }] }
                : new LeaveGroupRequest { GroupId = _options.GroupId, MemberId = _memberId };
            await connection.SendAsync<LeaveGroupRequest, LeaveGroupResponse>(request, timeout.Token);
            Log.Left(_logger, _options.GroupId, _memberId);
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException)
        {
            // The coordinator drops the member after its session timeout instead.
            Log.CoordinatorLost(_logger, _options.GroupId, "LeaveGroup: " + exception.Message);
        }
    }

    private async Task DropCoordinatorAsync()
    {
        if (_coordinator is { } coordinator)
        {
            _coordinator = null;
            await coordinator.DisposeAsync();
        }
    }

    private Task BackoffAsync(CancellationToken cancellationToken) => Task.Delay(_options.RetryBackoff, cancellationToken);

    private static int Milliseconds(TimeSpan span) => (int)Math.Min(int.MaxValue, span.TotalMilliseconds);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Group {Group}: coordinator at {Coordinator}")]
        public static partial void CoordinatorFound(ILogger logger, string group, string coordinator);

        [LoggerMessage(2, LogLevel.Warning, "Group {Group}: coordinator unreachable or moved ({Reason}); finding it again")]
        public static partial void CoordinatorLost(ILogger logger, string group, string reason);

        [LoggerMessage(3, LogLevel.Information, "Group {Group}: joined as {Member} in generation {Generation} (leader {Leader})")]
        public static partial void Joined(ILogger logger, string group, string member, int generation, string leader);

        [LoggerMessage(4, LogLevel.Information, "Group {Group}: rebalancing ({Request} answered REBALANCE_IN_PROGRESS)")]
        public static partial void Rebalancing(ILogger logger, string group, string request);

        [LoggerMessage(5, LogLevel.Warning, "Group {Group}: member {Member} is no longer in the generation ({Request} answered {Error}); rejoining")]
        public static partial void Fenced(ILogger logger, string group, string member, string request, string error);

        [LoggerMessage(6, LogLevel.Warning, "Group {Group}: {Request} failed with {Error}; retrying")]
        public static partial void RequestFailed(ILogger logger, string group, string request, string error);

        [LoggerMessage(7, LogLevel.Information, "Group {Group}: member {Member} left")]
        public static partial void Left(ILogger logger, string group, string member);

        [LoggerMessage(8, LogLevel.Error, "Group {Group}: the membership handler failed")]
        public static partial void HandlerFailed(ILogger logger, Exception exception, string group);
    }
}
