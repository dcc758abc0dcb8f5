namespace Wharf.Broker.Groups;

/// <summary>What the coordinator needs to know about topics: whether a partition exists, so that commits to
/// unknown partitions are refused with UNKNOWN_TOPIC_OR_PARTITION as Kafka does. Implemented by the topic manager.</summary>
public interface ITopicDirectory
{
    /// <summary>True with the topic's partition count when the topic exists.</summary>
    bool TryGetPartitionCount(string topic, out int partitionCount);
}
