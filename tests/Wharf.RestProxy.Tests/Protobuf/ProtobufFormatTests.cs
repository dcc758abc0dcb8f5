using System.Net;
using System.Text;
using Wharf.RestProxy.Tests.Consumers;
using Wharf.Testing;

namespace Wharf.RestProxy.Tests.Protobuf;

/// <summary>
/// The protobuf embedded format against a real Schema Registry: produce by schema text and by id, the stored bytes
/// (magic byte, id, message indexes, protobuf binary of the first message), consuming back as JSON (any message
/// the indexes name), and the original's errors.
/// </summary>
public sealed class ProtobufFormatTests(SchemaRegistryFixture fixture) : IClassFixture<SchemaRegistryFixture>
{
    private const string Protobuf = "application/vnd.kafka.protobuf.v2+json";
    private const string KeySchema = "syntax = \"proto3\";\nmessage Key {\n  string id = 1;\n}\n";
    private const string ValueSchema = "syntax = \"proto3\";\npackage wharf.test;\n\nmessage Card {\n  string suit = 1;\n  int32 rank = 2;\n}\nmessage Note {\n  string text = 1;\n}\n";

    [Fact]
    public async Task Records_produced_with_schema_texts_come_back_as_json_to_a_protobuf_consumer()
    {
        var topic = UniqueNames.For("pb");
        var produced = await fixture.Http.ProduceAsync("/topics/" + topic, ProduceBodies.Of(("key_schema", KeySchema), ("value_schema", ValueSchema),
            records: """[{"key":{"id":"k1"},"value":{"suit":"spades","rank":12}}]"""), Protobuf);
        produced.AssertOk();

        var consumer = await ConsumerApi.CreateAsync(fixture.Http, UniqueNames.For("group"), """{"format":"protobuf","auto.offset.reset":"earliest"}""");
        await consumer.SubscribeAsync(topic);
        var record = Assert.Single(await consumer.ReadAtLeastAsync(1, accept: Protobuf));

        Assert.Equal("""{"id":"k1"}""", record.GetProperty("key").GetRawText());
        Assert.Equal("""{"suit":"spades","rank":12}""", record.GetProperty("value").GetRawText());
        await consumer.DeleteAsync();
    }

    [Fact]
    public async Task Stored_values_are_magic_byte_schema_id_index_zero_and_the_first_messages_binary_and_the_id_can_be_reused()
    {
        var topic = UniqueNames.For("pb-bytes");
        var first = await fixture.Http.ProduceAsync("/topics/" + topic, ProduceBodies.Of(("value_schema", ValueSchema), records: """[{"value":{"suit":"ace","rank":5}}]"""), Protobuf);
        first.AssertOk();
        var id = first.Json.GetProperty("value_schema_id").GetInt32();

        var again = await fixture.Http.ProduceAsync("/topics/" + topic, ProduceBodies.Of(("value_schema_id", id), records: """[{"value":{"rank":1}}]"""), Protobuf);

        again.AssertOk();
        Assert.Equal(id, again.Json.GetProperty("value_schema_id").GetInt32());
        var stored = await KafkaTopics.ReadRecordsAsync(fixture.Broker.EndPoint, topic, 0);
        Assert.Equal([.. WireBytes.Header(id), 0x00, 0x0A, 0x03, (byte)'a', (byte)'c', (byte)'e', 0x10, 0x05], stored[0].Value!);
        Assert.Equal([.. WireBytes.Header(id), 0x00, 0x10, 0x01], stored[1].Value!);
        var registered = await fixture.Registry.Http.GetStringAsync(new Uri("/subjects/" + topic + "-value/versions/1", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Contains("\"schemaType\":\"PROTOBUF\"", registered, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_consumer_decodes_the_message_that_a_records_indexes_name()
    {
        var topic = UniqueNames.For("pb-indexes");
        var produced = await fixture.Http.ProduceAsync("/topics/" + topic, ProduceBodies.Of(("value_schema", ValueSchema), records: """[{"value":{"suit":"x"}}]"""), Protobuf);
        var id = produced.Json.GetProperty("value_schema_id").GetInt32();

        // Indexes [1] (count 1, index 1, both zig-zag: 0x02 0x02) name Note, the second top-level message.
        byte[] note = [.. WireBytes.Header(id), 0x02, 0x02, 0x0A, 0x02, .. Encoding.UTF8.GetBytes("hi")];
        await KafkaData.ProduceAsync(fixture.Broker.BootstrapServers, topic, 0, [(null, note)]);
        var consumer = await ConsumerApi.CreateAsync(fixture.Http, UniqueNames.For("group"), """{"format":"protobuf","auto.offset.reset":"earliest"}""");
        await consumer.SubscribeAsync(topic);
        var records = await consumer.ReadAtLeastAsync(2, accept: Protobuf);

        Assert.Equal("""{"suit":"x"}""", records[0].GetProperty("value").GetRawText());
        Assert.Equal("""{"text":"hi"}""", records[1].GetProperty("value").GetRawText());
        await consumer.DeleteAsync();
    }

    [Fact]
    public async Task A_value_that_is_not_the_first_messages_json_is_400_and_nothing_is_stored()
    {
        var topic = UniqueNames.For("pb-misfit");
        await KafkaData.CreateTopicAsync(fixture.Broker.BootstrapServers, topic, 1);

        var answer = await fixture.Http.ProduceAsync("/topics/" + topic, ProduceBodies.Of(("value_schema", ValueSchema), records: """[{"value":{"suit":"a"}},{"value":{"suit":"b","colour":"red"}}]"""), Protobuf);

        answer.AssertError(HttpStatusCode.BadRequest, 400);
        var message = answer.Json.GetProperty("message").GetString()!;
        Assert.Contains("colour", message, StringComparison.Ordinal);
        Assert.Empty(await KafkaTopics.ReadRecordsAsync(fixture.Broker.EndPoint, topic, 0));
    }

    [Fact]
    public async Task A_schema_that_does_not_parse_is_42205()
    {
        const string Broken = "syntax = \"proto3\";\nmessage Card {\n  string suit = ;\n}\n";

        var answer = await fixture.Http.ProduceAsync("/topics/" + UniqueNames.For("pb-invalid"), ProduceBodies.Of(("value_schema", Broken), records: """[{"value":{}}]"""), Protobuf);

        answer.AssertError((HttpStatusCode)422, 42205, "Invalid schema: Error when parsing raw schema. format = PROTOBUF, schema = " + Broken);
    }

    [Fact]
    public async Task A_key_without_a_key_schema_is_42201_and_a_value_without_a_value_schema_is_42202()
    {
        var topic = UniqueNames.For("pb-missing");

        var key = await fixture.Http.ProduceAsync("/topics/" + topic, ProduceBodies.Of(("value_schema", ValueSchema), records: """[{"key":{"id":"k"},"value":{"suit":"a"}}]"""), Protobuf);
        var value = await fixture.Http.ProduceAsync("/topics/" + topic, ProduceBodies.Of(("key_schema", KeySchema), records: """[{"key":{"id":"k"},"value":{"suit":"a"}}]"""), Protobuf);

        key.AssertError((HttpStatusCode)422, 42201, "Request includes keys but does not include key schema");
        value.AssertError((HttpStatusCode)422, 42202, "Request includes values but does not include value schema");
    }
}
