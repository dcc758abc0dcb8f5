namespace Wharf.Storage;

/// <summary>Where the logs live and the broker-level log settings.</summary>
public sealed record LogManagerOptions
{
    /// <summary>log.dirs / log.dir: the directory holding every partition's segments and the topic metadata.</summary>
    public required string LogDirectory { get; init; }

    /// <summary>The log.* settings of server.properties (Kafka's defaults when nothing is set).</summary>
    public BrokerLogDefaults Defaults { get; init; } = BrokerLogDefaults.Kafka;
}
