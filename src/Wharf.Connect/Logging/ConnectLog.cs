using Microsoft.Extensions.Logging;

namespace Wharf.Connect.Logging;

/// <summary>Every log line of the Connect worker, with its event id: 1xx worker and REST, 2xx connectors, 3xx tasks, 4xx storage and plugins.</summary>
internal static partial class ConnectLog
{
    [LoggerMessage(100, LogLevel.Information, "Kafka Connect worker ({Mode}) listening on {Urls}, talking to Kafka at {BootstrapServers}")]
    public static partial void Listening(ILogger logger, string mode, string urls, string bootstrapServers);

    [LoggerMessage(101, LogLevel.Error, "{Method} {Path} failed inside the Connect worker; answered 500")]
    public static partial void UnexpectedError(ILogger logger, Exception exception, string method, PathString path);

    [LoggerMessage(102, LogLevel.Information, "Kafka Connect worker stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(200, LogLevel.Information, "Connector {Connector} ({Class}) started")]
    public static partial void ConnectorStarted(ILogger logger, string connector, string @class);

    [LoggerMessage(201, LogLevel.Error, "Connector {Connector} failed: {Reason}")]
    public static partial void ConnectorFailed(ILogger logger, Exception exception, string connector, string reason);

    [LoggerMessage(202, LogLevel.Information, "Connector {Connector} stopped")]
    public static partial void ConnectorStopped(ILogger logger, string connector);

    [LoggerMessage(203, LogLevel.Information, "Connector {Connector} created")]
    public static partial void ConnectorCreated(ILogger logger, string connector);

    [LoggerMessage(204, LogLevel.Information, "Connector {Connector} reconfigured")]
    public static partial void ConnectorReconfigured(ILogger logger, string connector);

    [LoggerMessage(205, LogLevel.Information, "Connector {Connector} deleted (its offsets are kept)")]
    public static partial void ConnectorDeleted(ILogger logger, string connector);

    [LoggerMessage(206, LogLevel.Information, "Connector {Connector} is now {State}")]
    public static partial void TargetStateChanged(ILogger logger, string connector, string state);

    [LoggerMessage(207, LogLevel.Warning, "Connector {Connector} could not be created from {Source}: {Reason}")]
    public static partial void ConnectorRejected(ILogger logger, string connector, string source, string reason);

    [LoggerMessage(300, LogLevel.Information, "Task {Task} started")]
    public static partial void TaskStarted(ILogger logger, string task);

    [LoggerMessage(301, LogLevel.Error, "Task {Task} failed and will not recover until restarted: {Reason}")]
    public static partial void TaskFailed(ILogger logger, Exception exception, string task, string reason);

    [LoggerMessage(302, LogLevel.Information, "Task {Task} stopped")]
    public static partial void TaskStopped(ILogger logger, string task);

    [LoggerMessage(303, LogLevel.Debug, "Task {Task} committed offsets of {Count} source partitions")]
    public static partial void OffsetsCommitted(ILogger logger, string task, int count);

    [LoggerMessage(304, LogLevel.Warning, "Task {Task} could not commit its offsets: {Reason}")]
    public static partial void CommitFailed(ILogger logger, string task, string reason);

    [LoggerMessage(305, LogLevel.Debug, "Task {Task} waits: {Reason}")]
    public static partial void ConsumerWaiting(ILogger logger, string task, string reason);

    [LoggerMessage(306, LogLevel.Information, "Task {Task} produces through Wharf's own Kafka protocol client")]
    public static partial void ProducesThroughWire(ILogger logger, string task);

    [LoggerMessage(307, LogLevel.Information, "Task {Task} produces through librdkafka: Wharf's own Kafka protocol client cannot honour the producer setting {Setting}")]
    public static partial void ProducesThroughLibrdkafka(ILogger logger, string task, string setting);

    [LoggerMessage(400, LogLevel.Debug, "Found plugin {Class} ({Kind}) in {Assembly}")]
    public static partial void PluginFound(ILogger logger, string @class, string kind, string assembly);

    [LoggerMessage(401, LogLevel.Warning, "Could not load plugin file {File}: {Reason}")]
    public static partial void PluginNotLoaded(ILogger logger, string file, string reason);

    [LoggerMessage(402, LogLevel.Information, "Read {Connectors} connector configurations from topic {Topic}")]
    public static partial void ConfigsRead(ILogger logger, int connectors, string topic);

    [LoggerMessage(403, LogLevel.Information, "Created internal topic {Topic} ({Partitions} partitions, compacted)")]
    public static partial void TopicCreated(ILogger logger, string topic, int partitions);

    [LoggerMessage(405, LogLevel.Warning, "A status record could not be written to {Topic}: {Reason}")]
    public static partial void StatusNotWritten(ILogger logger, string topic, string reason);

    [LoggerMessage(404, LogLevel.Warning, "Skipping a record of {Topic} with key {Key}: {Reason}")]
    public static partial void BadStoredRecord(ILogger logger, string topic, string key, string reason);
}
