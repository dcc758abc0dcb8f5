using Wharf.Broker.Configs;
using Wharf.Broker.Dispatch;
using Wharf.Broker.Network;
using Wharf.Broker.Topics;
using Wharf.Protocol;
using Wharf.Protocol.Messages;

namespace Wharf.Broker.Apis;

/// <summary>
/// IncrementalAlterConfigs (KIP-339): per config, SET a value, DELETE the override, or APPEND to / SUBTRACT from
/// a list-valued config (cleanup.policy); configs not named keep their overrides.
/// </summary>
internal sealed class IncrementalAlterConfigsHandler(TopicManager topics, BrokerIdentity identity) : IApiHandler<IncrementalAlterConfigsRequest, IncrementalAlterConfigsResponse>
{
    private const sbyte Set = 0;
    private const sbyte Delete = 1;
    private const sbyte Append = 2;
    private const sbyte Subtract = 3;

    public ValueTask<IncrementalAlterConfigsResponse?> HandleAsync(RequestContext context, IncrementalAlterConfigsRequest request)
    {
        var response = new IncrementalAlterConfigsResponse();
        foreach (var resource in request.Resources)
        {
            var result = new IncrementalAlterConfigsResponse.ResourceResponse { ResourceType = resource.ResourceType, ResourceName = resource.ResourceName };
            response.Responses.Add(result);
            var (changes, error) = Changes(resource);
            var outcome = error ?? ConfigResources.Alter(topics, identity, resource.ResourceType, resource.ResourceName, changes, incremental: true, request.ValidateOnly);
            result.ErrorCode = (short)outcome.Error;
            result.ErrorMessage = outcome.ErrorMessage;
        }

        return ValueTask.FromResult<IncrementalAlterConfigsResponse?>(response);
    }

    private (Dictionary<string, string?> Changes, Storage.TopicOperationResult? Error) Changes(IncrementalAlterConfigsRequest.Resource resource)
    {
        var changes = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var config in resource.Configs)
        {
            if (changes.ContainsKey(config.Name))
            {
                return (changes, new Storage.TopicOperationResult(ErrorCode.InvalidRequest, "Error due to duplicate config keys"));
            }

            switch (config.ConfigOperation)
            {
                case Set:
                    changes[config.Name] = config.Value;
                    break;
                case Delete:
                    changes[config.Name] = null;
                    break;
                case Append or Subtract:
                    var current = CurrentValue(resource, config.Name);
                    var items = current.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
                    var given = (config.Value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    if (config.ConfigOperation == Append)
                    {
                        items.AddRange(given.Where(g => !items.Contains(g, StringComparer.Ordinal)));
                    }
                    else
                    {
                        items.RemoveAll(i => given.Contains(i, StringComparer.Ordinal));
                    }

                    changes[config.Name] = string.Join(',', items);
                    break;
                default:
                    return (changes, new Storage.TopicOperationResult(ErrorCode.InvalidRequest, "Unknown config operation " + config.ConfigOperation + " for " + config.Name));
            }
        }

        return (changes, null);
    }

    private string CurrentValue(IncrementalAlterConfigsRequest.Resource resource, string name) =>
        (ConfigResourceType)resource.ResourceType == ConfigResourceType.Topic && topics.TryGetTopic(resource.ResourceName, out var topic) && Storage.TopicConfig.IsKnown(name)
            ? topic.Config.GetValue(name)
            : string.Empty;
}
