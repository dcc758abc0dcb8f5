using System.Text;
using System.Text.Json;
using Wharf.Avro.Generic;

namespace Wharf.Avro.Tests;

/// <summary>
/// Hostile or broken input is answered with <see cref="AvroDataException"/> (path and reason), never another
/// exception, never a huge allocation, never a stack overflow.
/// </summary>
public sealed class BadInputTests
{
    private static readonly AvroSchema Bytes = AvroSchema.Parse("\"bytes\"");
    private static readonly AvroSchema LongArray = AvroSchema.Parse("""{"type":"array","items":"long"}""");
    private static readonly AvroSchema NullArray = AvroSchema.Parse("""{"type":"array","items":"null"}""");
    private static readonly AvroSchema Nested = AvroSchema.Parse("""{"type":"record","name":"N","fields":[{"name":"next","type":["null","N"]}]}""");

    /// <summary>Every decoder must refuse the input with AvroDataException and a reason.</summary>
    private static void AssertRefusedEverywhere(AvroSchema schema, byte[] data, string reasonFragment)
    {
        var errors = new List<AvroDataError>();
        foreach (var decode in new Action[]
        {
            () => AvroBinary.Decode(schema, data),
            () => AvroJson.FromBinary(schema, data),
            () => AvroJson.FromBinary(schema, data, AvroJsonOptions.Plain),
            () => AvroResolvingDecoder.Create(schema, schema).Decode(data),
        })
        {
            var error = Assert.Throws<AvroDataException>(decode);
            errors.Add(error.Error);
        }
        Assert.All(errors, e => Assert.Contains(reasonFragment, e.Reason, StringComparison.Ordinal));
        Assert.False(AvroBinary.TryDecode(schema, data, null, out _, out var tryError));
        Assert.Equal(errors[0], tryError);
    }

    [Theory]
    [InlineData(new byte[] { 0x01 }, "negative length -1")]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x10 }, "length 2147483648 exceeds the 0 bytes left")]
    [InlineData(new byte[] { 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }, "exceeds the 0 bytes left")]
    [InlineData(new byte[] { 0x06, 0x61, 0x62 }, "length 3 exceeds the 2 bytes left")]
    [InlineData(new byte[] { }, "truncated data")]
    [InlineData(new byte[] { 0x80 }, "truncated data")]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }, "invalid varint")]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02 }, "invalid varint")]
    public void Absurd_or_truncated_lengths_are_refused(byte[] data, string reason) => AssertRefusedEverywhere(Bytes, data, reason);

    [Fact]
    public void A_block_count_above_the_bytes_left_is_refused_before_allocating()
    {
        // 2^62 items of at least one byte each, in a 10-byte message.
        AssertRefusedEverywhere(LongArray, [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01], "exceeds the 0 bytes left");
        AssertRefusedEverywhere(LongArray, [0xC8, 0x01, 0x02], "block count 100 exceeds the 1 bytes left");
    }

    [Fact]
    public void A_negative_block_count_with_an_absurd_byte_size_is_refused()
    {
        AssertRefusedEverywhere(LongArray, [0x01, 0xFE, 0xFF, 0xFF, 0xFF, 0x0F], "block size");
        AssertRefusedEverywhere(LongArray, [0x01, 0x01, 0x02], "block size -1");
        AssertRefusedEverywhere(LongArray, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], "invalid block count");
    }

    [Fact]
    public void Items_that_take_no_bytes_are_bounded_by_the_collection_limit()
    {
        var huge = new byte[] { 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F };
        AssertRefusedEverywhere(NullArray, huge, "more than 10000000 items");
        var limits = new AvroLimits { MaxCollectionItems = 3 };
        Assert.Equal(3, ((List<object?>)AvroBinary.Decode(NullArray, [0x06, 0x00], limits)!).Count);
        var error = Assert.Throws<AvroDataException>(() => AvroBinary.Decode(NullArray, [0x06, 0x02, 0x00], limits));
        Assert.Contains("more than 3 items", error.Reason, StringComparison.Ordinal);
        Assert.Throws<AvroDataException>(() => AvroJson.ToBinary(NullArray, "[null,null,null,null]"u8, new AvroJsonOptions { Limits = limits }));
    }

    [Fact]
    public void Deep_nesting_hits_the_depth_limit_instead_of_the_stack()
    {
        // 100000 nested records: each level is union index 1 (0x02); the innermost is null (0x00).
        var data = new byte[100_001];
        data.AsSpan(0, 100_000).Fill(0x02);
        AssertRefusedEverywhere(Nested, data, "nesting deeper than 128");
        var json = new StringBuilder();
        for (var i = 0; i < 100_000; i++)
        {
            json.Append("{\"next\":{\"N\":");
        }
        var error = Assert.Throws<AvroDataException>(() => AvroJson.ToBinary(Nested, Encoding.UTF8.GetBytes(json.ToString())));
        Assert.Contains("deeper", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_within_the_limit_works_and_the_limit_is_configurable()
    {
        var data = new byte[41];
        data.AsSpan(0, 40).Fill(0x02);
        Assert.NotNull(AvroBinary.Decode(Nested, data));
        Assert.Throws<AvroDataException>(() => AvroBinary.Decode(Nested, data, new AvroLimits { MaxDepth = 30 }));
    }

    [Theory]
    [InlineData("\"int\"", new byte[] { 0x80, 0x80, 0x80, 0x80, 0x10 }, "int out of range")]
    [InlineData("\"boolean\"", new byte[] { 0x02 }, "invalid boolean byte 0x02")]
    [InlineData("\"float\"", new byte[] { 0x00, 0x00, 0x80 }, "truncated data")]
    [InlineData("\"double\"", new byte[] { 0x00 }, "truncated data")]
    [InlineData("{\"type\":\"fixed\",\"name\":\"F\",\"size\":4}", new byte[] { 1, 2, 3 }, "truncated data")]
    [InlineData("{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\",\"B\"]}", new byte[] { 0x04 }, "enum index 2 out of range")]
    [InlineData("{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\",\"B\"]}", new byte[] { 0x01 }, "enum index -1 out of range")]
    [InlineData("[\"null\",\"int\"]", new byte[] { 0x04 }, "union branch 2 out of range")]
    [InlineData("[\"null\",\"int\"]", new byte[] { 0x01 }, "union branch -1 out of range")]
    [InlineData("[]", new byte[] { 0x00 }, "union branch 0 out of range (0 branches)")]
    [InlineData("\"int\"", new byte[] { 0x02, 0x02 }, "1 bytes left after the datum")]
    public void Malformed_values_are_refused(string schema, byte[] data, string reason) => AssertRefusedEverywhere(AvroSchema.Parse(schema), data, reason);

    [Fact]
    public void Errors_say_where_in_the_datum_they_are()
    {
        var schema = AvroSchema.Parse("""{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"items","type":{"type":"array","items":{"type":"map","values":{"type":"enum","name":"E","symbols":["X"]}}}}]}""");
        // a=1, items: 1 block of 1 map with 1 entry "k" -> enum index 5.
        var data = new byte[] { 0x02, 0x02, 0x02, 0x02, 0x6B, 0x0A };
        var error = Assert.Throws<AvroDataException>(() => AvroJson.FromBinary(schema, data));
        Assert.Equal("$.items[0][\"k\"]", error.Path);
        Assert.Equal("$.items[0][\"k\"]: enum index 5 out of range for enum E (1 symbols)", error.Message);
    }

    [Fact]
    public void Invalid_utf8_in_a_string_becomes_the_replacement_character_as_in_avro_java()
    {
        var schema = AvroSchema.Parse("\"string\"");
        byte[] data = [0x04, 0xC3, 0x28];
        Assert.Equal("\uFFFD(", AvroBinary.Decode(schema, data));
        Assert.Equal("\"\uFFFD(\"", AvroJson.FromBinary(schema, data));
    }

    [Theory]
    [InlineData("\"int\"", "\"1\"", "$: expected int, found a string")]
    [InlineData("\"int\"", "1.5", "$: 1.5 is not an integer in the int range")]
    [InlineData("\"int\"", "2147483648", "$: 2147483648 is out of the int range")]
    [InlineData("\"long\"", "9223372036854775808", "$: 9223372036854775808 is not an integer in the long range")]
    [InlineData("\"boolean\"", "1", "$: expected boolean, found a number")]
    [InlineData("\"null\"", "0", "$: expected null, found a number")]
    [InlineData("\"double\"", "\"1.5\"", "$: expected double, found a string")]
    [InlineData("\"bytes\"", "\"\\u0100\"", "$: U+0100 at offset 0 is not a byte (bytes and fixed are strings of code points U+0000..U+00FF)")]
    [InlineData("{\"type\":\"fixed\",\"name\":\"F\",\"size\":2}", "\"abc\"", "$: fixed of 2 bytes, the string has 3")]
    [InlineData("{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\"]}", "\"B\"", "$: \"B\" is not a symbol of enum E")]
    [InlineData("{\"type\":\"array\",\"items\":\"int\"}", "[1,2,\"x\"]", "$[2]: expected int, found a string")]
    [InlineData("{\"type\":\"map\",\"values\":\"int\"}", "{\"a\":1,\"b c\":true}", "$[\"b c\"]: expected int, found a boolean")]
    [InlineData("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}", "{}", "$.a: missing field")]
    [InlineData("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}", "{\"a\":1,\"b\":2}", "$: unknown field \"b\" for record R")]
    [InlineData("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"int\"}]}", "{\"b\":1,\"b\":2,\"a\":3}", "$.b: field given more than once")]
    [InlineData("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}", "[]", "$: expected record R (a JSON object), found an array")]
    [InlineData("[\"null\",\"string\"]", "\"x\"", "$: expected a union value ({\"<branch>\": value} or null) for [null, string], found a string")]
    [InlineData("[\"null\",\"string\"]", "{\"int\":1}", "$: unknown union branch \"int\"; the branches are [null, string]")]
    [InlineData("[\"null\",\"string\"]", "{\"string\":\"a\",\"null\":null}", "$: a union value object must have exactly one key, the branch label")]
    [InlineData("[\"null\",\"string\"]", "{}", "$: empty object where a union value ({\"<branch>\": value}) for [null, string] was expected")]
    [InlineData("[\"int\",\"string\"]", "null", "$: null is not a branch of union [int, string]")]
    [InlineData("\"string\"", "\"a\" \"b\"", "invalid JSON after the value")]
    [InlineData("\"string\"", "", "invalid JSON")]
    [InlineData("{\"type\":\"array\",\"items\":\"int\"}", "[1,2", "invalid JSON")]
    [InlineData("\"string\"", "\"\\ud800\"", "invalid string")]
    public void Json_that_does_not_fit_the_schema_is_refused_with_path_and_reason(string schema, string json, string message)
    {
        var parsed = AvroSchema.Parse(schema);
        var error = Assert.Throws<AvroDataException>(() => AvroJson.ToBinary(parsed, Encoding.UTF8.GetBytes(json)));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        Assert.False(AvroJson.TryToBinary(parsed, Encoding.UTF8.GetBytes(json), output, null, out var tryError));
        Assert.Equal(error.Error, tryError);
        Assert.Equal(0, output.WrittenCount);
    }

    [Fact]
    public void Invalid_utf8_in_json_text_is_refused()
    {
        byte[] json = [(byte)'"', 0xC3, 0x28, (byte)'"'];
        var error = Assert.Throws<AvroDataException>(() => AvroJson.ToBinary(AvroSchema.Parse("\"string\""), json));
        Assert.Equal("the string is not valid UTF-8", error.Reason);
    }

    [Fact]
    public void A_huge_json_document_is_encoded_without_trouble_and_a_huge_wrong_one_fails_fast()
    {
        var json = new StringBuilder("[");
        for (var i = 0; i < 200_000; i++)
        {
            json.Append(i).Append(',');
        }
        json.Append("1]");
        var bytes = Encoding.UTF8.GetBytes(json.ToString());
        var encoded = AvroJson.ToBinary(LongArray, bytes);
        Assert.Equal(200_001, ((List<object?>)AvroBinary.Decode(LongArray, encoded)!).Count);
        bytes[^2] = (byte)'x';
        var error = Assert.Throws<AvroDataException>(() => AvroJson.ToBinary(LongArray, bytes));
        Assert.Contains("invalid JSON", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"int\"", "a string")]
    [InlineData("\"long\"", 1.5)]
    [InlineData("\"string\"", 5)]
    [InlineData("\"null\"", 0)]
    [InlineData("\"boolean\"", "true")]
    [InlineData("[\"null\",\"int\"]", "x")]
    public void Generic_values_of_the_wrong_type_are_refused(string schema, object value)
    {
        var error = Assert.Throws<AvroDataException>(() => AvroBinary.Encode(AvroSchema.Parse(schema), value));
        Assert.False(string.IsNullOrEmpty(error.Reason));
    }

    [Fact]
    public void Generic_record_errors_name_the_field()
    {
        var schema = (AvroRecordSchema)AvroSchema.Parse("""{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"tags","type":{"type":"array","items":"string"}}]}""");
        var record = new AvroRecord(schema) { ["a"] = 1, ["tags"] = new List<object?> { "x", 2 } };
        var error = Assert.Throws<AvroDataException>(() => AvroBinary.Encode(schema, record));
        Assert.Equal("$.tags[1]: expected string, found Int32", error.Message);
        Assert.Throws<AvroDataException>(() => AvroBinary.Encode(schema, new Dictionary<string, object?> { ["a"] = 1 }));
    }

    [Fact]
    public void A_partial_json_output_is_not_written_to_the_caller_on_failure()
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        Assert.Throws<AvroDataException>(() => AvroJson.ToBinary(LongArray, "[1,2,3,\"x\"]"u8, output));
        Assert.Equal(0, output.WrittenCount);
        using var writer = new Utf8JsonWriter(new System.Buffers.ArrayBufferWriter<byte>());
        Assert.False(AvroJson.TryFromBinary(LongArray, [0x06, 0x02], writer, null, out var error));
        Assert.Contains("block count 3 exceeds the 1 bytes left", error.Reason, StringComparison.Ordinal);
    }
}
