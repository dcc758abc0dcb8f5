using Wharf.Broker.Dispatch;
using Wharf.Broker.Network;
using Wharf.Broker.Topics;
using Wharf.Protocol;
using Wharf.Protocol.Messages;

namespace Wharf.Broker.Apis;

/// <summary>CreatePartitions: grows a topic to a new total partition count (never shrinks, INVALID_PARTITIONS).</summary>
internal sealed class CreatePartitionsHandler(TopicManager topics, BrokerIdentity identity) : IApiHandler<CreatePartitionsRequest, CreatePartitionsResponse>
{
    public ValueTask<CreatePartitionsResponse?> HandleAsync(RequestContext context, CreatePartitionsRequest request)
    {
        var response = new CreatePartitionsResponse();
        var duplicates = request.Topics.GroupBy(t => t.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var topic in request.Topics)
        {
            var result = new CreatePartitionsResponse.TopicResult { Name = topic.Name };
            response.Results.Add(result);
            if (duplicates.Contains(topic.Name))
            {
                result.ErrorCode = (short)ErrorCode.InvalidRequest;
                result.ErrorMessage = "Duplicate topic in request.";
                continue;
            }

            if (!topics.TryGetTopic(topic.Name, out _))
            {
                result.ErrorCode = (short)ErrorCode.UnknownTopicOrPartition;
                result.ErrorMessage = "The topic '" + topic.Name + "' does not exist.";
                continue;
            }

            if (topic.Assignments is { } assignments && assignments.Any(a => a.BrokerIds.Count != 1 || a.BrokerIds[0] != identity.NodeId))
            {
                result.ErrorCode = (short)ErrorCode.InvalidReplicaAssignment;
                result.ErrorMessage = "Replica assignments may only name broker " + identity.NodeId + ", once per partition.";
                continue;
            }

            var outcome = topics.Logs.CreatePartitions(topic.Name, topic.Count, request.ValidateOnly);
            result.ErrorCode = (short)outcome.Error;
            result.ErrorMessage = outcome.ErrorMessage;
        }

        return ValueTask.FromResult<CreatePartitionsResponse?>(response);
    }
}
