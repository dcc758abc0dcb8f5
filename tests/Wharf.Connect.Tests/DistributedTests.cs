using System.Net;
using System.Text;
using Confluent.Kafka;
using Wharf.Clients;
using Wharf.Testing;

namespace Wharf.Connect.Tests;

/// <summary>Distributed mode: state lives in the three compacted topics, with Apache's keys, and survives a worker restart.</summary>
public sealed class DistributedTests(BrokerFixture broker)
{
    [Fact]
    public async Task Connectors_offsets_and_target_states_survive_a_restart_of_a_distributed_worker()
    {
        using var directory = TemporaryDirectory.Create();
        var group = UniqueNames.For("connect");
        var topic = UniqueNames.For("dist");
        var file = Path.Combine(directory.Path, "in.txt");
        await File.WriteAllTextAsync(file, "x\ny\n", TestContext.Current.CancellationToken);
        var overrides = new Dictionary<string, string> { ["value.converter"] = "org.apache.kafka.connect.storage.StringConverter" };
        await using (var worker = await EmbeddedWorker.DistributedAsync(broker.BootstrapServers, group, overrides))
        {
            using var created = await worker.SendJsonAsync(HttpMethod.Post, "/connectors", "{\"name\":\"src\",\"config\":{\"connector.class\":\"FileStreamSource\",\"topic\":\"" + topic + "\",\"file\":\"" + file + "\"}}");
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            using var paused = await worker.SendJsonAsync(HttpMethod.Post, "/connectors", "{\"name\":\"idle\",\"initial_state\":\"PAUSED\",\"config\":{\"connector.class\":\"FileStreamSource\",\"topic\":\"" + topic + "-idle\",\"file\":\"" + file + "\"}}");
            Assert.Equal(HttpStatusCode.Created, paused.StatusCode);
            Assert.Equal(["x", "y"], TopicReader.ReadValues(broker.BootstrapServers, topic, 2));
            await worker.WaitForStateAsync("idle", "PAUSED");
        }

        var keys = ReadKeys(group + "-configs");
        Assert.Contains("connector-src", keys);
        Assert.Contains("task-src-0", keys);
        Assert.Contains("commit-src", keys);
        Assert.Contains("target-state-idle", keys);
        Assert.Contains("[\"src\",{\"filename\":\"" + file + "\"}]", ReadKeys(group + "-offsets"));
        Assert.Contains("status-connector-src", ReadKeys(group + "-status"));

        await File.AppendAllTextAsync(file, "z\n", TestContext.Current.CancellationToken);
        await using (var worker = await EmbeddedWorker.DistributedAsync(broker.BootstrapServers, group, overrides))
        {
            await worker.WaitForStateAsync("src", "RUNNING");
            await worker.WaitForStateAsync("idle", "PAUSED");
            Assert.Equal(["x", "y", "z"], TopicReader.ReadValues(broker.BootstrapServers, topic, 3));
            Assert.Equal(3, TopicReader.ReadValues(broker.BootstrapServers, topic, 4, TimeSpan.FromSeconds(2)).Count);
            using var deleted = await worker.Http.DeleteAsync("/connectors/idle", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        await using (var worker = await EmbeddedWorker.DistributedAsync(broker.BootstrapServers, group, overrides))
        {
            Assert.Equal(["src"], (await worker.GetJsonAsync("/connectors"))!.AsArray().Select(n => (string?)n));
        }
    }

    /// <summary>Every key written to a topic (all partitions), as text.</summary>
    private List<string> ReadKeys(string topic)
    {
        KafkaClientLibrary.EnsureLoaded();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }).Build();
        var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Select(p => p.PartitionId).ToList();
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig { BootstrapServers = broker.BootstrapServers, GroupId = "keys-" + Guid.NewGuid().ToString("N"), EnableAutoCommit = false, EnablePartitionEof = true }).Build();
        consumer.Assign(partitions.Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var keys = new List<string>();
        var ended = new HashSet<int>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (ended.Count < partitions.Count && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null)
            {
                continue;
            }

            if (result.IsPartitionEOF)
            {
                ended.Add(result.Partition.Value);
            }
            else if (result.Message.Key is { } key)
            {
                keys.Add(Encoding.UTF8.GetString(key));
            }
        }

        return keys;
    }
}
