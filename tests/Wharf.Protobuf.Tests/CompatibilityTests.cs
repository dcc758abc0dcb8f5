namespace Wharf.Protobuf.Tests;

public sealed class CompatibilityTests
{
    private static string P3(string body) => "syntax = \"proto3\";\npackage p;\n" + body;

    private static string P2(string body) => "syntax = \"proto2\";\npackage p;\n" + body;

    /// <summary>change, old schema, new schema, BACKWARD, FORWARD, FULL.</summary>
    public static TheoryData<string, string, string, bool, bool, bool> Changes => new()
    {
        { "identical", P3("message M { int32 a = 1; }"), P3("message M { int32 a = 1; }"), true, true, true },
        { "field added", P3("message M { int32 a = 1; }"), P3("message M { int32 a = 1; string b = 2; }"), true, true, true },
        { "field renamed", P3("message M { int32 a = 1; }"), P3("message M { int32 b = 1; }"), true, true, true },
        { "int32 to int64", P3("message M { int32 a = 1; }"), P3("message M { int64 a = 1; }"), true, true, true },
        { "string to bytes", P3("message M { string a = 1; }"), P3("message M { bytes a = 1; }"), true, true, true },
        { "int32 to string", P3("message M { int32 a = 1; }"), P3("message M { string a = 1; }"), false, false, false },
        { "int32 to sint32", P3("message M { int32 a = 1; }"), P3("message M { sint32 a = 1; }"), false, false, false },
        { "fixed32 to sfixed32", P3("message M { fixed32 a = 1; }"), P3("message M { sfixed32 a = 1; }"), true, true, true },
        { "enum to int32", P3("message M { E a = 1; } enum E { Z = 0; }"), P3("message M { int32 a = 1; } enum E { Z = 0; }"), true, true, true },
        { "scalar to message", P3("message M { int32 a = 1; } message N {}"), P3("message M { N a = 1; } message N {}"), false, false, false },
        { "message type renamed", P3("message M { N a = 1; } message N {} message O {}"), P3("message M { O a = 1; } message N {} message O {}"), false, false, false },
        { "referenced message changed", P3("message M { N a = 1; } message N { string s = 1; }"), P3("message M { N a = 1; } message N { int32 s = 1; }"), false, false, false },
        { "map value type changed", P3("message M { map<string, int32> a = 1; }"), P3("message M { map<string, string> a = 1; }"), false, false, false },
        { "message removed", P3("message M {} message N {}"), P3("message M {}"), false, true, false },
        { "messages reordered", P3("message M {} message N {}"), P3("message N {} message M {}"), true, true, true },
        { "package changed", "syntax = \"proto3\";\npackage a;\nmessage M {}", "syntax = \"proto3\";\npackage b;\nmessage M {}", false, false, false },
        { "enum constant added", P3("enum E { A = 0; }"), P3("enum E { A = 0; B = 1; }"), true, true, true },
        { "enum removed", P3("message M {} enum E { A = 0; }"), P3("message M {}"), true, true, true },
        { "required field added", P2("message M { optional int32 a = 1; }"), P2("message M { optional int32 a = 1; required int32 b = 2; }"), false, false, false },
        { "numeric label changed", P2("message M { optional int32 a = 1; }"), P2("message M { repeated int32 a = 1; }"), false, false, false },
        { "string label changed", P2("message M { optional string a = 1; }"), P2("message M { repeated string a = 1; }"), true, true, true },
        { "field moved into a new oneof", P3("message M { int32 a = 1; }"), P3("message M { oneof o { int32 a = 1; } }"), true, true, true },
        { "two fields moved into one oneof", P3("message M { int32 a = 1; int32 b = 2; }"), P3("message M { oneof o { int32 a = 1; int32 b = 2; } }"), false, true, false },
        { "field moved into an existing oneof", P3("message M { int32 a = 1; oneof o { int32 b = 2; } }"), P3("message M { oneof o { int32 a = 1; int32 b = 2; } }"), false, true, false },
        { "oneof field removed", P3("message M { oneof o { int32 a = 1; int32 b = 2; } }"), P3("message M { oneof o { int32 a = 1; } }"), false, true, false },
        { "whole oneof removed", P3("message M { int32 x = 3; oneof o { int32 a = 1; } }"), P3("message M { int32 x = 3; }"), true, true, true },
        { "nested message field changed", P3("message M { message I { int32 a = 1; } }"), P3("message M { message I { string a = 1; } }"), false, false, false },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void Each_change_is_judged_per_level_as_Confluent_judges_it(
        string change, string oldText, string newText, bool backward, bool forward, bool full)
    {
        var older = Schemas.Parse(oldText);
        var newer = Schemas.Parse(newText);

        var backwardErrors = newer.IsBackwardCompatible(older);
        var forwardErrors = older.IsBackwardCompatible(newer);

        Assert.True(backward == (backwardErrors.Count == 0), change + " BACKWARD: " + string.Join(" | ", backwardErrors));
        Assert.True(forward == (forwardErrors.Count == 0), change + " FORWARD: " + string.Join(" | ", forwardErrors));
        Assert.Equal(full, backwardErrors.Count == 0 && forwardErrors.Count == 0);
    }

    [Fact]
    public void Scalar_kind_change_message_is_Confluents_with_the_field_path()
    {
        var message = Assert.Single(Schemas.Parse(P3("message M { message I { string a = 1; } }"))
            .IsBackwardCompatible(Schemas.Parse(P3("message M { message I { int32 a = 1; } }"))));

        Assert.Equal(
            "{errorType:\"FIELD_SCALAR_KIND_CHANGED\", description:\"The kind of a SCALAR field at path '#/M/I/1' in the %s schema "
            + "does not match its kind in the %s schema\"}",
            message);
    }

    [Fact]
    public void Removed_message_message_names_the_message()
    {
        var message = Assert.Single(Schemas.Parse(P3("message M {}")).IsBackwardCompatible(Schemas.Parse(P3("message M {} message N {}"))));

        Assert.Equal("{errorType:\"MESSAGE_REMOVED\", description:\"The %s schema is missing a MESSAGE type at path '#/N' in the %s schema\"}", message);
    }

    [Fact]
    public void A_changed_message_in_an_imported_file_is_reported_at_its_own_path()
    {
        const string text = "syntax = \"proto3\";\npackage p;\nimport \"home.proto\";\nmessage M { acme.outer.Home home = 1; }";
        var before = Schemas.Parse(text, new Dictionary<string, string> { ["home.proto"] = "syntax = \"proto3\";\npackage acme;\nmessage outer { message Home { int32 id = 1; } }" });
        var after = Schemas.Parse(text, new Dictionary<string, string> { ["home.proto"] = "syntax = \"proto3\";\npackage acme;\nmessage outer { message Home { string id = 1; } }" });

        Assert.Equal(
            ["FIELD_SCALAR_KIND_CHANGED #/outer/Home/1", "FIELD_NAMED_TYPE_CHANGED #/M/1"],
            after.Differences(before).Select(d => d.TypeName + " " + d.FullPath));
    }

    [Fact]
    public void Recursive_messages_compare_without_looping()
    {
        var text = P3("message Node { int32 v = 1; repeated Node children = 2; }");

        Assert.Empty(Schemas.Parse(text).IsBackwardCompatible(Schemas.Parse(text)));
    }
}
