using System.Net;
using System.Text;
using Wharf.RestProxy.Tests.Consumers;
using Wharf.Testing;

namespace Wharf.RestProxy.Tests.JsonSchema;

/// <summary>
/// The jsonschema embedded format against a real Schema Registry: produce by schema text and by id, the stored
/// bytes (magic byte, id, compact JSON), consuming back as JSON, and the original's errors.
/// </summary>
public sealed class JsonSchemaFormatTests(SchemaRegistryFixture fixture) : IClassFixture<SchemaRegistryFixture>
{
    private const string JsonSchema = "application/vnd.kafka.jsonschema.v2+json";
    private const string KeySchema = """{"type":"string"}""";
    private const string ValueSchema = """{"type":"object","properties":{"suit":{"type":"string"},"rank":{"type":"integer","minimum":1}},"required":["suit"]}""";

    [Fact]
    public async Task Records_produced_with_schema_texts_come_back_as_the_same_json_to_a_jsonschema_consumer()
    {
        var topic = UniqueNames.For("js");
        var produced = await fixture.Http.ProduceAsync("/topics/" + topic, ProduceBodies.Of(("key_schema", KeySchema), ("value_schema", ValueSchema),
            records: """[{"key":"spades","value":{"suit":"spades","rank":12}}]"""), JsonSchema);
        produced.AssertOk();

        var consumer = await ConsumerApi.CreateAsync(fixture.Http, UniqueNames.For("group"), """{"format":"jsonschema","auto.offset.reset":"earliest"}""");
        await consumer.SubscribeAsync(topic);
        var record = Assert.Single(await consumer.ReadAtLeastAsync(1, accept: JsonSchema));

        Assert.Equal("spades", record.GetProperty("key").GetString());
        Assert.Equal("""{"suit":"spades","rank":12}""", record.GetProperty("value").GetRawText());
        await consumer.DeleteAsync();
    }

    [Fact]
    public async Task Stored_values_are_magic_byte_schema_id_and_the_compact_json_and_the_id_can_be_reused()
    {
        var topic = UniqueNames.For("js-bytes");
        var first = await fixture.Http.ProduceAsync("/topics/" + topic, ProduceBodies.Of(("value_schema", ValueSchema), records: """[{"value":{ "suit" : "hearts",  "rank" : 2 }}]"""), JsonSchema);
        first.AssertOk();
        var id = first.Json.GetProperty("value_schema_id").GetInt32();

        var again = await fixture.Http.ProduceAsync("/topics/" + topic, ProduceBodies.Of(("value_schema_id", id), records: """[{"value":{"suit":"clubs"}}]"""), JsonSchema);

        again.AssertOk();
        Assert.Equal(id, again.Json.GetProperty("value_schema_id").GetInt32());
        var stored = await KafkaTopics.ReadRecordsAsync(fixture.Broker.EndPoint, topic, 0);
        Assert.Equal([.. WireBytes.Header(id), .. Encoding.UTF8.GetBytes("""{"suit":"hearts","rank":2}""")], stored[0].Value!);
        Assert.Equal([.. WireBytes.Header(id), .. Encoding.UTF8.GetBytes("""{"suit":"clubs"}""")], stored[1].Value!);
        var registered = await fixture.Registry.Http.GetStringAsync(new Uri("/subjects/" + topic + "-value/versions/1", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Contains("\"schemaType\":\"JSON\"", registered, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_that_does_not_validate_is_400_with_the_validators_reason_and_nothing_is_stored()
    {
        var topic = UniqueNames.For("js-misfit");
        await KafkaData.CreateTopicAsync(fixture.Broker.BootstrapServers, topic, 1);

        var answer = await fixture.Http.ProduceAsync("/topics/" + topic, ProduceBodies.Of(("value_schema", ValueSchema), records: """[{"value":{"suit":"a"}},{"value":{"suit":"b","rank":0}}]"""), JsonSchema);

        answer.AssertError(HttpStatusCode.BadRequest, 400);
        var message = answer.Json.GetProperty("message").GetString()!;
        Assert.StartsWith("Bad Request: ", message, StringComparison.Ordinal);
        Assert.Contains("rank", message, StringComparison.Ordinal);
        Assert.Empty(await KafkaTopics.ReadRecordsAsync(fixture.Broker.EndPoint, topic, 0));
    }

    [Fact]
    public async Task A_schema_that_does_not_parse_is_42205()
    {
        const string Broken = """{"type":"strin"}""";

        var answer = await fixture.Http.ProduceAsync("/topics/" + UniqueNames.For("js-invalid"), ProduceBodies.Of(("value_schema", Broken), records: """[{"value":"a"}]"""), JsonSchema);

        answer.AssertError((HttpStatusCode)422, 42205, "Invalid schema: Error when parsing raw schema. format = JSONSCHEMA, schema = " + Broken);
    }

    [Fact]
    public async Task A_key_without_a_key_schema_is_42201_and_a_value_without_a_value_schema_is_42202()
    {
        var topic = UniqueNames.For("js-missing");

        var key = await fixture.Http.ProduceAsync("/topics/" + topic, ProduceBodies.Of(("value_schema", ValueSchema), records: """[{"key":"k","value":{"suit":"a"}}]"""), JsonSchema);
        var value = await fixture.Http.ProduceAsync("/topics/" + topic, ProduceBodies.Of(("key_schema", KeySchema), records: """[{"key":"k","value":{"suit":"a"}}]"""), JsonSchema);

        key.AssertError((HttpStatusCode)422, 42201, "Request includes keys but does not include key schema");
        value.AssertError((HttpStatusCode)422, 42202, "Request includes values but does not include value schema");
    }

    [Fact]
    public async Task The_id_of_a_schema_of_another_type_is_42205()
    {
        var avro = await fixture.Http.ProduceAsync("/topics/" + UniqueNames.For("avro"), ProduceBodies.Of(("value_schema", "\"string\""), records: """[{"value":"a"}]"""), "application/vnd.kafka.avro.v2+json");
        var id = avro.Json.GetProperty("value_schema_id").GetInt32();

        var answer = await fixture.Http.ProduceAsync("/topics/" + UniqueNames.For("js-other"), ProduceBodies.Of(("value_schema_id", id), records: """[{"value":"a"}]"""), JsonSchema);

        answer.AssertError((HttpStatusCode)422, 42205);
    }
}
