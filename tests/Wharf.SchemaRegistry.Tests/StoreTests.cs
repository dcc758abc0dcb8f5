using System.Text;
using Confluent.Kafka;
using Wharf.Clients;
using Wharf.Testing;

namespace Wharf.SchemaRegistry.Tests;

/// <summary>The _schemas topic: its layout is Confluent's, and a registry started on it again has everything back.</summary>
public sealed class StoreTests
{
    [Fact]
    public async Task A_restarted_registry_replays_the_topic_and_keeps_ids_versions_configs_and_deletes()
    {
        await using var broker = await EmbeddedBroker.StartAsync();
        int firstId;
        int secondId;
        await using (var registry = await EmbeddedSchemaRegistry.StartAsync(broker.BootstrapServers))
        {
            await registry.WaitUntilLeaderAsync();
            firstId = await registry.Http.RegisterAsync("orders-value", "\"string\"");
            secondId = await registry.Http.RegisterAsync("orders-value", "\"bytes\"");
            await registry.Http.RegisterAsync("gone-value", "\"int\"");
            await registry.Http.RegistryDeleteAsync("/subjects/gone-value");
            await registry.Http.RegistryPutAsync("/config/orders-value", "{\"compatibility\":\"FULL\"}");
            await registry.Http.RegistryPutAsync("/mode/orders-value", "{\"mode\":\"READONLY\"}");
        }

        await using var restarted = await EmbeddedSchemaRegistry.StartAsync(broker.BootstrapServers);
        await restarted.WaitUntilLeaderAsync();

        Assert.Equal("[1,2]", (await restarted.Http.RegistryGetAsync("/subjects/orders-value/versions")).Body);
        Assert.Equal(secondId, (await restarted.Http.RegistryGetAsync("/subjects/orders-value/versions/latest")).AssertOk().GetProperty("id").GetInt32());
        Assert.Equal("\"string\"", (await restarted.Http.RegistryGetAsync("/schemas/ids/" + firstId + "/schema")).Body);
        Assert.Equal("[\"orders-value\"]", (await restarted.Http.RegistryGetAsync("/subjects")).Body);
        Assert.Equal("{\"compatibilityLevel\":\"FULL\"}", (await restarted.Http.RegistryGetAsync("/config/orders-value")).Body);
        Assert.Equal("{\"mode\":\"READONLY\"}", (await restarted.Http.RegistryGetAsync("/mode/orders-value")).Body);
        var next = await restarted.Http.RegisterAsync("other-value", "\"long\"");
        Assert.Equal(4, next);
    }

    [Fact]
    public async Task The_topic_is_compacted_with_one_partition_and_holds_confluents_keys_and_values()
    {
        await using var broker = await EmbeddedBroker.StartAsync();
        await using (var registry = await EmbeddedSchemaRegistry.StartAsync(broker.BootstrapServers))
        {
            await registry.WaitUntilLeaderAsync();
            await registry.Http.RegisterAsync("t-value", "\"string\"");
            await registry.Http.RegistryPutAsync("/config", "{\"compatibility\":\"NONE\"}");
            await registry.Http.RegistryDeleteAsync("/subjects/t-value");
        }

        KafkaClientLibrary.EnsureLoaded();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }).Build();
        var topic = admin.GetMetadata("_schemas", TimeSpan.FromSeconds(30)).Topics.Single();
        Assert.Single(topic.Partitions);
        var configs = await admin.DescribeConfigsAsync([new Confluent.Kafka.Admin.ConfigResource { Type = Confluent.Kafka.Admin.ResourceType.Topic, Name = "_schemas" }]);
        Assert.Equal("compact", configs[0].Entries["cleanup.policy"].Value);

        var records = ReadAll(broker.BootstrapServers, "_schemas");
        Assert.Equal(
            [
                ("{\"keytype\":\"SCHEMA\",\"subject\":\"t-value\",\"version\":1,\"magic\":1}", "{\"subject\":\"t-value\",\"version\":1,\"id\":1,\"schema\":\"\\\"string\\\"\",\"deleted\":false}"),
                ("{\"keytype\":\"CONFIG\",\"magic\":0}", "{\"compatibilityLevel\":\"NONE\"}"),
                ("{\"keytype\":\"DELETE_SUBJECT\",\"subject\":\"t-value\",\"magic\":0}", "{\"subject\":\"t-value\",\"version\":1}"),
            ],
            records);
    }

    [Fact]
    public async Task Records_another_registry_wrote_are_read_even_in_karapaces_key_order_and_unknown_ones_are_skipped()
    {
        await using var broker = await EmbeddedBroker.StartAsync();
        KafkaClientLibrary.EnsureLoaded();
        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }).Build())
        {
            await admin.CreateTopicsAsync([new Confluent.Kafka.Admin.TopicSpecification { Name = "_schemas", NumPartitions = 1, ReplicationFactor = 1, Configs = new() { ["cleanup.policy"] = "compact" } }]);
        }

        using (var producer = new ProducerBuilder<string, string?>(new ProducerConfig { BootstrapServers = broker.BootstrapServers }).Build())
        {
            await producer.ProduceAsync("_schemas", new Message<string, string?> { Key = "{\"keytype\":\"NOOP\",\"magic\":0}", Value = null }, TestContext.Current.CancellationToken);
            await producer.ProduceAsync("_schemas", new Message<string, string?> { Key = "{\"subject\":\"legacy\",\"version\":1,\"magic\":0,\"keytype\":\"SCHEMA\"}", Value = "{\"subject\":\"legacy\",\"version\":1,\"id\":41,\"schema\":\"\\\"int\\\"\",\"deleted\":false}" }, TestContext.Current.CancellationToken);
            await producer.ProduceAsync("_schemas", new Message<string, string?> { Key = "{\"keytype\":\"CONFIG\",\"subject\":null,\"magic\":0}", Value = "{\"compatibilityLevel\":\"FORWARD\"}" }, TestContext.Current.CancellationToken);
            await producer.ProduceAsync("_schemas", new Message<string, string?> { Key = "not json", Value = "whatever" }, TestContext.Current.CancellationToken);
        }

        await using var registry = await EmbeddedSchemaRegistry.StartAsync(broker.BootstrapServers);
        await registry.WaitUntilLeaderAsync();

        Assert.Equal("\"int\"", (await registry.Http.RegistryGetAsync("/schemas/ids/41/schema")).Body);
        Assert.Equal("{\"compatibilityLevel\":\"FORWARD\"}", (await registry.Http.RegistryGetAsync("/config")).Body);
        Assert.Equal(42, await registry.Http.RegisterAsync("new-value", "\"long\""));
    }

    [Fact]
    public async Task A_record_of_a_second_writer_that_reuses_an_id_or_a_version_is_refused_by_every_reader()
    {
        await using var broker = await EmbeddedBroker.StartAsync();
        await using var registry = await EmbeddedSchemaRegistry.StartAsync(broker.BootstrapServers);
        await registry.WaitUntilLeaderAsync();
        registry.Logs.Expect(entry => entry.EventId.Id == 203);
        var id = await registry.Http.RegisterAsync("first-value", "\"string\"");

        // What a leader that lost its lead without noticing could write: the same id for another schema, and
        // another schema under an existing subject-version.
        using (var producer = new ProducerBuilder<string, string?>(new ProducerConfig { BootstrapServers = broker.BootstrapServers }).Build())
        {
            await producer.ProduceAsync("_schemas", new Message<string, string?> { Key = "{\"keytype\":\"SCHEMA\",\"subject\":\"second-value\",\"version\":1,\"magic\":1}", Value = "{\"subject\":\"second-value\",\"version\":1,\"id\":" + id + ",\"schema\":\"\\\"bytes\\\"\",\"deleted\":false}" }, TestContext.Current.CancellationToken);
            await producer.ProduceAsync("_schemas", new Message<string, string?> { Key = "{\"keytype\":\"SCHEMA\",\"subject\":\"first-value\",\"version\":1,\"magic\":1}", Value = "{\"subject\":\"first-value\",\"version\":1,\"id\":99,\"schema\":\"\\\"long\\\"\",\"deleted\":false}" }, TestContext.Current.CancellationToken);
        }

        var next = await registry.Http.RegisterAsync("third-value", "\"double\"");

        Assert.Equal(id + 1, next);
        Assert.Equal("\"string\"", (await registry.Http.RegistryGetAsync("/schemas/ids/" + id + "/schema")).Body);
        Assert.Equal(id, (await registry.Http.RegistryGetAsync("/subjects/first-value/versions/1")).AssertOk().GetProperty("id").GetInt32());
        (await registry.Http.RegistryGetAsync("/subjects/second-value/versions")).AssertError(System.Net.HttpStatusCode.NotFound, 40401);
        (await registry.Http.RegistryGetAsync("/schemas/ids/99")).AssertError(System.Net.HttpStatusCode.NotFound, 40403);
    }

    [Fact]
    public async Task A_schemas_topic_that_is_not_compacted_stops_the_start()
    {
        await using var broker = await EmbeddedBroker.StartAsync();
        KafkaClientLibrary.EnsureLoaded();
        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }).Build())
        {
            await admin.CreateTopicsAsync([new Confluent.Kafka.Admin.TopicSpecification { Name = "_schemas", NumPartitions = 1, ReplicationFactor = 1 }]);
        }

        var failure = await Assert.ThrowsAsync<Wharf.Configuration.ConfigurationException>(() => EmbeddedSchemaRegistry.StartAsync(broker.BootstrapServers));

        Assert.Contains("'compact' cleanup policy", failure.Message, StringComparison.Ordinal);
    }

    private static List<(string Key, string? Value)> ReadAll(string bootstrap, string topic)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]?>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "reader-" + Guid.NewGuid().ToString("N"),
            EnablePartitionEof = true,
            EnableAutoCommit = false,
        }).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var records = new List<(string, string?)>();
        while (true)
        {
            var result = consumer.Consume(TimeSpan.FromSeconds(30)) ?? throw new TimeoutException("no end of " + topic);
            if (result.IsPartitionEOF)
            {
                return records;
            }

            records.Add((Encoding.UTF8.GetString(result.Message.Key), result.Message.Value is null ? null : Encoding.UTF8.GetString(result.Message.Value)));
        }
    }
}
