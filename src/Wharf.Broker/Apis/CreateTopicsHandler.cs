using Wharf.Broker.Dispatch;
using Wharf.Broker.Network;
using Wharf.Broker.Topics;
using Wharf.Protocol;
using Wharf.Protocol.Messages;

namespace Wharf.Broker.Apis;

/// <summary>
/// CreateTopics: one result per requested topic. A topic named twice in one request is refused (INVALID_REQUEST)
/// as Kafka does; manual assignments may only name this broker; v5+ answers with the partitions, replication
/// factor and resulting configs of each topic created (or validated).
/// </summary>
internal sealed class CreateTopicsHandler(TopicManager topics, BrokerIdentity identity) : IApiHandler<CreateTopicsRequest, CreateTopicsResponse>
{
    public ValueTask<CreateTopicsResponse?> HandleAsync(RequestContext context, CreateTopicsRequest request)
    {
        var response = new CreateTopicsResponse();
        var duplicates = request.Topics.GroupBy(t => t.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var topic in request.Topics)
        {
            var result = new CreateTopicsResponse.TopicResult { Name = topic.Name };
            response.Topics.Add(result);
            if (duplicates.Contains(topic.Name))
            {
                Fail(result, ErrorCode.InvalidRequest, "Create topics request from client `" + context.ClientId + "` contains multiple entries for the following topics: " + topic.Name);
                continue;
            }

            var partitions = topic.NumPartitions;
            var replicationFactor = topic.ReplicationFactor;
            if (topic.Assignments.Count > 0)
            {
                if (partitions != -1 || replicationFactor != -1)
                {
                    Fail(result, ErrorCode.InvalidRequest, "Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time.");
                    continue;
                }

                if (topic.Assignments.Any(a => a.BrokerIds.Count != 1 || a.BrokerIds[0] != identity.NodeId)
                    || !topic.Assignments.Select(a => a.PartitionIndex).Order().SequenceEqual(Enumerable.Range(0, topic.Assignments.Count)))
                {
                    Fail(result, ErrorCode.InvalidReplicaAssignment, "Replica assignments must name broker " + identity.NodeId + " once per partition, for partitions 0.." + (topic.Assignments.Count - 1) + ".");
                    continue;
                }

                partitions = topic.Assignments.Count;
                replicationFactor = 1;
            }

            var configs = topic.Configs.ToDictionary(c => c.Name, c => c.Value, StringComparer.Ordinal);
            var outcome = topics.Create(topic.Name, partitions, replicationFactor, configs, request.ValidateOnly);
            if (outcome.Error != ErrorCode.None)
            {
                Fail(result, outcome.Error, outcome.ErrorMessage);
                continue;
            }

            if (!request.ValidateOnly && topics.TryGetTopic(topic.Name, out var created))
            {
                result.TopicId = created.TopicId;
                result.NumPartitions = created.Partitions.Count;
            }
            else
            {
                result.NumPartitions = partitions == -1 ? topics.DefaultPartitions : partitions;
            }

            result.ReplicationFactor = 1;
            result.Configs = outcome.Config?.Describe().Select(entry => new CreateTopicsResponse.Config
            {
                Name = entry.Name,
                Value = entry.Value,
                ReadOnly = entry.ReadOnly,
                ConfigSource = (sbyte)entry.Source,
                IsSensitive = entry.IsSensitive,
            }).ToList();
        }

        return ValueTask.FromResult<CreateTopicsResponse?>(response);
    }

    private static void Fail(CreateTopicsResponse.TopicResult result, ErrorCode error, string? message)
    {
        result.ErrorCode = (short)error;
        result.ErrorMessage = message;
        result.Configs = null;
    }
}
