using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Wharf.Clients;
using Wharf.RestProxy.Http;

namespace Wharf.RestProxy.Metadata;

/// <summary>
/// Cluster metadata as the v2 API shows it, read through Kafka's own client: topics (without Kafka's internal
/// ones, as AdminClient.listTopics does), partitions with their replicas, topic configs, brokers, and partition
/// watermarks (through one shared consumer that never joins a group).
/// </summary>
public sealed class ClusterMetadata : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly string[] InternalTopics = ["__consumer_offsets", "__transaction_state"];

    private readonly IAdminClient _admin;
    private readonly Lazy<IConsumer<byte[]?, byte[]?>> _watermarks;

    public ClusterMetadata(KafkaClientFactory factory, IReadOnlyDictionary<string, string> adminSettings, IReadOnlyDictionary<string, string> consumerSettings)
    {
        _admin = factory.CreateAdmin(adminSettings);
        _watermarks = new(() => factory.ConsumerBuilder(new Dictionary<string, string>(consumerSettings) { ["group.id"] = "wharf-rest-proxy-metadata", ["enable.auto.commit"] = "false" }).Build());
    }

    public IReadOnlyList<string> TopicNames() =>
        _admin.GetMetadata(Timeout).Topics
            .Where(t => t.Error.Code == ErrorCode.NoError && !InternalTopics.Contains(t.Topic))
            .Select(t => t.Topic)
            .Order(StringComparer.Ordinal)
            .ToList();

    public IReadOnlyList<int> BrokerIds() => _admin.GetMetadata(Timeout).Brokers.Select(b => b.BrokerId).Order().ToList();

    /// <summary>
    /// The topic's metadata; 404/40403 when it does not exist. The lookup asks for every topic: librdkafka's admin
    /// handle asks the broker to auto-create a topic named in a metadata request, and a describe must never create.
    /// </summary>
    public TopicMetadata Topic(string topic)
    {
        var metadata = _admin.GetMetadata(Timeout).Topics.SingleOrDefault(t => t.Topic == topic);
        if (metadata is null || metadata.Error.Code == ErrorCode.UnknownTopicOrPart || metadata.Error.Code == ErrorCode.Local_UnknownTopic || InternalTopics.Contains(topic))
        {
            throw RestException.TopicNotFound(topic);
        }

        if (metadata.Error.IsError)
        {
            throw new RestException(500, KafkaErrorCodes.For(metadata.Error), metadata.Error.Reason);
        }

        return metadata;
    }

    public PartitionMetadata Partition(string topic, int partition) =>
        Topic(topic).Partitions.SingleOrDefault(p => p.PartitionId == partition) ?? throw RestException.PartitionNotFound();

    /// <summary>Every config of the topic with its effective value (defaults included), as DescribeConfigs reports them.</summary>
    public async Task<IReadOnlyDictionary<string, string?>> TopicConfigsAsync(string topic)
    {
        try
        {
            var results = await _admin.DescribeConfigsAsync([new ConfigResource { Type = ResourceType.Topic, Name = topic }], new DescribeConfigsOptions { RequestTimeout = Timeout });
            return results.Single().Entries.OrderBy(e => e.Key, StringComparer.Ordinal).ToDictionary(e => e.Key, e => (string?)e.Value.Value);
        }
        catch (DescribeConfigsException exception) when (exception.Results.Any(r => r.Error.Code == ErrorCode.UnknownTopicOrPart))
        {
            throw RestException.TopicNotFound(topic);
        }
    }

    /// <summary>The first and the next offset of a partition (its low and high watermarks).</summary>
    public WatermarkOffsets Offsets(string topic, int partition)
    {
        Partition(topic, partition);
        return _watermarks.Value.QueryWatermarkOffsets(new TopicPartition(topic, partition), Timeout);
    }

    public void Dispose()
    {
        _admin.Dispose();
        if (_watermarks.IsValueCreated)
        {
            _watermarks.Value.Close();
            _watermarks.Value.Dispose();
        }
    }
}
