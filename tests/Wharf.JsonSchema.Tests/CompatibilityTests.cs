using Wharf.JsonSchema.Compatibility;

namespace Wharf.JsonSchema.Tests;

public sealed class CompatibilityTests
{
    private const string OpenAb = """{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"string"}}}""";
    private const string OpenA = """{"type":"object","properties":{"a":{"type":"string"}}}""";
    private const string ClosedA = """{"type":"object","properties":{"a":{"type":"string"}},"additionalProperties":false}""";
    private const string ClosedAb = """{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"string"}},"additionalProperties":false}""";

    /// <summary>change, old schema, new schema, BACKWARD, FORWARD, FULL (Confluent's STRICT policy).</summary>
    public static TheoryData<string, string, string, bool, bool, bool> Changes => new()
    {
        { "identical", OpenA, OpenA, true, true, true },
        { "optional property added to an open object", OpenA, OpenAb, false, true, false },
        { "optional property added to a closed object", ClosedA, ClosedAb, true, false, false },
        { "property removed from an open object", OpenAb, OpenA, true, false, false },
        { "required property without default added to a closed object", ClosedA,
          """{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"string"}},"required":["b"],"additionalProperties":false}""", false, false, false },
        { "required property with default added to a closed object", ClosedA,
          """{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"string","default":"x"}},"required":["b"],"additionalProperties":false}""", true, false, false },
        { "property with an empty schema added to an open object", OpenA,
          """{"type":"object","properties":{"a":{"type":"string"},"b":{}}}""", true, true, true },
        { "property added and covered by a partially open model",
          """{"type":"object","properties":{"a":{"type":"string"}},"additionalProperties":{"type":"string"}}""",
          """{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"string"}},"additionalProperties":{"type":"string"}}""", true, true, true },
        { "property added but not covered by a partially open model",
          """{"type":"object","properties":{"a":{"type":"string"}},"additionalProperties":{"type":"string"}}""",
          """{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"integer"}},"additionalProperties":{"type":"string"}}""", false, false, false },
        { "required attribute removed", """{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]}""", OpenA, true, false, false },
        { "additionalProperties false removed", ClosedA, OpenA, true, false, false },
        { "integer widened to number", """{"type":"integer"}""", """{"type":"number"}""", true, false, false },
        { "string changed to integer", """{"type":"string"}""", """{"type":"integer"}""", false, false, false },
        { "string made nullable", """{"type":"string"}""", """{"type":["string","null"]}""", true, false, false },
        { "enum extended", """{"type":"string","enum":["a","b"]}""", """{"type":"string","enum":["a","b","c"]}""", true, false, false },
        { "enum changed", """{"enum":["a","b"]}""", """{"enum":["a","c"]}""", false, false, false },
        { "maxLength increased", """{"type":"string","maxLength":10}""", """{"type":"string","maxLength":20}""", true, false, false },
        { "maxLength added", """{"type":"string"}""", """{"type":"string","maxLength":20}""", false, true, false },
        { "minLength decreased", """{"type":"string","minLength":3}""", """{"type":"string","minLength":1}""", true, false, false },
        { "pattern added", """{"type":"string"}""", """{"type":"string","pattern":"^a"}""", false, true, false },
        { "pattern changed", """{"type":"string","pattern":"^a"}""", """{"type":"string","pattern":"^b"}""", false, false, false },
        { "minimum decreased", """{"type":"number","minimum":5}""", """{"type":"number","minimum":0}""", true, false, false },
        { "maximum removed", """{"type":"number","maximum":5}""", """{"type":"number"}""", true, false, false },
        { "exclusiveMinimum added", """{"type":"number"}""", """{"type":"number","exclusiveMinimum":0}""", false, true, false },
        { "multipleOf expanded", """{"type":"integer","multipleOf":2}""", """{"type":"integer","multipleOf":4}""", false, true, false },
        { "title and description changed", """{"type":"string","title":"a","description":"x"}""",
          """{"type":"string","title":"b","description":"y"}""", true, true, true },
        { "anyOf extended", """{"anyOf":[{"type":"string"},{"type":"integer"}]}""",
          """{"anyOf":[{"type":"string"},{"type":"integer"},{"type":"boolean"}]}""", true, false, false },
        { "oneOf branch changed", """{"oneOf":[{"type":"string"},{"type":"integer"}]}""",
          """{"oneOf":[{"type":"string"},{"type":"boolean"}]}""", false, false, false },
        { "allOf narrowed", """{"allOf":[{"type":"string"},{"maxLength":5}]}""", """{"allOf":[{"type":"string"}]}""", true, false, false },
        { "nested property type changed", """{"type":"object","properties":{"a":{"type":"object","properties":{"x":{"type":"string"}}}}}""",
          """{"type":"object","properties":{"a":{"type":"object","properties":{"x":{"type":"boolean"}}}}}""", false, false, false },
        { "array items type changed", """{"type":"array","items":{"type":"string"}}""", """{"type":"array","items":{"type":"integer"}}""", false, false, false },
        { "maxItems removed", """{"type":"array","maxItems":3}""", """{"type":"array"}""", true, false, false },
        { "uniqueItems added", """{"type":"array"}""", """{"type":"array","uniqueItems":true}""", false, true, false },
        { "tuple item added to a closed tuple", """{"type":"array","items":[{"type":"string"}],"additionalItems":false}""",
          """{"type":"array","items":[{"type":"string"},{"type":"integer"}],"additionalItems":false}""", true, false, false },
        { "any schema replaced by true", """{"type":"string"}""", "true", true, false, false },
        { "2020-12 tuple item added to a closed tuple", """{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"array","prefixItems":[{"type":"string"}],"items":false}""",
          """{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"array","prefixItems":[{"type":"string"},{"type":"integer"}],"items":false}""", true, false, false },
        { "2020-12 property added to an object closed by unevaluatedProperties",
          """{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","properties":{"a":{"type":"string"}},"unevaluatedProperties":false}""",
          """{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","properties":{"a":{"type":"string"},"b":{"type":"string"}},"unevaluatedProperties":false}""", true, false, false },
        { "2020-12 dependentRequired extended", """{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","dependentRequired":{"a":["b"]}}""",
          """{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","dependentRequired":{"a":["b","c"]}}""", false, true, false },
        { "2020-12 minContains decreased", """{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"array","contains":{"type":"string"},"minContains":2}""",
          """{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"array","contains":{"type":"string"},"minContains":1}""", true, false, false },
        { "connect bytes spellings are interchangeable", """{"type":"string","connect.type":"bytes"}""",
          """{"type":"number","connect.type":"bytes"}""", true, true, true },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void Each_change_is_judged_per_level_as_Confluent_judges_it(
        string change, string oldText, string newText, bool backward, bool forward, bool full)
    {
        var older = Parse(oldText);
        var newer = Parse(newText);

        var backwardErrors = newer.IsBackwardCompatible(older);
        var forwardErrors = older.IsBackwardCompatible(newer);

        Assert.True(backward == (backwardErrors.Count == 0), change + " BACKWARD: " + string.Join(" | ", backwardErrors));
        Assert.True(forward == (forwardErrors.Count == 0), change + " FORWARD: " + string.Join(" | ", forwardErrors));
        Assert.Equal(full, backwardErrors.Count == 0 && forwardErrors.Count == 0);
    }

    [Fact]
    public void Lenient_policy_accepts_an_optional_property_added_to_an_open_object()
    {
        var older = Parse(OpenA);
        var newer = Parse(OpenAb);

        Assert.NotEmpty(newer.IsBackwardCompatible(older, CompatibilityPolicy.Strict));
        Assert.Empty(newer.IsBackwardCompatible(older, CompatibilityPolicy.Lenient));
    }

    [Fact]
    public void Type_change_message_is_Confluents_verbose_form_with_reader_and_writer_placeholders()
    {
        var older = Parse("""{"type":"object","properties":{"a":{"type":"string"}}}""");
        var newer = Parse("""{"type":"object","properties":{"a":{"type":"integer"}}}""");

        var message = Assert.Single(newer.IsBackwardCompatible(older));

        Assert.Equal(
            "{errorType:\"TYPE_CHANGED\", description:\"A type at path '#/properties/a' is different between the %s schema and the %s schema'}",
            message);
    }

    [Fact]
    public void Open_content_model_message_names_the_added_property_path()
    {
        var message = Assert.Single(Parse(OpenAb).IsBackwardCompatible(Parse(OpenA)));

        Assert.Equal(
            "{errorType:\"OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL\", description:\"The %s schema has an open content model "
            + "and has a property or item at path '#/properties/b' which is missing in the %s schema'}",
            message);
    }

    [Fact]
    public void Differences_list_compatible_changes_too_with_their_paths()
    {
        var older = Parse("""{"type":"object","properties":{"a":{"type":"string","maxLength":5}},"required":["a"]}""");
        var newer = Parse("""{"type":"object","properties":{"a":{"type":"string","maxLength":9}}}""");

        var differences = newer.Differences(older);

        Assert.Contains(new SchemaDifference(DifferenceType.RequiredAttributeRemoved, "#/required/a"), differences);
        Assert.Contains(new SchemaDifference(DifferenceType.MaxLengthIncreased, "#/properties/a/maxLength"), differences);
        Assert.Equal("MAX_LENGTH_INCREASED", differences.Single(d => d.Type == DifferenceType.MaxLengthIncreased).TypeName);
    }

    [Fact]
    public void Recursive_schemas_compare_without_looping_and_find_a_change_inside_the_cycle()
    {
        const string tree = """
            {"type":"object","properties":{"value":{"type":"string"},"children":{"type":"array","items":{"$ref":"#"}}}}
            """;
        const string changed = """
            {"type":"object","properties":{"value":{"type":"integer"},"children":{"type":"array","items":{"$ref":"#"}}}}
            """;

        Assert.Empty(Parse(tree).IsBackwardCompatible(Parse(tree)));
        Assert.Contains(Parse(changed).IsBackwardCompatible(Parse(tree)), m => m.Contains("#/properties/value", StringComparison.Ordinal));
    }

    [Fact]
    public void Deeply_nested_unions_compare_in_bounded_time_thanks_to_remembered_pairs()
    {
        // 30 levels of a two-branch anyOf whose branches share one definition: 2^30 paths without memoization.
        var definitions = string.Join(",", Enumerable.Range(0, 30).Select(i =>
            "\"d" + i + "\":{\"anyOf\":[{\"$ref\":\"#/definitions/d" + (i + 1) + "\"},{\"type\":\"array\",\"items\":{\"$ref\":\"#/definitions/d" + (i + 1) + "\"}}]}"));
        var text = "{\"definitions\":{" + definitions + ",\"d30\":{\"type\":\"string\"}},\"$ref\":\"#/definitions/d0\"}";

        Assert.Empty(Parse(text).IsBackwardCompatible(Parse(text)));
        Assert.NotEmpty(Parse(text.Replace("\"d30\":{\"type\":\"string\"}", "\"d30\":{\"type\":\"integer\"}", StringComparison.Ordinal))
            .IsBackwardCompatible(Parse(text)));
    }

    [Fact]
    public void Referenced_schemas_are_compared_through_their_references()
    {
        var references = new Dictionary<string, string> { ["address.json"] = """{"type":"object","properties":{"city":{"type":"string"}}}""" };
        var changedReferences = new Dictionary<string, string> { ["address.json"] = """{"type":"object","properties":{"city":{"type":"integer"}}}""" };
        const string text = """{"type":"object","properties":{"home":{"$ref":"address.json"}}}""";

        Assert.True(JsonSchema.TryParse(text, references, out var older, out _));
        Assert.True(JsonSchema.TryParse(text, changedReferences, out var newer, out _));

        Assert.Contains(newer!.IsBackwardCompatible(older!), m => m.Contains("#/properties/home/properties/city", StringComparison.Ordinal));
    }

    private static JsonSchema Parse(string text)
    {
        Assert.True(JsonSchema.TryParse(text, null, out var schema, out var error), error);
        return schema;
    }
}
