using System.Net;
using System.Text.Json;
using Wharf.RestProxy.Tests.Consumers;
using Wharf.Testing;

namespace Wharf.RestProxy.Tests.Avro;

/// <summary>
/// The avro embedded format against a real Schema Registry: seed 000's producer and consumer flow, schema reuse by
/// id, TopicNameStrategy subjects, the original's errors, and the stored bytes read by python3-avro.
/// </summary>
public sealed class AvroFormatTests(SchemaRegistryFixture fixture) : IClassFixture<SchemaRegistryFixture>
{
    private const string Avro = "application/vnd.kafka.avro.v2+json";
    private const string KeySchema = """{"type":"record","name":"Key","fields":[{"name":"suit","type":"string"}]}""";
    private const string ValueSchema = """{"type":"record","name":"Card","fields":[{"name":"suit","type":"string"},{"name":"denomination","type":"string"},{"name":"note","type":["null","string"],"default":null}]}""";

    [Fact]
    public async Task Seed_000_produces_with_both_schemas_and_an_avro_consumer_reads_the_same_json_back()
    {
        var topic = UniqueNames.For("my_avro_topic");
        var produced = await fixture.Http.ProduceAsync("/topics/" + topic, ProduceBodies.Of(
            ("key_schema", KeySchema), ("value_schema", ValueSchema),
            records: """[{"key":{"suit":"spades"},"value":{"suit":"spades","denomination":"ace","note":{"string":"high"}}}]"""), Avro);

        produced.AssertOk();
        var keySchemaId = produced.Json.GetProperty("key_schema_id").GetInt32();
        var valueSchemaId = produced.Json.GetProperty("value_schema_id").GetInt32();
        Assert.NotEqual(keySchemaId, valueSchemaId);

        var consumer = await ConsumerApi.CreateAsync(fixture.Http, UniqueNames.For("group"), """{"format":"avro","auto.offset.reset":"earliest"}""");
        await consumer.SubscribeAsync(topic);
        var record = Assert.Single(await consumer.ReadAtLeastAsync(1, accept: "application/vnd.kafka.avro.v2+json"));

        Assert.Equal("spades", record.GetProperty("key").GetProperty("suit").GetString());
        Assert.Equal("ace", record.GetProperty("value").GetProperty("denomination").GetString());
        Assert.Equal("high", record.GetProperty("value").GetProperty("note").GetProperty("string").GetString());
        await consumer.DeleteAsync();
    }

    [Fact]
    public async Task A_record_that_does_not_decode_ends_the_answer_after_the_good_ones_and_is_the_next_reads_error()
    {
        var topic = UniqueNames.For("undecodable");
        await KafkaData.CreateTopicAsync(fixture.Broker.BootstrapServers, topic, 1);
        var good = ProduceBodies.Of(("value_schema", ValueSchema), records: """[{"value":{"suit":"spades","denomination":"ace","note":null}},{"value":{"suit":"hearts","denomination":"2","note":null}}]""");
        (await fixture.Http.ProduceAsync("/topics/" + topic, good, Avro)).AssertOk();
        await KafkaData.ProduceValuesAsync(fixture.Broker.BootstrapServers, topic, 0, "not avro: no magic byte");

        var consumer = await ConsumerApi.CreateAsync(fixture.Http, UniqueNames.For("group"), """{"format":"avro","auto.offset.reset":"earliest"}""");
        await consumer.AssignAsync(topic, 0);
        var first = await consumer.ReadAtLeastAsync(2, accept: Avro);
        var next = await ConsumerApi.GetAsync(fixture.Http, consumer.Url("/records"), Avro);

        Assert.Equal(["spades", "hearts"], first.Select(r => r.GetProperty("value").GetProperty("suit").GetString()));
        Assert.Equal(408, next.Status);
        Assert.Equal(40801, next.Json.GetProperty("error_code").GetInt32());
        await consumer.DeleteAsync();
    }

    [Fact]
    public async Task Schemas_are_registered_under_the_topic_subjects_and_a_returned_id_can_be_reused()
    {
        var topic = UniqueNames.For("reuse");
        var first = await fixture.Http.ProduceAsync("/topics/" + topic, ProduceBodies.Of(("value_schema", ValueSchema), records: """[{"value":{"suit":"hearts","denomination":"2","note":null}}]"""), Avro);
        first.AssertOk();
        var id = first.Json.GetProperty("value_schema_id").GetInt32();

        var again = await fixture.Http.ProduceAsync("/topics/" + topic, "{\"value_schema_id\":" + id + ",\"records\":[{\"value\":{\"suit\":\"clubs\",\"denomination\":\"3\",\"note\":null}}]}", Avro);
        var sameText = await fixture.Http.ProduceAsync("/topics/" + topic, ProduceBodies.Of(("value_schema", ValueSchema), records: """[{"value":{"suit":"clubs","denomination":"4","note":null}}]"""), Avro);

        again.AssertOk();
        sameText.AssertOk();
        Assert.Equal(id, again.Json.GetProperty("value_schema_id").GetInt32());
        Assert.Equal(id, sameText.Json.GetProperty("value_schema_id").GetInt32());
        Assert.True(again.Json.GetProperty("key_schema_id").ValueKind == JsonValueKind.Null);
        var versions = await fixture.Registry.Http.GetStringAsync(new Uri("/subjects/" + topic + "-value/versions", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal("[1]", versions);
    }

    [Fact]
    public async Task Stored_records_are_magic_byte_schema_id_and_avro_binary_that_python3_avro_decodes()
    {
        var topic = UniqueNames.For("interop");
        var produced = await fixture.Http.ProduceAsync("/topics/" + topic, ProduceBodies.Of(("value_schema", ValueSchema), records: """[{"value":{"suit":"diamonds","denomination":"queen","note":{"string":"ünïcode"}}}]"""), Avro);
        produced.AssertOk();
        var id = produced.Json.GetProperty("value_schema_id").GetInt32();

        var stored = Assert.Single(await KafkaTopics.ReadRecordsAsync(fixture.Broker.EndPoint, topic, 0));
        var value = stored.Value!;
        Assert.Equal(0, value[0]);
        Assert.Equal(id, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(value.AsSpan(1)));

        const string Decode = """
            import io, json, sys
            import avro.schema, avro.io
            schema = avro.schema.parse(sys.argv[1])
            data = bytes.fromhex(sys.argv[2])
            print(json.dumps(avro.io.DatumReader(schema).read(avro.io.BinaryDecoder(io.BytesIO(data[5:]))), sort_keys=True))
            """;
        var result = await ExternalProcess.RunAsync("/usr/bin/python3", ["-c", Decode, ValueSchema, Convert.ToHexString(value)], timeout: TimeSpan.FromMinutes(1));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("""{"denomination": "queen", "note": "\u00fcn\u00efcode", "suit": "diamonds"}""", result.StandardOutput.Trim());
    }

    [Fact]
    public async Task A_key_without_a_key_schema_is_42201_and_a_value_without_a_value_schema_is_42202()
    {
        var topic = UniqueNames.For("missing");

        var key = await fixture.Http.ProduceAsync("/topics/" + topic, ProduceBodies.Of(("value_schema", ValueSchema), records: """[{"key":{"suit":"x"},"value":{"suit":"a","denomination":"b","note":null}}]"""), Avro);
        var value = await fixture.Http.ProduceAsync("/topics/" + topic, ProduceBodies.Of(("key_schema", KeySchema), records: """[{"key":{"suit":"x"},"value":{"suit":"a"}}]"""), Avro);

        key.AssertError((HttpStatusCode)422, 42201, "Request includes keys but does not include key schema");
        value.AssertError((HttpStatusCode)422, 42202, "Request includes values but does not include value schema");
    }

    [Fact]
    public async Task A_schema_that_does_not_parse_is_42205_and_nothing_is_registered()
    {
        var topic = UniqueNames.For("invalid");
        const string Broken = """{"type":"record","name":"R","fields":[{"name":"a","type":"nosuchtype"}]}""";

        var answer = await fixture.Http.ProduceAsync("/topics/" + topic, ProduceBodies.Of(("value_schema", Broken), records: """[{"value":{"a":1}}]"""), Avro);

        answer.AssertError((HttpStatusCode)422, 42205, "Invalid schema: Error when parsing raw schema. format = AVRO, schema = " + Broken);
        var subjects = await fixture.Registry.Http.GetStringAsync(new Uri("/subjects", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.DoesNotContain(topic, subjects, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_datum_that_does_not_fit_the_schema_is_400_and_nothing_is_stored()
    {
        var topic = UniqueNames.For("misfit");
        await KafkaData.CreateTopicAsync(fixture.Broker.BootstrapServers, topic, 1);

        var answer = await fixture.Http.ProduceAsync("/topics/" + topic, ProduceBodies.Of(("value_schema", ValueSchema), records: """[{"value":{"suit":"a","denomination":"b","note":null}},{"value":{"suit":7,"denomination":"b","note":null}}]"""), Avro);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(400, answer.Json.GetProperty("error_code").GetInt32());
        Assert.Empty(await KafkaTopics.ReadRecordsAsync(fixture.Broker.EndPoint, topic, 0));
    }

    [Fact]
    public async Task An_unknown_schema_id_is_42207_with_the_registry_s_reason()
    {
        var answer = await fixture.Http.ProduceAsync("/topics/" + UniqueNames.For("unknown-id"), """{"value_schema_id":999999,"records":[{"value":{"a":1}}]}""", Avro);

        answer.AssertError((HttpStatusCode)422, 42207);
        Assert.StartsWith("Error serializing message. Error when fetching schema by id. schemaId = 999999\n", answer.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_incompatible_schema_for_the_subject_is_refused_with_the_registry_s_reason()
    {
        var topic = UniqueNames.For("incompatible");
        (await fixture.Http.ProduceAsync("/topics/" + topic, ProduceBodies.Of(("value_schema", ValueSchema), records: """[{"value":{"suit":"a","denomination":"b","note":null}}]"""), Avro)).AssertOk();
        const string Incompatible = """{"type":"record","name":"Card","fields":[{"name":"suit","type":"int"}]}""";

        var answer = await fixture.Http.ProduceAsync("/topics/" + topic, ProduceBodies.Of(("value_schema", Incompatible), records: """[{"value":{"suit":1}}]"""), Avro);

        answer.AssertError((HttpStatusCode)422, 42207);
        Assert.Contains("409", answer.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
