using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Wharf.Broker.Tests.Support;
using Wharf.Clients;
using Wharf.Protocol.Messages;
using Wharf.Testing;
using WireError = Wharf.Protocol.ErrorCode;

namespace Wharf.Broker.Tests.Integration;

/// <summary>
/// Confluent.Kafka 1.9.3's admin client against the broker: topics created (with configs, and with -1 partitions
/// meaning num.partitions), described, altered, grown, trimmed and deleted. IncrementalAlterConfigs is not in
/// this client, so it is sent through <see cref="KafkaWireClient"/>.
/// </summary>
public sealed class AdminClientTests : IAsyncLifetime
{
    private const int NumPartitions = 3;

    private EmbeddedBroker _broker = null!;
    private IAdminClient _admin = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        KafkaClientLibrary.EnsureLoaded();
        _broker = await EmbeddedBroker.StartAsync(new Dictionary<string, string>
        {
            ["num.partitions"] = NumPartitions.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["log.retention.hours"] = "48",
        });
        _admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = _broker.BootstrapServers }).Build();
    }

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        await _broker.DisposeAsync();
    }

    [Fact]
    public async Task A_topic_created_with_configs_reports_them_as_overrides()
    {
        var topic = UniqueNames.For("admin");

        await _admin.CreateTopicsAsync([new TopicSpecification
        {
            Name = topic,
            NumPartitions = 2,
            ReplicationFactor = 1,
            Configs = new Dictionary<string, string> { ["retention.ms"] = "3600000", ["cleanup.policy"] = "compact" },
        }]);

        var metadata = _admin.GetMetadata(topic, TimeSpan.FromSeconds(10));
        Assert.Equal(2, Assert.Single(metadata.Topics).Partitions.Count);
        var entries = await DescribeTopicAsync(topic);
        Assert.Equal(("3600000", ConfigSource.DynamicTopicConfig), (entries["retention.ms"].Value, entries["retention.ms"].Source));
        Assert.Equal(("compact", ConfigSource.DynamicTopicConfig), (entries["cleanup.policy"].Value, entries["cleanup.policy"].Source));
        Assert.Equal(ConfigSource.DefaultConfig, entries["segment.bytes"].Source);
        Assert.True(entries["segment.bytes"].IsDefault);
    }

    [Fact]
    public async Task A_topic_created_with_minus_one_partitions_gets_num_partitions()
    {
        var topic = UniqueNames.For("admin");

        await _admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = -1, ReplicationFactor = -1 }]);

        Assert.Equal(NumPartitions, Assert.Single(_admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics).Partitions.Count);
    }

    [Fact]
    public async Task Creating_an_existing_topic_or_an_invalid_one_reports_the_error_per_topic()
    {
        var topic = UniqueNames.For("admin");
        await _admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = 1 }]);

        var failed = await Assert.ThrowsAsync<CreateTopicsException>(() => _admin.CreateTopicsAsync(
        [
            new TopicSpecification { Name = topic, NumPartitions = 1 },
            new TopicSpecification { Name = "bad name", NumPartitions = 1 },
            new TopicSpecification { Name = UniqueNames.For("rf"), NumPartitions = 1, ReplicationFactor = 3 },
            new TopicSpecification { Name = UniqueNames.For("cfg"), NumPartitions = 1, Configs = new Dictionary<string, string> { ["retention.ms"] = "soon" } },
        ]));

        Assert.Equal(
            [ErrorCode.TopicAlreadyExists, ErrorCode.TopicException, ErrorCode.InvalidReplicationFactor, ErrorCode.InvalidConfig],
            failed.Results.Select(r => r.Error.Code));
    }

    [Fact]
    public async Task The_broker_describes_its_settings_including_the_log_defaults_topics_inherit_from_it()
    {
        var topic = UniqueNames.For("admin");
        await _admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = 1 }]);

        var broker = Assert.Single(await _admin.DescribeConfigsAsync([new ConfigResource { Type = ResourceType.Broker, Name = "0" }])).Entries;
        var inherited = (await DescribeTopicAsync(topic))["retention.ms"];

        Assert.Equal(("3", ConfigSource.StaticBrokerConfig), (broker["num.partitions"].Value, broker["num.partitions"].Source));
        Assert.Equal(("48", ConfigSource.StaticBrokerConfig), (broker["log.retention.hours"].Value, broker["log.retention.hours"].Source));
        Assert.Equal(ConfigSource.DefaultConfig, broker["socket.request.max.bytes"].Source);
        Assert.Equal(("1048588", ConfigSource.DefaultConfig), (broker["message.max.bytes"].Value, broker["message.max.bytes"].Source));
        Assert.Equal(("1073741824", ConfigSource.DefaultConfig), (broker["log.segment.bytes"].Value, broker["log.segment.bytes"].Source));
        Assert.Equal("delete", broker["log.cleanup.policy"].Value);
        Assert.False(broker.ContainsKey("log.retention.ms"), "log.retention.hours is the synonym in effect");
        Assert.Equal(("172800000", ConfigSource.StaticBrokerConfig), (inherited.Value, inherited.Source));
    }

    [Fact]
    public async Task AlterConfigs_replaces_every_override_of_the_topic()
    {
        var topic = UniqueNames.For("admin");
        await _admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = 1, Configs = new Dictionary<string, string> { ["retention.ms"] = "3600000" } }]);

        await _admin.AlterConfigsAsync(new Dictionary<ConfigResource, List<ConfigEntry>>
        {
            [new ConfigResource { Type = ResourceType.Topic, Name = topic }] = [new ConfigEntry { Name = "max.message.bytes", Value = "2000" }],
        });

        var entries = await DescribeTopicAsync(topic);
        Assert.Equal(("2000", ConfigSource.DynamicTopicConfig), (entries["max.message.bytes"].Value, entries["max.message.bytes"].Source));
        Assert.Equal(("172800000", ConfigSource.StaticBrokerConfig), (entries["retention.ms"].Value, entries["retention.ms"].Source));
        await using var client = await KafkaWireClient.ConnectAsync(_broker.EndPoint, Cancel);
        var refused = Wire.Single(await client.SendAsync<ProduceRequest, ProduceResponse>(Wire.Produce(topic, 0, Wire.BatchOfSize(3_000)), 9, Cancel));
        Assert.Equal(WireError.MessageTooLarge, (WireError)refused.ErrorCode);
    }

    [Fact]
    public async Task AlterConfigs_with_an_invalid_value_changes_nothing()
    {
        var topic = UniqueNames.For("admin");
        await _admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = 1, Configs = new Dictionary<string, string> { ["retention.ms"] = "3600000" } }]);

        var failed = await Assert.ThrowsAsync<AlterConfigsException>(() => _admin.AlterConfigsAsync(new Dictionary<ConfigResource, List<ConfigEntry>>
        {
            [new ConfigResource { Type = ResourceType.Topic, Name = topic }] = [new ConfigEntry { Name = "retention.ms", Value = "forever" }],
        }));

        Assert.Equal(ErrorCode.InvalidConfig, Assert.Single(failed.Results).Error.Code);
        Assert.Equal("3600000", (await DescribeTopicAsync(topic))["retention.ms"].Value);
    }

    [Fact]
    public async Task IncrementalAlterConfigs_sets_deletes_appends_and_subtracts_one_config_at_a_time()
    {
        var topic = UniqueNames.For("admin");
        await _admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = 1, Configs = new Dictionary<string, string> { ["retention.ms"] = "3600000", ["segment.ms"] = "600000" } }]);
        await using var client = await KafkaWireClient.ConnectAsync(_broker.EndPoint, Cancel);

        await IncrementalAsync(client, topic, ("retention.ms", 0, "7200000"), ("segment.ms", 1, null), ("cleanup.policy", 2, "compact"));
        var afterFirst = await DescribeTopicAsync(topic);
        await IncrementalAsync(client, topic, ("cleanup.policy", 3, "delete"));
        var afterSecond = await DescribeTopicAsync(topic);

        Assert.Equal(("7200000", ConfigSource.DynamicTopicConfig), (afterFirst["retention.ms"].Value, afterFirst["retention.ms"].Source));
        Assert.Equal(ConfigSource.DefaultConfig, afterFirst["segment.ms"].Source);
        Assert.Equal("delete,compact", afterFirst["cleanup.policy"].Value);
        Assert.Equal("compact", afterSecond["cleanup.policy"].Value);
        Assert.Equal("7200000", afterSecond["retention.ms"].Value);
    }

    [Fact]
    public async Task CreatePartitions_grows_a_topic_and_refuses_to_shrink_it()
    {
        var topic = UniqueNames.For("admin");
        await _admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = 2 }]);

        await _admin.CreatePartitionsAsync([new PartitionsSpecification { Topic = topic, IncreaseTo = 5 }]);
        var shrink = await Assert.ThrowsAsync<CreatePartitionsException>(() => _admin.CreatePartitionsAsync([new PartitionsSpecification { Topic = topic, IncreaseTo = 3 }]));

        Assert.Equal(ErrorCode.InvalidPartitions, Assert.Single(shrink.Results).Error.Code);
        Assert.Equal(5, Assert.Single(_admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics).Partitions.Count);
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = _broker.BootstrapServers }).Build();
        var delivered = await producer.ProduceAsync(new TopicPartition(topic, 4), new Message<Null, string> { Value = "new partition" }, Cancel);
        Assert.Equal(0, delivered.Offset.Value);
    }

    [Fact]
    public async Task DeleteRecords_moves_the_log_start_and_consumers_start_there()
    {
        var topic = UniqueNames.For("admin");
        await _admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = 1 }]);
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = _broker.BootstrapServers }).Build())
        {
            for (var i = 0; i < 10; i++)
            {
                await producer.ProduceAsync(topic, new Message<Null, string> { Value = "r" + i }, Cancel);
            }
        }

        var deleted = await _admin.DeleteRecordsAsync([new TopicPartitionOffset(topic, 0, 6)]);
        var beyond = await Assert.ThrowsAsync<DeleteRecordsException>(() => _admin.DeleteRecordsAsync([new TopicPartitionOffset(topic, 0, 11)]));

        Assert.Equal(6, Assert.Single(deleted).Offset.Value);
        Assert.Equal(ErrorCode.OffsetOutOfRange, Assert.Single(beyond.Results).Error.Code);
        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig { BootstrapServers = _broker.BootstrapServers, GroupId = UniqueNames.For("g"), AutoOffsetReset = AutoOffsetReset.Earliest }).Build();
        var watermarks = consumer.QueryWatermarkOffsets(new TopicPartition(topic, 0), TimeSpan.FromSeconds(10));
        Assert.Equal((6L, 10L), (watermarks.Low.Value, watermarks.High.Value));
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var first = consumer.Consume(TimeSpan.FromSeconds(15));
        Assert.Equal((6L, "r6"), (first?.Offset.Value ?? -1, first?.Message.Value));
    }

    [Fact]
    public async Task A_deleted_topic_is_gone_and_its_name_can_be_used_again()
    {
        var topic = UniqueNames.For("admin");
        await _admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = 2 }]);
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = _broker.BootstrapServers }).Build())
        {
            await producer.ProduceAsync(topic, new Message<Null, string> { Value = "old" }, Cancel);
        }

        await _admin.DeleteTopicsAsync([topic]);
        var again = await Assert.ThrowsAsync<DeleteTopicsException>(() => _admin.DeleteTopicsAsync([topic]));
        await using var client = await KafkaWireClient.ConnectAsync(_broker.EndPoint, Cancel);
        var metadata = await client.SendAsync<MetadataRequest, MetadataResponse>(new MetadataRequest { Topics = null }, 12, Cancel);

        Assert.Equal(ErrorCode.UnknownTopicOrPart, Assert.Single(again.Results).Error.Code);
        Assert.DoesNotContain(metadata.Topics, t => t.Name == topic);
        await _admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = 1 }]);
        Assert.Empty(await Wire.ReadAllAsync(client, topic, 0));
    }

    private async Task<Dictionary<string, ConfigEntryResult>> DescribeTopicAsync(string topic) =>
        Assert.Single(await _admin.DescribeConfigsAsync([new ConfigResource { Type = ResourceType.Topic, Name = topic }])).Entries;

    private static async Task IncrementalAsync(KafkaWireClient client, string topic, params (string Name, sbyte Operation, string? Value)[] changes)
    {
        var response = await client.SendAsync<IncrementalAlterConfigsRequest, IncrementalAlterConfigsResponse>(
            new IncrementalAlterConfigsRequest
            {
                Resources = [new() { ResourceType = 2, ResourceName = topic, Configs = changes.Select(c => new IncrementalAlterConfigsRequest.Config { Name = c.Name, ConfigOperation = c.Operation, Value = c.Value }).ToList() }],
            },
            1,
            Cancel);
        Assert.Equal(WireError.None, (WireError)Assert.Single(response.Responses).ErrorCode);
    }
}
