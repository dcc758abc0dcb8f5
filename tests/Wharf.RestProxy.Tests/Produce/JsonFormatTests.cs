using System.Text;
using Wharf.Testing;

namespace Wharf.RestProxy.Tests.Produce;

/// <summary>
/// The json embedded format: keys and values are stored as the original's KafkaJsonSerializer writes a Jackson
/// JsonNode — compact UTF-8 JSON, read back here raw from the broker.
/// </summary>
public sealed class JsonFormatTests(RestProxyFixture fixture)
{
    private const string Json = "application/vnd.kafka.json.v2+json";

    [Theory]
    [InlineData("{ \"a\" : [ 1 , 2 , { } ] ,\n \"b\" : null }", "{\"a\":[1,2,{}],\"b\":null}")]
    [InlineData("\"firstvalue\"", "\"firstvalue\"")]
    [InlineData("\"caf\\u00e9 \\/ <tag> & \\\"q\\\" \\t\"", "\"café / <tag> & \\\"q\\\" \\t\"")]
    [InlineData("\"\\u0001\\u001f\\b\\f\\n\\r\"", "\"\\u0001\\u001F\\b\\f\\n\\r\"")]
    [InlineData("\"\\ud83d\\ude00 é\"", "\"😀 é\"")]
    [InlineData("[-0, 0, 12345678901234567890123, -7]", "[0,0,12345678901234567890123,-7]")]
    [InlineData("[1.0, 1.50, 1e2, 1E7, 9999999.5, 0.001, 0.0001, -2.5e-5, 1e400, -0.0]", "[1.0,1.5,100.0,1.0E7,9999999.5,0.001,1.0E-4,-2.5E-5,\"Infinity\",-0.0]")]
    [InlineData("true", "true")]
    public async Task Json_values_are_stored_as_compact_utf8_json_as_Jackson_writes_them(string value, string stored)
    {
        var topic = UniqueNames.For("json");

        var answer = await fixture.Http.ProduceAsync("/topics/" + topic, "{\"records\":[{\"key\":" + value + ",\"value\":" + value + "}]}", Json);

        answer.AssertOk();
        var record = (await KafkaTopics.ReadRecordsAsync(fixture.Broker.EndPoint, topic, 0)).Single();
        Assert.Equal(stored, Encoding.UTF8.GetString(record.Value!));
        Assert.Equal(stored, Encoding.UTF8.GetString(record.Key!));
    }

    [Fact]
    public async Task A_json_null_key_or_value_is_stored_as_null()
    {
        var topic = UniqueNames.For("json-null");

        (await fixture.Http.ProduceAsync("/topics/" + topic, """{"records":[{"key":null,"value":{"k":1}},{"key":"k"}]}""", Json)).AssertOk();

        var records = await KafkaTopics.ReadRecordsAsync(fixture.Broker.EndPoint, topic, 0);
        Assert.Null(records[0].Key);
        Assert.Null(records[1].Value);
    }

    [Fact]
    public async Task Deeply_nested_values_up_to_Jacksons_limit_are_taken()
    {
        var topic = UniqueNames.For("json-deep");
        var deep = new string('[', 900) + new string(']', 900);

        var answer = await fixture.Http.ProduceAsync("/topics/" + topic, "{\"records\":[{\"value\":" + deep + "}]}", Json);

        answer.AssertOk();
        Assert.Equal(deep, Encoding.UTF8.GetString((await KafkaTopics.ReadRecordsAsync(fixture.Broker.EndPoint, topic, 0)).Single().Value!));
    }
}
