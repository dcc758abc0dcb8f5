using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Wharf.Broker.Groups;
using Wharf.Broker.Logging;
using Wharf.Protocol;
using Wharf.Protocol.Primitives;
using Wharf.Storage;

namespace Wharf.Broker.Topics;

/// <summary>
/// The broker's view of topics: storage's logs without the internal ones, with the rules of a single node
/// (replication factor 1, every partition led by this node) and auto-creation (auto.create.topics.enable).
/// </summary>
public sealed class TopicManager(LogManager logs, BrokerOptions options, ILogger<TopicManager> logger) : ITopicDirectory
{
    /// <summary>Committed offsets live in this internal topic, hidden from clients as Kafka hides its own.</summary>
    public const string ConsumerOffsetsTopic = "__consumer_offsets";

    public LogManager Logs => logs;

    /// <summary>num.partitions: what a topic gets when created without a partition count.</summary>
    public int DefaultPartitions => options.NumPartitions;

    public IEnumerable<TopicLog> VisibleTopics => logs.Topics.Where(t => !t.IsInternal);

    public bool TryGetTopic(string name, [NotNullWhen(true)] out TopicLog? topic)
    {
        if (logs.TryGetTopic(name, out var found) && !found.IsInternal)
        {
            topic = found;
            return true;
        }

        topic = null;
        return false;
    }

    public bool TryGetTopic(KafkaUuid id, [NotNullWhen(true)] out TopicLog? topic)
    {
        topic = VisibleTopics.FirstOrDefault(t => t.TopicId == id);
        return topic is not null;
    }

    /// <summary>The partition's log, or UNKNOWN_TOPIC_OR_PARTITION when the topic or the partition does not exist.</summary>
    public ErrorCode FindPartition(string topic, int partition, [NotNullWhen(true)] out PartitionLog? log)
    {
        log = null;
        if (!TryGetTopic(topic, out var found) || partition < 0 || partition >= found.Partitions.Count)
        {
            return ErrorCode.UnknownTopicOrPartition;
        }

        log = found.Partitions[partition];
        return ErrorCode.None;
    }

    public bool TryGetPartitionCount(string topic, out int partitionCount)
    {
        partitionCount = TryGetTopic(topic, out var found) ? found.Partitions.Count : 0;
        return partitionCount > 0;
    }

    /// <summary>
    /// Metadata's lookup: an existing topic, or a new one with num.partitions partitions when auto-creation is
    /// allowed by both the broker and the request.
    /// </summary>
    public ErrorCode GetOrAutoCreate(string name, bool requestAllowsCreation, [NotNullWhen(true)] out TopicLog? topic)
    {
        if (TryGetTopic(name, out topic))
        {
            return ErrorCode.None;
        }

        if (logs.TryGetTopic(name, out _))
        {
            // An internal topic's name: as far as clients know, it does not exist and cannot be created.
            return ErrorCode.UnknownTopicOrPartition;
        }

        if (!options.AutoCreateTopics || !requestAllowsCreation)
        {
            return TopicNames.Validate(name) is null ? ErrorCode.UnknownTopicOrPartition : ErrorCode.InvalidTopicException;
        }

        var created = Create(name, -1, -1, new Dictionary<string, string?>(), validateOnly: false);
        if (created.Error is not ErrorCode.None and not ErrorCode.TopicAlreadyExists)
        {
            return created.Error;
        }

        if (created.Error == ErrorCode.None)
        {
            BrokerLog.TopicAutoCreated(logger, name, options.NumPartitions);
        }

        return TryGetTopic(name, out topic) ? ErrorCode.None : ErrorCode.UnknownTopicOrPartition;
    }

    /// <summary>
    /// CreateTopics' rules on one node: -1 partitions means num.partitions, -1 or 1 replicas is all there can be.
    /// </summary>
    public TopicOperationResult Create(string name, int partitions, short replicationFactor, IReadOnlyDictionary<string, string?> configs, bool validateOnly)
    {
        if (replicationFactor > 1)
        {
            return new TopicOperationResult(ErrorCode.InvalidReplicationFactor, "Replication factor: " + replicationFactor + " larger than available brokers: 1.");
        }

        if (replicationFactor is 0 or < -1)
        {
            return new TopicOperationResult(ErrorCode.InvalidReplicationFactor, "Replication factor must be larger than 0, or -1 to use the default value.");
        }

        if (partitions is 0 or < -1)
        {
            return new TopicOperationResult(ErrorCode.InvalidPartitions, "Number of partitions must be larger than 0, or -1 to use the default value.");
        }

        return logs.CreateTopic(name, partitions == -1 ? options.NumPartitions : partitions, configs, validateOnly);
    }

    public TopicOperationResult Delete(string name)
    {
        if (!options.DeleteTopicEnable)
        {
            return new TopicOperationResult(ErrorCode.TopicDeletionDisabled, "Topic deletion is disabled (delete.topic.enable=false).");
        }

        if (!TryGetTopic(name, out _))
        {
            return new TopicOperationResult(ErrorCode.UnknownTopicOrPartition, "This server does not host this topic-partition.");
        }

        return logs.DeleteTopic(name);
    }
}
