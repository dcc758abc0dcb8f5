namespace Wharf.Avro.Tests;

/// <summary>Schemas that are refused, with which options, and the ones that load anyway.</summary>
public sealed class ParseErrorTests
{
    private static string Record(string fields, string extra = "") => $$"""{"type":"record","name":"R"{{extra}},"fields":[{{fields}}]}""";

    private static void AssertRejected(string schema, string expectedFragment, AvroParseOptions? options = null)
    {
        var error = Assert.Throws<AvroSchemaParseException>(() => AvroSchema.Parse(schema, options ?? AvroParseOptions.Strict));
        Assert.Contains(expectedFragment, error.Message, StringComparison.Ordinal);
        Assert.False(AvroSchema.TryParse(schema, options ?? AvroParseOptions.Strict, null, out _, out var message));
        Assert.Equal(error.Message, message);
    }

    [Theory]
    [InlineData("{\"type\":\"record\",\"name\":\"1abc\",\"fields\":[]}", "Illegal initial character: 1abc")]
    [InlineData("{\"type\":\"record\",\"name\":\"a-b\",\"fields\":[]}", "Illegal character in: a-b")]
    [InlineData("{\"type\":\"record\",\"name\":\"\",\"fields\":[]}", "Empty name")]
    [InlineData("{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"ok\",\"not ok\"]}", "Illegal character in: not ok")]
    [InlineData("{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\",1]}", "Null name")]
    [InlineData("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"x.y\",\"type\":\"int\"}]}", "Illegal character in: x.y")]
    [InlineData("{\"type\":\"fixed\",\"name\":\"F\",\"size\":1,\"aliases\":[\"bad alias\"]}", "Illegal character in: bad alias")]
    [InlineData("{\"type\":\"record\",\"name\":\"Größe\",\"fields\":[]}", "Illegal character in: Größe")]
    [InlineData("{\"type\":\"record\",\"name\":\"Ärger\",\"fields\":[]}", "Illegal initial character: Ärger")]
    public void Invalid_names_are_refused(string schema, string message) => AssertRejected(schema, message);

    [Theory]
    [InlineData("{\"type\":\"record\",\"name\":\"R\",\"namespace\":\"foo-bar-baz\",\"fields\":[]}")]
    [InlineData("{\"type\":\"record\",\"name\":\"R\",\"namespace\":\"a..b\",\"fields\":[]}")]
    [InlineData("{\"type\":\"record\",\"name\":\"1a.R\",\"fields\":[]}")]
    [InlineData("{\"type\":\"enum\",\"name\":\"E\",\"namespace\":\"ok.9bad\",\"symbols\":[]}")]
    public void Invalid_namespaces_are_refused_in_strict_mode_only(string schema)
    {
        AssertRejected(schema, "Invalid namespace");
        Assert.NotNull(AvroSchema.Parse(schema, AvroParseOptions.Confluent));
        Assert.NotNull(AvroSchema.Parse(schema, AvroParseOptions.Lenient));
    }

    [Fact]
    public void Avro_java_accepts_unicode_letters_in_names()
    {
        var schema = AvroSchema.Parse("""{"type":"record","name":"Größe","fields":[{"name":"ñ","type":"int"}]}""", AvroParseOptions.Confluent);
        Assert.Equal("Größe", schema.FullName);
    }

    [Fact]
    public void Lenient_mode_loads_invalid_names()
    {
        var schema = AvroSchema.Parse("""{"type":"record","name":"bad-name","fields":[{"name":"also bad","type":"int"}]}""", AvroParseOptions.Lenient);
        Assert.Equal("bad-name", schema.FullName);
    }

    [Theory]
    [InlineData("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":{\"type\":\"fixed\",\"name\":\"R\",\"size\":1}}]}", "Can't redefine: R")]
    [InlineData("[{\"type\":\"enum\",\"name\":\"n.E\",\"symbols\":[]},{\"type\":\"fixed\",\"name\":\"E\",\"namespace\":\"n\",\"size\":1}]", "Can't redefine: n.E")]
    [InlineData("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"a\",\"type\":\"long\"}]}", "Duplicate field a in record R")]
    [InlineData("{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\",\"A\"]}", "Duplicate enum symbol: A")]
    [InlineData("{\"type\":\"record\",\"name\":\"int\",\"fields\":[]}", "Schemas may not be named after primitives: int")]
    public void Duplicate_definitions_are_refused(string schema, string message)
    {
        AssertRejected(schema, message);
        AssertRejected(schema, message, AvroParseOptions.Lenient);
    }

    [Theory]
    [InlineData("\"Missing\"", "Undefined name: \"Missing\"")]
    [InlineData("{\"type\":\"array\",\"items\":\"Nope\"}", "Undefined name: \"Nope\"")]
    [InlineData("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"Later\"},{\"name\":\"b\",\"type\":{\"type\":\"record\",\"name\":\"Later\",\"fields\":[]}}]}", "\"Later\" is not a defined name. The type of the \"a\" field must be a defined name or a {\"type\": ...} expression.")]
    [InlineData("{\"type\":\"Unknown\"}", "Type not supported: Unknown")]
    [InlineData("{\"type\":\"record\",\"name\":\"R\",\"namespace\":\"a\",\"fields\":[{\"name\":\"x\",\"type\":{\"type\":\"fixed\",\"name\":\"F\",\"namespace\":\"b\",\"size\":1}},{\"name\":\"y\",\"type\":\"F\"}]}", "\"F\" is not a defined name")]
    public void Undefined_references_are_refused(string schema, string message) => AssertRejected(schema, message);

    [Fact]
    public void A_reference_not_found_in_the_namespace_falls_back_to_the_null_namespace()
    {
        // Avro-Java's Names.get: "F" inside namespace "a" resolves to "a.F", else to "F".
        var schema = (AvroRecordSchema)AvroSchema.Parse("""{"type":"record","name":"R","namespace":"a","fields":[{"name":"x","type":{"type":"fixed","name":"F","namespace":"","size":1}},{"name":"y","type":"F"}]}""");
        Assert.Same(schema.Fields[0].Schema, schema.Fields[1].Schema);
    }

    [Theory]
    [InlineData("\"int\"", "\"1\"")]
    [InlineData("\"int\"", "2147483648")]
    [InlineData("\"int\"", "1.5")]
    [InlineData("\"long\"", "9223372036854775808")]
    [InlineData("\"long\"", "null")]
    [InlineData("\"float\"", "true")]
    [InlineData("\"boolean\"", "0")]
    [InlineData("\"string\"", "null")]
    [InlineData("\"bytes\"", "[1]")]
    [InlineData("\"null\"", "0")]
    [InlineData("{\"type\":\"array\",\"items\":\"int\"}", "[1,\"2\"]")]
    [InlineData("{\"type\":\"map\",\"values\":\"int\"}", "{\"a\":null}")]
    [InlineData("{\"type\":\"record\",\"name\":\"S\",\"fields\":[{\"name\":\"x\",\"type\":\"int\"}]}", "{}")]
    [InlineData("[\"null\",\"string\"]", "\"x\"")]
    [InlineData("[\"string\",\"null\"]", "null")]
    [InlineData("[]", "null")]
    public void Defaults_that_do_not_fit_their_type_are_refused(string type, string defaultJson)
    {
        var schema = Record($$"""{"name":"f","type":{{type}},"default":{{defaultJson}}}""");
        AssertRejected(schema, "Invalid default for field f");
        Assert.NotNull(AvroSchema.Parse(schema, AvroParseOptions.Lenient));
        Assert.NotNull(AvroSchema.Parse(schema, AvroParseOptions.Confluent));
    }

    [Theory]
    [InlineData("{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\"]}", "\"B\"")]
    [InlineData("{\"type\":\"fixed\",\"name\":\"F\",\"size\":2}", "\"abc\"")]
    [InlineData("\"bytes\"", "\"\\u0100\"")]
    public void The_spec_checks_defaults_more_than_avro_java_does(string type, string defaultJson)
    {
        var schema = Record($$"""{"name":"f","type":{{type}},"default":{{defaultJson}}}""");
        AssertRejected(schema, "Invalid default for field f");
        Assert.NotNull(AvroSchema.Parse(schema, AvroParseOptions.Strict with { DefaultValidation = AvroDefaultValidation.AvroJava }));
    }

    [Fact]
    public void The_string_default_null_that_confluent_accepted_for_years_loads_leniently()
    {
        var schema = Record("""{"name":"f","type":"string","default":null}""");
        AssertRejected(schema, "Invalid default for field f: null not a \"string\"");
        var loaded = (AvroRecordSchema)AvroSchema.Parse(schema, AvroParseOptions.Lenient);
        Assert.True(loaded.Fields[0].Default!.IsNull);
        Assert.Equal("""{"type":"record","name":"R","fields":[{"name":"f","type":"string","default":null}]}""", loaded.ToCanonicalString());
    }

    [Theory]
    [InlineData("[\"null\",\"int\"]", "null")]
    [InlineData("[\"int\",\"null\"]", "1")]
    [InlineData("{\"type\":\"record\",\"name\":\"S\",\"fields\":[{\"name\":\"x\",\"type\":\"int\",\"default\":3}]}", "{}")]
    [InlineData("{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\"]}", "\"A\"")]
    [InlineData("\"double\"", "\"NaN\"")]
    [InlineData("\"double\"", "1")]
    [InlineData("\"float\"", "-1e40")]
    [InlineData("\"long\"", "-9223372036854775808")]
    [InlineData("\"bytes\"", "\"\\u00ff\"")]
    public void Defaults_that_fit_are_accepted(string type, string defaultJson)
    {
        Assert.NotNull(AvroSchema.Parse(Record($$"""{"name":"f","type":{{type}},"default":{{defaultJson}}}""")));
    }

    [Fact]
    public void A_union_default_matching_a_later_branch_needs_the_any_branch_rule()
    {
        var schema = Record("""{"name":"f","type":["null","string"],"default":"x"}""");
        AssertRejected(schema, "Invalid default");
        var anyBranch = AvroParseOptions.Strict with { UnionDefaultRule = AvroUnionDefaultRule.AnyBranch };
        Assert.NotNull(AvroSchema.Parse(schema, anyBranch));
        AssertRejected(Record("""{"name":"f","type":["null","string"],"default":1}"""), "Invalid default", anyBranch);
    }

    [Theory]
    [InlineData("[\"int\",\"int\"]", "Duplicate in union:int")]
    [InlineData("[{\"type\":\"array\",\"items\":\"int\"},{\"type\":\"array\",\"items\":\"long\"}]", "Duplicate in union:array")]
    [InlineData("[{\"type\":\"map\",\"values\":\"int\"},{\"type\":\"map\",\"values\":\"int\"}]", "Duplicate in union:map")]
    [InlineData("[\"null\",[\"int\",\"string\"]]", "Nested union")]
    [InlineData("[{\"type\":\"int\",\"logicalType\":\"date\"},\"int\"]", "Duplicate in union:int")]
    public void Malformed_unions_are_refused(string schema, string message)
    {
        AssertRejected(schema, message);
        AssertRejected(schema, message, AvroParseOptions.Lenient);
    }

    [Fact]
    public void A_union_may_hold_several_named_types()
    {
        var union = (AvroUnionSchema)AvroSchema.Parse("""[{"type":"record","name":"A","fields":[]},{"type":"record","name":"B","fields":[]},{"type":"fixed","name":"n.A","size":1}]""");
        Assert.Equal(2, union.IndexOf("n.A"));
    }

    [Theory]
    [InlineData("{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":0}", "precision 0 must be positive")]
    [InlineData("{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":2,\"scale\":3}", "scale 3 is greater than precision 2")]
    [InlineData("{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":2,\"scale\":-1}", "scale -1 must not be negative")]
    [InlineData("{\"type\":\"bytes\",\"logicalType\":\"decimal\"}", "missing precision")]
    [InlineData("{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":\"4\"}", "expected int precision")]
    [InlineData("{\"type\":\"fixed\",\"name\":\"F\",\"size\":2,\"logicalType\":\"decimal\",\"precision\":5}", "fixed(2) cannot store 5 digits (max 4)")]
    [InlineData("{\"type\":\"string\",\"logicalType\":\"decimal\",\"precision\":5}", "decimal must be backed by fixed or bytes")]
    [InlineData("{\"type\":\"long\",\"logicalType\":\"date\"}", "it annotates int, not long")]
    [InlineData("{\"type\":\"int\",\"logicalType\":\"timestamp-millis\"}", "it annotates long, not int")]
    [InlineData("{\"type\":\"bytes\",\"logicalType\":\"uuid\"}", "a string or a fixed of size 16")]
    [InlineData("{\"type\":\"fixed\",\"name\":\"D\",\"size\":8,\"logicalType\":\"duration\"}", "a fixed of size 12")]
    public void Invalid_logical_types_are_refused_in_strict_mode_and_ignored_otherwise(string schema, string message)
    {
        AssertRejected(schema, message);
        var loaded = AvroSchema.Parse(schema, AvroParseOptions.Confluent);
        Assert.Null(loaded.LogicalType is { Name: "decimal" or "date" or "timestamp-millis" or "duration" } ? loaded.LogicalType : null);
        Assert.NotNull(loaded.GetProperty("logicalType"));
    }

    [Theory]
    [InlineData("{\"type\":\"fixed\",\"name\":\"F\",\"size\":2,\"logicalType\":\"decimal\",\"precision\":4,\"scale\":1}", 4, 1)]
    [InlineData("{\"type\":\"fixed\",\"name\":\"F\",\"size\":16,\"logicalType\":\"decimal\",\"precision\":38}", 38, 0)]
    [InlineData("{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":1000,\"scale\":1000}", 1000, 1000)]
    public void Valid_decimals_are_recognised(string schema, int precision, int scale)
    {
        Assert.Equal(new AvroLogicalType("decimal", precision, scale), AvroSchema.Parse(schema).LogicalType);
    }

    [Theory]
    [InlineData("{\"type\":\"string\",\"logicalType\":\"my-own-type\"}")]
    [InlineData("{\"type\":\"long\",\"logicalType\":\"timestamp-nanos\"}")]
    [InlineData("{\"type\":\"string\",\"logicalType\":\"uuid\"}")]
    [InlineData("{\"type\":\"int\",\"logicalType\":1}")]
    public void Unknown_logical_types_are_ignored(string schema)
    {
        var parsed = AvroSchema.Parse(schema);
        Assert.Equal(parsed.GetTextProperty("logicalType") == "uuid" ? "uuid" : null, parsed.LogicalType?.Name);
    }

    [Theory]
    [InlineData("", "Invalid JSON")]
    [InlineData("{\"type\":\"int\"} x", "Invalid JSON")]
    [InlineData("{\"type\":\"int\"} {}", "Invalid JSON")]
    [InlineData("{\"type\":", "Invalid JSON")]
    [InlineData("{'type':'int'}", "Invalid JSON")]
    [InlineData("{\"type\":\"fixed\",\"name\":\"F\",\"size\":015}", "Invalid JSON")]
    [InlineData("42", "Schema not yet supported")]
    [InlineData("{\"name\":\"R\"}", "No type")]
    [InlineData("{\"type\":[\"int\"]}", "No type")]
    [InlineData("{\"type\":\"record\",\"fields\":[]}", "No name in schema")]
    [InlineData("{\"type\":\"record\",\"name\":\"R\"}", "Record has no fields")]
    [InlineData("{\"type\":\"record\",\"name\":\"R\",\"fields\":{}}", "Record has no fields")]
    [InlineData("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"type\":\"int\"}]}", "No field name")]
    [InlineData("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\"}]}", "No field type")]
    [InlineData("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\",\"order\":\"sideways\"}]}", "Invalid field order")]
    [InlineData("{\"type\":\"enum\",\"name\":\"E\"}", "Enum has no symbols")]
    [InlineData("{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\"],\"default\":\"B\"}", "The Enum Default: B is not in the enum symbol set: [A]")]
    [InlineData("{\"type\":\"array\"}", "Array has no items type")]
    [InlineData("{\"type\":\"map\"}", "Map has no values type")]
    [InlineData("{\"type\":\"fixed\",\"name\":\"F\"}", "Invalid or no size")]
    [InlineData("{\"type\":\"fixed\",\"name\":\"F\",\"size\":\"4\"}", "Invalid or no size")]
    [InlineData("{\"type\":\"fixed\",\"name\":\"F\",\"size\":-1}", "must not be negative")]
    [InlineData("{\"type\":\"fixed\",\"name\":\"F\",\"size\":1,\"aliases\":\"G\"}", "aliases not an array")]
    [InlineData("{\"type\":\"fixed\",\"name\":\"F\",\"size\":1,\"aliases\":[1]}", "alias not a string")]
    public void Malformed_schema_text_is_refused(string schema, string message)
    {
        AssertRejected(schema, message);
        AssertRejected(schema, message, AvroParseOptions.Lenient);
    }

    [Fact]
    public void A_float_default_written_as_a_string_must_be_a_number_in_every_mode()
    {
        // Avro-Java converts it with Double.valueOf, which fails whatever the validation settings.
        AssertRejected(Record("""{"name":"f","type":"float","default":"abc"}"""), "Invalid default for field f", AvroParseOptions.Lenient);
    }

    [Fact]
    public void Comments_are_allowed_as_in_avro_java()
    {
        Assert.Equal(AvroType.Int, AvroSchema.Parse("/* a comment */ {\"type\": \"int\"} // trailing").Type);
    }

    [Fact]
    public void A_schema_nested_beyond_the_depth_limit_is_refused_without_overflowing_the_stack()
    {
        var deep = string.Concat(Enumerable.Repeat("{\"type\":\"array\",\"items\":", 10_000)) + "\"int\"" + new string('}', 10_000);
        AssertRejected(deep, "Invalid JSON");
    }

    [Fact]
    public void A_default_describing_a_record_still_being_defined_is_refused()
    {
        AssertRejected("""{"type":"record","name":"R","fields":[{"name":"self","type":"R","default":{}}]}""", "still being defined");
    }

    [Fact]
    public void References_must_be_given_to_use_their_types()
    {
        AssertRejected("""{"type":"record","name":"P","fields":[{"name":"a","type":"com.acme.Address"}]}""", "is not a defined name");
        var address = AvroSchema.Parse("""{"type":"record","name":"com.acme.Address","fields":[]}""");
        var error = Assert.Throws<AvroSchemaParseException>(() => AvroSchema.Parse("""{"type":"record","name":"com.acme.Address","fields":[]}""", null, [address]));
        Assert.Contains("Can't redefine: com.acme.Address", error.Message, StringComparison.Ordinal);
    }
}
