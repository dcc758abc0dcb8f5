namespace Wharf.Protobuf.Tests;

public sealed class ParserTests
{
    [Theory]
    [InlineData("syntax = \"proto3\";\nmessage A {\n  int32 a = 1\n}", "4:1: expected ';' but found '}'")]
    [InlineData("syntax = \"proto3\";\nmessage A { required int32 a = 1; }", "2:13: required fields are not allowed in proto3")]
    [InlineData("syntax = \"proto3\";\nmessage A { Missing a = 1; }", "2:13: type Missing of field a is not defined")]
    [InlineData("syntax = \"proto3\";\nmessage A { int32 a = 1; string b = 1; }", "uses number 1, already used by a in A")]
    [InlineData("syntax = \"proto3\";\nenum E { A = 0; B = 0; }", "(set option allow_alias = true to allow aliases)")]
    [InlineData("syntax = \"proto3\";\nimport \"other.proto\";", "import \"other.proto\" cannot be resolved")]
    [InlineData("syntax = \"proto3\";\nmessage A { oneof o { map<string, int32> m = 1; } }", "map fields cannot be in a oneof")]
    [InlineData("syntax = \"proto2\";\nmessage A { int32 a = 1; }", "needs a label")]
    [InlineData("syntax = \"proto2\";\nmessage A { optional group G = 1 { optional int32 x = 2; } }", "groups are not supported")]
    [InlineData("syntax = \"proto3\";\nmessage A { int32 a = 0; }", "field number 0 is out of range")]
    [InlineData("syntax = \"proto3\";\nmessage A { int32 a = 19000; }", "reserved for the protobuf implementation")]
    [InlineData("syntax = \"proto4\";", "unknown syntax \"proto4\"")]
    [InlineData("message A { /* open", "1:13: unterminated comment")]
    [InlineData("syntax = \"proto3\";\nmessage A { string a = 1 [default = \"x\"]; }", "default values are not allowed in proto3")]
    public void Invalid_schemas_are_refused_with_line_column_and_reason(string text, string expected)
    {
        Assert.False(ProtobufSchema.TryParse(text, null, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_nesting_is_refused_not_recursed()
    {
        var deepMessages = "syntax = \"proto3\";\n" + string.Concat(Enumerable.Repeat("message M {", 100)) + new string('}', 100);
        var deepOption = "syntax = \"proto3\";\noption (x) = " + string.Concat(Enumerable.Repeat("{a", 10_000)) + new string('}', 10_000) + ";";

        Assert.False(ProtobufSchema.TryParse(deepMessages, null, out _, out var messageError));
        Assert.Contains("nested deeper than", messageError, StringComparison.Ordinal);
        Assert.False(ProtobufSchema.TryParse(deepOption, null, out _, out var optionError));
        Assert.Contains("nested deeper than", optionError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("syntax = \"proto3\";\nenum E { A = 1; }")]
    [InlineData("syntax = \"proto3\";\nmessage A { reserved 2 to 4; int32 a = 3; }")]
    [InlineData("syntax = \"proto3\";\nmessage A { reserved \"a\"; int32 a = 1; }")]
    [InlineData("syntax = \"proto3\";\nmessage A { string a = 1; }\nextend google.protobuf.FieldOptions { A a_opt = 50000; }")]
    public void What_Confluent_registers_though_protoc_refuses_it_is_accepted(string text)
    {
        Assert.True(ProtobufSchema.TryParse(text, null, out _, out var error), error);
    }

    [Fact]
    public void Imports_resolve_from_references_and_well_known_files()
    {
        var references = new Dictionary<string, string>
        {
            ["acme/customer.proto"] = "syntax = \"proto3\";\npackage acme;\nmessage Customer { string name = 1; }",
        };
        var schema = Schemas.Parse("""
            syntax = "proto3";
            package shop;
            import "acme/customer.proto";
            import "google/protobuf/timestamp.proto";
            import "google/protobuf/wrappers.proto";
            import "google/protobuf/struct.proto";
            import "confluent/meta.proto";
            message Order {
              acme.Customer customer = 1 [(confluent.field_meta) = { doc: "who", params: [{key: "k", value: "v"}] }];
              google.protobuf.Timestamp at = 2;
              google.protobuf.Int32Value count = 3;
              google.protobuf.Struct extra = 4;
            }
            """, references);

        Assert.Equal("acme.Customer", schema.FindMessage("shop.Order")!.FindByNumber(1)!.MessageType!.FullName);
    }

    [Fact]
    public void Proto2_and_proto3_features_parse_into_descriptors()
    {
        var schema = Schemas.Parse("""
            syntax = "proto2";
            package p;
            option java_package = "com.p";
            message M {
              optional int32 a = 1 [default = 7];
              required string b_name = 2 [json_name = "bee"];
              repeated int32 c = 3 [packed = true];
              repeated int64 d = 4;
              map<string, M> e = 5;
              oneof choice { string f = 6; int32 g = 7; }
              extensions 100 to max;
              enum E { option allow_alias = true; X = 1; Y = 1; }
              optional E h = 8 [deprecated = true];
            }
            service S { rpc Get (M) returns (stream M); }
            """);
        var m = schema.FindMessage("p.M")!;

        Assert.True(m.FindByName("a")!.HasPresence);
        Assert.Equal("bee", m.FindByNumber(2)!.JsonName);
        Assert.Same(m.FindByNumber(2), m.FindByName("bee"));
        Assert.True(m.FindByName("c")!.IsPacked);
        Assert.False(m.FindByName("d")!.IsPacked);
        Assert.True(m.FindByName("e")!.IsMap);
        Assert.Equal("choice", m.FindByName("g")!.OneOf);
        Assert.Equal("X", m.FindByName("h")!.EnumType!.NameOf(1));
    }

    [Fact]
    public void Proto3_repeated_scalars_are_packed_unless_told_otherwise_and_json_names_are_camel_case()
    {
        var m = Schemas.Parse("""
            syntax = "proto3";
            message M { repeated int32 a = 1; repeated int32 b = 2 [packed = false]; repeated string c = 3; int32 some_field_name = 4; }
            """).FindMessage("M")!;

        Assert.True(m.FindByName("a")!.IsPacked);
        Assert.False(m.FindByName("b")!.IsPacked);
        Assert.False(m.FindByName("c")!.IsPacked);
        Assert.Equal("someFieldName", m.FindByNumber(4)!.JsonName);
    }

    [Fact]
    public void Nested_types_resolve_from_the_innermost_scope_outwards()
    {
        var schema = Schemas.Parse("""
            syntax = "proto3";
            package a.b;
            message Leaf { int32 x = 1; }
            message Outer {
              message Leaf { string y = 1; }
              Leaf inner = 1;
              .a.b.Leaf outer = 2;
              a.b.Leaf relative = 3;
            }
            """);
        var outer = schema.FindMessage("a.b.Outer")!;

        Assert.Equal("a.b.Outer.Leaf", outer.FindByNumber(1)!.MessageType!.FullName);
        Assert.Equal("a.b.Leaf", outer.FindByNumber(2)!.MessageType!.FullName);
        Assert.Equal("a.b.Leaf", outer.FindByNumber(3)!.MessageType!.FullName);
    }
}
