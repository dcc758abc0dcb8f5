using Wharf.Protocol.Primitives;

namespace Wharf.Storage;

/// <summary>A topic: its id (KIP-516), its partitions' logs and its configuration.</summary>
public sealed class TopicLog
{
    private PartitionLog[] _partitions = [];
    private TopicConfig _config;

    internal TopicLog(string name, KafkaUuid topicId, TopicConfig config)
    {
        Name = name;
        TopicId = topicId;
        _config = config;
    }

    public string Name { get; }

    public KafkaUuid TopicId { get; }

    /// <summary>The partitions, indexed by partition number; grows with CreatePartitions.</summary>
    public IReadOnlyList<PartitionLog> Partitions => Volatile.Read(ref _partitions);

    public TopicConfig Config => Volatile.Read(ref _config);

    /// <summary>Kafka's internal topics (Topic.isInternal): the consumer offsets and transaction state topics.</summary>
    public bool IsInternal => IsInternalName(Name);

    internal static bool IsInternalName(string name) => name is "__consumer_offsets" or "__transaction_state";

    internal void SetConfig(TopicConfig config) => Volatile.Write(ref _config, config);

    internal void SetPartitions(PartitionLog[] partitions) => Volatile.Write(ref _partitions, partitions);
}
