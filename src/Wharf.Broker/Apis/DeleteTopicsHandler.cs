using Wharf.Broker.Dispatch;
using Wharf.Broker.Network;
using Wharf.Broker.Topics;
using Wharf.Protocol.Messages;

namespace Wharf.Broker.Apis;

/// <summary>DeleteTopics by name: the topic's partitions and configs are removed; its name can be reused at once.</summary>
internal sealed class DeleteTopicsHandler(TopicManager topics) : IApiHandler<DeleteTopicsRequest, DeleteTopicsResponse>
{
    public ValueTask<DeleteTopicsResponse?> HandleAsync(RequestContext context, DeleteTopicsRequest request)
    {
        var response = new DeleteTopicsResponse();
        foreach (var name in request.TopicNames.Distinct(StringComparer.Ordinal))
        {
            var outcome = topics.Delete(name);
            response.Responses.Add(new DeleteTopicsResponse.TopicResult { Name = name, ErrorCode = (short)outcome.Error, ErrorMessage = outcome.ErrorMessage });
        }

        return ValueTask.FromResult<DeleteTopicsResponse?>(response);
    }
}
