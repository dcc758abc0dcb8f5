using Microsoft.Extensions.Logging;
using Wharf.Clients.Groups;
using Wharf.Connect.Logging;
using Wharf.Connect.Runtime;

namespace Wharf.Connect.Cluster;

/// <summary>
/// This worker's membership in its Connect cluster (the workers sharing a <c>group.id</c>): joins with protocol
/// type <c>connect</c> and Connect protocol v0 metadata, assigns as the leader with <see cref="EagerAssignor"/>,
/// and hands assignments and revocations to the herder. Knows who leads and where (for forwarding REST writes).
/// </summary>
internal sealed class WorkerGroup : IGroupMembershipHandler, IAsyncDisposable
{
    private readonly GroupMembership _membership;
    private readonly IClusterWorker _worker;
    private readonly string _url;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _firstAssignment = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile ConnectAssignment? _assignment;
    private volatile string? _memberId;
    private volatile string? _leaderId;
    private volatile bool _leaving;
    private volatile IReadOnlyDictionary<string, (string Url, ConnectAssignment Assignment)> _assigned = new Dictionary<string, (string, ConnectAssignment)>();

    public WorkerGroup(GroupMembershipOptions options, string url, IClusterWorker worker, ILogger logger)
    {
        _url = url;
        _worker = worker;
        _logger = logger;
        _membership = new GroupMembership(options, this, logger);
    }

    public string ProtocolType => ConnectProtocol.ProtocolType;

    /// <summary>Completes once this worker has started what its first assignment gave it.</summary>
    public Task FirstAssignment => _firstAssignment.Task;

    /// <summary>The current assignment; null before the first one and during a rebalance.</summary>
    public ConnectAssignment? Assignment => _assignment;

    /// <summary>The leader's REST URL once an assignment named it (kept during rebalances, as Apache does).</summary>
    public string? LeaderUrl { get; private set; }

    /// <summary>Whether this worker led the last generation it was assigned in.</summary>
    public bool IsLeader => _leaderId is { } leader && leader == _memberId;

    /// <summary>On the leader: the URL of the worker its last assignment gave the connector to.</summary>
    public string? OwnerUrl(string connector) => _assigned.Values.FirstOrDefault(a => a.Assignment.Connectors.Contains(connector)).Url;

    /// <summary>On the leader: the URL of the worker its last assignment gave the task to.</summary>
    public string? OwnerUrl(TaskId task) => _assigned.Values.FirstOrDefault(a => a.Assignment.Tasks.Contains(task)).Url;

    public void Start() => _membership.Start();

    public void RequestRejoin() => _membership.RequestRejoin();

    public IReadOnlyList<GroupProtocol> Protocols() =>
        [new GroupProtocol(ConnectProtocol.ProtocolName, ConnectProtocol.WriteMetadata(new WorkerMetadata(_url, _worker.ConfigOffset)))];

    public IReadOnlyDictionary<string, byte[]> Assign(string protocol, string leaderId, IReadOnlyList<GroupMemberMetadata> members)
    {
        var workers = new Dictionary<string, WorkerMetadata>(StringComparer.Ordinal);
        foreach (var member in members)
        {
            // A member whose metadata does not parse still gets an (empty) assignment, as it is in the generation.
            workers[member.MemberId] = ConnectProtocol.ReadMetadata(member.Metadata) ?? new WorkerMetadata(string.Empty, -1);
        }

        var assignments = EagerAssignor.Assign(leaderId, workers, _worker.ConfigOffset, _worker.TaskCounts());
        _assigned = assignments.ToDictionary(kv => kv.Key, kv => (workers[kv.Key].Url, kv.Value), StringComparer.Ordinal);
        return assignments.ToDictionary(kv => kv.Key, kv => ConnectProtocol.WriteAssignment(kv.Value), StringComparer.Ordinal);
    }

    public async Task OnAssignedAsync(GroupAssignment assignment, CancellationToken cancellationToken)
    {
        var decoded = ConnectProtocol.ReadAssignment(assignment.Assignment)
            ?? new ConnectAssignment(ConnectAssignment.ConfigMismatch, assignment.LeaderId, LeaderUrl ?? string.Empty, -1, [], []);
        _memberId = assignment.MemberId;
        LeaderUrl = decoded.LeaderUrl.Length > 0 ? decoded.LeaderUrl : LeaderUrl;
        if (decoded.Error != ConnectAssignment.NoError)
        {
            ClusterLog.AssignmentFailed(_logger, assignment.GenerationId, decoded.Error == ConnectAssignment.ConfigMismatch ? "CONFIG_MISMATCH" : decoded.Error.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await _worker.CatchUpAsync(cancellationToken);
            _membership.RequestRejoin();
            return;
        }

        _assignment = decoded;
        _leaderId = decoded.Leader;
        ClusterLog.Assigned(_logger, assignment.GenerationId, string.Join(", ", decoded.Connectors), string.Join(", ", decoded.Tasks), decoded.Leader, decoded.LeaderUrl);
        await _worker.AssignAsync(decoded, assignment.GenerationId, cancellationToken);
        _firstAssignment.TrySetResult();
    }

    public async Task OnRevokedAsync(CancellationToken cancellationToken)
    {
        _assignment = null;
        ClusterLog.Revoked(_logger);
        await _worker.RevokeAsync(cancellationToken);
        if (!_leaving)
        {
            // Rejoin with everything read, so that a leader is not behind (CONFIG_MISMATCH) needlessly.
            await _worker.CatchUpAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _leaving = true;
        _firstAssignment.TrySetCanceled();
        await _membership.DisposeAsync();
    }
}
