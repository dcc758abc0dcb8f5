namespace Wharf.Avro.Tests;

/// <summary>
/// Confluent's <c>normalize=true</c> text (<c>AvroSchemaUtils.toNormalizedString</c>) and the schema stored for it
/// (<c>normalize().canonicalString()</c>). The first two cases are Confluent's own (AvroSchemaTest.testNormalization
/// and testNormalizationPreservesMetadataForPrimitiveTypes); the rest are derived from the code by hand.
/// </summary>
public sealed class NormalizedStringTests
{
    [Fact]
    public void Confluent_test_normalization_keeps_docs_and_reorders_field_keys()
    {
        var schema = AvroSchema.Parse("""{"type":"record","name":"myrecord","doc":"hi\"there","fields":[{"type":"string","name":"f1","doc":"bye\"now"}]}""");
        const string Expected = """{"type":"record","name":"myrecord","doc":"hi\"there","fields":[{"name":"f1","type":"string","doc":"bye\"now"}]}""";
        Assert.Equal(Expected, schema.ToCanonicalString());
        Assert.Equal(Expected, schema.Normalize().ToCanonicalString());
    }

    [Fact]
    public void Confluent_test_normalization_preserves_metadata_for_primitive_types()
    {
        var schema = AvroSchema.Parse("""
            {"connect.name": "some.scope.Envelope",
             "fields": [
               {"default": null, "name": "before", "type": ["null",
                 {"connect.name": "some.scope.Value", "fields": [
                   {"name": "created_at", "type": {"connect.name": "io.debezium.time.Timestamp", "connect.version": 1, "type": "long"}},
                   {"name":"normal_long","type":"long"}],
                  "name": "Value", "type": "record"}]},
               {"default": null, "name": "after", "type": ["null", "Value"]}],
             "name": "Envelope", "namespace": "some.scope", "type": "record"}
            """);
        const string Expected = """{"type":"record","name":"Envelope","namespace":"some.scope","fields":[{"name":"before","type":["null",{"type":"record","name":"Value","fields":[{"name":"created_at","type":{"type":"long","connect.name":"io.debezium.time.Timestamp","connect.version":1}},{"name":"normal_long","type":"long"}],"connect.name":"some.scope.Value"}],"default":null},{"name":"after","type":["null","Value"],"default":null}],"connect.name":"some.scope.Envelope"}""";
        Assert.Equal(Expected, schema.ToCanonicalString());
        Assert.Equal(Expected, schema.Normalize().ToCanonicalString());
    }

    [Fact]
    public void Normalized_text_uses_full_names_sorted_properties_and_java_order_constants()
    {
        var schema = AvroSchema.Parse("""
            {"type":"record","name":"R","namespace":"n","zeta":1,"alpha":"a","aliases":["Z","A"],"doc":"",
             "fields":[{"name":"f","type":"int","order":"descending","doc":"","aliases":["y","x"],"default":1,"b":2,"a":1},
                       {"name":"g","type":{"type":"enum","name":"E","symbols":["A","B"],"default":"B","doc":"ed"}}]}
            """);
        Assert.Equal("""{"name":"n.R","type":"record","fields":[{"name":"f","type":"int","order":"DESCENDING","doc":"","aliases":["x","y"],"default":1,"a":1,"b":2},{"name":"g","type":{"name":"n.E","type":"enum","symbols":["A","B"],"doc":"ed","default":"B"},"order":"ASCENDING"}],"aliases":["n.A","n.Z"],"alpha":"a","zeta":1}""",
            schema.ToNormalizedString());
        Assert.Equal("""{"type":"record","name":"R","namespace":"n","fields":[{"name":"f","type":"int","doc":"","default":1,"order":"descending","aliases":["x","y"],"a":1,"b":2},{"name":"g","type":{"type":"enum","name":"E","doc":"ed","symbols":["A","B"],"default":"B"}}],"alpha":"a","zeta":1,"aliases":["A","Z"]}""",
            schema.Normalize().ToCanonicalString());
    }

    [Fact]
    public void A_recognised_logical_type_is_written_first_and_again_among_the_sorted_properties()
    {
        var schema = AvroSchema.Parse("""{"type":"bytes","scale":2,"x":true,"precision":4,"logicalType":"decimal"}""");
        Assert.Equal("""{"type":"bytes","logicalType":"decimal","precision":4,"scale":2,"logicalType":"decimal","precision":4,"scale":2,"x":true}""",
            schema.ToNormalizedString());
        // Parsed again, a repeated key keeps its first position: the logical type moves to the front.
        Assert.Equal("""{"type":"bytes","logicalType":"decimal","precision":4,"scale":2,"x":true}""", schema.Normalize().ToCanonicalString());
    }

    [Fact]
    public void An_unrecognised_logical_type_is_only_a_sorted_property()
    {
        var schema = AvroSchema.Parse("""{"type":"long","logicalType":"timestamp-nanos","a":1}""");
        Assert.Equal("""{"type":"long","a":1,"logicalType":"timestamp-nanos"}""", schema.ToNormalizedString());
        var date = AvroSchema.Parse("""{"type":"int","logicalType":"date"}""");
        Assert.Equal("""{"type":"int","logicalType":"date","logicalType":"date"}""", date.ToNormalizedString());
        Assert.Equal("""{"type":"int","logicalType":"date"}""", date.Normalize().ToCanonicalString());
    }

    [Theory]
    [InlineData("\"double\"", "1", "1.0")]
    [InlineData("\"float\"", "0.1", "0.1")]
    [InlineData("\"long\"", "7", "7")]
    [InlineData("[\"null\",\"int\"]", "null", "null")]
    [InlineData("[\"string\",\"null\"]", "\"s\"", "\"s\"")]
    [InlineData("{\"type\":\"map\",\"values\":\"double\"}", "{\"b\":1,\"a\":2.5}", "{\"a\":2.5,\"b\":1.0}")]
    [InlineData("{\"type\":\"array\",\"items\":\"float\"}", "[1,2]", "[1.0,2.0]")]
    [InlineData("\"bytes\"", "\"\\u00ff\\u0100\"", "\"ÿ?\"")]
    public void Defaults_are_converted_to_the_field_type_and_objects_sorted(string type, string defaultJson, string expected)
    {
        var schema = AvroSchema.Parse($$"""{"type":"record","name":"R","fields":[{"name":"f","type":{{type}},"default":{{defaultJson}}}]}""", AvroParseOptions.Lenient);
        Assert.Contains($",\"order\":\"ASCENDING\",\"default\":{expected}}}", schema.ToNormalizedString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_default_that_does_not_convert_is_dropped()
    {
        // A default that is not of the union's first branch (loaded leniently) converts to nothing.
        var schema = AvroSchema.Parse("""{"type":"record","name":"R","fields":[{"name":"f","type":["null","string"],"default":"x"}]}""", AvroParseOptions.Lenient);
        Assert.Equal("""{"name":"R","type":"record","fields":[{"name":"f","type":["null","string"],"order":"ASCENDING"}]}""", schema.ToNormalizedString());
    }

    [Fact]
    public void Normalizing_twice_changes_nothing_more()
    {
        var schema = AvroSchema.Parse("""{"type":"record","name":"R","namespace":"n","b":1,"a":2,"fields":[{"name":"f","type":{"type":"fixed","name":"F","size":4,"logicalType":"decimal","precision":2}}]}""");
        var once = schema.Normalize();
        Assert.Equal(once.ToCanonicalString(), once.Normalize().ToCanonicalString());
        Assert.Equal("""{"type":"record","name":"R","namespace":"n","fields":[{"name":"f","type":{"type":"fixed","name":"F","size":4,"logicalType":"decimal","precision":2}}],"a":2,"b":1}""", once.ToCanonicalString());
    }
}
