namespace Wharf.JsonSchema.Tests;

public sealed class ParsingTests
{
    [Theory]
    [InlineData("{\"type\":", "Invalid JSON")]
    [InlineData("""{"type":"strin"}""", "#/type: unknown type: [strin]")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"string","minLength":-1}}}""", "#/properties/a/minLength: expected a non-negative integer")]
    [InlineData("""{"properties":{"a":{"$ref":"#/definitions/missing"}}}""", "#/properties/a/$ref: cannot resolve '#/definitions/missing'")]
    [InlineData("""{"$ref":"other.json"}""", "no schema reference named 'other.json'")]
    [InlineData("42", "expected an object or boolean at the root")]
    [InlineData("""{"type":"string","pattern":"("}""", "#/pattern: invalid regular expression")]
    [InlineData("""{"required":"a"}""", "#/required: expected an array of strings")]
    public void Invalid_schemas_are_refused_with_where_and_why(string text, string expected)
    {
        Assert.False(JsonSchema.TryParse(text, null, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"$schema":"http://json-schema.org/draft-04/schema#","type":"number","minimum":0,"exclusiveMinimum":true}""")]
    [InlineData("""{"$schema":"http://json-schema.org/draft-06/schema#","type":"number","exclusiveMinimum":0}""")]
    [InlineData("""{"$schema":"http://json-schema.org/draft-07/schema#","if":{"type":"string"},"then":{"minLength":1}}""")]
    [InlineData("true")]
    [InlineData("{}")]
    public void Drafts_4_6_and_7_documents_parse(string text)
    {
        Assert.True(JsonSchema.TryParse(text, null, out _, out var error), error);
    }

    [Fact]
    public void Canonical_string_is_compact_keeps_member_order_and_non_ascii_text()
    {
        Assert.True(JsonSchema.TryParse("""
            {
              "type" : "object",
              "title" : "Größe \"x\"",
              "properties" : { "b" : { "type" : "number", "maximum" : 1.50 }, "a" : { } }
            }
            """, null, out var schema, out _));

        Assert.Equal("""{"type":"object","title":"Größe \"x\"","properties":{"b":{"type":"number","maximum":1.50},"a":{}}}""", schema!.CanonicalString);
    }

    [Theory]
    [InlineData("1", "1")]
    [InlineData("-12", "-12")]
    [InlineData("1.50", "1.50")]
    [InlineData("1e2", "1E+2")]
    [InlineData("1.5E3", "1.5E+3")]
    [InlineData("2.5e-3", "0.0025")]
    [InlineData("1e-7", "1E-7")]
    [InlineData("0.00000012", "1.2E-7")]
    [InlineData("-0.0", "0.0")]
    [InlineData("123.456e1", "1234.56")]
    public void Numbers_in_canonical_text_print_as_Javas_BigDecimal_prints_them(string written, string printed)
    {
        Assert.True(JsonSchema.TryParse("{\"type\":\"number\",\"maximum\":" + written + "}", null, out var schema, out _));

        Assert.Equal("{\"type\":\"number\",\"maximum\":" + printed + "}", schema!.CanonicalString);
    }

    [Fact]
    public void Normalize_sorts_members_at_every_level_so_reordered_documents_match()
    {
        Assert.True(JsonSchema.TryParse("""{"type":"object","properties":{"b":{"type":"string"},"a":{"type":"integer"}}}""", null, out var first, out _));
        Assert.True(JsonSchema.TryParse("""{"properties":{"a":{"type":"integer"},"b":{"type":"string"}},"type":"object"}""", null, out var second, out _));

        Assert.NotEqual(first!.CanonicalString, second!.CanonicalString);
        Assert.Equal(first.Normalize().CanonicalString, second.Normalize().CanonicalString);
        Assert.Equal("""{"properties":{"a":{"type":"integer"},"b":{"type":"string"}},"type":"object"}""", first.Normalize().CanonicalString);
    }

    [Fact]
    public void References_resolve_by_name_and_by_pointer_into_the_referenced_document()
    {
        var references = new Dictionary<string, string>
        {
            ["defs.json"] = """{"definitions":{"id":{"type":"integer"}}}""",
        };

        Assert.True(JsonSchema.TryParse("""{"type":"object","properties":{"id":{"$ref":"defs.json#/definitions/id"}}}""", references, out var schema, out var error), error);
        Assert.False(schema!.TryValidate(System.Text.Json.JsonDocument.Parse("""{"id":"x"}""").RootElement, out _));
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_refused_not_recursed()
    {
        var text = string.Concat(Enumerable.Repeat("{\"not\":", 300)) + "{}" + new string('}', 300);

        Assert.False(JsonSchema.TryParse(text, null, out _, out var error));
        Assert.NotNull(error);
    }
}
