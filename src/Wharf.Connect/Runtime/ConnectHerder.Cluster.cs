using Wharf.Clients.Groups;
using Wharf.Connect.Cluster;
using Wharf.Connect.Logging;
using Wharf.Connect.Plugins;
using Wharf.Connect.Storage;

namespace Wharf.Connect.Runtime;

/// <summary>
/// The herder as one worker of a cluster (distributed mode): it joins the Connect group, follows the three
/// internal topics, runs only what the leader assigned to it and, eagerly, stops everything whenever the group
/// rebalances. Every change of connectors (a config or task-config record, written by any worker) makes the
/// workers rejoin so that the leader assigns afresh; target-state records are applied where the work runs.
/// </summary>
internal sealed partial class ConnectHerder : IClusterWorker
{
    private WorkerGroup? _group;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the worker serves changes: at once alone, after the first assignment in a cluster.</summary>
    public Task Ready => _ready.Task;

    long IClusterWorker.ConfigOffset => _configs.Offset;

    IReadOnlyDictionary<string, int> IClusterWorker.TaskCounts() => _configs.TaskCounts();

    Task IClusterWorker.CatchUpAsync(CancellationToken cancellationToken) => _configs.ReadToEndAsync(cancellationToken);

    async Task IClusterWorker.AssignAsync(ConnectAssignment assignment, int generation, CancellationToken cancellationToken)
    {
        // What the previous owners committed before giving their tasks up is where the tasks resume.
        await _offsets.ReadToEndAsync(cancellationToken);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            foreach (var entry in Entries())
            {
                await StartConnectorAsync(entry, cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    async Task IClusterWorker.RevokeAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            foreach (var entry in Entries())
            {
                await StopConnectorAsync(entry, clearStatus: false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private static readonly HttpClient LeaderClient = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>The leader's side of <see cref="PublishTaskConfigs"/>: stores a connector's task configurations.</summary>
    public async Task PutTaskConfigsAsync(string name, IReadOnlyList<IReadOnlyDictionary<string, string>> configs, CancellationToken cancellationToken)
    {
        EnsureLeader();
        if (Find(name) is null)
        {
            throw new NotFoundException("Connector " + name + " not found");
        }

        await _configs.PutTaskConfigsAsync(name, configs, cancellationToken);
    }

    /// <summary>
    /// Task configurations go to the config topic through the leader (Apache's reconfigureConnector): the leader
    /// writes them itself, another worker posts them to the leader's /connectors/{c}/tasks, retrying while the
    /// leader is unknown or unreachable (a rebalance in between makes the connector generate them again).
    /// </summary>
    private void PublishTaskConfigs(string name, IReadOnlyList<IReadOnlyDictionary<string, string>> configs) => _ = Task.Run(async () =>
    {
        var body = new System.Text.Json.Nodes.JsonArray([.. configs.Select(c => new System.Text.Json.Nodes.JsonObject(c.Select(kv => KeyValuePair.Create(kv.Key, (System.Text.Json.Nodes.JsonNode?)kv.Value))))]);
        for (var attempt = 1; !_stopping.IsCancellationRequested; attempt++)
        {
            if (_group is not { } group)
            {
                // Left the cluster meanwhile: whoever runs the connector next generates them again.
                return;
            }

            try
            {
                if (group.IsLeader)
                {
                    await _configs.PutTaskConfigsAsync(name, configs, _stopping.Token);
                    return;
                }

                if (group.LeaderUrl is { } leader)
                {
                    using var content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
                    using var answer = await LeaderClient.PostAsync(new Uri(leader.TrimEnd('/') + "/connectors/" + Uri.EscapeDataString(name) + "/tasks"), content, _stopping.Token);
                    if (answer.IsSuccessStatusCode || answer.StatusCode == System.Net.HttpStatusCode.NotFound)
                    {
                        return;
                    }

                    ClusterLog.TaskConfigsNotPublished(_logger, name, leader, ((int)answer.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), attempt);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(250 * attempt, 5_000)), _stopping.Token);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or ObjectDisposedException)
            {
                ClusterLog.TaskConfigsNotPublished(_logger, name, group.LeaderUrl ?? "?", exception.Message, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(250 * attempt, 5_000)));
            }
        }
    });

    /// <summary>In distributed mode: follow the topics, join the group and wait for the first assignment (as Apache's herder serves requests only once it is a member).</summary>
    private async Task JoinClusterIfDistributedAsync(string workerId, CancellationToken cancellationToken)
    {
        if (_options.Mode != ConnectMode.Distributed)
        {
            _ready.TrySetResult();
            return;
        }

        _statuses.Follow();
        _offsets.Follow();
        _configs.Follow(OnConfigChanged);
        _group = new WorkerGroup(
            new GroupMembershipOptions
            {
                BootstrapServers = _options.BootstrapServers,
                GroupId = _options.GroupId!,
                ClientId = "connect-" + workerId,
                SessionTimeout = TimeSpan.FromMilliseconds(_options.SessionTimeoutMs),
                HeartbeatInterval = TimeSpan.FromMilliseconds(_options.HeartbeatIntervalMs),
                RebalanceTimeout = TimeSpan.FromMilliseconds(_options.RebalanceTimeoutMs),
            },
            "http://" + workerId + "/",
            this,
            _logger);
        _group.Start();
        await _group.FirstAssignment.WaitAsync(cancellationToken);
        _ready.TrySetResult();
    }

    private async Task LeaveClusterAsync()
    {
        if (_group is { } group)
        {
            _group = null;
            await group.DisposeAsync();
        }
    }

    private bool OwnsConnector(string name) => _group is not { } group || (group.Assignment?.Connectors.Contains(name) ?? false);

    /// <summary>This worker's id (advertised host:port), as statuses name the worker that runs an instance.</summary>
    public string WorkerId => _workerId;

    /// <summary>Whether the task is this worker's to run (always, outside a cluster).</summary>
    public bool RunsTask(TaskId task) => OwnsTask(task);

    private bool OwnsTask(TaskId task) => _group is not { } group || (group.Assignment?.Tasks.Contains(task) ?? false);

    /// <summary>Changes of connectors are the leader's to make: elsewhere the REST layer forwards them to it.</summary>
    private void EnsureLeader()
    {
        if (_group is not { IsLeader: false } group)
        {
            return;
        }

        throw group.LeaderUrl is { } url
            ? new RequestTargetException(url)
            : new ConnectRestException(409, "Cannot complete request momentarily due to no known leader URL, likely because a rebalance was underway.");
    }

    /// <summary>
    /// Restarts are served where the instance runs (Apache's NotAssignedException): a worker that does not run it
    /// sends the request to the leader, which knows from its assignment who does and sends it there.
    /// </summary>
    private void EnsureRunsHere(bool runsHere, Func<WorkerGroup, string?> owner)
    {
        if (_group is not { } group || runsHere)
        {
            return;
        }

        if (!group.IsLeader)
        {
            EnsureLeader();
        }

        throw owner(group) is { } url
            ? new RequestTargetException(url)
            : new ConnectRestException(409, "Cannot complete request because of a conflicting operation (e.g. worker rebalance)");
    }

    private List<ConnectorEntry> Entries()
    {
        lock (_connectors)
        {
            return [.. _connectors.Values];
        }
    }

    /// <summary>A config record (this worker's or another's) was read: bring the local view in line with the topic.</summary>
    private void OnConfigChanged(string name, ConfigChange change) => _ = Task.Run(async () =>
    {
        try
        {
            await _gate.WaitAsync(_stopping.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException)
        {
            return;
        }

        try
        {
            await ReconcileAsync(name, change);
        }
        finally
        {
            _gate.Release();
        }
    });

    private async Task ReconcileAsync(string name, ConfigChange change)
    {
        var stored = _configs.Stored(name);
        var entry = Find(name);
        if (change == ConfigChange.Restart)
        {
            if (entry is not null && _configs.RestartRequest(name) is { } restart)
            {
                var (connector, tasks) = RestartPlan(name, restart.IncludeTasks, restart.OnlyFailed);
                await RestartHereAsync(entry, connector, tasks);
            }

            return;
        }

        if (change == ConfigChange.TargetState)
        {
            if (entry is not null && stored is not null && entry.TargetState != stored.TargetState)
            {
                await ApplyTargetStateAsync(entry, stored.TargetState);
            }

            return;
        }

        if (stored is null || entry is null || !SameMap(entry.Config, stored.Config))
        {
            if (entry is not null)
            {
                await StopConnectorAsync(entry, clearStatus: false);
            }

            lock (_connectors)
            {
                if (stored is null)
                {
                    _connectors.Remove(name);
                }
                else
                {
                    var plugin = _plugins.Find(stored.Config.GetValueOrDefault(ConnectorConfig.ConnectorClass, string.Empty), PluginKind.Source, PluginKind.Sink);
                    _connectors[name] = new ConnectorEntry(name, stored.Config, plugin, stored.TargetState) { TaskConfigs = stored.TaskConfigs };
                }
            }
        }
        else if (change == ConfigChange.Tasks)
        {
            entry.TaskConfigs = stored.TaskConfigs;
        }

        // New or removed connectors and tasks are spread by a new assignment.
        _group?.RequestRejoin();
    }

    private async Task ApplyTargetStateAsync(ConnectorEntry entry, TargetState target)
    {
        var was = entry.TargetState;
        entry.TargetState = target;
        if (was == TargetState.Stopped)
        {
            await StartConnectorAsync(entry, _stopping.Token);
        }
        else if (target == TargetState.Stopped)
        {
            await StopConnectorAsync(entry, clearStatus: false);
        }
        else
        {
            var pause = target == TargetState.Paused;
            if (pause)
            {
                entry.Connector?.Pause();
            }
            else
            {
                entry.Connector?.Resume();
            }

            foreach (var task in entry.Tasks.Values)
            {
                if (pause)
                {
                    task.Pause();
                }
                else
                {
                    task.Resume();
                }
            }
        }
    }

    /// <summary>The task class of a connector that does not run here (a task may be assigned where its connector is not).</summary>
    private static Type TaskTypeOf(PluginDescriptor plugin)
    {
        var connector = PluginRegistry.Create<Api.Connectors.Connector>(plugin);
        try
        {
            return connector.TaskType;
        }
        finally
        {
            (connector as IDisposable)?.Dispose();
        }
    }

    private static bool SameMap(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var value) && value == kv.Value);
}
