using Wharf.Avro.Compatibility;

namespace Wharf.Avro.Tests;

/// <summary>
/// The compatibility checker: the change table of the registry research (§3.2) in BACKWARD (new reads old), FORWARD
/// (old reads new) and FULL (both), then Avro-Java 1.11.4's own SchemaCompatibility test cases, transcribed as data
/// (TestSchemaCompatibility*.java and TestSchemas.java in apache/avro).
/// </summary>
public sealed class CompatibilityTests
{
    private static string Rec(string fields, string name = "R", string extra = "") => $$"""{"type":"record","name":"{{name}}"{{extra}},"fields":[{{fields}}]}""";

    public static TheoryData<string, string, string, bool, bool, bool> ChangeTable() => new()
    {
        { "add a field with a default", Rec("""{"name":"a","type":"int"}"""), Rec("""{"name":"a","type":"int"},{"name":"b","type":"int","default":0}"""), true, true, true },
        { "add a field without a default", Rec("""{"name":"a","type":"int"}"""), Rec("""{"name":"a","type":"int"},{"name":"b","type":"int"}"""), false, true, false },
        { "remove a field that had a default", Rec("""{"name":"a","type":"int"},{"name":"b","type":"int","default":0}"""), Rec("""{"name":"a","type":"int"}"""), true, true, true },
        { "remove a field that had no default", Rec("""{"name":"a","type":"int"},{"name":"b","type":"int"}"""), Rec("""{"name":"a","type":"int"}"""), true, false, false },
        { "rename a field with an alias", Rec("""{"name":"a","type":"int"}"""), Rec("""{"name":"b","type":"int","aliases":["a"]}"""), true, false, false },
        { "add a default", Rec("""{"name":"a","type":"int"}"""), Rec("""{"name":"a","type":"int","default":1}"""), true, true, true },
        { "remove a default", Rec("""{"name":"a","type":"int","default":1}"""), Rec("""{"name":"a","type":"int"}"""), true, true, true },
        { "int to long", Rec("""{"name":"a","type":"int"}"""), Rec("""{"name":"a","type":"long"}"""), true, false, false },
        { "int to float", "\"int\"", "\"float\"", true, false, false },
        { "int to double", "\"int\"", "\"double\"", true, false, false },
        { "long to float", "\"long\"", "\"float\"", true, false, false },
        { "long to double", "\"long\"", "\"double\"", true, false, false },
        { "float to double", "\"float\"", "\"double\"", true, false, false },
        { "long to int", "\"long\"", "\"int\"", false, true, false },
        { "double to float", "\"double\"", "\"float\"", false, true, false },
        { "string to bytes", "\"string\"", "\"bytes\"", true, true, true },
        { "bytes to string", "\"bytes\"", "\"string\"", true, true, true },
        { "int to string", "\"int\"", "\"string\"", false, false, false },
        { "boolean to int", "\"boolean\"", "\"int\"", false, false, false },
        { "bytes to int", "\"bytes\"", "\"int\"", false, false, false },
        { "add an enum symbol", """{"type":"enum","name":"E","symbols":["A","B"]}""", """{"type":"enum","name":"E","symbols":["A","B","C"]}""", true, false, false },
        { "add an enum symbol, old enum has a default", """{"type":"enum","name":"E","symbols":["A","B"],"default":"A"}""", """{"type":"enum","name":"E","symbols":["A","B","C"]}""", true, true, true },
        { "remove an enum symbol", """{"type":"enum","name":"E","symbols":["A","B","C"]}""", """{"type":"enum","name":"E","symbols":["A","B"]}""", false, true, false },
        { "remove an enum symbol, new enum has a default", """{"type":"enum","name":"E","symbols":["A","B","C"]}""", """{"type":"enum","name":"E","symbols":["A","B"],"default":"A"}""", true, true, true },
        { "make nullable", "\"string\"", """["null","string"]""", true, false, false },
        { "make not nullable", """["null","string"]""", "\"string\"", false, true, false },
        { "add a union branch", """["null","int"]""", """["null","int","string"]""", true, false, false },
        { "remove a union branch", """["null","int","string"]""", """["null","int"]""", false, true, false },
        { "rename a record", Rec("", "A"), Rec("", "B"), false, false, false },
        { "rename an enum", """{"type":"enum","name":"E","symbols":["A"]}""", """{"type":"enum","name":"F","symbols":["A"]}""", false, false, false },
        { "rename a fixed", """{"type":"fixed","name":"F","size":2}""", """{"type":"fixed","name":"G","size":2}""", false, false, false },
        { "rename a record with an alias", Rec("", "n.A"), Rec("", "B", ",\"namespace\":\"m\",\"aliases\":[\"n.A\"]"), true, false, false },
        { "change only the namespace", Rec("""{"name":"a","type":"int"}""", "x.R"), Rec("""{"name":"a","type":"int"}""", "y.R"), true, true, true },
        { "change a fixed's size", """{"type":"fixed","name":"F","size":2}""", """{"type":"fixed","name":"F","size":3}""", false, false, false },
        { "change doc, field order and order", Rec("""{"name":"a","type":"int"},{"name":"b","type":"string"}""", "R", ",\"doc\":\"old\""),
            Rec("""{"name":"b","type":"string","order":"descending","doc":"d"},{"name":"a","type":"int","order":"ignore"}""", "R", ",\"doc\":\"new\""), true, true, true },
        { "change a decimal's precision and scale", """{"type":"bytes","logicalType":"decimal","precision":4,"scale":2}""", """{"type":"bytes","logicalType":"decimal","precision":9,"scale":1}""", true, true, true },
        { "change a timestamp's unit", """{"type":"long","logicalType":"timestamp-millis"}""", """{"type":"long","logicalType":"timestamp-micros"}""", true, true, true },
        { "change a field default's value", Rec("""{"name":"a","type":"int","default":1}"""), Rec("""{"name":"a","type":"int","default":2}"""), true, true, true },
        { "array items int to long", """{"type":"array","items":"int"}""", """{"type":"array","items":"long"}""", true, false, false },
        { "map values long to int", """{"type":"map","values":"long"}""", """{"type":"map","values":"int"}""", false, true, false },
    };

    [Theory]
    [MemberData(nameof(ChangeTable))]
    public void The_change_table_holds_for_backward_forward_and_full(string change, string oldSchema, string newSchema, bool backward, bool forward, bool full)
    {
        var old = AvroSchema.Parse(oldSchema);
        var updated = AvroSchema.Parse(newSchema);
        var canRead = AvroCompatibility.Check(updated, old);
        var canBeRead = AvroCompatibility.Check(old, updated);
        Assert.True(backward == canRead.IsCompatible, $"{change}: BACKWARD {string.Join("; ", canRead.Incompatibilities)}");
        Assert.True(forward == canBeRead.IsCompatible, $"{change}: FORWARD {string.Join("; ", canBeRead.Incompatibilities)}");
        Assert.Equal(full, canRead.IsCompatible && canBeRead.IsCompatible);
        Assert.Equal(backward, canRead.Incompatibilities.Count == 0);
    }

    // TestSchemas.java, as schema text.
    private static readonly Dictionary<string, string> JavaSchemas = new()
    {
        ["NULL"] = "\"null\"", ["BOOLEAN"] = "\"boolean\"", ["INT"] = "\"int\"", ["LONG"] = "\"long\"", ["FLOAT"] = "\"float\"",
        ["DOUBLE"] = "\"double\"", ["STRING"] = "\"string\"", ["BYTES"] = "\"bytes\"",
        ["INT_ARRAY"] = """{"type":"array","items":"int"}""", ["LONG_ARRAY"] = """{"type":"array","items":"long"}""",
        ["STRING_ARRAY"] = """{"type":"array","items":"string"}""",
        ["INT_MAP"] = """{"type":"map","values":"int"}""", ["LONG_MAP"] = """{"type":"map","values":"long"}""",
        ["STRING_MAP"] = """{"type":"map","values":"string"}""",
        ["ENUM1_AB"] = """{"type":"enum","name":"Enum1","symbols":["A","B"]}""",
        ["ENUM1_AB_DEFAULT"] = """{"type":"enum","name":"Enum1","symbols":["A","B"],"default":"A"}""",
        ["ENUM1_AB_NAMESPACE_1"] = """{"type":"enum","name":"Enum1","namespace":"namespace1","symbols":["A","B"]}""",
        ["ENUM1_AB_NAMESPACE_2"] = """{"type":"enum","name":"Enum1","namespace":"namespace2","symbols":["A","B"]}""",
        ["ENUM1_ABC"] = """{"type":"enum","name":"Enum1","symbols":["A","B","C"]}""",
        ["ENUM1_BC"] = """{"type":"enum","name":"Enum1","symbols":["B","C"]}""",
        ["ENUM2_AB"] = """{"type":"enum","name":"Enum2","symbols":["A","B"]}""",
        ["ENUM_ABC_ENUM_DEFAULT_A"] = """{"type":"enum","name":"Enum","symbols":["A","B","C"],"default":"A"}""",
        ["ENUM_AB_ENUM_DEFAULT_A"] = """{"type":"enum","name":"Enum","symbols":["A","B"],"default":"A"}""",
        ["ENUM_ABC_ENUM_DEFAULT_A_RECORD"] = Rec("""{"name":"Field","type":{"type":"enum","name":"Schema","symbols":["A","B","C"],"default":"A"}}""", "Record"),
        ["ENUM_AB_ENUM_DEFAULT_A_RECORD"] = Rec("""{"name":"Field","type":{"type":"enum","name":"Schema","symbols":["A","B"],"default":"A"}}""", "Record"),
        ["ENUM_ABC_FIELD_DEFAULT_B_ENUM_DEFAULT_A_RECORD"] = Rec("""{"name":"Field","type":{"type":"enum","name":"Schema","symbols":["A","B","C"],"default":"A"},"default":"B"}""", "Record"),
        ["ENUM_AB_FIELD_DEFAULT_A_ENUM_DEFAULT_B_RECORD"] = Rec("""{"name":"Field","type":{"type":"enum","name":"Schema","symbols":["A","B"],"default":"B"},"default":"A"}""", "Record"),
        ["EMPTY_UNION"] = "[]", ["NULL_UNION"] = """["null"]""", ["INT_UNION"] = """["int"]""", ["LONG_UNION"] = """["long"]""",
        ["FLOAT_UNION"] = """["float"]""", ["DOUBLE_UNION"] = """["double"]""", ["STRING_UNION"] = """["string"]""",
        ["BYTES_UNION"] = """["bytes"]""", ["INT_STRING_UNION"] = """["int","string"]""", ["STRING_INT_UNION"] = """["string","int"]""",
        ["INT_FLOAT_UNION"] = """["int","float"]""", ["INT_LONG_UNION"] = """["int","long"]""",
        ["INT_LONG_FLOAT_DOUBLE_UNION"] = """["int","long","float","double"]""",
        ["NULL_INT_ARRAY_UNION"] = """["null",{"type":"array","items":"int"}]""", ["NULL_INT_MAP_UNION"] = """["null",{"type":"map","values":"int"}]""",
        ["EMPTY_RECORD1"] = Rec("", "Record1"), ["EMPTY_RECORD2"] = Rec("", "Record2"),
        ["A_INT_RECORD1"] = Rec("""{"name":"a","type":"int"}""", "Record1"),
        ["A_LONG_RECORD1"] = Rec("""{"name":"a","type":"long"}""", "Record1"),
        ["A_INT_B_INT_RECORD1"] = Rec("""{"name":"a","type":"int"},{"name":"b","type":"int"}""", "Record1"),
        ["A_DINT_RECORD1"] = Rec("""{"name":"a","type":"int","default":0}""", "Record1"),
        ["A_INT_B_DINT_RECORD1"] = Rec("""{"name":"a","type":"int"},{"name":"b","type":"int","default":0}""", "Record1"),
        ["A_DINT_B_DINT_RECORD1"] = Rec("""{"name":"a","type":"int","default":0},{"name":"b","type":"int","default":0}""", "Record1"),
        ["A_DINT_B_DFIXED_4_BYTES_RECORD1"] = Rec("""{"name":"a","type":"int","default":0},{"name":"b","type":{"type":"fixed","name":"Fixed","size":4}}""", "Record1"),
        ["A_DINT_B_DFIXED_8_BYTES_RECORD1"] = Rec("""{"name":"a","type":"int","default":0},{"name":"b","type":{"type":"fixed","name":"Fixed","size":8}}""", "Record1"),
        ["A_DINT_B_DINT_STRING_UNION_RECORD1"] = Rec("""{"name":"a","type":"int","default":0},{"name":"b","type":["int","string"],"default":0}""", "Record1"),
        ["A_DINT_B_DINT_UNION_RECORD1"] = Rec("""{"name":"a","type":"int","default":0},{"name":"b","type":["int"],"default":0}""", "Record1"),
        ["A_DINT_B_DENUM_1_RECORD1"] = Rec("""{"name":"a","type":"int","default":0},{"name":"b","type":{"type":"enum","name":"Enum1","symbols":["A","B"]}}""", "Record1"),
        ["A_DINT_B_DENUM_2_RECORD1"] = Rec("""{"name":"a","type":"int","default":0},{"name":"b","type":{"type":"enum","name":"Enum2","symbols":["A","B"]}}""", "Record1"),
        ["FIXED_4_BYTES"] = """{"type":"fixed","name":"Fixed","size":4}""", ["FIXED_8_BYTES"] = """{"type":"fixed","name":"Fixed","size":8}""",
        ["FIXED_4_ANOTHER_NAME"] = """{"type":"fixed","name":"AnotherName","size":4}""",
        ["NS_RECORD1"] = Rec("""{"name":"f1","type":["null",{"type":"array","items":{"type":"record","name":"InnerRecord1","namespace":"ns1","fields":[{"name":"a","type":"int"}]}}]}""", "Record1"),
        ["NS_RECORD2"] = Rec("""{"name":"f1","type":["null",{"type":"array","items":{"type":"record","name":"InnerRecord1","namespace":"ns2","fields":[{"name":"a","type":"int"}]}}]}""", "Record1"),
        ["WITHOUT_NS"] = Rec("""{"name":"f1","type":"int"}""", "Record"), ["WITH_NS"] = Rec("""{"name":"f1","type":"int"}""", "ns.Record"),
        ["INT_LIST_RECORD"] = Rec("""{"name":"head","type":"int"},{"name":"tail","type":"List"}""", "List"),
        ["LONG_LIST_RECORD"] = Rec("""{"name":"head","type":"long"},{"name":"tail","type":"List"}""", "List"),
        ["RECORD1_WITH_ENUM_AB"] = Rec("""{"name":"field1","type":{"type":"enum","name":"Enum1","symbols":["A","B"]}}""", "Record1"),
        ["RECORD1_WITH_ENUM_ABC"] = Rec("""{"name":"field1","type":{"type":"enum","name":"Enum1","symbols":["A","B","C"]}}""", "Record1"),
        ["UNION_INT_RECORD1"] = """["int",{"type":"record","name":"Record1","fields":[{"name":"field1","type":"int"}]}]""",
        ["UNION_INT_RECORD2"] = """["int",{"type":"record","name":"Record2","fields":[{"name":"field1","type":"int"}]}]""",
        ["UNION_INT_ENUM1_AB"] = """["int",{"type":"enum","name":"Enum1","symbols":["A","B"]}]""",
        ["UNION_INT_FIXED_4_BYTES"] = """["int",{"type":"fixed","name":"Fixed","size":4}]""",
        ["UNION_INT_BOOLEAN"] = """["int","boolean"]""", ["UNION_INT_ARRAY_INT"] = """["int",{"type":"array","items":"int"}]""",
        ["UNION_INT_MAP_INT"] = """["int",{"type":"map","values":"int"}]""", ["UNION_INT_NULL"] = """["int","null"]""",
        ["WRITER_OLDFIELDS"] = Rec("""{"name":"oldfield1","type":"int"},{"name":"oldfield2","type":"string"}"""),
        ["READER_OLDFIELD1"] = Rec("""{"name":"oldfield1","type":"int"}"""),
        ["READER_OLDFIELD2"] = Rec("""{"name":"oldfield2","type":"string"}"""),
        ["READER_NEWFIELD_DEFAULT"] = Rec("""{"name":"oldfield1","type":"int"},{"name":"newfield1","type":"int","default":42}"""),
        ["READER_NEWFIELD"] = Rec("""{"name":"oldfield1","type":"int"},{"name":"newfield1","type":"int"}"""),
        ["UNION_INT_STRING_LONG"] = """["int","string","long"]""",
    };

    // TestSchemaCompatibility.COMPATIBLE_READER_WRITER_TEST_CASES (reader, writer) and the validateSchemaPair tests.
    public static TheoryData<string, string> JavaCompatiblePairs() => new()
    {
        { "BOOLEAN", "BOOLEAN" }, { "INT", "INT" }, { "LONG", "INT" }, { "LONG", "LONG" }, { "FLOAT", "INT" }, { "FLOAT", "LONG" },
        { "DOUBLE", "LONG" }, { "DOUBLE", "INT" }, { "DOUBLE", "FLOAT" }, { "STRING", "STRING" }, { "BYTES", "BYTES" },
        { "INT_ARRAY", "INT_ARRAY" }, { "LONG_ARRAY", "INT_ARRAY" }, { "INT_MAP", "INT_MAP" }, { "LONG_MAP", "INT_MAP" },
        { "ENUM1_AB", "ENUM1_AB" }, { "ENUM1_ABC", "ENUM1_AB" }, { "ENUM1_AB_DEFAULT", "ENUM1_ABC" },
        { "ENUM1_AB", "ENUM1_AB_NAMESPACE_1" }, { "ENUM1_AB_NAMESPACE_1", "ENUM1_AB" }, { "ENUM1_AB_NAMESPACE_1", "ENUM1_AB_NAMESPACE_2" },
        { "STRING", "BYTES" }, { "BYTES", "STRING" },
        { "EMPTY_UNION", "EMPTY_UNION" }, { "FLOAT_UNION", "EMPTY_UNION" }, { "FLOAT_UNION", "INT_UNION" }, { "FLOAT_UNION", "LONG_UNION" },
        { "FLOAT_UNION", "INT_LONG_UNION" }, { "INT_UNION", "INT_UNION" }, { "INT_STRING_UNION", "STRING_INT_UNION" },
        { "INT_UNION", "EMPTY_UNION" }, { "LONG_UNION", "EMPTY_UNION" }, { "LONG_UNION", "INT_UNION" }, { "DOUBLE_UNION", "INT_UNION" },
        { "DOUBLE_UNION", "LONG_UNION" }, { "DOUBLE_UNION", "FLOAT_UNION" }, { "STRING_UNION", "EMPTY_UNION" },
        { "STRING_UNION", "BYTES_UNION" }, { "BYTES_UNION", "EMPTY_UNION" }, { "BYTES_UNION", "STRING_UNION" },
        { "DOUBLE_UNION", "INT_FLOAT_UNION" }, { "FLOAT", "INT_FLOAT_UNION" }, { "LONG", "INT_LONG_UNION" },
        { "DOUBLE", "INT_FLOAT_UNION" }, { "DOUBLE", "INT_LONG_FLOAT_DOUBLE_UNION" }, { "FLOAT", "FLOAT_UNION" },
        { "INT_UNION", "INT" }, { "INT", "INT_UNION" }, { "FIXED_4_BYTES", "FIXED_4_BYTES" },
        { "EMPTY_RECORD1", "EMPTY_RECORD1" }, { "EMPTY_RECORD1", "A_INT_RECORD1" }, { "A_INT_RECORD1", "A_INT_RECORD1" },
        { "A_DINT_RECORD1", "A_INT_RECORD1" }, { "A_DINT_RECORD1", "A_DINT_RECORD1" }, { "A_INT_RECORD1", "A_DINT_RECORD1" },
        { "A_LONG_RECORD1", "A_INT_RECORD1" }, { "A_INT_RECORD1", "A_INT_B_INT_RECORD1" }, { "A_DINT_RECORD1", "A_INT_B_INT_RECORD1" },
        { "A_INT_B_DINT_RECORD1", "A_INT_RECORD1" }, { "A_DINT_B_DINT_RECORD1", "EMPTY_RECORD1" }, { "A_DINT_B_DINT_RECORD1", "A_INT_RECORD1" },
        { "A_INT_B_INT_RECORD1", "A_DINT_B_DINT_RECORD1" }, { "INT_LIST_RECORD", "INT_LIST_RECORD" }, { "LONG_LIST_RECORD", "LONG_LIST_RECORD" },
        { "LONG_LIST_RECORD", "INT_LIST_RECORD" }, { "NULL", "NULL" },
        { "ENUM_AB_ENUM_DEFAULT_A_RECORD", "ENUM_ABC_ENUM_DEFAULT_A_RECORD" },
        { "ENUM_AB_FIELD_DEFAULT_A_ENUM_DEFAULT_B_RECORD", "ENUM_ABC_FIELD_DEFAULT_B_ENUM_DEFAULT_A_RECORD" },
        { "NS_RECORD1", "NS_RECORD2" }, { "WITHOUT_NS", "WITH_NS" },
        { "READER_OLDFIELD1", "WRITER_OLDFIELDS" }, { "READER_OLDFIELD2", "WRITER_OLDFIELDS" }, { "WRITER_OLDFIELDS", "WRITER_OLDFIELDS" },
        { "READER_NEWFIELD_DEFAULT", "WRITER_OLDFIELDS" }, { "STRING_ARRAY", "STRING_ARRAY" },
    };

    [Theory]
    [MemberData(nameof(JavaCompatiblePairs))]
    public void Avro_java_compatible_pairs_are_compatible(string reader, string writer)
    {
        var result = AvroCompatibility.Check(AvroSchema.Parse(JavaSchemas[reader]), AvroSchema.Parse(JavaSchemas[writer]));
        Assert.True(result.IsCompatible, string.Join("; ", result.Incompatibilities));
    }

    // The incompatible cases of TestSchemaCompatibility*.java: reader, writer, then "TYPE|message|location" entries.
    public static TheoryData<string, string, string[]> JavaIncompatiblePairs() => new()
    {
        { "READER_NEWFIELD", "WRITER_OLDFIELDS", ["READER_FIELD_MISSING_DEFAULT_VALUE|newfield1|/fields/1"] },
        { "STRING_MAP", "STRING_ARRAY", ["TYPE_MISMATCH|reader type: MAP not compatible with writer type: ARRAY|/"] },
        { "INT", "STRING", ["TYPE_MISMATCH|reader type: INT not compatible with writer type: STRING|/"] },
        { "INT_STRING_UNION", "UNION_INT_STRING_LONG", ["MISSING_UNION_BRANCH|reader union lacking writer type: LONG|/2"] },
        // TestSchemaCompatibilityFixedSizeMismatch
        { "FIXED_4_BYTES", "FIXED_8_BYTES", ["FIXED_SIZE_MISMATCH|expected: 8, found: 4|/size"] },
        { "FIXED_8_BYTES", "FIXED_4_BYTES", ["FIXED_SIZE_MISMATCH|expected: 4, found: 8|/size"] },
        { "A_DINT_B_DFIXED_8_BYTES_RECORD1", "A_DINT_B_DFIXED_4_BYTES_RECORD1", ["FIXED_SIZE_MISMATCH|expected: 4, found: 8|/fields/1/type/size"] },
        { "A_DINT_B_DFIXED_4_BYTES_RECORD1", "A_DINT_B_DFIXED_8_BYTES_RECORD1", ["FIXED_SIZE_MISMATCH|expected: 8, found: 4|/fields/1/type/size"] },
        // TestSchemaCompatibilityMissingEnumSymbols
        { "ENUM1_AB", "ENUM1_ABC", ["MISSING_ENUM_SYMBOLS|[C]|/symbols"] },
        { "ENUM1_BC", "ENUM1_ABC", ["MISSING_ENUM_SYMBOLS|[A]|/symbols"] },
        { "RECORD1_WITH_ENUM_AB", "RECORD1_WITH_ENUM_ABC", ["MISSING_ENUM_SYMBOLS|[C]|/fields/0/type/symbols"] },
        // TestSchemaCompatibilityMissingUnionBranch
        { "INT_UNION", "INT_STRING_UNION", ["MISSING_UNION_BRANCH|reader union lacking writer type: STRING|/1"] },
        { "STRING_UNION", "INT_STRING_UNION", ["MISSING_UNION_BRANCH|reader union lacking writer type: INT|/0"] },
        { "INT_UNION", "UNION_INT_RECORD1", ["MISSING_UNION_BRANCH|reader union lacking writer type: RECORD|/1"] },
        { "INT_UNION", "UNION_INT_RECORD2", ["MISSING_UNION_BRANCH|reader union lacking writer type: RECORD|/1"] },
        { "UNION_INT_RECORD1", "UNION_INT_RECORD2", ["MISSING_UNION_BRANCH|reader union lacking writer type: RECORD|/1"] },
        { "INT_UNION", "UNION_INT_ENUM1_AB", ["MISSING_UNION_BRANCH|reader union lacking writer type: ENUM|/1"] },
        { "INT_UNION", "UNION_INT_FIXED_4_BYTES", ["MISSING_UNION_BRANCH|reader union lacking writer type: FIXED|/1"] },
        { "INT_UNION", "UNION_INT_BOOLEAN", ["MISSING_UNION_BRANCH|reader union lacking writer type: BOOLEAN|/1"] },
        { "INT_UNION", "LONG_UNION", ["MISSING_UNION_BRANCH|reader union lacking writer type: LONG|/0"] },
        { "INT_UNION", "FLOAT_UNION", ["MISSING_UNION_BRANCH|reader union lacking writer type: FLOAT|/0"] },
        { "INT_UNION", "DOUBLE_UNION", ["MISSING_UNION_BRANCH|reader union lacking writer type: DOUBLE|/0"] },
        { "INT_UNION", "BYTES_UNION", ["MISSING_UNION_BRANCH|reader union lacking writer type: BYTES|/0"] },
        { "INT_UNION", "UNION_INT_ARRAY_INT", ["MISSING_UNION_BRANCH|reader union lacking writer type: ARRAY|/1"] },
        { "INT_UNION", "UNION_INT_MAP_INT", ["MISSING_UNION_BRANCH|reader union lacking writer type: MAP|/1"] },
        { "INT_UNION", "UNION_INT_NULL", ["MISSING_UNION_BRANCH|reader union lacking writer type: NULL|/1"] },
        { "INT_UNION", "INT_LONG_FLOAT_DOUBLE_UNION", ["MISSING_UNION_BRANCH|reader union lacking writer type: LONG|/1",
            "MISSING_UNION_BRANCH|reader union lacking writer type: FLOAT|/2", "MISSING_UNION_BRANCH|reader union lacking writer type: DOUBLE|/3"] },
        { "A_DINT_B_DINT_UNION_RECORD1", "A_DINT_B_DINT_STRING_UNION_RECORD1", ["MISSING_UNION_BRANCH|reader union lacking writer type: STRING|/fields/1/type/1"] },
        // TestSchemaCompatibilityNameMismatch
        { "ENUM1_AB", "ENUM2_AB", ["NAME_MISMATCH|expected: Enum2|/name"] },
        { "EMPTY_RECORD2", "EMPTY_RECORD1", ["NAME_MISMATCH|expected: Record1|/name"] },
        { "FIXED_4_BYTES", "FIXED_4_ANOTHER_NAME", ["NAME_MISMATCH|expected: AnotherName|/name"] },
        { "A_DINT_B_DENUM_1_RECORD1", "A_DINT_B_DENUM_2_RECORD1", ["NAME_MISMATCH|expected: Enum2|/fields/1/type/name"] },
        // TestSchemaCompatibilityReaderFieldMissingDefaultValue
        { "A_INT_RECORD1", "EMPTY_RECORD1", ["READER_FIELD_MISSING_DEFAULT_VALUE|a|/fields/0"] },
        { "A_INT_B_DINT_RECORD1", "EMPTY_RECORD1", ["READER_FIELD_MISSING_DEFAULT_VALUE|a|/fields/0"] },
        // TestSchemaCompatibilityTypeMismatch
        { "NULL", "INT", ["TYPE_MISMATCH|reader type: NULL not compatible with writer type: INT|/"] },
        { "NULL", "LONG", ["TYPE_MISMATCH|reader type: NULL not compatible with writer type: LONG|/"] },
        { "BOOLEAN", "INT", ["TYPE_MISMATCH|reader type: BOOLEAN not compatible with writer type: INT|/"] },
        { "INT", "NULL", ["TYPE_MISMATCH|reader type: INT not compatible with writer type: NULL|/"] },
        { "INT", "BOOLEAN", ["TYPE_MISMATCH|reader type: INT not compatible with writer type: BOOLEAN|/"] },
        { "INT", "LONG", ["TYPE_MISMATCH|reader type: INT not compatible with writer type: LONG|/"] },
        { "INT", "FLOAT", ["TYPE_MISMATCH|reader type: INT not compatible with writer type: FLOAT|/"] },
        { "INT", "DOUBLE", ["TYPE_MISMATCH|reader type: INT not compatible with writer type: DOUBLE|/"] },
        { "LONG", "FLOAT", ["TYPE_MISMATCH|reader type: LONG not compatible with writer type: FLOAT|/"] },
        { "LONG", "DOUBLE", ["TYPE_MISMATCH|reader type: LONG not compatible with writer type: DOUBLE|/"] },
        { "FLOAT", "DOUBLE", ["TYPE_MISMATCH|reader type: FLOAT not compatible with writer type: DOUBLE|/"] },
        { "DOUBLE", "STRING", ["TYPE_MISMATCH|reader type: DOUBLE not compatible with writer type: STRING|/"] },
        { "FIXED_4_BYTES", "STRING", ["TYPE_MISMATCH|reader type: FIXED not compatible with writer type: STRING|/"] },
        { "STRING", "BOOLEAN", ["TYPE_MISMATCH|reader type: STRING not compatible with writer type: BOOLEAN|/"] },
        { "STRING", "INT", ["TYPE_MISMATCH|reader type: STRING not compatible with writer type: INT|/"] },
        { "BYTES", "NULL", ["TYPE_MISMATCH|reader type: BYTES not compatible with writer type: NULL|/"] },
        { "BYTES", "INT", ["TYPE_MISMATCH|reader type: BYTES not compatible with writer type: INT|/"] },
        { "A_INT_RECORD1", "INT", ["TYPE_MISMATCH|reader type: RECORD not compatible with writer type: INT|/"] },
        { "INT_ARRAY", "LONG_ARRAY", ["TYPE_MISMATCH|reader type: INT not compatible with writer type: LONG|/items"] },
        { "INT_MAP", "INT_ARRAY", ["TYPE_MISMATCH|reader type: MAP not compatible with writer type: ARRAY|/"] },
        { "INT_ARRAY", "INT_MAP", ["TYPE_MISMATCH|reader type: ARRAY not compatible with writer type: MAP|/"] },
        { "INT_MAP", "LONG_MAP", ["TYPE_MISMATCH|reader type: INT not compatible with writer type: LONG|/values"] },
        { "INT", "ENUM2_AB", ["TYPE_MISMATCH|reader type: INT not compatible with writer type: ENUM|/"] },
        { "ENUM2_AB", "INT", ["TYPE_MISMATCH|reader type: ENUM not compatible with writer type: INT|/"] },
        // A writer union against a non-union reader: Avro-Java 1.11 locates each branch's problem from the root.
        { "FLOAT", "INT_LONG_FLOAT_DOUBLE_UNION", ["TYPE_MISMATCH|reader type: FLOAT not compatible with writer type: DOUBLE|/"] },
        { "LONG", "INT_FLOAT_UNION", ["TYPE_MISMATCH|reader type: LONG not compatible with writer type: FLOAT|/"] },
        { "INT", "INT_FLOAT_UNION", ["TYPE_MISMATCH|reader type: INT not compatible with writer type: FLOAT|/"] },
        { "INT_LIST_RECORD", "LONG_LIST_RECORD", ["TYPE_MISMATCH|reader type: INT not compatible with writer type: LONG|/fields/0/type"] },
    };

    [Theory]
    [MemberData(nameof(JavaIncompatiblePairs))]
    public void Avro_java_incompatible_pairs_report_its_types_messages_and_locations(string reader, string writer, string[] expected)
    {
        var result = AvroCompatibility.Check(AvroSchema.Parse(JavaSchemas[reader]), AvroSchema.Parse(JavaSchemas[writer]));
        Assert.False(result.IsCompatible);
        Assert.Equal(expected, result.Incompatibilities.Select(i => $"{i.ErrorType}|{i.Message}|{i.Location}"));
    }

    [Fact]
    public void Avro_java_multiple_incompatibilities_are_all_reported_in_order()
    {
        // TestSchemaCompatibilityMultiple.testMultipleIncompatibilities.
        var reader = AvroSchema.Parse("""
            {"type":"record","name":"base","fields":[
             {"name":"check_enum_symbols_field","type":{"type":"enum","name":"check_enum_symbols_type","symbols":["A","C"]}},
             {"name":"check_enum_name_field","type":{"type":"enum","name":"check_enum_name_type","symbols":["A","B","C","D"]}},
             {"name":"type_mismatch_field","type":"string"},
             {"name":"sub_record","type":{"type":"record","name":"sub_record_type","fields":[
               {"name":"identical_1_field","type":"long","default":42},
               {"name":"extra_no_default_field","type":"long"},
               {"name":"fixed_length_mismatch_field","type":{"type":"fixed","name":"fixed_length_mismatch_type","size":4}},
               {"name":"union_missing_branches_field","type":["boolean"]},
               {"name":"reader_union_does_not_support_type_field","type":["boolean"]},
               {"name":"record_fqn_mismatch_field","type":{"type":"record","name":"recordA","namespace":"not_nsA","fields":[
                 {"name":"A_field_0","type":"boolean","default":true},
                 {"name":"array_type_mismatch_field","type":{"type":"array","items":"string"}}]}}]}}]}
            """);
        var writer = AvroSchema.Parse("""
            {"type":"record","name":"base","fields":[
             {"name":"check_enum_symbols_field","type":{"type":"enum","name":"check_enum_symbols_type","symbols":["A","B","C","D"]}},
             {"name":"check_enum_name_field","type":{"type":"enum","name":"check_enum_name_type_ERR","symbols":["A","B","C","D"]}},
             {"name":"type_mismatch_field","type":"long"},
             {"name":"sub_record","type":{"type":"record","name":"sub_record_type","fields":[
               {"name":"identical_1_field","type":"long","default":42},
               {"name":"fixed_length_mismatch_field","type":{"type":"fixed","name":"fixed_length_mismatch_type","size":8}},
               {"name":"union_missing_branches_field","type":["boolean","double","string"]},
               {"name":"reader_union_does_not_support_type_field","type":"long"},
               {"name":"record_fqn_mismatch_field","type":{"type":"record","name":"recordA","namespace":"nsA","fields":[
                 {"name":"A_field_0","type":"boolean","default":true},
                 {"name":"array_type_mismatch_field","type":{"type":"array","items":"boolean"}}]}}]}}]}
            """);
        var result = AvroCompatibility.Check(reader, writer);
        Assert.Equal(
        [
            "MISSING_ENUM_SYMBOLS|[B, D]|/fields/0/type/symbols",
            "NAME_MISMATCH|expected: check_enum_name_type_ERR|/fields/1/type/name",
            "TYPE_MISMATCH|reader type: STRING not compatible with writer type: LONG|/fields/2/type",
            "READER_FIELD_MISSING_DEFAULT_VALUE|extra_no_default_field|/fields/3/type/fields/1",
            "FIXED_SIZE_MISMATCH|expected: 8, found: 4|/fields/3/type/fields/2/type/size",
            "MISSING_UNION_BRANCH|reader union lacking writer type: DOUBLE|/fields/3/type/fields/3/type/1",
            "MISSING_UNION_BRANCH|reader union lacking writer type: STRING|/fields/3/type/fields/3/type/2",
            "MISSING_UNION_BRANCH|reader union lacking writer type: LONG|/fields/3/type/fields/4/type",
            "TYPE_MISMATCH|reader type: STRING not compatible with writer type: BOOLEAN|/fields/3/type/fields/5/type/fields/1/type/items",
        ], result.Incompatibilities.Select(i => $"{i.ErrorType}|{i.Message}|{i.Location}"));
    }

    [Fact]
    public void A_missing_field_whose_enum_type_has_a_default_is_compared_with_the_writer_record_as_avro_java_does()
    {
        // SchemaCompatibility.checkReaderWriterRecordFields: getCompatibility("type", readerField.schema(), writer, ...).
        var reader = AvroSchema.Parse(Rec("""{"name":"e","type":{"type":"enum","name":"E","symbols":["A"],"default":"A"}}"""));
        var writer = AvroSchema.Parse(Rec(""));
        var result = AvroCompatibility.Check(reader, writer);
        Assert.Equal(["TYPE_MISMATCH|reader type: ENUM not compatible with writer type: RECORD|/fields/0/type"],
            result.Incompatibilities.Select(i => $"{i.ErrorType}|{i.Message}|{i.Location}"));
    }

    [Fact]
    public void Messages_are_formatted_as_confluent_reports_them()
    {
        var result = AvroCompatibility.Check(AvroSchema.Parse(JavaSchemas["READER_NEWFIELD"]), AvroSchema.Parse(JavaSchemas["WRITER_OLDFIELDS"]));
        Assert.Equal(
            ["{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'newfield1' at path '/fields/1' in the new schema has no default value and is missing in the old schema', additionalInfo:'newfield1'}"],
            result.ToConfluentMessages("new", "old"));
        var types = AvroCompatibility.Check(AvroSchema.Parse("\"int\""), AvroSchema.Parse("\"string\""));
        Assert.Equal("{errorType:'TYPE_MISMATCH', description:'The type (path '/') of a field in the old schema does not match with the new schema', additionalInfo:'reader type: INT not compatible with writer type: STRING'}",
            types.Incompatibilities[0].ToConfluentString("old", "new"));
        var symbols = AvroCompatibility.Check(AvroSchema.Parse(JavaSchemas["ENUM1_AB"]), AvroSchema.Parse(JavaSchemas["ENUM1_ABC"]));
        Assert.Equal("The new schema is missing enum symbols '[C]' at path '/symbols' in the old schema", symbols.Incompatibilities[0].Describe("new", "old"));
        var union = AvroCompatibility.Check(AvroSchema.Parse("[\"int\"]"), AvroSchema.Parse("[\"int\",\"null\"]"));
        Assert.Equal("The new schema is missing a type inside a union field at path '/1' in the old schema", union.Incompatibilities[0].Describe("new", "old"));
        var size = AvroCompatibility.Check(AvroSchema.Parse(JavaSchemas["FIXED_4_BYTES"]), AvroSchema.Parse(JavaSchemas["FIXED_8_BYTES"]));
        Assert.Equal("The size of FIXED type field at path '/size' in the new schema does not match with the old schema", size.Incompatibilities[0].Describe("new", "old"));
        var name = AvroCompatibility.Check(AvroSchema.Parse(JavaSchemas["ENUM1_AB"]), AvroSchema.Parse(JavaSchemas["ENUM2_AB"]));
        Assert.Equal("The name of the schema has changed (path '/name')", name.Incompatibilities[0].Describe("new", "old"));
    }

    [Fact]
    public void A_reader_field_matching_two_writer_fields_is_a_failure_as_in_confluent()
    {
        var reader = AvroSchema.Parse(Rec("""{"name":"a","type":"int","aliases":["b"]}"""));
        var writer = AvroSchema.Parse(Rec("""{"name":"a","type":"int"},{"name":"b","type":"int"}"""));
        var result = AvroCompatibility.Check(reader, writer);
        Assert.False(result.IsCompatible);
        Assert.StartsWith("Unexpected exception during compatibility check: Reader record field a type:INT pos:0 matches multiple fields", result.ToConfluentMessages("new", "old")[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Recursive_schemas_are_checked_without_looping()
    {
        var reader = AvroSchema.Parse(Rec("""{"name":"v","type":"long"},{"name":"next","type":["null","R"]}"""));
        var writer = AvroSchema.Parse(Rec("""{"name":"v","type":"int"},{"name":"next","type":["null","R"]}"""));
        Assert.True(AvroCompatibility.Check(reader, writer).IsCompatible);
        Assert.False(AvroCompatibility.Check(writer, reader).IsCompatible);
    }
}
