using System.Reflection;
using Wharf.Connect.Api.Config;

namespace Wharf.Connect.Api.Connectors;

/// <summary>What the worker offers a running connector (Apache's ConnectorContext).</summary>
public interface IConnectorContext
{
    /// <summary>Asks the worker to call <see cref="Connector.TaskConfigs"/> again and restart the tasks with the result.</summary>
    void RequestTaskReconfiguration();

    /// <summary>Fails the connector with <paramref name="exception"/> (status FAILED with its trace).</summary>
    void RaiseError(Exception exception);
}

/// <summary>
/// A connector (Apache's Connector): configured with <see cref="Start"/>, it splits its work into task
/// configurations; the worker runs one <see cref="TaskType"/> instance per configuration. Derive from
/// <see cref="SourceConnector"/> or <see cref="SinkConnector"/>. The worker finds a connector by its class name,
/// by its simple name with or without the "Connector" suffix, and by the names of
/// <see cref="Plugins.PluginNameAttribute"/>.
/// </summary>
public abstract class Connector
{
    private IConnectorContext? _context;

    /// <summary>The context, available from <see cref="Initialize"/> on.</summary>
    protected IConnectorContext Context => _context ?? throw new InvalidOperationException("The connector is not initialized.");

    /// <summary>The plugin's version, shown by GET /connector-plugins; by default its assembly's informational version.</summary>
    public virtual string Version => PluginVersion.Of(GetType());

    public void Initialize(IConnectorContext context) => _context = context;

    /// <summary>Starts the connector with its configuration (already validated against <see cref="Config"/>).</summary>
    public abstract void Start(IReadOnlyDictionary<string, string> props);

    /// <summary>The task class: a <see cref="SourceTask"/> or <see cref="SinkTask"/> with a public parameterless constructor.</summary>
    public abstract Type TaskType { get; }

    /// <summary>At most <paramref name="maxTasks"/> task configurations.</summary>
    public abstract IReadOnlyList<IReadOnlyDictionary<string, string>> TaskConfigs(int maxTasks);

    public abstract void Stop();

    /// <summary>The keys the connector accepts.</summary>
    public abstract ConfigDef Config { get; }

    /// <summary>Validates a configuration; the default checks every key against <see cref="Config"/>.</summary>
    public virtual IReadOnlyList<ConfigValue> Validate(IReadOnlyDictionary<string, string> props) => Config.Validate(props);
}

/// <summary>A connector that reads an external system and produces records to Kafka.</summary>
public abstract class SourceConnector : Connector
{
    /// <summary>
    /// Checks offsets about to be written by the offsets REST API (KIP-875) and says whether the connector
    /// manages them itself; throw a <see cref="ConnectException"/> to refuse them. Null offsets are resets.
    /// </summary>
    public virtual bool AlterOffsets(IReadOnlyDictionary<string, string> connectorConfig, IReadOnlyDictionary<IReadOnlyDictionary<string, object?>, IReadOnlyDictionary<string, object?>?> offsets) => false;
}

/// <summary>A connector that consumes records from Kafka (topics or topics.regex) and writes them elsewhere.</summary>
public abstract class SinkConnector : Connector
{
    public const string TopicsConfig = "topics";
    public const string TopicsRegexConfig = "topics.regex";
}

/// <summary>The version text of a plugin type: its assembly's informational version without build metadata.</summary>
public static class PluginVersion
{
    public static string Of(Type type)
    {
        var version = type.Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? type.Assembly.GetName().Version?.ToString() ?? "undefined";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
