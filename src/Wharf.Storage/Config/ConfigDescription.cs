namespace Wharf.Storage.Config;

/// <summary>Where a config value comes from; the numbers are DescribeConfigs' ConfigSource on the wire (v1+).</summary>
public enum ConfigSource : sbyte
{
    Unknown = 0,

    /// <summary>Set on the topic (Kafka's DYNAMIC_TOPIC_CONFIG).</summary>
    TopicOverride = 1,

    DynamicBrokerConfig = 2,
    DynamicDefaultBrokerConfig = 3,

    /// <summary>Set in the broker's configuration file (server.properties).</summary>
    StaticBrokerConfig = 4,

    /// <summary>Kafka's built-in default.</summary>
    Default = 5,
}

/// <summary>A config's value type; the numbers are DescribeConfigs' ConfigType on the wire (v3+).</summary>
public enum ConfigType : sbyte
{
    Unknown = 0,
    Boolean = 1,
    String = 2,
    Int = 3,
    Short = 4,
    Long = 5,
    Double = 6,
    List = 7,
    Class = 8,
    Password = 9,
}

/// <summary>One source a config value could come from, most specific first (DescribeConfigs synonyms, v1+).</summary>
public readonly record struct ConfigSynonym(string Name, string? Value, ConfigSource Source);

/// <summary>One topic config as DescribeConfigs reports it.</summary>
public sealed record ConfigEntry(
    string Name,
    string? Value,
    ConfigSource Source,
    bool IsDefault,
    bool IsSensitive,
    bool ReadOnly,
    ConfigType Type,
    IReadOnlyList<ConfigSynonym> Synonyms);
