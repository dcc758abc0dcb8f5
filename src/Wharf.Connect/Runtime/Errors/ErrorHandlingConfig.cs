using System.Globalization;
using Wharf.Connect.Api.Config;

namespace Wharf.Connect.Runtime.Errors;

/// <summary>
/// A connector's error handling keys (KIP-298, Apache's ConnectorConfig and SinkConnectorConfig "Error Handling"
/// group), read once when a task starts. The keys were validated when the connector was created.
/// </summary>
internal sealed record ErrorHandlingConfig(
    bool TolerateAll,
    long RetryTimeoutMs,
    long RetryMaxDelayMs,
    bool LogEnable,
    bool LogIncludeMessages,
    string DeadLetterQueueTopic,
    short DeadLetterQueueReplicationFactor,
    bool DeadLetterQueueContextHeaders)
{
    public const string Tolerance = "errors.tolerance";
    public const string RetryTimeout = "errors.retry.timeout";
    public const string RetryMaxDelay = "errors.retry.delay.max.ms";
    public const string LogEnableKey = "errors.log.enable";
    public const string LogIncludeMessagesKey = "errors.log.include.messages";
    public const string DlqTopicName = "errors.deadletterqueue.topic.name";
    public const string DlqReplicationFactor = "errors.deadletterqueue.topic.replication.factor";
    public const string DlqContextHeadersEnable = "errors.deadletterqueue.context.headers.enable";

    public const long DefaultRetryMaxDelayMs = 60000;
    public const short DefaultDlqReplicationFactor = 3;

    public bool HasDeadLetterQueue => DeadLetterQueueTopic.Length > 0;

    public static ErrorHandlingConfig From(IReadOnlyDictionary<string, string> config) => new(
        string.Equals(config.GetValueOrDefault(Tolerance)?.Trim(), "all", StringComparison.OrdinalIgnoreCase),
        Long(config, RetryTimeout, 0),
        Long(config, RetryMaxDelay, DefaultRetryMaxDelayMs),
        Bool(config, LogEnableKey),
        Bool(config, LogIncludeMessagesKey),
        config.GetValueOrDefault(DlqTopicName)?.Trim() ?? string.Empty,
        config.TryGetValue(DlqReplicationFactor, out var rf) && short.TryParse(rf.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var factor) ? factor : DefaultDlqReplicationFactor,
        Bool(config, DlqContextHeadersEnable));

    /// <summary>
    /// The framework's definitions of these keys, with Apache's documentation, defaults and order in the group
    /// (errors.tolerance is validated case-sensitively, as Apache's ValidString does, though read ignoring case).
    /// </summary>
    public static ConfigDef DefineCommon(ConfigDef def, string group) => def
        .Define(RetryTimeout, ConfigType.Long, 0L, null, Importance.Medium, "The maximum duration in milliseconds that a failed operation will be reattempted. The default is 0, which means no retries will be attempted. Use -1 for infinite retries.", group, 1, Width.Medium, "Retry Timeout for Errors")
        .Define(RetryMaxDelay, ConfigType.Long, DefaultRetryMaxDelayMs, null, Importance.Medium, "The maximum duration in milliseconds between consecutive retry attempts. Jitter will be added to the delay once this limit is reached to prevent thundering herd issues.", group, 2, Width.Medium, "Maximum Delay Between Retries for Errors")
        .Define(Tolerance, ConfigType.String, "none", ConfigValidators.OneOf("none", "all"), Importance.Medium, "Behavior for tolerating errors during connector operation. 'none' is the default value and signals that any error will result in an immediate connector task failure; 'all' changes the behavior to skip over problematic records.", group, 3, Width.Short, "Error Tolerance")
        .Define(LogEnableKey, ConfigType.Boolean, false, null, Importance.Medium, "If true, write each error and the details of the failed operation and problematic record to the Connect application log. This is 'false' by default, so that only errors that are not tolerated are reported.", group, 4, Width.Short, "Log Errors")
        .Define(LogIncludeMessagesKey, ConfigType.Boolean, false, null, Importance.Medium, "Whether to include in the log the Connect record that resulted in a failure. For sink records, the topic, partition, offset, and timestamp will be logged. For source records, the key and value (and their schemas), all headers, and the timestamp, Kafka topic, Kafka partition, source partition, and source offset will be logged. This is 'false' by default, which will prevent record keys, values, and headers from being written to log files.", group, 5, Width.Short, "Log Error Details");

    /// <summary>The sink-only dead letter queue keys (Apache's SinkConnectorConfig).</summary>
    public static ConfigDef DefineSink(ConfigDef def, string group) => def
        .Define(DlqTopicName, ConfigType.String, string.Empty, null, Importance.Medium, "The name of the topic to be used as the dead letter queue (DLQ) for messages that result in an error when processed by this sink connector, or its transformations or converters. The topic name is blank by default, which means that no messages are to be recorded in the DLQ.", group, 6, Width.Medium, "Dead Letter Queue Topic Name")
        .Define(DlqReplicationFactor, ConfigType.Short, DefaultDlqReplicationFactor, null, Importance.Medium, "Replication factor used to create the dead letter queue topic when it doesn't already exist.", group, 7, Width.Medium, "Dead Letter Queue Topic Replication Factor")
        .Define(DlqContextHeadersEnable, ConfigType.Boolean, false, null, Importance.Medium, "If true, add headers containing error context to the messages written to the dead letter queue. To avoid clashing with headers from the original record, all error context header keys, all error context header keys will start with <code>__connect.errors.</code>", group, 8, Width.Medium, "Enable Error Context Headers");

    private static long Long(IReadOnlyDictionary<string, string> config, string key, long fallback) =>
        config.TryGetValue(key, out var text) && long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    private static bool Bool(IReadOnlyDictionary<string, string> config, string key) =>
        config.TryGetValue(key, out var text) && bool.TryParse(text.Trim(), out var value) && value;
}
