using System.Buffers;
using System.Text;
using System.Text.Json;
using Wharf.RestProxy.Formats;
using Wharf.RestProxy.Http;

namespace Wharf.RestProxy.Tests.Consumers;

/// <summary>
/// How the json format writes a consumed key or value into a records answer: compact, strings re-escaped by the
/// answer's writer, numbers as stored, trailing bytes after the first value ignored (as Jackson's readValue does) —
/// exactly what parsing the value into a JsonDocument and writing it would give.
/// </summary>
public sealed class JsonFormatWriteTests
{
    [Theory]
    [InlineData("""{"n":1,"tags":["a"]}""")]
    [InlineData(" {\n  \"spaced\" : [ 1 , 2 ,\t{ } ] ,\"empty\":[]}\n")]
    [InlineData("""{"esc\"aped":"line\nbreak \u00e9 \u0041 \/ <b>&'+"}""")]
    [InlineData("\"caf\u00e9 \ud83d\ude00\"")]
    [InlineData("""[1.50e3,-0,0.1,12345678901234567890123,true,false,null]""")]
    [InlineData("42")]
    [InlineData("""{"first":1} {"second":2}""")]
    [InlineData("""[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["deep"]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]""")]
    public void A_consumed_value_is_written_as_its_parsed_document_would_be(string stored)
    {
        var data = Encoding.UTF8.GetBytes(stored);

        Assert.Equal(ThroughDocument(data), Written(data));
    }

    [Fact]
    public void A_long_escaped_string_is_unescaped_through_a_pooled_buffer()
    {
        var text = string.Concat(Enumerable.Repeat("\\u00e9\\n", 500));
        var data = Encoding.UTF8.GetBytes("{\"k\":\"" + text + "\"}");

        Assert.Equal(ThroughDocument(data), Written(data));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"open\":[1,2}")]
    [InlineData("")]
    public void Bytes_that_are_not_json_are_an_error_and_nothing_is_written(string stored)
    {
        var output = new ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(output);

        var error = Assert.Throws<RestException>(() => JsonFormat.Instance.WriteJson(writer, Encoding.UTF8.GetBytes(stored), isNull: false));

        Assert.StartsWith("Error deserializing a record as JSON", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, writer.BytesPending + writer.BytesCommitted);
    }

    private static string Written(byte[] data)
    {
        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output))
        {
            JsonFormat.Instance.WriteJson(writer, data, isNull: false);
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    private static string ThroughDocument(byte[] data)
    {
        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output))
        {
            var reader = new Utf8JsonReader(data);
            using var document = JsonDocument.ParseValue(ref reader);
            document.RootElement.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
