using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Wharf.Connect.Api;
using Wharf.Connect.Logging;
using Wharf.Connect.Runtime;

namespace Wharf.Connect.Storage;

/// <summary>A connector as stored: its configuration, target state and committed task configurations.</summary>
internal sealed record StoredConnector(IReadOnlyDictionary<string, string> Config, TargetState TargetState, IReadOnlyList<IReadOnlyDictionary<string, string>> TaskConfigs);

/// <summary>Which part of a connector's stored state a config record changed.</summary>
internal enum ConfigChange
{
    Connector,
    TargetState,
    Tasks,
    Restart,
}

/// <summary>A stored restart request (KIP-745): every worker restarts, of what it runs, what the flags select.</summary>
internal sealed record RestartRequest(bool IncludeTasks, bool OnlyFailed);

/// <summary>Where connector configurations, target states and task configurations are kept.</summary>
internal abstract class ConfigStore : IAsyncDisposable
{
    /// <summary>How far the store has read (the config topic's next offset); 0 where nothing is shared.</summary>
    public virtual long Offset => 0;

    /// <summary>What is stored now for a connector (after other workers' writes, when followed).</summary>
    public virtual StoredConnector? Stored(string connector) => null;

    /// <summary>Every stored connector and its number of committed tasks.</summary>
    public virtual IReadOnlyDictionary<string, int> TaskCounts() => new Dictionary<string, int>();

    /// <summary>Tells <paramref name="onChange"/> about every record written from now on, by any worker.</summary>
    public virtual void Follow(Action<string, ConfigChange> onChange)
    {
    }

    public virtual Task ReadToEndAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The last restart request stored for a connector.</summary>
    public virtual RestartRequest? RestartRequest(string connector) => null;

    /// <summary>Stores <c>restart-connector-&lt;c&gt;</c> for the workers of a cluster to act on.</summary>
    public virtual Task PutRestartRequestAsync(string connector, bool includeTasks, bool onlyFailed, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The connectors stored by earlier runs.</summary>
    public abstract Task<IReadOnlyDictionary<string, StoredConnector>> StartAsync(CancellationToken cancellationToken);

    public abstract Task PutConnectorConfigAsync(string connector, IReadOnlyDictionary<string, string> config, TargetState? targetState, CancellationToken cancellationToken);

    public abstract Task RemoveConnectorAsync(string connector, CancellationToken cancellationToken);

    public abstract Task PutTaskConfigsAsync(string connector, IReadOnlyList<IReadOnlyDictionary<string, string>> configs, CancellationToken cancellationToken);

    public abstract Task PutTargetStateAsync(string connector, TargetState state, CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();
}

/// <summary>Standalone mode: configurations live only in memory (connectors come from the command line and REST).</summary>
internal sealed class MemoryConfigStore : ConfigStore
{
    public override Task<IReadOnlyDictionary<string, StoredConnector>> StartAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, StoredConnector>>(new Dictionary<string, StoredConnector>());

    public override Task PutConnectorConfigAsync(string connector, IReadOnlyDictionary<string, string> config, TargetState? targetState, CancellationToken cancellationToken) => Task.CompletedTask;

    public override Task RemoveConnectorAsync(string connector, CancellationToken cancellationToken) => Task.CompletedTask;

    public override Task PutTaskConfigsAsync(string connector, IReadOnlyList<IReadOnlyDictionary<string, string>> configs, CancellationToken cancellationToken) => Task.CompletedTask;

    public override Task PutTargetStateAsync(string connector, TargetState state, CancellationToken cancellationToken) => Task.CompletedTask;

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>
/// Distributed mode: the config.storage.topic with Apache's keys and values — <c>connector-&lt;c&gt;</c>
/// <c>{"properties":{…}}</c>, <c>task-&lt;c&gt;-&lt;n&gt;</c> <c>{"properties":{…}}</c>, <c>commit-&lt;c&gt;</c>
/// <c>{"tasks":n}</c> (task configurations count only once committed), <c>target-state-&lt;c&gt;</c>
/// <c>{"state":…,"state.v2":…}</c>; deletion writes tombstones for the connector and target-state keys.
/// </summary>
internal sealed class KafkaConfigStore(KafkaTopicLog log, ILogger logger) : ConfigStore
{
    // What the topic holds so far; the follower thread writes, REST threads read: under the lock.
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _configs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TargetState> _states = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedDictionary<int, IReadOnlyDictionary<string, string>>> _pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<IReadOnlyDictionary<string, string>>> _tasks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RestartRequest> _restarts = new(StringComparer.Ordinal);

    public override long Offset => log.Position(0);

    public override async Task<IReadOnlyDictionary<string, StoredConnector>> StartAsync(CancellationToken cancellationToken)
    {
        foreach (var (keyBytes, value) in await log.StartAsync(cancellationToken))
        {
            Read(keyBytes, value);
        }

        lock (_configs)
        {
            ConnectLog.ConfigsRead(logger, _configs.Count, log.Topic);
            return _configs.Keys.ToDictionary(name => name, name => Snapshot(name)!, StringComparer.Ordinal);
        }
    }

    public override StoredConnector? Stored(string connector)
    {
        lock (_configs)
        {
            return Snapshot(connector);
        }
    }

    public override IReadOnlyDictionary<string, int> TaskCounts()
    {
        lock (_configs)
        {
            return _configs.Keys.ToDictionary(name => name, name => _tasks.GetValueOrDefault(name)?.Count ?? 0, StringComparer.Ordinal);
        }
    }

    public override void Follow(Action<string, ConfigChange> onChange) => log.Follow((key, value) =>
    {
        if (Read(key, value) is { } change)
        {
            onChange(change.Connector, change.Kind);
        }
    });

    public override Task ReadToEndAsync(CancellationToken cancellationToken) => log.ReadToEndAsync(cancellationToken);

    public override RestartRequest? RestartRequest(string connector)
    {
        lock (_configs)
        {
            return _restarts.GetValueOrDefault(connector);
        }
    }

    public override Task PutRestartRequestAsync(string connector, bool includeTasks, bool onlyFailed, CancellationToken cancellationToken) =>
        WriteAsync("restart-connector-" + connector, new Dictionary<object, object?> { ["include-tasks"] = includeTasks, ["only-failed"] = onlyFailed }, cancellationToken);

    public override async Task PutConnectorConfigAsync(string connector, IReadOnlyDictionary<string, string> config, TargetState? targetState, CancellationToken cancellationToken)
    {
        if (targetState is { } state)
        {
            await PutTargetStateAsync(connector, state, cancellationToken);
        }

        await WriteAsync("connector-" + connector, Properties(config), cancellationToken);
    }

    public override async Task RemoveConnectorAsync(string connector, CancellationToken cancellationToken)
    {
        await WriteAsync("connector-" + connector, null, cancellationToken);
        await WriteAsync("target-state-" + connector, null, cancellationToken);
    }

    public override async Task PutTaskConfigsAsync(string connector, IReadOnlyList<IReadOnlyDictionary<string, string>> configs, CancellationToken cancellationToken)
    {
        for (var i = 0; i < configs.Count; i++)
        {
            await WriteAsync("task-" + connector + "-" + i.ToString(CultureInfo.InvariantCulture), Properties(configs[i]), cancellationToken);
        }

        await WriteAsync("commit-" + connector, new Dictionary<object, object?> { ["tasks"] = configs.Count }, cancellationToken);
    }

    /// <summary>"state" keeps what workers before KIP-875 understand (STOPPED is PAUSED to them); "state.v2" is exact.</summary>
    public override Task PutTargetStateAsync(string connector, TargetState state, CancellationToken cancellationToken) =>
        WriteAsync("target-state-" + connector, new Dictionary<object, object?>
        {
            ["state"] = state == TargetState.Started ? "STARTED" : "PAUSED",
            ["state.v2"] = state.ToString().ToUpperInvariant(),
        }, cancellationToken);

    public override ValueTask DisposeAsync()
    {
        log.Dispose();
        return ValueTask.CompletedTask;
    }

    private (string Connector, ConfigChange Kind)? Read(byte[] keyBytes, byte[]? value)
    {
        var key = Encoding.UTF8.GetString(keyBytes);
        try
        {
            var map = value is null ? null : InternalJson.AsMap(InternalJson.Deserialize(value));
            lock (_configs)
            {
                if (key.StartsWith("restart-connector-", StringComparison.Ordinal))
                {
                    var name = key["restart-connector-".Length..];
                    _restarts[name] = new RestartRequest(map?.GetValueOrDefault("include-tasks") is true, map?.GetValueOrDefault("only-failed") is true);
                    return (name, ConfigChange.Restart);
                }

                return Apply(key, map, _configs, _states, _pending, _tasks);
            }
        }
        catch (DataException exception)
        {
            ConnectLog.BadStoredRecord(logger, log.Topic, key, exception.Message);
            return null;
        }
    }

    private StoredConnector? Snapshot(string name) =>
        _configs.TryGetValue(name, out var config)
            ? new StoredConnector(config, _states.GetValueOrDefault(name, TargetState.Started), _tasks.GetValueOrDefault(name) ?? [])
            : null;

    private Task WriteAsync(string key, object? value, CancellationToken cancellationToken) =>
        log.WriteAsync(Encoding.UTF8.GetBytes(key), value is null ? null : InternalJson.Serialize(value), cancellationToken);

    private static Dictionary<object, object?> Properties(IReadOnlyDictionary<string, string> config) =>
        new() { ["properties"] = InternalJson.ToObject(config) };

    private static (string Connector, ConfigChange Kind)? Apply(
        string key,
        Dictionary<string, object?>? value,
        Dictionary<string, IReadOnlyDictionary<string, string>> configs,
        Dictionary<string, TargetState> states,
        Dictionary<string, SortedDictionary<int, IReadOnlyDictionary<string, string>>> pending,
        Dictionary<string, IReadOnlyList<IReadOnlyDictionary<string, string>>> tasks)
    {
        if (key.StartsWith("connector-", StringComparison.Ordinal))
        {
            var name = key["connector-".Length..];
            if (value is null)
            {
                configs.Remove(name);
                tasks.Remove(name);
                pending.Remove(name);
            }
            else
            {
                configs[name] = StringMap(value, "properties");
            }

            return (name, ConfigChange.Connector);
        }
        else if (key.StartsWith("target-state-", StringComparison.Ordinal))
        {
            var name = key["target-state-".Length..];
            var text = value?.GetValueOrDefault("state.v2") as string ?? value?.GetValueOrDefault("state") as string;
            if (text is not null && Enum.TryParse<TargetState>(text, ignoreCase: true, out var state))
            {
                states[name] = state;
            }
            else
            {
                states.Remove(name);
            }

            return (name, ConfigChange.TargetState);
        }
        else if (key.StartsWith("task-", StringComparison.Ordinal) && value is not null)
        {
            var rest = key["task-".Length..];
            var dash = rest.LastIndexOf('-');
            if (dash > 0 && int.TryParse(rest[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                var name = rest[..dash];
                if (!pending.TryGetValue(name, out var list))
                {
                    pending[name] = list = [];
                }

                list[number] = StringMap(value, "properties");
            }
        }
        else if (key.StartsWith("commit-", StringComparison.Ordinal) && value?.GetValueOrDefault("tasks") is long count)
        {
            var name = key["commit-".Length..];
            var list = pending.GetValueOrDefault(name) ?? [];
            tasks[name] = Enumerable.Range(0, (int)count).Where(list.ContainsKey).Select(i => list[i]).ToList();
            return (name, ConfigChange.Tasks);
        }

        return null;
    }

    private static Dictionary<string, string> StringMap(Dictionary<string, object?> value, string field) =>
        InternalJson.AsMap(value.GetValueOrDefault(field)) is { } map
            ? map.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value as string ?? InternalJson.Text(kv.Value), StringComparer.Ordinal)
            : throw new DataException("Expected a \"" + field + "\" object");
}
