using System.Globalization;
using Wharf.Broker.Topics;
using Wharf.Protocol;
using Wharf.Storage;

namespace Wharf.Broker.Configs;

/// <summary>What AlterConfigs and IncrementalAlterConfigs share: resolving a resource and applying a change to it.</summary>
internal static class ConfigResources
{
    /// <summary>The broker resource is named by this node's id, or by an empty string for cluster-wide defaults.</summary>
    public static bool IsThisBroker(string name, BrokerIdentity identity) =>
        name.Length == 0 || name == identity.NodeId.ToString(CultureInfo.InvariantCulture);

    /// <summary>Applies a topic config change, or explains why the resource cannot be changed.</summary>
    public static TopicOperationResult Alter(TopicManager topics, BrokerIdentity identity, sbyte resourceType, string resourceName, IReadOnlyDictionary<string, string?> changes, bool incremental, bool validateOnly)
    {
        switch ((ConfigResourceType)resourceType)
        {
            case ConfigResourceType.Topic when topics.TryGetTopic(resourceName, out _):
                return topics.Logs.AlterConfigs(resourceName, changes, incremental, validateOnly);
            case ConfigResourceType.Topic:
                return new TopicOperationResult(ErrorCode.UnknownTopicOrPartition, "Topic '" + resourceName + "' does not exist.");
            case ConfigResourceType.Broker when IsThisBroker(resourceName, identity):
                return new TopicOperationResult(ErrorCode.InvalidRequest, "The embedded broker has no dynamic broker configuration; set broker keys in server.properties (or with -o) and restart.");
            case ConfigResourceType.Broker:
                return new TopicOperationResult(ErrorCode.InvalidRequest, "Unexpected broker id, expected " + identity.NodeId + " or empty string, but received " + resourceName);
            default:
                return new TopicOperationResult(ErrorCode.InvalidRequest, "Unsupported resource type " + resourceType + ".");
        }
    }
}
