using System.Text.Json;
using Wharf.RestProxy.Tests.Consumers;
using Wharf.Testing;

namespace Wharf.RestProxy.Tests.Seeds;

/// <summary>
/// Seed 003's legacy v1 Avro flow, run as written (<see cref="SeedScripts"/>) against a proxy with a Schema Registry:
/// the producer sends a CardSuit key and a SimpleCard value with their schemas to <c>my_avro_topic</c>, the consumer
/// reads the topic in the avro format from the beginning and takes the suit and card out of each message.
/// </summary>
[Collection(nameof(SeedScripts))]
public sealed class LegacyV1AvroSeedTests(SchemaRegistryFixture fixture) : IClassFixture<SchemaRegistryFixture>
{
    private const string Topic = "my_avro_topic";

    [Fact]
    public async Task The_v1_avro_producer_registers_its_schemas_and_the_v1_avro_consumer_reads_the_card_back()
    {
        await KafkaData.CreateTopicAsync(fixture.Broker.BootstrapServers, Topic, 1);

        var produced = await SeedScripts.RunAsync(fixture.Proxy, "v1_avro_producer.py");
        var consumed = await SeedScripts.RunAsync(fixture.Proxy, "v1_avro_consumer.py");

        using var answer = JsonDocument.Parse(produced.StandardOutput);
        var keySchemaId = answer.RootElement.GetProperty("key_schema_id").GetInt32();
        var valueSchemaId = answer.RootElement.GetProperty("value_schema_id").GetInt32();
        Assert.Null(answer.RootElement.GetProperty("offsets")[0].GetProperty("error").GetString());
        Assert.NotEqual(keySchemaId, valueSchemaId);
        using var registered = await fixture.Registry.Http.GetAsync($"subjects/{Topic}-value/versions/latest", TestContext.Current.CancellationToken);
        using var version = JsonDocument.Parse(await registered.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(valueSchemaId, version.RootElement.GetProperty("id").GetInt32());
        Assert.Contains("SimpleCard", version.RootElement.GetProperty("schema").GetString(), StringComparison.Ordinal);

        Assert.Contains("Key suit:spades Value suit:spades Value card:ace\n", consumed.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("Status Code", consumed.StandardOutput, StringComparison.Ordinal);
    }
}
