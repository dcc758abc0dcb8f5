using System.Globalization;
using Microsoft.Extensions.Logging;
using Wharf.Clients;
using Wharf.Connect.Api;
using Wharf.Connect.Api.Connectors;
using Wharf.Connect.Logging;
using Wharf.Connect.Plugins;
using Wharf.Connect.Runtime.Monitoring;
using Wharf.Connect.Storage;

namespace Wharf.Connect.Runtime;

/// <summary>
/// Manages the connectors of this worker (Apache's herder, in the role of the only — leading — worker): every
/// change is stored first (memory or the config topic), then applied to the running connector and tasks. One
/// change at a time; reads answer from the current state. A connector or task that fails is reported FAILED and
/// never disturbs the others.
/// </summary>
internal sealed class ConnectHerder : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, ConnectorEntry> _connectors = new(StringComparer.Ordinal);
    private readonly ConnectWorkerOptions _options;
    private readonly PluginRegistry _plugins;
    private readonly ConnectorValidator _validator;
    private readonly ConnectorPlugins _connectorPlugins;
    private readonly ConfigStore _configs;
    private readonly OffsetStore _offsets;
    private readonly StatusStore _statuses;
    private readonly KafkaClientFactory _clients;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly ConnectorMonitor _monitor;
    private readonly CancellationTokenSource _stopping = new();
    private string _workerId = string.Empty;

    public ConnectHerder(ConnectWorkerOptions options, PluginRegistry plugins, ConfigStore configs, OffsetStore offsets, StatusStore statuses, KafkaClientFactory clients, ILoggerFactory loggers)
    {
        _options = options;
        _plugins = plugins;
        _validator = new ConnectorValidator(plugins);
        _connectorPlugins = new ConnectorPlugins(plugins, options);
        _configs = configs;
        _offsets = offsets;
        _statuses = statuses;
        _clients = clients;
        _loggers = loggers;
        _logger = loggers.CreateLogger("Wharf.Connect");
        _monitor = new ConnectorMonitor(loggers);
    }

    public PluginRegistry Plugins => _plugins;

    /// <summary>The metrics and recent log lines of the connectors and tasks running on this worker.</summary>
    public ConnectorMonitor Monitor => _monitor;

    /// <summary>Reads the stores and starts every stored connector in its target state.</summary>
    public async Task StartAsync(string workerId, CancellationToken cancellationToken)
    {
        _workerId = workerId;
        await _offsets.StartAsync(cancellationToken);
        await _statuses.StartAsync(cancellationToken);
        var stored = await _configs.StartAsync(cancellationToken);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            foreach (var (name, connector) in stored)
            {
                var plugin = _plugins.Find(connector.Config.GetValueOrDefault(ConnectorConfig.ConnectorClass, string.Empty), PluginKind.Source, PluginKind.Sink);
                var entry = new ConnectorEntry(name, connector.Config, plugin, connector.TargetState) { TaskConfigs = connector.TaskConfigs };
                _connectors[name] = entry;
                await StartConnectorAsync(entry, cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public IReadOnlyList<string> ConnectorNames()
    {
        lock (_connectors)
        {
            return _connectors.Keys.Order(StringComparer.Ordinal).ToList();
        }
    }

    public ConnectorInfo Info(string name)
    {
        var entry = Find(name) ?? throw new NotFoundException("Connector " + name + " not found");
        return new ConnectorInfo(name, entry.Config, Enumerable.Range(0, entry.TaskConfigs.Count).Select(i => new TaskId(name, i)).ToList(), entry.TypeName);
    }

    public IReadOnlyDictionary<string, string> Config(string name) =>
        (Find(name) ?? throw new NotFoundException("Connector " + name + " not found")).Config;

    public IReadOnlyList<TaskInfo> Tasks(string name)
    {
        var entry = Find(name) ?? throw new NotFoundException("Connector " + name + " not found");
        return entry.TaskConfigs.Select((config, i) => new TaskInfo(new TaskId(name, i), config)).ToList();
    }

    public ConnectorStateInfo Status(string name)
    {
        var entry = Find(name);
        var status = _statuses.Connector(name);
        if (entry is null || status is null)
        {
            throw new NotFoundException("No status found for connector " + name);
        }

        var tasks = _statuses.Tasks(name).Where(t => t.Id.Task < entry.TaskConfigs.Count).Select(t => (t.Id.Task, t.Status)).ToList();
        return new ConnectorStateInfo(name, status, tasks, entry.TypeName);
    }

    public WorkStatus TaskStatus(string name, int task)
    {
        var id = new TaskId(name, task);
        var entry = Find(name);
        return entry is not null && task < entry.TaskConfigs.Count && _statuses.Task(id) is { } status
            ? status
            : throw new NotFoundException("No status found for task " + id);
    }

    public IReadOnlyList<string> ActiveTopics(string name) => _statuses.ActiveTopics(name);

    public void ResetActiveTopics(string name) => _statuses.ResetTopics(name);

    public ConfigInfos Validate(IReadOnlyDictionary<string, string> config) => _validator.Validate(config);

    /// <summary>Creates or (when allowed) replaces a connector; true when it was created.</summary>
    public async Task<(bool Created, ConnectorInfo Info)> PutConnectorAsync(string name, IReadOnlyDictionary<string, string> config, bool allowReplace, TargetState? initialState, CancellationToken cancellationToken)
    {
        var infos = _validator.Validate(config);
        if (infos.ErrorCount > 0)
        {
            throw new BadRequestException(infos.ErrorMessage());
        }

        var plugin = _validator.ConnectorPlugin(config);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var exists = _connectors.TryGetValue(name, out var existing);
            if (exists && !allowReplace)
            {
                throw new AlreadyExistsException("Connector " + name + " already exists");
            }

            var target = existing?.TargetState ?? initialState ?? TargetState.Started;
            await _configs.PutConnectorConfigAsync(name, config, exists ? null : target, cancellationToken);
            if (existing is not null)
            {
                await StopConnectorAsync(existing, clearStatus: false);
            }

            var entry = new ConnectorEntry(name, config, plugin, target);
            lock (_connectors)
            {
                _connectors[name] = entry;
            }

            if (exists)
            {
                ConnectLog.ConnectorReconfigured(_logger, name);
            }
            else
            {
                ConnectLog.ConnectorCreated(_logger, name);
            }

            await StartConnectorAsync(entry, cancellationToken);
            return (!exists, Info(name));
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task DeleteAsync(string name, CancellationToken cancellationToken) => UnderGateAsync(name, "Connector " + name + " not found", async entry =>
    {
        await _configs.RemoveConnectorAsync(name, cancellationToken);
        await StopConnectorAsync(entry, clearStatus: true);
        lock (_connectors)
        {
            _connectors.Remove(name);
        }

        _monitor.Remove(name);
        ConnectLog.ConnectorDeleted(_logger, name);
    }, cancellationToken);

    public Task PauseAsync(string name, CancellationToken cancellationToken) => UnderGateAsync(name, "Unknown connector " + name, async entry =>
    {
        if (entry.TargetState == TargetState.Paused)
        {
            return;
        }

        await _configs.PutTargetStateAsync(name, TargetState.Paused, cancellationToken);
        var wasStopped = entry.TargetState == TargetState.Stopped;
        entry.TargetState = TargetState.Paused;
        if (wasStopped)
        {
            await StartConnectorAsync(entry, cancellationToken);
        }
        else
        {
            entry.Connector?.Pause();
            foreach (var task in entry.Tasks.Values)
            {
                task.Pause();
            }
        }

        ConnectLog.TargetStateChanged(_logger, name, "PAUSED");
    }, cancellationToken);

    public Task ResumeAsync(string name, CancellationToken cancellationToken) => UnderGateAsync(name, "Unknown connector " + name, async entry =>
    {
        if (entry.TargetState == TargetState.Started)
        {
            return;
        }

        await _configs.PutTargetStateAsync(name, TargetState.Started, cancellationToken);
        var wasStopped = entry.TargetState == TargetState.Stopped;
        entry.TargetState = TargetState.Started;
        if (wasStopped)
        {
            await StartConnectorAsync(entry, cancellationToken);
        }
        else
        {
            entry.Connector?.Resume();
            foreach (var task in entry.Tasks.Values)
            {
                task.Resume();
            }
        }

        ConnectLog.TargetStateChanged(_logger, name, "RUNNING");
    }, cancellationToken);

    /// <summary>Stops the connector and its tasks and empties its task configurations (KIP-875).</summary>
    public Task StopAsync(string name, CancellationToken cancellationToken) => UnderGateAsync(name, "Unknown connector " + name, async entry =>
    {
        if (entry.TargetState == TargetState.Stopped)
        {
            return;
        }

        await _configs.PutTargetStateAsync(name, TargetState.Stopped, cancellationToken);
        await _configs.PutTaskConfigsAsync(name, [], cancellationToken);
        entry.TargetState = TargetState.Stopped;
        await StopConnectorAsync(entry, clearStatus: false);
        entry.TaskConfigs = [];
        foreach (var (id, _) in _statuses.Tasks(name))
        {
            _statuses.RemoveTask(id);
        }

        _statuses.Put(name, new WorkStatus(WorkState.Stopped, _workerId));
        ConnectLog.TargetStateChanged(_logger, name, "STOPPED");
    }, cancellationToken);

    /// <summary>
    /// Restarts as KIP-745 decides: the connector unless onlyFailed and it is not FAILED; with includeTasks, each
    /// task unless onlyFailed and it is not FAILED. Returns the status with RESTARTING for what restarts.
    /// </summary>
    public async Task<ConnectorStateInfo> RestartAsync(string name, bool includeTasks, bool onlyFailed, CancellationToken cancellationToken)
    {
        ConnectorStateInfo? planned = null;
        await UnderGateAsync(name, "Unknown connector: " + name, async entry =>
        {
            var connectorStatus = _statuses.Connector(name);
            var restartConnector = !onlyFailed || connectorStatus?.State == WorkState.Failed;
            var tasks = includeTasks
                ? _statuses.Tasks(name).Where(t => !onlyFailed || t.Status.State == WorkState.Failed).Select(t => t.Id.Task).ToHashSet()
                : [];
            planned = new ConnectorStateInfo(
                name,
                restartConnector ? new WorkStatus(WorkState.Restarting, _workerId) : connectorStatus ?? new WorkStatus(WorkState.Unassigned, _workerId),
                _statuses.Tasks(name).Select(t => (t.Id.Task, tasks.Contains(t.Id.Task) ? new WorkStatus(WorkState.Restarting, _workerId) : t.Status)).ToList(),
                entry.TypeName);
            if (entry.TargetState == TargetState.Stopped)
            {
                return;
            }

            if (restartConnector)
            {
                await RestartConnectorInstanceAsync(entry, cancellationToken);
            }

            foreach (var task in tasks)
            {
                await RestartTaskAsync(entry, task);
            }
        }, cancellationToken);
        return planned!;
    }

    public Task RestartTaskAsync(string name, int task, CancellationToken cancellationToken) => UnderGateAsync(name, "Unknown connector: " + name, async entry =>
    {
        if (task < 0 || task >= entry.TaskConfigs.Count)
        {
            throw new NotFoundException("Unknown task: " + new TaskId(name, task));
        }

        await RestartTaskAsync(entry, task);
    }, cancellationToken);

    /// <summary>The offsets of a connector: source offsets from the offset store, sink offsets of group connect-&lt;name&gt;.</summary>
    public async Task<IReadOnlyList<ConnectorOffset>> OffsetsAsync(string name, CancellationToken cancellationToken)
    {
        var entry = Find(name) ?? throw new NotFoundException("Connector " + name + " not found");
        if (entry.Plugin?.Kind != PluginKind.Sink)
        {
            return _offsets.All(name).Select(o => new ConnectorOffset(o.Partition, o.Offset)).ToList();
        }

        // Confluent.Kafka 1.9 has no ListConsumerGroupOffsets: the group's committed offsets are fetched for the
        // partitions of the connector's topics instead (OffsetFetch needs no group membership).
        var topics = entry.Config.GetValueOrDefault(ConnectorConfig.Topics, string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        var regex = entry.Config.GetValueOrDefault(ConnectorConfig.TopicsRegex) is { Length: > 0 } pattern ? new System.Text.RegularExpressions.Regex("^(?:" + pattern + ")$") : null;
        return await Task.Run(() =>
        {
            using var admin = _clients.CreateAdmin(new Dictionary<string, string>(_options.AdminConfig, StringComparer.Ordinal) { ["bootstrap.servers"] = _options.BootstrapServers });
            var partitions = admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics
                .Where(t => topics.Contains(t.Topic) || (regex?.IsMatch(t.Topic) ?? false))
                .SelectMany(t => t.Partitions.Select(p => new Confluent.Kafka.TopicPartition(t.Topic, p.PartitionId)))
                .ToList();
            if (partitions.Count == 0)
            {
                return (IReadOnlyList<ConnectorOffset>)[];
            }

            using var consumer = _clients.ConsumerBuilder(new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["bootstrap.servers"] = _options.BootstrapServers,
                ["group.id"] = SinkGroup(name),
                ["enable.auto.commit"] = "false",
            }).Build();
            return consumer.Committed(partitions, TimeSpan.FromSeconds(10))
                .Where(p => p.Offset.Value >= 0)
                .OrderBy(p => p.Topic, StringComparer.Ordinal).ThenBy(p => p.Partition.Value)
                .Select(p => new ConnectorOffset(
                    new Dictionary<string, object?> { ["kafka_topic"] = p.Topic, ["kafka_partition"] = (long)p.Partition.Value },
                    new Dictionary<string, object?> { ["kafka_offset"] = p.Offset.Value }))
                .ToList();
        }, cancellationToken);
    }

    /// <summary>Alters (or with null offsets resets) a stopped source connector's offsets (KIP-875); true when the connector manages them too.</summary>
    public async Task<bool> AlterSourceOffsetsAsync(string name, IReadOnlyList<ConnectorOffset>? offsets, CancellationToken cancellationToken)
    {
        var managed = false;
        await UnderGateAsync(name, "Connector " + name + " not found", async entry =>
        {
            if (entry.TargetState != TargetState.Stopped)
            {
                throw new BadRequestException("Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the specified connector by issuing a 'PUT' request to the '/connectors/" + name + "/stop' endpoint");
            }

            if (entry.Plugin is not { Kind: PluginKind.Source } plugin)
            {
                throw new BadRequestException("Altering the offsets of sink connectors is not supported by this worker yet");
            }

            var changes = offsets ?? _offsets.All(name).Select(o => new ConnectorOffset(o.Partition, null)).ToList();
            var connector = PluginRegistry.Create<SourceConnector>(plugin);
            try
            {
                managed = connector.AlterOffsets(entry.Config, changes.ToDictionary(c => c.Partition, c => c.Offset));
            }
            catch (ConnectException exception) when (exception is not ConnectRestException)
            {
                throw new BadRequestException("Failed to alter offsets for connector '" + name + "'. " + exception.Message);
            }

            await _offsets.WriteAsync(changes.Select(c => new StoredOffset(name, c.Partition, c.Offset)).ToList(), cancellationToken);
        }, cancellationToken);
        return managed;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _gate.WaitAsync();
        try
        {
            foreach (var entry in _connectors.Values)
            {
                await StopConnectorAsync(entry, clearStatus: false);
            }
        }
        finally
        {
            _gate.Release();
        }

        await _configs.DisposeAsync();
        await _offsets.DisposeAsync();
        _statuses.Dispose();
        _gate.Dispose();
        _stopping.Dispose();
    }

    internal static string SinkGroup(string connector) => "connect-" + connector;

    private ConnectorEntry? Find(string name)
    {
        lock (_connectors)
        {
            return _connectors.GetValueOrDefault(name);
        }
    }

    private async Task UnderGateAsync(string name, string notFound, Func<ConnectorEntry, Task> action, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var entry = Find(name) ?? throw new NotFoundException(notFound);
            await action(entry);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task StartConnectorAsync(ConnectorEntry entry, CancellationToken cancellationToken)
    {
        if (entry.Plugin is null)
        {
            _statuses.Put(entry.Name, new WorkStatus(WorkState.Failed, _workerId, "Failed to find any class that implements Connector and which name matches " + entry.Config.GetValueOrDefault(ConnectorConfig.ConnectorClass)));
            return;
        }

        entry.Connector = new WorkerConnector(entry.Name, entry.Config, entry.Plugin, _statuses, _workerId, RequestReconfiguration, _monitor.ConnectorLogger(entry.Name, _logger, "Wharf.Connect"));
        if (!entry.Connector.Start(entry.TargetState))
        {
            return;
        }

        await ReconfigureTasksAsync(entry, cancellationToken);
    }

    /// <summary>Asks the connector for task configurations; stores and restarts the tasks when they changed.</summary>
    private async Task ReconfigureTasksAsync(ConnectorEntry entry, CancellationToken cancellationToken)
    {
        var configs = entry.Connector?.TaskConfigs();
        if (configs is null)
        {
            return;
        }

        var changed = configs.Count != entry.TaskConfigs.Count
            || configs.Zip(entry.TaskConfigs).Any(p => p.First.Count != p.Second.Count || p.First.Any(kv => !p.Second.TryGetValue(kv.Key, out var v) || v != kv.Value));
        if (changed)
        {
            await StopTasksAsync(entry);
            await _configs.PutTaskConfigsAsync(entry.Name, configs, cancellationToken);
            foreach (var (id, _) in _statuses.Tasks(entry.Name).Where(t => t.Id.Task >= configs.Count))
            {
                _statuses.RemoveTask(id);
            }

            entry.TaskConfigs = configs;
        }

        for (var i = 0; i < entry.TaskConfigs.Count; i++)
        {
            if (!entry.Tasks.ContainsKey(i))
            {
                StartTask(entry, i);
            }
        }
    }

    private void StartTask(ConnectorEntry entry, int number)
    {
        var id = new TaskId(entry.Name, number);
        var config = entry.TaskConfigs[number];
        var logger = _monitor.TaskLogger(id);
        var interval = TimeSpan.FromMilliseconds(_options.OffsetFlushIntervalMs);
        var taskType = entry.Connector?.TaskType ?? throw new InvalidOperationException("The connector is not running.");

        // Task configs carry only the connector's task keys; converters and transformations come from the connector's config.
        var combined = new Dictionary<string, string>(entry.Config, StringComparer.Ordinal);
        foreach (var (key, value) in config)
        {
            combined[key] = value;
        }

        WorkerTask task = entry.Plugin!.Kind == PluginKind.Sink
            ? new SinkWorkerTask(id, combined, taskType, _connectorPlugins, _clients, ConsumerSettings(entry, number), AdminSettings(entry), DeadLetterQueueProducerSettings(entry, number), interval, _statuses, _workerId, _monitor.Task(id), logger)
            : new SourceWorkerTask(id, combined, taskType, _connectorPlugins, _clients, ProducerSettings(entry, number), _offsets, interval, _statuses, _workerId, _monitor.Task(id), logger);
        entry.Tasks[number] = task;
        task.Start(paused: entry.TargetState == TargetState.Paused);
    }

    private async Task RestartTaskAsync(ConnectorEntry entry, int number)
    {
        if (entry.Tasks.Remove(number, out var task))
        {
            await task.DisposeAsync();
        }

        if (entry.Connector?.TaskType is not null && number < entry.TaskConfigs.Count)
        {
            StartTask(entry, number);
        }
    }

    private async Task RestartConnectorInstanceAsync(ConnectorEntry entry, CancellationToken cancellationToken)
    {
        entry.Connector?.Stop();
        entry.Connector = new WorkerConnector(entry.Name, entry.Config, entry.Plugin!, _statuses, _workerId, RequestReconfiguration, _monitor.ConnectorLogger(entry.Name, _logger, "Wharf.Connect"));
        if (entry.Connector.Start(entry.TargetState))
        {
            await ReconfigureTasksAsync(entry, cancellationToken);
        }
    }

    private static async Task StopTasksAsync(ConnectorEntry entry)
    {
        await Task.WhenAll(entry.Tasks.Values.Select(t => t.DisposeAsync().AsTask()));
        entry.Tasks.Clear();
    }

    private async Task StopConnectorAsync(ConnectorEntry entry, bool clearStatus)
    {
        await StopTasksAsync(entry);
        entry.Connector?.Stop();
        entry.Connector = null;
        if (clearStatus)
        {
            _statuses.Remove(entry.Name);
        }
    }

    private void RequestReconfiguration(string name) => _ = Task.Run(async () =>
    {
        await _gate.WaitAsync(_stopping.Token);
        try
        {
            if (Find(name) is { Connector: not null } entry && entry.TargetState != TargetState.Stopped)
            {
                await ReconfigureTasksAsync(entry, _stopping.Token);
            }
        }
        finally
        {
            _gate.Release();
        }
    });

    /// <summary>bootstrap.servers, the worker's producer.*, the connector's producer.override.* (Apache's defaults for source producers).</summary>
    private Dictionary<string, string> ProducerSettings(ConnectorEntry entry, int number)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["bootstrap.servers"] = _options.BootstrapServers,
            ["client.id"] = "connector-producer-" + entry.Name + "-" + number.ToString(CultureInfo.InvariantCulture),
            ["acks"] = "all",
            ["partitioner"] = "murmur2_random",
            ["linger.ms"] = "0",
        };
        Overlay(settings, _options.ProducerConfig);
        Overlay(settings, Prefixed(entry.Config, "producer.override."));
        return settings;
    }

    /// <summary>bootstrap.servers, group connect-&lt;name&gt;, earliest, the worker's consumer.*, the connector's consumer.override.*.</summary>
    private Dictionary<string, string> ConsumerSettings(ConnectorEntry entry, int number)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["bootstrap.servers"] = _options.BootstrapServers,
            ["group.id"] = SinkGroup(entry.Name),
            ["client.id"] = "connector-consumer-" + entry.Name + "-" + number.ToString(CultureInfo.InvariantCulture),
            ["enable.auto.commit"] = "false",
            ["auto.offset.reset"] = "earliest",
            ["topic.metadata.refresh.interval.ms"] = "5000",
        };
        Overlay(settings, _options.ConsumerConfig);
        Overlay(settings, Prefixed(entry.Config, "consumer.override."));
        return settings;
    }

    /// <summary>bootstrap.servers, the worker's admin.*, the connector's admin.override.* (a sink's dead letter queue topic is created with it).</summary>
    private Dictionary<string, string> AdminSettings(ConnectorEntry entry)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal) { ["bootstrap.servers"] = _options.BootstrapServers };
        Overlay(settings, _options.AdminConfig);
        Overlay(settings, Prefixed(entry.Config, "admin.override."));
        return settings;
    }

    /// <summary>A source task's producer settings under Apache's client id for a sink's dead letter queue producer.</summary>
    private Dictionary<string, string> DeadLetterQueueProducerSettings(ConnectorEntry entry, int number)
    {
        var settings = ProducerSettings(entry, number);
        settings["client.id"] = "connector-dlq-producer-" + entry.Name + "-" + number.ToString(CultureInfo.InvariantCulture);
        return settings;
    }

    private static void Overlay(Dictionary<string, string> target, IReadOnlyDictionary<string, string> source)
    {
        foreach (var (key, value) in source)
        {
            target[key] = value;
        }
    }

    private static Dictionary<string, string> Prefixed(IReadOnlyDictionary<string, string> config, string prefix) =>
        config.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value, StringComparer.Ordinal);

    /// <summary>One connector's configuration, target state and what runs of it here.</summary>
    private sealed class ConnectorEntry(string name, IReadOnlyDictionary<string, string> config, PluginDescriptor? plugin, TargetState targetState)
    {
        public string Name { get; } = name;

        public IReadOnlyDictionary<string, string> Config { get; } = config;

        public PluginDescriptor? Plugin { get; } = plugin;

        public TargetState TargetState { get; set; } = targetState;

        public WorkerConnector? Connector { get; set; }

        public IReadOnlyList<IReadOnlyDictionary<string, string>> TaskConfigs { get; set; } = [];

        public Dictionary<int, WorkerTask> Tasks { get; } = [];

        public string TypeName => Plugin?.Kind switch
        {
            PluginKind.Source => "source",
            PluginKind.Sink => "sink",
            _ => "unknown",
        };
    }
}
