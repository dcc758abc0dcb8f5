using System.Net;
using System.Text;
using Wharf.Testing;

namespace Wharf.RestProxy.Tests.Produce;

/// <summary>
/// Produce requests the original refuses, answered with its status, code and message; none of them produces
/// anything, and the proxy keeps answering.
/// </summary>
public sealed class BadInputTests(RestProxyFixture fixture)
{
    private const string Binary = "application/vnd.kafka.binary.v2+json";
    private const string Values = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";
    private const string Redacted = "[Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); ";

    private HttpClient Http => fixture.Http;

    public static TheoryData<string, string> MalformedJson => new()
    {
        { "foobar", "Unrecognized token 'foobar': was expecting " + Values },
        { "{\"records\":[", "Unexpected end-of-input: expected close marker for ARRAY (start marker at " + Redacted + "line: 1, column: 12])" },
        { "{\"records\":[{\"value\":\"YQ==\"},]}", "Unexpected character (']' (code 93)): expected a valid value " + Values },
        { "{\"records\":[{\"value\":\"YQ==\"}}", "Unexpected close marker '}': expected ']' (for Array starting at " + Redacted + "line: 1, column: 12])" },
        { "{records:[]}", "Unexpected character ('r' (code 114)): was expecting double-quote to start field name" },
        { "{\"records\" []}", "Unexpected character ('[' (code 91)): was expecting a colon to separate field name and value" },
        { "{\"records\":[{\"value\":\"YQ==\"} {\"value\":\"YQ==\"}]}", "Unexpected character ('{' (code 123)): was expecting comma to separate Array entries" },
        { "{\"records\":[{\"value\":tru}]}", "Unrecognized token 'tru': was expecting " + Values },
        { "{\"records\":[{\"value\":\"a\\qb\"}]}", "Unrecognized character escape 'q' (code 113)" },
        { "{\"records\":[{\"value\":\"a\nb\"}]}", "Illegal unquoted character ((CTRL-CHAR, code 10)): has to be escaped using backslash to be included in string value" },
        { "{\"records\":[{\"value\":01}]}", "Invalid numeric value: Leading zeroes not allowed" },
        { "{\"records\":[{\"value\":1.}]}", "Unexpected character ('}' (code 125)) in numeric value: Decimal point not followed by a digit" },
        { "{\"records\":[{\"value\":\"YQ==\"}],\n\"x\" // comment\n}", "Unexpected character ('/' (code 47)): maybe a (non-standard) comment? (not recognized as one since Feature 'ALLOW_COMMENTS' not enabled for parser)" },
        { "   \n ", "No content to map due to end-of-input" },
    };

    [Theory]
    [MemberData(nameof(MalformedJson))]
    public async Task Malformed_JSON_is_400_with_Jacksons_message(string body, string message)
    {
        var answer = await Http.ProduceAsync("/topics/" + UniqueNames.For("malformed"), body);

        answer.AssertError(HttpStatusCode.BadRequest, 400, message);
    }

    [Theory]
    [InlineData("{\"records\":\"abc\"}", "Cannot deserialize value of type `ProduceRecord>` from String value (token `JsonToken.VALUE_STRING`)")]
    [InlineData("{\"records\":{}}", "Cannot deserialize value of type `ProduceRecord>` from Object value (token `JsonToken.START_OBJECT`)")]
    [InlineData("{\"records\":[\"YQ==\"]}", "Cannot construct instance of `ProduceRecord` (although at least one Creator exists): no String-argument constructor/factory method to deserialize from String value ('YQ==')")]
    [InlineData("{\"records\":[1]}", "Cannot construct instance of `ProduceRecord` (although at least one Creator exists): no int/Int-argument constructor/factory method to deserialize from Number value (1)")]
    [InlineData("{\"records\":[null]}", "Cannot construct instance of `ProduceRequest`, problem: at index 0")]
    [InlineData("[]", "Cannot deserialize value of type `ProduceRequest` from Array value (token `JsonToken.START_ARRAY`)")]
    [InlineData("{\"records\":[{\"value\":\"YQ==\",\"partition\":\"one\"}]}", "Cannot deserialize value of type `Integer` from String \"one\": not a valid `java.lang.Integer` value")]
    [InlineData("{\"records\":[{\"value\":\"YQ==\",\"partition\":{}}]}", "Cannot deserialize value of type `Integer` from Object value (token `JsonToken.START_OBJECT`)")]
    [InlineData("{\"records\":[{\"value\":\"YQ==\",\"partition\":99999999999}]}", "Numeric value (99999999999) out of range of int (-2147483648 - 2147483647)")]
    [InlineData("{\"key_schema\":[],\"records\":[{\"value\":\"YQ==\"}]}", "Cannot deserialize value of type `String` from Array value (token `JsonToken.START_ARRAY`)")]
    public async Task JSON_of_the_wrong_shape_is_400_with_Jacksons_mapping_message(string body, string message)
    {
        var answer = await Http.ProduceAsync("/topics/" + UniqueNames.For("shape"), body);

        answer.AssertError(HttpStatusCode.BadRequest, 400, message);
    }

    [Fact]
    public async Task Scalars_are_coerced_as_Jackson_coerces_them()
    {
        var topic = UniqueNames.For("coerced");
        await KafkaTopics.CreateAsync(fixture.Broker.BootstrapServers, topic, 2);

        var answer = await Http.ProduceAsync("/topics/" + topic, """{"key_schema":5,"records":[{"value":"YQ==","partition":"1"},{"value":"Yg==","partition":1.9},{"value":"Yw==","partition":""}]}""");

        answer.AssertOk();
        Assert.Equal([1, 1], answer.Json.GetProperty("offsets").EnumerateArray().Take(2).Select(o => o.GetProperty("partition").GetInt32()));
    }

    [Theory]
    [InlineData("{\"records\":[{\"value\":\"YQ==\",\"timestamp\":1}]}", "timestamp")]
    [InlineData("{\"foo\":[unparsed, \"records\":[{\"value\":\"YQ==\"}]}", "foo")]
    [InlineData("{\"records\":[{\"value\":\"YQ==\"}],\"headers\":[]}", "headers")]
    public async Task An_unknown_field_is_422_unrecognized_field(string body, string field)
    {
        var answer = await Http.ProduceAsync("/topics/" + UniqueNames.For("unknown-field"), body);

        answer.AssertError(HttpStatusCode.UnprocessableEntity, 422, "Unrecognized field: " + field);
    }

    [Theory]
    [InlineData("", "/topics/t", Binary, "produceBinary.arg2 must not be null (was null)")]
    [InlineData("null", "/topics/t", "application/vnd.kafka.json.v2+json", "produceJson.arg2 must not be null (was null)")]
    [InlineData("", "/topics/t/partitions/0", Binary, "produceBinary.arg3 must not be null (was null)")]
    [InlineData("", "/topics/t", "application/vnd.kafka.avro.v2+json", "produceAvro.arg2 must not be null (was null)")]
    [InlineData("{}", "/topics/t", Binary, "produceBinary.arg2.records must not be empty (was [])")]
    [InlineData("{\"records\":[]}", "/topics/t", "application/vnd.kafka.json.v2+json", "produceJson.arg2.records must not be empty (was [])")]
    [InlineData("{\"records\":null}", "/topics/t/partitions/0", Binary, "produceBinary.arg3.records must not be empty (was [])")]
    public async Task No_body_or_no_records_is_422_with_the_originals_validation_message(string body, string path, string contentType, string message)
    {
        var answer = await Http.ProduceAsync(path, body, contentType);

        answer.AssertError(HttpStatusCode.UnprocessableEntity, 422, message);
    }

    [Theory]
    [InlineData("\"not base64!\"", "Bad Request: data=\"not base64!\" is not a valid base64 string.")]
    [InlineData("\"YQ=x\"", "Bad Request: data=\"YQ=x\" is not a valid base64 string.")]
    [InlineData("\"Y\"", "Bad Request: data=\"Y\" is not a valid base64 string.")]
    [InlineData("\"YQ YQ\"", "Bad Request: data=\"YQ YQ\" is not a valid base64 string.")]
    [InlineData("123", "Bad Request: data=123 is not a base64 string.")]
    [InlineData("1.50", "Bad Request: data=1.5 is not a base64 string.")]
    [InlineData("{ \"a\" : [ true ] }", "Bad Request: data={\"a\":[true]} is not a base64 string.")]
    public async Task A_binary_value_that_is_not_base64_is_400_with_the_originals_message(string value, string message)
    {
        var answer = await Http.ProduceAsync("/topics/" + UniqueNames.For("base64"), "{\"records\":[{\"value\":\"YQ==\"},{\"value\":" + value + "}]}");

        answer.AssertError(HttpStatusCode.BadRequest, 400, message);
    }

    [Theory]
    [InlineData("YQ", "a")]
    [InlineData("YQ=", "a")]
    [InlineData("YWI", "ab")]
    [InlineData("YWJj", "abc")]
    [InlineData("", "")]
    public async Task Base64_padding_is_optional_as_for_the_originals_decoder(string encoded, string decoded)
    {
        var topic = UniqueNames.For("padding");

        var answer = await Http.ProduceAsync("/topics/" + topic, "{\"records\":[{\"value\":\"" + encoded + "\"}]}");

        answer.AssertOk();
        Assert.Equal(decoded, Encoding.UTF8.GetString((await KafkaTopics.ReadRecordsAsync(fixture.Broker.EndPoint, topic, 0)).Single().Value!));
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_in_the_error_shape_and_the_proxy_keeps_answering()
    {
        await using var proxy = await EmbeddedRestProxy.StartAsync(fixture.Broker.BootstrapServers, new Dictionary<string, string> { ["wharf.request.max.bytes"] = "1048576" });
        var topic = UniqueNames.For("huge");
        var huge = "{\"records\":[{\"value\":\"" + new string('A', 2 << 20) + "\"}]}";

        var answer = await proxy.Http.ProduceAsync("/topics/" + topic, huge);

        answer.AssertError(HttpStatusCode.RequestEntityTooLarge, 413, "Request Entity Too Large: the body is larger than the 1048576 bytes this proxy accepts");
        (await proxy.Http.ProduceAsync("/topics/" + topic, """{"records":[{"value":"YQ=="}]}""")).AssertOk();
        Assert.Single(await KafkaTopics.ReadRecordsAsync(fixture.Broker.EndPoint, topic, 0));
    }

    [Fact]
    public async Task Refused_requests_produce_nothing_and_a_good_one_afterwards_produces_exactly_once()
    {
        var topic = UniqueNames.For("nothing-twice");
        await KafkaTopics.CreateAsync(fixture.Broker.BootstrapServers, topic, 1);
        string[] refused =
        [
            """{"records":[{"value":"YQ=="},{"value":"!!"}]}""",
            """{"records":[{"value":"YQ=="},{"value":"Yg=="}],"oops":1}""",
            """{"records":[{"value":"YQ=="},{"value":"Yg=="}""",
            """{"records":[{"value":"YQ=="},{"value":"Yg==","partition":"x"}]}""",
            """{"records":[{"value":"YQ=="},{"value":"Yg==","partition":-1}]}""",
        ];

        foreach (var body in refused)
        {
            var answer = await Http.ProduceAsync("/topics/" + topic, body);
            Assert.True(answer.Status is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity or HttpStatusCode.NotFound, answer.Body);
        }

        (await Http.ProduceAsync("/topics/" + topic, """{"records":[{"value":"YQ=="},{"value":"Yg=="}]}""")).AssertOk();

        Assert.Equal(["a", "b"], (await KafkaTopics.ReadRecordsAsync(fixture.Broker.EndPoint, topic, 0)).Select(r => Encoding.UTF8.GetString(r.Value!)));
    }

    [Fact]
    public async Task Deleting_the_topic_while_requests_produce_to_it_gives_answers_not_failures()
    {
        var topic = UniqueNames.For("deleted-meanwhile");
        await KafkaTopics.CreateAsync(fixture.Broker.BootstrapServers, topic, 1);
        (await Http.ProduceAsync("/topics/" + topic, """{"records":[{"value":"YQ=="}]}""")).AssertOk();

        var producing = Enumerable.Range(0, 10).Select(_ => Http.ProduceAsync("/topics/" + topic + "/partitions/0", """{"records":[{"value":"YQ=="},{"value":"Yg=="}]}""")).ToList();
        await KafkaTopics.DeleteAsync(fixture.Broker.BootstrapServers, topic);
        var answers = await Task.WhenAll(producing);

        Assert.All(answers, answer => answer.AssertOk());
        (await Http.RestGetAsync("/brokers")).AssertOk();
    }
}
