using Wharf.Broker.Configs;
using Wharf.Broker.Dispatch;
using Wharf.Broker.Network;
using Wharf.Broker.Topics;
using Wharf.Protocol;
using Wharf.Protocol.Messages;
using Wharf.Storage.Config;

namespace Wharf.Broker.Apis;

/// <summary>
/// DescribeConfigs: a topic's effective configuration (overrides, broker defaults, Kafka's defaults, each with
/// its source), or the broker's. v0 reports "is default" instead of a source; v1+ can list synonyms; v3+ adds
/// types. Only the keys asked for are returned when a list is given.
/// </summary>
internal sealed class DescribeConfigsHandler(TopicManager topics, BrokerConfigDescription broker, BrokerIdentity identity) : IApiHandler<DescribeConfigsRequest, DescribeConfigsResponse>
{
    public ValueTask<DescribeConfigsResponse?> HandleAsync(RequestContext context, DescribeConfigsRequest request)
    {
        var response = new DescribeConfigsResponse();
        foreach (var resource in request.Resources)
        {
            var result = new DescribeConfigsResponse.Result { ResourceType = resource.ResourceType, ResourceName = resource.ResourceName };
            response.Results.Add(result);
            IReadOnlyList<ConfigEntry>? entries = null;
            switch ((ConfigResourceType)resource.ResourceType)
            {
                case ConfigResourceType.Topic when topics.TryGetTopic(resource.ResourceName, out var topic):
                    entries = topic.Config.Describe();
                    break;
                case ConfigResourceType.Topic:
                    Fail(result, ErrorCode.UnknownTopicOrPartition, "Topic '" + resource.ResourceName + "' does not exist.");
                    break;
                case ConfigResourceType.Broker when ConfigResources.IsThisBroker(resource.ResourceName, identity):
                    entries = broker.Describe();
                    break;
                case ConfigResourceType.Broker:
                    Fail(result, ErrorCode.InvalidRequest, "Unexpected broker id, expected " + identity.NodeId + " or empty string, but received " + resource.ResourceName);
                    break;
                default:
                    Fail(result, ErrorCode.InvalidRequest, "Unsupported resource type " + resource.ResourceType + " for DescribeConfigs.");
                    break;
            }

            if (entries is null)
            {
                continue;
            }

            var wanted = resource.ConfigurationKeys is { } keys ? keys.ToHashSet(StringComparer.Ordinal) : null;
            foreach (var entry in entries.Where(e => wanted is null || wanted.Contains(e.Name)))
            {
                result.Configs.Add(new DescribeConfigsResponse.Config
                {
                    Name = entry.Name,
                    Value = entry.IsSensitive ? null : entry.Value,
                    ReadOnly = entry.ReadOnly,
                    IsDefault = entry.IsDefault,
                    ConfigSource = (sbyte)entry.Source,
                    IsSensitive = entry.IsSensitive,
                    Synonyms = request.IncludeSynonyms
                        ? entry.Synonyms.Select(s => new DescribeConfigsResponse.Synonym { Name = s.Name, Value = s.Value, Source = (sbyte)s.Source }).ToList()
                        : [],
                    ConfigType = (sbyte)entry.Type,
                    Documentation = null,
                });
            }
        }

        return ValueTask.FromResult<DescribeConfigsResponse?>(response);
    }

    private static void Fail(DescribeConfigsResponse.Result result, ErrorCode error, string message)
    {
        result.ErrorCode = (short)error;
        result.ErrorMessage = message;
    }
}
