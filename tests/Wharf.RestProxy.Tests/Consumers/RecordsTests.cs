using System.Text;
using Confluent.Kafka;
using Wharf.Testing;
using static Wharf.RestProxy.Tests.Consumers.ConsumerApi;

namespace Wharf.RestProxy.Tests.Consumers;

/// <summary>GET …/records: the record shape per format, content negotiation, and the read limits (timeout, max_bytes, fetch.min.bytes).</summary>
public sealed class RecordsTests(RestProxyFixture fixture)
{
    [Fact]
    public async Task Binary_records_carry_topic_key_value_partition_offset_and_the_additive_timestamp_and_headers()
    {
        var topic = await TopicAsync();
        var headers = new Headers { { "trace", [1, 2, 3] }, { "trace", [4] } };
        headers.Add(new Header("empty", null));
        await KafkaData.ProduceAsync(fixture.Broker.BootstrapServers, topic, 0, [("k"u8.ToArray(), "v"u8.ToArray())], headers);
        await KafkaData.ProduceAsync(fixture.Broker.BootstrapServers, topic, 0, [(null, null)]);
        var consumer = await SubscribedAsync(topic);

        var records = await consumer.ReadAtLeastAsync(2);

        Assert.Equal(2, records.Count);
        var first = records[0];
        Assert.Equal(["topic", "key", "value", "partition", "offset", "timestamp", "headers"], first.EnumerateObject().Select(p => p.Name));
        Assert.Equal((topic, "aw==", "dg==", 0, 0L), (first.GetProperty("topic").GetString(), first.GetProperty("key").GetString(), first.GetProperty("value").GetString(), first.GetProperty("partition").GetInt32(), first.GetProperty("offset").GetInt64()));
        Assert.True(first.GetProperty("timestamp").GetInt64() > 0);
        Assert.Equal("""[{"key":"trace","value":"AQID"},{"key":"trace","value":"BA=="},{"key":"empty","value":null}]""", first.GetProperty("headers").GetRawText());

        // Without headers the record has the original's fields plus the timestamp only.
        Assert.Equal(["topic", "key", "value", "partition", "offset", "timestamp"], records[1].EnumerateObject().Select(p => p.Name));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, records[1].GetProperty("key").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, records[1].GetProperty("value").ValueKind);
        await consumer.DeleteAsync();
    }

    [Fact]
    public async Task Json_records_carry_their_keys_and_values_as_json()
    {
        var topic = await TopicAsync();
        await KafkaData.ProduceAsync(fixture.Broker.BootstrapServers, topic, 0, [("\"id-1\""u8.ToArray(), """{"n":1,"tags":["a"]}"""u8.ToArray())]);
        var consumer = await SubscribedAsync(topic, """{"format":"json","auto.offset.reset":"earliest"}""");

        var answer = await ReadUntilRecordsAsync(consumer, Json);

        Assert.Equal(Json, answer.ContentType);
        var record = answer.Json[0];
        Assert.Equal("\"id-1\"", record.GetProperty("key").GetRawText());
        Assert.Equal("""{"n":1,"tags":["a"]}""", record.GetProperty("value").GetRawText());
        await consumer.DeleteAsync();
    }

    [Fact]
    public async Task A_record_a_json_consumer_cannot_decode_is_an_error_and_stays_unread()
    {
        var topic = await TopicAsync();
        await KafkaData.ProduceValuesAsync(fixture.Broker.BootstrapServers, topic, 0, "not json");
        var consumer = await SubscribedAsync(topic, """{"format":"json","auto.offset.reset":"earliest"}""");

        Answer answer;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        do
        {
            answer = await GetAsync(fixture.Http, consumer.Url("/records"), Json);
        }
        while (answer is { Status: 200, Body: "[]" } && DateTime.UtcNow < deadline);
        var again = await GetAsync(fixture.Http, consumer.Url("/records"), Json);

        Assert.Equal((500, 50002, Json), (answer.Status, answer.ErrorCode, answer.ContentType));
        Assert.StartsWith("Error deserializing a record as JSON", answer.Message);
        Assert.Equal((500, 50002), (again.Status, again.ErrorCode));
        await consumer.DeleteAsync();
    }

    [Fact]
    public async Task A_json_record_that_cannot_be_decoded_after_good_ones_ends_the_answer_before_it()
    {
        var topic = await TopicAsync();
        await KafkaData.ProduceAsync(fixture.Broker.BootstrapServers, topic, 0, [(null, "1"u8.ToArray()), (null, "2"u8.ToArray()), (null, "{broken"u8.ToArray())]);
        var consumer = await SubscribedAsync(topic, """{"format":"json","auto.offset.reset":"earliest"}""");

        var good = new List<string>();
        Answer answer;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        do
        {
            answer = await GetAsync(fixture.Http, consumer.Url("/records"), Json);
            if (answer.Status == 200)
            {
                good.AddRange(answer.Json.EnumerateArray().Select(r => r.GetProperty("value").GetRawText()));
            }
        }
        while (answer.Status == 200 && DateTime.UtcNow < deadline);

        Assert.Equal(["1", "2"], good);
        Assert.Equal((500, 50002), (answer.Status, answer.ErrorCode));
        await consumer.DeleteAsync();
    }

    [Theory]
    [InlineData(null, Binary)]
    [InlineData("*/*", Binary)]
    [InlineData(V2, V2)]
    [InlineData(Binary, Binary)]
    public async Task A_binary_consumer_answers_the_binary_type_or_the_generic_one(string? accept, string contentType)
    {
        var consumer = await CreateAsync(fixture.Http, UniqueNames.For("group"));
        await consumer.SubscribeAsync(UniqueNames.For("topic"));

        var answer = await GetAsync(fixture.Http, consumer.Url("/records?timeout=100"), accept);

        Assert.Equal((200, contentType, "[]"), (answer.Status, answer.ContentType, answer.Body));
        await consumer.DeleteAsync();
    }

    [Fact]
    public async Task Asking_a_consumer_for_another_format_is_40601_and_an_unknown_type_is_406()
    {
        var binary = await CreateAsync(fixture.Http, UniqueNames.For("group"));
        var json = await CreateAsync(fixture.Http, UniqueNames.For("group"), """{"format":"json"}""");

        var jsonFromBinary = await GetAsync(fixture.Http, binary.Url("/records"), Json);
        var binaryFromJson = await GetAsync(fixture.Http, json.Url("/records"), "*/*");
        var text = await GetAsync(fixture.Http, binary.Url("/records"), "text/plain");

        Assert.Equal((406, 40601, Json), (jsonFromBinary.Status, jsonFromBinary.ErrorCode, jsonFromBinary.ContentType));
        Assert.Equal("The requested embedded data format does not match the deserializer for this consumer instance", jsonFromBinary.Message);
        Assert.Equal((406, 40601, Binary), (binaryFromJson.Status, binaryFromJson.ErrorCode, binaryFromJson.ContentType));
        Assert.Equal((406, string.Empty), (text.Status, text.Body));
        await binary.DeleteAsync();
        await json.DeleteAsync();
    }

    [Fact]
    public async Task A_record_larger_than_max_bytes_is_answered_alone_instead_of_never()
    {
        var topic = await TopicAsync();
        var large = new string('x', 5000);
        await KafkaData.ProduceValuesAsync(fixture.Broker.BootstrapServers, topic, 0, large, "small");
        var consumer = await SubscribedAsync(topic);

        var first = await consumer.ReadAtLeastAsync(1, "?max_bytes=100");
        var second = await consumer.ReadAtLeastAsync(1, "?max_bytes=100");

        Assert.Equal([large], first.Select(KafkaData.ValueText));
        Assert.Equal(["small"], second.Select(KafkaData.ValueText));
        await consumer.DeleteAsync();
    }

    [Fact]
    public async Task Max_bytes_stops_before_the_record_that_would_pass_it_and_that_record_comes_next()
    {
        var topic = await TopicAsync();
        await KafkaData.ProduceValuesAsync(fixture.Broker.BootstrapServers, topic, 0, "aaaa", "bbbb", "cccc", "dddd");
        var consumer = await SubscribedAsync(topic);
        var records = new List<List<string>>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (records.Sum(r => r.Count) < 4 && DateTime.UtcNow < deadline)
        {
            var read = await consumer.ReadAsync("?max_bytes=10");
            if (read.Count > 0)
            {
                records.Add(read.Select(KafkaData.ValueText).ToList());
            }
        }

        Assert.Equal(["aaaa", "bbbb", "cccc", "dddd"], records.SelectMany(r => r));
        Assert.All(records, r => Assert.InRange(r.Count, 1, 2));
        await consumer.DeleteAsync();
    }

    [Fact]
    public async Task Fetch_min_bytes_answers_as_soon_as_enough_is_gathered_instead_of_waiting_for_the_timeout()
    {
        var topic = await TopicAsync();
        var consumer = await SubscribedAsync(topic, """{"auto.offset.reset":"earliest","fetch.min.bytes":0,"consumer.request.timeout.ms":600000}""");
        await KafkaData.ProduceValuesAsync(fixture.Broker.BootstrapServers, topic, 0, "ready");

        // With a ten-minute wait, only the early return can answer before the HTTP client gives up (90 s).
        var records = await consumer.ReadAtLeastAsync(1);

        Assert.Equal(["ready"], records.Select(KafkaData.ValueText));
        await consumer.DeleteAsync();
    }

    [Fact]
    public async Task The_timeout_parameter_shortens_the_instances_wait_but_cannot_lengthen_it()
    {
        var shortWait = await CreateAsync(fixture.Http, UniqueNames.For("group"), """{"consumer.request.timeout.ms":600000}""");
        await shortWait.SubscribeAsync(UniqueNames.For("topic"));

        // A ten-minute instance wait cut to 200 ms: the answer comes long before the HTTP client's 90 s limit.
        var answer = await GetAsync(fixture.Http, shortWait.Url("/records?timeout=200"));

        Assert.Equal((200, "[]"), (answer.Status, answer.Body));
        await shortWait.DeleteAsync();
    }

    [Fact]
    public async Task A_non_numeric_timeout_or_max_bytes_is_a_bad_request()
    {
        var consumer = await CreateAsync(fixture.Http, UniqueNames.For("group"));

        var timeout = await GetAsync(fixture.Http, consumer.Url("/records?timeout=soon"));
        var maxBytes = await GetAsync(fixture.Http, consumer.Url("/records?max_bytes=lots"));

        Assert.Equal((400, 400), (timeout.Status, timeout.ErrorCode));
        Assert.Equal((400, 400), (maxBytes.Status, maxBytes.ErrorCode));
        await consumer.DeleteAsync();
    }

    [Fact]
    public async Task A_large_answer_streams_every_record()
    {
        var topic = await TopicAsync();
        var value = Encoding.UTF8.GetBytes(new string('v', 1000));
        await KafkaData.ProduceAsync(fixture.Broker.BootstrapServers, topic, 0, Enumerable.Range(0, 500).Select(i => ((byte[]?)BitConverter.GetBytes(i), (byte[]?)value)));
        var consumer = await SubscribedAsync(topic);

        var records = await consumer.ReadAtLeastAsync(500);

        Assert.Equal(Enumerable.Range(0, 500), records.Select(r => BitConverter.ToInt32(Convert.FromBase64String(r.GetProperty("key").GetString()!))));
        await consumer.DeleteAsync();
    }

    private async Task<string> TopicAsync()
    {
        var topic = UniqueNames.For("records");
        await KafkaData.CreateTopicAsync(fixture.Broker.BootstrapServers, topic, 1);
        return topic;
    }

    private async Task<RestConsumer> SubscribedAsync(string topic, string body = """{"auto.offset.reset":"earliest"}""")
    {
        var consumer = await CreateAsync(fixture.Http, UniqueNames.For("group"), body);
        await consumer.SubscribeAsync(topic);
        return consumer;
    }

    private async Task<Answer> ReadUntilRecordsAsync(RestConsumer consumer, string accept)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var answer = await GetAsync(fixture.Http, consumer.Url("/records"), accept);
            Assert.Equal(200, answer.Status);
            if (answer.Body != "[]" || DateTime.UtcNow > deadline)
            {
                return answer;
            }
        }
    }
}
