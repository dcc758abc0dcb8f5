namespace Wharf.Broker.Configs;

/// <summary>The resource types of the config APIs (Kafka's ConfigResource.Type), by their wire numbers.</summary>
public enum ConfigResourceType : sbyte
{
    Unknown = 0,
    Topic = 2,
    Broker = 4,
    BrokerLogger = 8,
    ClientMetrics = 16,
    Group = 32,
}
