using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Wharf.Clients;
using Wharf.Protocol.Messages;
using Wharf.Testing;

namespace Wharf.EndToEnd.Tests;

/// <summary>Everything else the broker keeps (topics, their configs, committed offsets, the cluster id) survives kill -9.</summary>
public sealed class RestartDurabilityTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public RestartDurabilityTests() => KafkaClientLibrary.EnsureLoaded();

    [Fact]
    public async Task Topics_with_their_configs_partition_counts_and_deletions_survive_kill_9()
    {
        await using var wharf = await WharfProcess.StartBrokerAsync();
        var compacted = UniqueNames.For("compacted");
        var altered = UniqueNames.For("altered");
        var deleted = UniqueNames.For("deleted");
        var cancel = TestContext.Current.CancellationToken;
        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = wharf.BootstrapServers }).Build())
        {
            await admin.CreateTopicsAsync(
            [
                new TopicSpecification
                {
                    Name = compacted, NumPartitions = 2, ReplicationFactor = 1,
                    Configs = new Dictionary<string, string> { ["cleanup.policy"] = "compact", ["min.compaction.lag.ms"] = "60000", ["segment.bytes"] = "1048576" },
                },
                new TopicSpecification { Name = altered, NumPartitions = 1, ReplicationFactor = 1 },
                new TopicSpecification { Name = deleted, NumPartitions = 1, ReplicationFactor = 1 },
            ]);
            await admin.AlterConfigsAsync(new Dictionary<ConfigResource, List<ConfigEntry>>
            {
                [new ConfigResource { Type = ResourceType.Topic, Name = altered }] = [new ConfigEntry { Name = "retention.ms", Value = "3600000" }, new ConfigEntry { Name = "max.message.bytes", Value = "200000" }],
            });
            await admin.CreatePartitionsAsync([new PartitionsSpecification { Topic = altered, IncreaseTo = 3 }]);
            await admin.DeleteTopicsAsync([deleted]);
        }

        await wharf.KillAsync();
        await wharf.RestartAsync();

        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = wharf.BootstrapServers }).Build())
        {
            var described = await admin.DescribeConfigsAsync(
            [
                new ConfigResource { Type = ResourceType.Topic, Name = compacted },
                new ConfigResource { Type = ResourceType.Topic, Name = altered },
            ]);
            var compactedConfig = described.Single(d => d.ConfigResource.Name == compacted).Entries;
            Assert.Equal("compact", compactedConfig["cleanup.policy"].Value);
            Assert.Equal("60000", compactedConfig["min.compaction.lag.ms"].Value);
            Assert.Equal("1048576", compactedConfig["segment.bytes"].Value);
            Assert.Equal(ConfigSource.DynamicTopicConfig, compactedConfig["cleanup.policy"].Source);
            var alteredConfig = described.Single(d => d.ConfigResource.Name == altered).Entries;
            Assert.Equal("3600000", alteredConfig["retention.ms"].Value);
            Assert.Equal("200000", alteredConfig["max.message.bytes"].Value);
        }

        await using var client = await KafkaWireClient.ConnectAsync(wharf.KafkaEndPoint, cancel);
        var metadata = await client.SendAsync<MetadataRequest, MetadataResponse>(
            new MetadataRequest { Topics = [new() { Name = compacted }, new() { Name = altered }, new() { Name = deleted }], AllowAutoTopicCreation = false }, 4, cancel);
        Assert.Equal(2, metadata.Topics.Single(t => t.Name == compacted).Partitions.Count);
        Assert.Equal(3, metadata.Topics.Single(t => t.Name == altered).Partitions.Count);
        Assert.Equal((short)Wharf.Protocol.ErrorCode.UnknownTopicOrPartition, metadata.Topics.Single(t => t.Name == deleted).ErrorCode);
    }

    [Fact]
    public async Task A_consumer_group_resumes_from_its_committed_offsets_after_kill_9()
    {
        await using var wharf = await WharfProcess.StartBrokerAsync(new Dictionary<string, string> { ["num.partitions"] = "2" });
        var topic = UniqueNames.For("offsets");
        var group = UniqueNames.For("group");
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = wharf.BootstrapServers, Acks = Acks.All }).Build())
        {
            for (var i = 0; i < 100; i++)
            {
                producer.Produce(new TopicPartition(topic, i % 2), new Message<Null, string> { Value = "record-" + i });
            }

            Assert.Equal(0, producer.Flush(Deadline));
        }

        var consumerConfig = new ConsumerConfig
        {
            BootstrapServers = wharf.BootstrapServers,
            GroupId = group,
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        };
        List<TopicPartitionOffset> committed;
        var partitions = new[] { new TopicPartition(topic, 0), new TopicPartition(topic, 1) };
        using (var consumer = new ConsumerBuilder<Ignore, string>(consumerConfig).Build())
        {
            consumer.Subscribe(topic);
            for (var i = 0; i < 30; i++)
            {
                Assert.NotNull(consumer.Consume(Deadline));
            }

            consumer.Commit();
            committed = consumer.Committed(partitions, Deadline);
            consumer.Close();
        }

        Assert.Equal(30, committed.Sum(c => c.Offset.Value is >= 0 and var offset ? offset : 0));
        await wharf.KillAsync();
        await wharf.RestartAsync();

        using (var consumer = new ConsumerBuilder<Ignore, string>(consumerConfig).Build())
        {
            Assert.Equal(committed, consumer.Committed(partitions, Deadline));
            consumer.Subscribe(topic);
            var resumed = new List<ConsumeResult<Ignore, string>>();
            while (resumed.Count < 70)
            {
                resumed.Add(consumer.Consume(Deadline) ?? throw new TimeoutException("only " + resumed.Count + " of 70 records came back after the restart"));
            }

            foreach (var start in committed)
            {
                var first = resumed.First(r => r.Partition == start.Partition);
                Assert.Equal(start.Offset.Value is >= 0 and var offset ? offset : 0, first.Offset.Value);
            }

            Assert.Equal(70, resumed.Select(r => r.Message.Value).Distinct().Count());
            consumer.Close();
        }
    }

    [Fact]
    public async Task The_cluster_id_stays_the_same_across_kill_9_and_clean_restarts()
    {
        await using var wharf = await WharfProcess.StartBrokerAsync();
        var first = await ClusterIdAsync(wharf);

        await wharf.KillAsync();
        await wharf.RestartAsync();
        var afterCrash = await ClusterIdAsync(wharf);
        Assert.Equal(0, await wharf.StopAsync("TERM"));
        await wharf.RestartAsync();
        var afterCleanStop = await ClusterIdAsync(wharf);

        Assert.False(string.IsNullOrEmpty(first));
        Assert.Equal(first, afterCrash);
        Assert.Equal(first, afterCleanStop);
    }

    private static async Task<string?> ClusterIdAsync(WharfProcess wharf)
    {
        await using var client = await KafkaWireClient.ConnectAsync(wharf.KafkaEndPoint, TestContext.Current.CancellationToken);
        var metadata = await client.SendAsync<MetadataRequest, MetadataResponse>(new MetadataRequest { Topics = [] }, 2, TestContext.Current.CancellationToken);
        return metadata.ClusterId;
    }
}
