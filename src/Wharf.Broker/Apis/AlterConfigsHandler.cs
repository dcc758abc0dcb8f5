using Wharf.Broker.Configs;
using Wharf.Broker.Dispatch;
using Wharf.Broker.Network;
using Wharf.Broker.Topics;
using Wharf.Protocol;
using Wharf.Protocol.Messages;

namespace Wharf.Broker.Apis;

/// <summary>AlterConfigs (the legacy, non-incremental form): the given configs replace every override of the topic.</summary>
internal sealed class AlterConfigsHandler(TopicManager topics, BrokerIdentity identity) : IApiHandler<AlterConfigsRequest, AlterConfigsResponse>
{
    public ValueTask<AlterConfigsResponse?> HandleAsync(RequestContext context, AlterConfigsRequest request)
    {
        var response = new AlterConfigsResponse();
        foreach (var resource in request.Resources)
        {
            var result = new AlterConfigsResponse.ResourceResponse { ResourceType = resource.ResourceType, ResourceName = resource.ResourceName };
            response.Responses.Add(result);
            if (resource.Configs.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count() != resource.Configs.Count)
            {
                result.ErrorCode = (short)ErrorCode.InvalidRequest;
                result.ErrorMessage = "Error due to duplicate config keys";
                continue;
            }

            var changes = resource.Configs.ToDictionary(c => c.Name, c => c.Value, StringComparer.Ordinal);
            var outcome = ConfigResources.Alter(topics, identity, resource.ResourceType, resource.ResourceName, changes, incremental: false, request.ValidateOnly);
            result.ErrorCode = (short)outcome.Error;
            result.ErrorMessage = outcome.ErrorMessage;
        }

        return ValueTask.FromResult<AlterConfigsResponse?>(response);
    }
}
