namespace Wharf.Avro.Tests;

/// <summary>
/// Avro-Java's <c>Schema.toString()</c> (Confluent's stored text). Expectations derived by hand from Avro-Java
/// 1.11's <c>Schema.toJson</c> rules (python3-avro orders keys differently, so it cannot be the oracle here).
/// </summary>
public sealed class CanonicalStringTests
{
    [Theory]
    [InlineData("\"string\"", "\"string\"")]
    [InlineData("{\"type\":\"string\"}", "\"string\"")]
    [InlineData(" { \"type\" : \"long\" } ", "\"long\"")]
    [InlineData("{\"type\":\"int\",\"logicalType\":\"date\"}", "{\"type\":\"int\",\"logicalType\":\"date\"}")]
    [InlineData("{\"logicalType\":\"timestamp-millis\",\"type\":\"long\"}", "{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}")]
    [InlineData("{\"type\":\"string\",\"name\":\"ignored\",\"doc\":\"ignored\",\"avro.java.string\":\"String\"}", "{\"type\":\"string\",\"avro.java.string\":\"String\"}")]
    [InlineData("{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":4,\"scale\":2}", "{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":4,\"scale\":2}")]
    [InlineData("{\"items\":\"int\",\"type\":\"array\",\"x\":1}", "{\"type\":\"array\",\"items\":\"int\",\"x\":1}")]
    [InlineData("{\"values\":{\"type\":\"array\",\"items\":\"null\"},\"type\":\"map\"}", "{\"type\":\"map\",\"values\":{\"type\":\"array\",\"items\":\"null\"}}")]
    [InlineData("[\"null\",{\"type\":\"string\"},\"long\"]", "[\"null\",\"string\",\"long\"]")]
    [InlineData("[]", "[]")]
    public void Unnamed_types_are_written_minified_with_avro_java_key_order(string input, string expected)
    {
        Assert.Equal(expected, AvroSchema.Parse(input).ToCanonicalString());
    }

    [Fact]
    public void Record_keys_follow_type_name_namespace_doc_fields_props_aliases()
    {
        var schema = AvroSchema.Parse("""
            {"fields":[{"type":"string","order":"descending","aliases":["g"],"custom":1,"name":"f","default":"x","doc":"fd"}],
             "prop":"v","aliases":["Old","other.Older"],"doc":"rd","name":"R","namespace":"com.x","type":"record"}
            """);
        Assert.Equal("""{"type":"record","name":"R","namespace":"com.x","doc":"rd","fields":[{"name":"f","type":"string","doc":"fd","default":"x","order":"descending","aliases":["g"],"custom":1}],"prop":"v","aliases":["Old","other.Older"]}""",
            schema.ToCanonicalString());
    }

    [Fact]
    public void Enum_keys_follow_type_name_namespace_doc_symbols_default_props_aliases()
    {
        var schema = AvroSchema.Parse("""{"aliases":["E0"],"p":true,"default":"A","symbols":["A","B"],"doc":"d","namespace":"n","name":"E","type":"enum"}""");
        Assert.Equal("""{"type":"enum","name":"E","namespace":"n","doc":"d","symbols":["A","B"],"default":"A","p":true,"aliases":["E0"]}""", schema.ToCanonicalString());
    }

    [Fact]
    public void Fixed_keys_follow_type_name_namespace_doc_size_props_aliases()
    {
        var schema = AvroSchema.Parse("""{"aliases":["x.G"],"logicalType":"decimal","precision":5,"size":8,"doc":"d","name":"n.F","type":"fixed"}""");
        Assert.Equal("""{"type":"fixed","name":"F","namespace":"n","doc":"d","size":8,"logicalType":"decimal","precision":5,"aliases":["x.G"]}""", schema.ToCanonicalString());
    }

    [Fact]
    public void Field_order_ascending_and_empty_aliases_are_not_written()
    {
        var schema = AvroSchema.Parse("""{"type":"record","name":"R","fields":[{"name":"a","type":"int","order":"ascending","aliases":[]},{"name":"b","type":"int","order":"IGNORE"}]}""");
        Assert.Equal("""{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"b","type":"int","order":"ignore"}]}""", schema.ToCanonicalString());
    }

    [Fact]
    public void A_nested_type_in_the_enclosing_namespace_does_not_repeat_it()
    {
        var schema = AvroSchema.Parse("""
            {"type":"record","name":"Outer","namespace":"a.b","fields":[
              {"name":"inner","type":{"type":"record","name":"Inner","fields":[{"name":"x","type":"int"}]}},
              {"name":"same","type":{"type":"record","name":"a.b.Same","fields":[]}},
              {"name":"explicit","type":{"type":"enum","name":"E","namespace":"a.b","symbols":["S"]}}]}
            """);
        Assert.Equal("""{"type":"record","name":"Outer","namespace":"a.b","fields":[{"name":"inner","type":{"type":"record","name":"Inner","fields":[{"name":"x","type":"int"}]}},{"name":"same","type":{"type":"record","name":"Same","fields":[]}},{"name":"explicit","type":{"type":"enum","name":"E","symbols":["S"]}}]}""",
            schema.ToCanonicalString());
    }

    [Fact]
    public void Another_namespace_is_written_and_the_null_namespace_inside_another_is_an_empty_string()
    {
        var schema = AvroSchema.Parse("""
            {"type":"record","name":"Outer","namespace":"a","fields":[
              {"name":"other","type":{"type":"record","name":"Other","namespace":"b","fields":[
                 {"name":"deeper","type":{"type":"fixed","name":"Deep","size":1}}]}},
              {"name":"none","type":{"type":"record","name":"None","namespace":"","fields":[]}},
              {"name":"dotted","type":{"type":"enum","name":"c.d.Dotted","namespace":"ignored","symbols":["S"]}}]}
            """);
        Assert.Equal("""{"type":"record","name":"Outer","namespace":"a","fields":[{"name":"other","type":{"type":"record","name":"Other","namespace":"b","fields":[{"name":"deeper","type":{"type":"fixed","name":"Deep","size":1}}]}},{"name":"none","type":{"type":"record","name":"None","namespace":"","fields":[]}},{"name":"dotted","type":{"type":"enum","name":"Dotted","namespace":"c.d","symbols":["S"]}}]}""",
            schema.ToCanonicalString());
        Assert.Equal("b.Deep", ((AvroRecordSchema)((AvroRecordSchema)schema).Fields[0].Schema).Fields[0].Schema.FullName);
    }

    [Fact]
    public void A_type_used_again_is_written_as_its_name_shortened_in_its_own_namespace()
    {
        var schema = AvroSchema.Parse("""
            {"type":"record","name":"Node","namespace":"t","fields":[
              {"name":"next","type":["null","Node"]},
              {"name":"kind","type":{"type":"enum","name":"Kind","namespace":"k","symbols":["A"]}},
              {"name":"kind2","type":"k.Kind"},
              {"name":"nested","type":{"type":"record","name":"Nested","namespace":"k","fields":[
                 {"name":"kind","type":"Kind"},{"name":"node","type":"t.Node"}]}}]}
            """);
        Assert.Equal("""{"type":"record","name":"Node","namespace":"t","fields":[{"name":"next","type":["null","Node"]},{"name":"kind","type":{"type":"enum","name":"Kind","namespace":"k","symbols":["A"]}},{"name":"kind2","type":"k.Kind"},{"name":"nested","type":{"type":"record","name":"Nested","namespace":"k","fields":[{"name":"kind","type":"Kind"},{"name":"node","type":"t.Node"}]}}]}""",
            schema.ToCanonicalString());
    }

    [Fact]
    public void A_reference_whose_simple_name_is_a_type_name_keeps_its_namespace()
    {
        var schema = AvroSchema.Parse("""{"type":"record","name":"record","namespace":"x","fields":[{"name":"self","type":["null","record"]}]}""");
        Assert.Equal("""{"type":"record","name":"record","namespace":"x","fields":[{"name":"self","type":["null","x.record"]}]}""", schema.ToCanonicalString());
    }

    [Fact]
    public void An_object_whose_type_is_a_defined_name_is_that_type()
    {
        var schema = AvroSchema.Parse("""{"type":"record","name":"R","fields":[{"name":"a","type":{"type":"fixed","name":"F","size":2}},{"name":"b","type":{"type":"F","ignored":1}}]}""");
        Assert.Same(((AvroRecordSchema)schema).Fields[0].Schema, ((AvroRecordSchema)schema).Fields[1].Schema);
        Assert.Equal("""{"type":"record","name":"R","fields":[{"name":"a","type":{"type":"fixed","name":"F","size":2}},{"name":"b","type":"F"}]}""", schema.ToCanonicalString());
    }

    [Fact]
    public void Error_records_keep_their_type()
    {
        Assert.Equal("""{"type":"error","name":"Oops","fields":[]}""", AvroSchema.Parse("""{"type":"error","name":"Oops","fields":[]}""").ToCanonicalString());
    }

    [Theory]
    [InlineData("\"double\"", "1", "1")]
    [InlineData("\"double\"", "1.0", "1.0")]
    [InlineData("\"double\"", "1.50", "1.5")]
    [InlineData("\"double\"", "1e3", "1000.0")]
    [InlineData("\"double\"", "1.5E-7", "1.5E-7")]
    [InlineData("\"double\"", "12345678.9", "1.23456789E7")]
    [InlineData("\"double\"", "0.001", "0.001")]
    [InlineData("\"double\"", "0.0001", "1.0E-4")]
    [InlineData("\"double\"", "-0.0", "-0.0")]
    [InlineData("\"double\"", "\"NaN\"", "\"NaN\"")]
    [InlineData("\"float\"", "\"-Infinity\"", "\"-Infinity\"")]
    [InlineData("\"float\"", "\"2.5\"", "2.5")]
    [InlineData("\"long\"", "12345678901", "12345678901")]
    [InlineData("\"long\"", "-0", "0")]
    [InlineData("\"string\"", "\"tab\\there \\u00e9 \\\"q\\\" \\/ \\u0001\"", "\"tab\\there é \\\"q\\\" / \\u0001\"")]
    [InlineData("{\"type\":\"map\",\"values\":\"int\"}", "{\"b\":1,\"a\":2,\"b\":3}", "{\"b\":3,\"a\":2}")]
    [InlineData("[\"null\",\"string\"]", "null", "null")]
    public void Defaults_are_written_as_jackson_writes_the_parsed_value(string type, string defaultJson, string expected)
    {
        var schema = AvroSchema.Parse($$"""{"type":"record","name":"R","fields":[{"name":"f","type":{{type}},"default":{{defaultJson}}}]}""");
        var text = schema.ToCanonicalString();
        Assert.EndsWith($",\"default\":{expected}}}]}}", text);
    }

    [Fact]
    public void Properties_keep_document_order_and_values_as_written()
    {
        var schema = AvroSchema.Parse("""{"type":"record","name":"R","z":{"b":[1,2.0,"x",null,true],"a":{}},"a":-5,"fields":[],"m":1e2}""");
        Assert.Equal("""{"type":"record","name":"R","fields":[],"z":{"b":[1,2.0,"x",null,true],"a":{}},"a":-5,"m":100.0}""", schema.ToCanonicalString());
    }

    [Fact]
    public void Non_ascii_text_is_kept_and_control_characters_are_escaped()
    {
        var schema = AvroSchema.Parse("{\"type\":\"enum\",\"name\":\"E\",\"doc\":\"Größe ✓ \\n \\u001f\",\"symbols\":[\"A\"]}");
        Assert.Equal("{\"type\":\"enum\",\"name\":\"E\",\"doc\":\"Größe ✓ \\n \\u001F\",\"symbols\":[\"A\"]}", schema.ToCanonicalString());
    }

    [Fact]
    public void Referenced_types_are_written_as_names_not_definitions()
    {
        var address = AvroSchema.Parse("""{"type":"record","name":"Address","namespace":"com.acme","fields":[{"name":"street","type":"string"}]}""");
        var schema = AvroSchema.Parse("""{"type":"record","name":"Person","namespace":"com.acme","fields":[{"name":"home","type":"Address"},{"name":"work","type":["null","com.acme.Address"]}]}""",
            AvroParseOptions.Strict, [address]);
        Assert.Equal("""{"type":"record","name":"Person","namespace":"com.acme","fields":[{"name":"home","type":"Address"},{"name":"work","type":["null","Address"]}]}""", schema.ToCanonicalString());
        Assert.Same(address, ((AvroRecordSchema)schema).Fields[0].Schema);
        Assert.Equal("""{"name":"com.acme.Person","type":"record","fields":[{"name":"home","type":"com.acme.Address","order":"ASCENDING"},{"name":"work","type":["null","com.acme.Address"],"order":"ASCENDING"}]}""",
            schema.ToNormalizedString());
        Assert.Contains("\"street\"", schema.ToParsingCanonicalForm(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_canonical_text_parses_back_to_the_same_text()
    {
        var text = """{"type":"record","name":"R","namespace":"n","fields":[{"name":"a","type":{"type":"record","name":"S","namespace":"","fields":[{"name":"r","type":["null","n.R"]}]}},{"name":"b","type":"S"}]}""";
        var once = AvroSchema.Parse(text).ToCanonicalString();
        Assert.Equal(text, once);
        Assert.Equal(once, AvroSchema.Parse(once).ToCanonicalString());
    }
}
