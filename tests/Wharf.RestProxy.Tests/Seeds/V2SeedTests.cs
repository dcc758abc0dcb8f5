using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Wharf.Clients;
using Wharf.RestProxy.Tests.Consumers;
using Wharf.Testing;

namespace Wharf.RestProxy.Tests.Seeds;

/// <summary>The v2 binary and json flows of seeds 000 and 001, run as written (<see cref="SeedScripts"/>).</summary>
[Collection(nameof(SeedScripts))]
public sealed class V2SeedTests(RestProxyFixture fixture)
{
    [Fact]
    public async Task The_json_producer_script_stores_its_key_and_value_as_json_text()
    {
        await KafkaData.CreateTopicAsync(fixture.Broker.BootstrapServers, "my_topic", 1);

        var run = await SeedScripts.RunAsync(fixture.Proxy, "v2_json_producer.py");

        Assert.Contains("\"offsets\":[{\"partition\":0,\"offset\":", run.StandardOutput, StringComparison.Ordinal);
        var last = (await KafkaTopics.ReadRecordsAsync(fixture.Broker.EndPoint, "my_topic", 0))[^1];
        Assert.Equal("\"firstkey\"", Encoding.UTF8.GetString(last.Key!));
        Assert.Equal("\"firstvalue\"", Encoding.UTF8.GetString(last.Value!));
    }

    [Fact]
    public async Task The_json_consumer_script_prints_the_json_values_produced_while_it_reads_and_deletes_its_instance()
    {
        const string topic = "hello_world_topic";
        await KafkaData.CreateTopicAsync(fixture.Broker.BootstrapServers, topic, 1);
        var prefix = UniqueNames.For("json-seed");

        var run = await SeedScripts.RunWhileProducingAsync(fixture, "v2_json_consumer.py", topic, i => (null, "{\"tag\":\"" + prefix + "\",\"n\":" + i + "}"));

        Assert.Contains("Message Value:{\"tag\": \"" + prefix + "\", \"n\": ", run.StandardOutput, StringComparison.Ordinal);
        Assert.EndsWith("Deleted\n", run.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("Status Code", run.StandardOutput, StringComparison.Ordinal);
        KafkaClientLibrary.EnsureLoaded();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = fixture.Broker.BootstrapServers }).Build();
        Assert.Empty(admin.ListGroup("group1", TimeSpan.FromSeconds(30)).Members);
    }

    [Fact]
    public async Task The_manual_commit_script_commits_the_offset_after_the_records_it_printed()
    {
        const string topic = "my_topic";
        await KafkaData.CreateTopicAsync(fixture.Broker.BootstrapServers, topic, 1);
        var prefix = UniqueNames.For("commit-seed");

        var run = await SeedScripts.RunWhileProducingAsync(fixture, "v2_consumer_manual_commit.py", topic, i => (null, prefix + "-" + i));

        Assert.Contains("Message Value:" + prefix + "-", run.StandardOutput, StringComparison.Ordinal);
        Assert.EndsWith("Committed\n", run.StandardOutput, StringComparison.Ordinal);
        var printed = run.StandardOutput.Split('\n').Where(l => l.StartsWith("Message Value:" + prefix, StringComparison.Ordinal)).ToList();
        var records = await KafkaTopics.ReadRecordsAsync(fixture.Broker.EndPoint, topic, 0);
        var lastPrinted = records.Last(r => "Message Value:" + Encoding.UTF8.GetString(r.Value!) == printed[^1]);
        Assert.Equal(lastPrinted.Offset + 1, Committed("group1", topic));
    }

    [Fact]
    public async Task The_metadata_script_lists_topics_one_topic_the_brokers_and_partitions()
    {
        var topic = UniqueNames.For("metadata-seed");
        await KafkaData.CreateTopicAsync(fixture.Broker.BootstrapServers, topic, 2);

        var run = await SeedScripts.RunAsync(fixture.Proxy, "v2_metadata.py");

        var output = run.StandardOutput;
        Assert.Contains("Fetched topics from Kafka:\n[\n", output, StringComparison.Ordinal);
        Assert.Contains("\"" + topic + "\"", output, StringComparison.Ordinal);
        Assert.Contains("\"configs\": {", output, StringComparison.Ordinal);
        Assert.Contains("Fetched brokers from Kafka:\n{\n  \"brokers\": [\n    0\n  ]\n}", output, StringComparison.Ordinal);
        Assert.Contains("Fetched partitions from Kafka:\n[\n  {\n    \"partition\": 0,\n    \"leader\": 0,", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Failed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_click_event_script_produces_its_event_as_a_json_object_to_a_topic_it_does_not_create()
    {
        var run = await SeedScripts.RunAsync(fixture.Proxy, "v2_json_click_events.py");

        Assert.Contains("Sent data to REST Proxy {\n  \"offsets\": [", run.StandardOutput, StringComparison.Ordinal);
        var stored = (await KafkaTopics.ReadRecordsAsync(fixture.Broker.EndPoint, "lesson4.sample5", 0))[^1];
        var click = JsonDocument.Parse(stored.Value).RootElement;
        Assert.Equal("alice@example.com", click.GetProperty("email").GetString());
        Assert.InRange(click.GetProperty("number").GetInt32(), 0, 999);
    }

    private long Committed(string group, string topic)
    {
        KafkaClientLibrary.EnsureLoaded();
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = fixture.Broker.BootstrapServers, GroupId = group }).Build();
        return consumer.Committed([new TopicPartition(topic, 0)], TimeSpan.FromSeconds(30))[0].Offset.Value;
    }
}
