using System.Net;
using System.Text;
using System.Text.Json;
using Wharf.Testing;
using static Wharf.RestProxy.Tests.RestCalls;

namespace Wharf.RestProxy.Tests.Produce;

/// <summary>
/// POST /topics/{t} and /topics/{t}/partitions/{p}: what lands in Kafka, the per-record answers in request order,
/// one batch per request, and the original's answers to records Kafka refuses (kafka-rest ProducerTest).
/// </summary>
public sealed class ProduceTests(RestProxyFixture fixture)
{
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task Binary_records_land_in_Kafka_decoded_and_the_answer_lists_their_offsets_in_order()
    {
        var topic = UniqueNames.For("binary");
        await KafkaTopics.CreateAsync(fixture.Broker.BootstrapServers, topic, 1);
        var body = "{\"records\":[{\"key\":\"" + Base64("key") + "\",\"value\":\"" + Base64("value") + "\"},{\"value\":\"" + Base64("value2") + "\"},{\"key\":null,\"value\":null}]}";

        var answer = await Http.ProduceAsync("/topics/" + topic, body);

        answer.AssertOk();
        Assert.Equal(
            """{"offsets":[{"partition":0,"offset":0,"error_code":null,"error":null},{"partition":0,"offset":1,"error_code":null,"error":null},{"partition":0,"offset":2,"error_code":null,"error":null}],"key_schema_id":null,"value_schema_id":null}""",
            answer.Body);
        var stored = await KafkaTopics.ReadRecordsAsync(fixture.Broker.EndPoint, topic, 0);
        Assert.Equal(["key", null, null], stored.Select(r => r.Key is null ? null : Encoding.UTF8.GetString(r.Key)));
        Assert.Equal(["value", "value2", null], stored.Select(r => r.Value is null ? null : Encoding.UTF8.GetString(r.Value)));
    }

    [Fact]
    public async Task Records_naming_partitions_are_answered_in_request_order_across_partitions()
    {
        var topic = UniqueNames.For("partitioned");
        await KafkaTopics.CreateAsync(fixture.Broker.BootstrapServers, topic, 3);

        var answer = await Http.ProduceAsync("/topics/" + topic, """{"records":[{"value":"MA==","partition":0},{"value":"MQ==","partition":1},{"value":"Mg==","partition":1},{"value":"Mw==","partition":2},{"value":"NA==","partition":1}]}""");

        answer.AssertOk();
        var offsets = answer.Json.GetProperty("offsets").EnumerateArray().Select(o => (o.GetProperty("partition").GetInt32(), o.GetProperty("offset").GetInt64())).ToList();
        Assert.Equal([(0, 0L), (1, 0L), (1, 1L), (2, 0L), (1, 2L)], offsets);
        Assert.Equal(["1", "2", "4"], (await KafkaTopics.ReadRecordsAsync(fixture.Broker.EndPoint, topic, 1)).Select(r => Encoding.UTF8.GetString(r.Value!)));
    }

    [Fact]
    public async Task Producing_to_a_partition_puts_every_record_there_unless_a_record_names_its_own()
    {
        var topic = UniqueNames.For("to-partition");
        await KafkaTopics.CreateAsync(fixture.Broker.BootstrapServers, topic, 3);

        var answer = await Http.ProduceAsync("/topics/" + topic + "/partitions/2", """{"records":[{"key":"aw==","value":"YQ=="},{"value":"Yg==","partition":0},{"value":"Yw=="}]}""");

        answer.AssertOk();
        Assert.Equal([2, 0, 2], answer.Json.GetProperty("offsets").EnumerateArray().Select(o => o.GetProperty("partition").GetInt32()));
        Assert.Equal(2, (await KafkaTopics.ReadRecordsAsync(fixture.Broker.EndPoint, topic, 2)).Count);
        Assert.Single(await KafkaTopics.ReadRecordsAsync(fixture.Broker.EndPoint, topic, 0));
    }

    [Fact]
    public async Task The_records_of_one_request_are_sent_as_one_batch()
    {
        var topic = UniqueNames.For("one-batch");
        await KafkaTopics.CreateAsync(fixture.Broker.BootstrapServers, topic, 1);
        var records = string.Join(',', Enumerable.Range(0, 50).Select(i => "{\"value\":\"" + Base64("record " + i) + "\"}"));

        // The first request also finds the topic's metadata; the second goes to a producer that knows it.
        (await Http.ProduceAsync("/topics/" + topic, "{\"records\":[" + records + "]}")).AssertOk();
        (await Http.ProduceAsync("/topics/" + topic, "{\"records\":[" + records + "]}")).AssertOk();

        var batches = await KafkaTopics.ReadBatchesAsync(fixture.Broker.EndPoint, topic, 0);
        Assert.Equal([(0L, 50), (50L, 50)], batches.Select(b => (b.BaseOffset, b.Records.Count)));
    }

    [Fact]
    public async Task Concurrent_requests_each_get_their_own_records_offsets_in_their_own_order() =>
        await ProduceConcurrentlyAsync(UniqueNames.For("concurrent"), [Http]);

    [Fact]
    public async Task Two_proxies_producing_to_one_topic_each_answer_the_offsets_their_own_records_got()
    {
        await using var second = await EmbeddedRestProxy.StartAsync(fixture.Broker.BootstrapServers, new Dictionary<string, string> { ["id"] = "second" });

        await ProduceConcurrentlyAsync(UniqueNames.For("two-proxies"), [Http, second.Http]);
    }

    /// <summary>
    /// Eight requests of 20 records over two partitions at once, spread over <paramref name="proxies"/>: every
    /// answer's offsets must point at that request's own records, in its order, and nothing else may be stored.
    /// </summary>
    private async Task ProduceConcurrentlyAsync(string topic, HttpClient[] proxies)
    {
        await KafkaTopics.CreateAsync(fixture.Broker.BootstrapServers, topic, 2);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(request =>
        {
            var records = string.Join(',', Enumerable.Range(0, 20).Select(i => "{\"value\":\"" + Base64(request + "-" + i) + "\",\"partition\":" + (i % 2) + "}"));
            return proxies[request % proxies.Length].ProduceAsync("/topics/" + topic, "{\"records\":[" + records + "]}");
        }));

        var stored = new Dictionary<int, Dictionary<long, string>>();
        for (var partition = 0; partition < 2; partition++)
        {
            stored[partition] = (await KafkaTopics.ReadRecordsAsync(fixture.Broker.EndPoint, topic, partition)).ToDictionary(r => r.Offset, r => Encoding.UTF8.GetString(r.Value!));
        }

        for (var request = 0; request < answers.Length; request++)
        {
            answers[request].AssertOk();
            var offsets = answers[request].Json.GetProperty("offsets").EnumerateArray().ToList();
            for (var i = 0; i < offsets.Count; i++)
            {
                var partition = offsets[i].GetProperty("partition").GetInt32();
                Assert.Equal(request + "-" + i, stored[partition][offsets[i].GetProperty("offset").GetInt64()]);
            }
        }

        Assert.Equal(160, stored.Values.Sum(p => p.Count));
    }

    [Fact]
    public async Task A_request_without_a_content_type_is_binary()
    {
        var topic = UniqueNames.For("no-type");

        var answer = await Http.RestPostAsync("/topics/" + topic, "{\"records\":[{\"value\":\"" + Base64("plain") + "\"}]}", contentType: null);

        answer.AssertOk();
        Assert.Equal("plain", Encoding.UTF8.GetString((await KafkaTopics.ReadRecordsAsync(fixture.Broker.EndPoint, topic, 0)).Single().Value!));
    }

    [Fact]
    public async Task The_legacy_v1_binary_type_produces_and_is_answered_in_v1()
    {
        var topic = UniqueNames.For("v1");

        var answer = await Http.ProduceAsync("/topics/" + topic, "{\"records\":[{\"key\":\"" + Base64("firstkey") + "\",\"value\":\"" + Base64("firstvalue") + "\"}]}", "application/vnd.kafka.binary.v1+json");

        answer.AssertOk("application/vnd.kafka.v1+json");
        var stored = (await KafkaTopics.ReadRecordsAsync(fixture.Broker.EndPoint, topic, 0)).Single();
        Assert.Equal("firstkey", Encoding.UTF8.GetString(stored.Key!));
        Assert.Equal("firstvalue", Encoding.UTF8.GetString(stored.Value!));
    }

    [Fact]
    public async Task A_topic_that_does_not_exist_is_created_by_the_broker_when_it_auto_creates_topics()
    {
        var topic = UniqueNames.For("auto-created");

        var answer = await Http.ProduceAsync("/topics/" + topic, """{"records":[{"value":"YQ=="}]}""");

        answer.AssertOk();
        (await Http.RestGetAsync("/topics/" + topic)).AssertOk();
    }

    [Fact]
    public async Task A_partition_the_topic_does_not_have_is_200_with_retriable_error_50003_per_record()
    {
        var topic = UniqueNames.For("no-such-partition");
        await KafkaTopics.CreateAsync(fixture.Broker.BootstrapServers, topic, 1);
        (await Http.ProduceAsync("/topics/" + topic, """{"records":[{"value":"YQ=="}]}""")).AssertOk();

        var path = await Http.ProduceAsync("/topics/" + topic + "/partitions/7", """{"records":[{"value":"YQ=="},{"value":"Yg=="}]}""");
        var field = await Http.ProduceAsync("/topics/" + topic, """{"records":[{"value":"YQ==","partition":0},{"value":"Yg==","partition":3}]}""");

        path.AssertOk();
        Assert.All(path.Json.GetProperty("offsets").EnumerateArray(), AssertUnknownPartition);
        field.AssertOk();
        var offsets = field.Json.GetProperty("offsets").EnumerateArray().ToList();
        Assert.Equal(1, offsets[0].GetProperty("offset").GetInt64());
        AssertUnknownPartition(offsets[1]);
        Assert.Equal(2, (await KafkaTopics.ReadRecordsAsync(fixture.Broker.EndPoint, topic, 0)).Count);
    }

    [Fact]
    public async Task A_negative_partition_is_404_partition_not_found_and_nothing_is_produced()
    {
        var topic = UniqueNames.For("negative");
        await KafkaTopics.CreateAsync(fixture.Broker.BootstrapServers, topic, 1);

        var path = await Http.ProduceAsync("/topics/" + topic + "/partitions/-1", """{"records":[{"value":"YQ=="}]}""");
        var field = await Http.ProduceAsync("/topics/" + topic, """{"records":[{"value":"YQ=="},{"value":"Yg==","partition":-2}]}""");

        path.AssertError(HttpStatusCode.NotFound, 40402, "Partition not found.");
        field.AssertError(HttpStatusCode.NotFound, 40402, "Partition not found.");
        Assert.Empty(await KafkaTopics.ReadRecordsAsync(fixture.Broker.EndPoint, topic, 0));
    }

    [Fact]
    public async Task A_record_larger_than_the_producer_allows_fails_alone_with_50002()
    {
        var topic = UniqueNames.For("too-large");
        await KafkaTopics.CreateAsync(fixture.Broker.BootstrapServers, topic, 1);
        var large = Convert.ToBase64String(new byte[1_500_000]);

        var answer = await Http.ProduceAsync("/topics/" + topic, "{\"records\":[{\"value\":\"YQ==\"},{\"value\":\"" + large + "\"},{\"value\":\"Yg==\"}]}");

        answer.AssertOk();
        var offsets = answer.Json.GetProperty("offsets").EnumerateArray().ToList();
        Assert.Equal(JsonValueKind.Number, offsets[0].GetProperty("offset").ValueKind);
        Assert.Equal(50002, offsets[1].GetProperty("error_code").GetInt32());
        Assert.Equal(JsonValueKind.Null, offsets[1].GetProperty("partition").ValueKind);
        Assert.Equal(JsonValueKind.Number, offsets[2].GetProperty("offset").ValueKind);
        Assert.Equal(2, (await KafkaTopics.ReadRecordsAsync(fixture.Broker.EndPoint, topic, 0)).Count);
    }

    [Fact]
    public async Task Schema_fields_are_ignored_by_the_schemaless_formats()
    {
        var topic = UniqueNames.For("schemaless");

        var answer = await Http.ProduceAsync("/topics/" + topic, """{"key_schema":"\"string\"","key_schema_id":1,"value_schema_id":2,"records":[{"value":"YQ=="}]}""");

        answer.AssertOk();
        Assert.Equal(JsonValueKind.Null, answer.Json.GetProperty("value_schema_id").ValueKind);
    }

    [Theory]
    [InlineData("application/vnd.kafka.avro.v2+json", """{"records":[{"value":1}]}""", 42207, "Error serializing message. Schema Registry not defined, no Schema Registry client available to serialize message.")]
    [InlineData("application/vnd.kafka.protobuf.v2+json", """{"value_schema":"x","records":[{"value":1}]}""", 42206, "Payload error. Schema Registry must be configured when using schemas.")]
    [InlineData("application/vnd.kafka.avro.v1+json", """{"value_schema_id":1,"records":[{"value":1}]}""", 42206, "Payload error. Schema Registry must be configured when using schemas.")]
    public async Task Schema_formats_without_a_schema_registry_are_422_as_in_the_original(string contentType, string body, int code, string message)
    {
        var answer = await Http.ProduceAsync("/topics/" + UniqueNames.For("no-registry"), body, contentType);

        answer.AssertError(HttpStatusCode.UnprocessableEntity, code, message, contentType.Contains(".v1+", StringComparison.Ordinal) ? "application/vnd.kafka.v1+json" : "application/vnd.kafka.v2+json");
    }

    private static void AssertUnknownPartition(JsonElement offset)
    {
        Assert.Equal(JsonValueKind.Null, offset.GetProperty("partition").ValueKind);
        Assert.Equal(JsonValueKind.Null, offset.GetProperty("offset").ValueKind);
        Assert.Equal(50003, offset.GetProperty("error_code").GetInt32());
        Assert.Contains("Unknown partition", offset.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
