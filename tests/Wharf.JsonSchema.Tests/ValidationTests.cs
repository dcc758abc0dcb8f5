using System.Text.Json;

namespace Wharf.JsonSchema.Tests;

public sealed class ValidationTests
{
    private const string Person = """
        {"type":"object","properties":{
          "name":{"type":"string","minLength":1},
          "age":{"type":"integer","minimum":0},
          "tags":{"type":"array","items":{"type":"string"},"uniqueItems":true},
          "kind":{"enum":["a","b"]},
          "email":{"type":["string","null"],"pattern":"@"}
        },"required":["name"],"additionalProperties":false}
        """;

    [Theory]
    [InlineData("""{"name":"x"}""")]
    [InlineData("""{"name":"x","age":3,"tags":["a","b"],"kind":"a","email":null}""")]
    [InlineData("""{"name":"x","email":"a@b"}""")]
    [InlineData("""{"name":"x","age":3.0}""")]
    public void Conforming_values_pass(string json)
    {
        Assert.True(Schema(Person).TryValidate(Value(json), out var error), error);
    }

    [Theory]
    [InlineData("""{"age":3}""", "#: required key [name] not found")]
    [InlineData("""{"name":"x","age":"3"}""", "#/age: expected type: integer, found: string")]
    [InlineData("""{"name":"x","age":1.5}""", "#/age: expected type: integer, found: number")]
    [InlineData("""{"name":"x","age":-1}""", "#/age: -1 is not greater or equal to 0")]
    [InlineData("""{"name":"x","other":1}""", "#: extraneous key [other] is not permitted")]
    [InlineData("""{"name":"x","tags":["a",1]}""", "#/tags/1: expected type: string, found: integer")]
    [InlineData("""{"name":"x","tags":["a","a"]}""", "#/tags: array items are not unique")]
    [InlineData("""{"name":"x","kind":"c"}""", "#/kind: \"c\" is not a valid enum value")]
    [InlineData("""{"name":""}""", "#/name: expected minLength: 1, actual: 0")]
    [InlineData("""{"name":"x","email":"nobody"}""", "#/email: string [nobody] does not match pattern @")]
    [InlineData("[]", "#: expected type: object, found: array")]
    public void Mismatches_name_the_location_and_the_rule(string json, string expected)
    {
        Assert.False(Schema(Person).TryValidate(Value(json), out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void OneOf_fails_when_two_branches_match()
    {
        var schema = Schema("""{"oneOf":[{"type":"number"},{"type":"integer"}]}""");

        Assert.True(schema.TryValidate(Value("1.5"), out _));
        Assert.False(schema.TryValidate(Value("2"), out var error));
        Assert.Contains("2 subschemas matched instead of one", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Recursive_references_validate_nested_values()
    {
        var schema = Schema("""
            {"definitions":{"node":{"type":"object","properties":{"v":{"type":"integer"},"next":{"$ref":"#/definitions/node"}}}},
             "$ref":"#/definitions/node"}
            """);

        Assert.True(schema.TryValidate(Value("""{"v":1,"next":{"v":2,"next":{"v":3}}}"""), out _));
        Assert.False(schema.TryValidate(Value("""{"v":1,"next":{"v":2,"next":{"v":"x"}}}"""), out var error));
        Assert.Equal("#/next/next/v: expected type: integer, found: string", error);
    }

    [Theory]
    [InlineData("date-time", "2024-02-29T10:00:00.123Z", true)]
    [InlineData("date-time", "2024-02-30T10:00:00Z", false)]
    [InlineData("date-time", "yesterday", false)]
    [InlineData("date", "2024-02-29", true)]
    [InlineData("date", "2024-13-01", false)]
    [InlineData("email", "a@b.io", true)]
    [InlineData("email", "nobody", false)]
    [InlineData("ipv4", "10.0.0.1", true)]
    [InlineData("ipv4", "10.0.1", false)]
    [InlineData("ipv6", "::1", true)]
    [InlineData("uri", "https://x.io/a", true)]
    [InlineData("uri", "not a uri", false)]
    [InlineData("uuid", "0f8fad5b-d9cb-469f-a165-70867728950e", true)]
    [InlineData("made-up-format", "anything", true)]
    public void Formats_everit_checks_are_checked_and_others_pass(string format, string value, bool valid)
    {
        var schema = Schema("{\"type\":\"string\",\"format\":\"" + format + "\"}");

        Assert.Equal(valid, schema.TryValidate(Value(JsonSerializer.Serialize(value)), out _));
    }

    [Fact]
    public void String_lengths_count_code_points()
    {
        var schema = Schema("""{"type":"string","maxLength":1}""");

        Assert.True(schema.TryValidate(Value("\"😀\""), out _));
    }

    [Fact]
    public void Type_keywords_without_a_type_constrain_only_values_of_that_type()
    {
        var schema = Schema("""{"minLength":2}""");

        Assert.True(schema.TryValidate(Value("5"), out _));
        Assert.False(schema.TryValidate(Value("\"a\""), out _));
    }

    private static JsonSchema Schema(string text)
    {
        Assert.True(JsonSchema.TryParse(text, null, out var schema, out var error), error);
        return schema;
    }

    private static JsonElement Value(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
