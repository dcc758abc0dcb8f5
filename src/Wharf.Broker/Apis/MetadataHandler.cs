using Wharf.Broker.Dispatch;
using Wharf.Broker.Network;
using Wharf.Broker.Topics;
using Wharf.Protocol;
using Wharf.Protocol.Messages;
using Wharf.Storage;

namespace Wharf.Broker.Apis;

/// <summary>
/// Metadata: this one broker, and the requested topics with every partition led by it. v0 asks for all topics
/// with an empty list, v1+ with null (an empty list then means none); v4+ says whether the client allows
/// auto-creation; v10+ may name topics by id.
/// </summary>
internal sealed class MetadataHandler(TopicManager topics, BrokerIdentity identity) : IApiHandler<MetadataRequest, MetadataResponse>
{
    /// <summary>Every operation bit of a topic (READ..ALTER_CONFIGS), reported when asked: there is no authorizer.</summary>
    private const int AllTopicOperations = (1 << 3) | (1 << 4) | (1 << 5) | (1 << 6) | (1 << 7) | (1 << 8) | (1 << 10) | (1 << 11);

    /// <summary>Every operation bit of the cluster (CREATE, CLUSTER_ACTION, DESCRIBE_CONFIGS, ALTER_CONFIGS, IDEMPOTENT_WRITE, ALTER, DESCRIBE).</summary>
    private const int AllClusterOperations = (1 << 5) | (1 << 7) | (1 << 8) | (1 << 9) | (1 << 10) | (1 << 11) | (1 << 12);

    public ValueTask<MetadataResponse?> HandleAsync(RequestContext context, MetadataRequest request)
    {
        var version = context.ApiVersion;
        var response = new MetadataResponse
        {
            Brokers = [new MetadataResponse.Broker { NodeId = identity.NodeId, Host = identity.AdvertisedHost, Port = identity.AdvertisedPort }],
            ClusterId = identity.ClusterId,
            ControllerId = identity.NodeId,
            ClusterAuthorizedOperations = request.IncludeClusterAuthorizedOperations ? AllClusterOperations : int.MinValue,
        };

        var all = request.Topics is null || (version == 0 && request.Topics.Count == 0);
        if (all)
        {
            foreach (var topic in topics.VisibleTopics.OrderBy(t => t.Name, StringComparer.Ordinal))
            {
                response.Topics.Add(Describe(topic, request));
            }
        }
        else
        {
            // Kafka's clients always allowed creation before v4, where the flag did not exist.
            var allowCreation = version < 4 || request.AllowAutoTopicCreation;
            foreach (var requested in request.Topics!)
            {
                response.Topics.Add(Lookup(requested, allowCreation, request));
            }
        }

        return ValueTask.FromResult<MetadataResponse?>(response);
    }

    private MetadataResponse.Topic Lookup(MetadataRequest.RequestTopic requested, bool allowCreation, MetadataRequest request)
    {
        if (requested.Name is null)
        {
            return topics.TryGetTopic(requested.TopicId, out var byId)
                ? Describe(byId, request)
                : new MetadataResponse.Topic { ErrorCode = (short)ErrorCode.UnknownTopicId, Name = null, TopicId = requested.TopicId };
        }

        var error = topics.GetOrAutoCreate(requested.Name, allowCreation, out var topic);
        return topic is not null
            ? Describe(topic, request)
            : new MetadataResponse.Topic { ErrorCode = (short)error, Name = requested.Name };
    }

    private MetadataResponse.Topic Describe(TopicLog topic, MetadataRequest request)
    {
        var described = new MetadataResponse.Topic
        {
            Name = topic.Name,
            TopicId = topic.TopicId,
            TopicAuthorizedOperations = request.IncludeTopicAuthorizedOperations ? AllTopicOperations : int.MinValue,
        };
        for (var partition = 0; partition < topic.Partitions.Count; partition++)
        {
            described.Partitions.Add(new MetadataResponse.Partition
            {
                PartitionIndex = partition,
                LeaderId = identity.NodeId,
                LeaderEpoch = KafkaBroker.LeaderEpoch,
                ReplicaNodes = [identity.NodeId],
                IsrNodes = [identity.NodeId],
            });
        }

        return described;
    }
}
