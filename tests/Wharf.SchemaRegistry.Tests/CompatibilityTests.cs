using System.Net;
using Wharf.Testing;

namespace Wharf.SchemaRegistry.Tests;

/// <summary>POST /compatibility/subjects/{s}/versions[/{v}] and the levels.</summary>
public sealed class CompatibilityTests(RegistryFixture fixture)
{
    private static readonly string Name = "{\"name\":\"name\",\"type\":\"string\"}";
    private static readonly string Age = "{\"name\":\"age\",\"type\":\"int\"}";

    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task A_check_against_a_version_answers_is_compatible_and_the_reasons_only_when_verbose()
    {
        var subject = UniqueNames.For("s");
        await Http.RegisterAsync(subject, RegistryCalls.Record("C", Name));
        var body = RegistryCalls.SchemaBody(RegistryCalls.Record("C", Name, Age));

        var plain = (await Http.RegistryPostAsync("/compatibility/subjects/" + subject + "/versions/latest", body)).AssertOk();
        var verbose = (await Http.RegistryPostAsync("/compatibility/subjects/" + subject + "/versions/1?verbose=true", body)).AssertOk();
        var fine = (await Http.RegistryPostAsync("/compatibility/subjects/" + subject + "/versions/1?verbose=true", RegistryCalls.SchemaBody(RegistryCalls.Record("C", Name)))).AssertOk();

        Assert.Equal("{\"is_compatible\":false}", plain.GetRawText());
        Assert.False(verbose.GetProperty("is_compatible").GetBoolean());
        Assert.StartsWith("{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'age' at path '/fields/1' in the new schema has no default value and is missing in the old schema'", verbose.GetProperty("messages")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("{\"is_compatible\":true}", fine.GetRawText());
    }

    [Fact]
    public async Task Latest_of_an_unknown_subject_is_compatible_and_a_missing_version_is_40402()
    {
        var subject = UniqueNames.For("s");

        Assert.Equal("{\"is_compatible\":true}", (await Http.RegistryPostAsync("/compatibility/subjects/" + subject + "/versions/latest", RegistryCalls.SchemaBody("\"string\""))).Body);
        (await Http.RegistryPostAsync("/compatibility/subjects/" + subject + "/versions/3", RegistryCalls.SchemaBody("\"string\""))).AssertError(HttpStatusCode.NotFound, 40402, "Version 3 not found.");
    }

    [Fact]
    public async Task An_invalid_schema_is_42201_unless_verbose_which_reports_it()
    {
        var subject = UniqueNames.For("s");
        await Http.RegisterAsync(subject, "\"string\"");

        (await Http.RegistryPostAsync("/compatibility/subjects/" + subject + "/versions/1", RegistryCalls.SchemaBody("{\"type\":\"nope\"}"))).AssertError(HttpStatusCode.UnprocessableEntity, 42201);
        var verbose = (await Http.RegistryPostAsync("/compatibility/subjects/" + subject + "/versions/1?verbose=true", RegistryCalls.SchemaBody("{\"type\":\"nope\"}"))).AssertOk();
        Assert.False(verbose.GetProperty("is_compatible").GetBoolean());
    }

    [Fact]
    public async Task Checking_against_all_versions_follows_a_transitive_level()
    {
        var subject = UniqueNames.For("s");
        (await Http.RegistryPutAsync("/config/" + subject, "{\"compatibility\":\"backward_transitive\"}")).AssertOk();
        await Http.RegisterAsync(subject, RegistryCalls.Record("T", Name));
        await Http.RegisterAsync(subject, RegistryCalls.Record("T", Name, "{\"name\":\"age\",\"type\":\"int\",\"default\":1}"));
        var withoutDefault = RegistryCalls.SchemaBody(RegistryCalls.Record("T", Name, Age));

        var all = (await Http.RegistryPostAsync("/compatibility/subjects/" + subject + "/versions", withoutDefault)).AssertOk();
        var latest = (await Http.RegistryPostAsync("/compatibility/subjects/" + subject + "/versions/2", withoutDefault)).AssertOk();

        Assert.False(all.GetProperty("is_compatible").GetBoolean());
        Assert.True(latest.GetProperty("is_compatible").GetBoolean());
        (await Http.RegistryPostAsync("/subjects/" + subject + "/versions", withoutDefault)).AssertError(HttpStatusCode.Conflict, 409);
    }

    [Theory]
    [InlineData("FORWARD", "\"int\"", "\"long\"", false)]
    [InlineData("BACKWARD", "\"int\"", "\"long\"", true)]
    [InlineData("FULL", "\"int\"", "\"long\"", false)]
    [InlineData("NONE", "\"int\"", "\"string\"", true)]
    public async Task The_subjects_level_decides_the_direction(string level, string first, string second, bool compatible)
    {
        var subject = UniqueNames.For("s");
        (await Http.RegistryPutAsync("/config/" + subject, "{\"compatibility\":\"" + level + "\"}")).AssertOk();
        await Http.RegisterAsync(subject, first);

        var answer = (await Http.RegistryPostAsync("/compatibility/subjects/" + subject + "/versions/latest", RegistryCalls.SchemaBody(second))).AssertOk();

        Assert.Equal(compatible, answer.GetProperty("is_compatible").GetBoolean());
    }

    private const string ProtoHeader = "syntax = \"proto3\";\npackage shop;\n";

    [Theory]
    [InlineData("BACKWARD", "{\"type\":\"integer\"}", "{\"type\":\"number\"}", true)]
    [InlineData("FORWARD", "{\"type\":\"integer\"}", "{\"type\":\"number\"}", false)]
    [InlineData("FULL", "{\"type\":\"integer\"}", "{\"type\":\"number\"}", false)]
    [InlineData("BACKWARD", "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}", "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},\"b\":{\"type\":\"string\"}}}", false)]
    [InlineData("BACKWARD", "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"additionalProperties\":false}", "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},\"b\":{\"type\":\"string\"}},\"additionalProperties\":false}", true)]
    [InlineData("FORWARD", "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},\"b\":{\"type\":\"string\"}}}", "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}", false)]
    [InlineData("BACKWARD", "{\"type\":\"string\",\"maxLength\":5}", "{\"type\":\"string\",\"maxLength\":10}", true)]
    [InlineData("FULL", "{\"type\":\"string\",\"description\":\"a\"}", "{\"type\":\"string\",\"description\":\"b\"}", true)]
    [InlineData("NONE", "{\"type\":\"string\"}", "{\"type\":\"boolean\"}", true)]
    public async Task A_json_schema_change_is_judged_by_the_subjects_level(string level, string first, string second, bool compatible) =>
        await AssertLevelAsync("JSON", level, first, second, compatible);

    [Theory]
    [InlineData("BACKWARD", "message A {\n  int32 n = 1;\n}\n", "message A {\n  int64 n = 1;\n}\n", true)]
    [InlineData("BACKWARD", "message A {\n  int32 n = 1;\n}\n", "message A {\n  string n = 1;\n}\n", false)]
    [InlineData("FORWARD", "message A {\n  int32 n = 1;\n}\n", "message A {\n  int32 n = 1;\n  string s = 2;\n}\n", true)]
    [InlineData("FULL", "message A {\n  int32 n = 1;\n}\n", "message A {\n  int32 renamed = 1;\n}\n", true)]
    [InlineData("BACKWARD", "message A {\n  int32 n = 1;\n}\nmessage B {\n  int32 n = 1;\n}\n", "message A {\n  int32 n = 1;\n}\n", false)]
    [InlineData("FORWARD", "message A {\n  int32 n = 1;\n}\n", "message A {\n  int32 n = 1;\n}\nmessage B {\n  int32 n = 1;\n}\n", false)]
    [InlineData("NONE", "message A {\n  int32 n = 1;\n}\n", "message A {\n  A n = 1;\n}\n", true)]
    public async Task A_protobuf_change_is_judged_by_the_subjects_level(string level, string first, string second, bool compatible) =>
        await AssertLevelAsync("PROTOBUF", level, ProtoHeader + first, ProtoHeader + second, compatible);

    [Fact]
    public async Task Protobuf_and_json_reasons_name_the_new_and_the_old_schema()
    {
        var proto = UniqueNames.For("s");
        var json = UniqueNames.For("s");
        await Http.RegisterAsync(proto, ProtoHeader + "message A {\n  int32 n = 1;\n}\nmessage B {\n  int32 n = 1;\n}\n", schemaType: "PROTOBUF");
        await Http.RegisterAsync(json, "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}", schemaType: "JSON");

        var protoAnswer = (await Http.RegistryPostAsync("/compatibility/subjects/" + proto + "/versions/latest?verbose=true", RegistryCalls.SchemaBody(ProtoHeader + "message A {\n  int32 n = 1;\n}\n", "PROTOBUF"))).AssertOk();
        var jsonAnswer = (await Http.RegistryPostAsync("/compatibility/subjects/" + json + "/versions/latest?verbose=true", RegistryCalls.SchemaBody("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"}}}", "JSON"))).AssertOk();
        var otherType = (await Http.RegistryPostAsync("/compatibility/subjects/" + json + "/versions/latest?verbose=true", RegistryCalls.SchemaBody(ProtoHeader + "message A {\n  int32 n = 1;\n}\n", "PROTOBUF"))).AssertOk();

        var protoMessage = protoAnswer.GetProperty("messages")[0].GetString()!;
        var jsonMessage = jsonAnswer.GetProperty("messages")[0].GetString()!;
        Assert.Contains("The new schema is missing a MESSAGE type at path", protoMessage, StringComparison.Ordinal);
        Assert.Contains("in the old schema", protoMessage, StringComparison.Ordinal);
        Assert.StartsWith("{errorType:\"TYPE_CHANGED\"", jsonMessage, StringComparison.Ordinal);
        Assert.Contains("between the new schema and the old schema", jsonMessage, StringComparison.Ordinal);
        Assert.Equal("Incompatible because of different schema type", otherType.GetProperty("messages")[0].GetString());
    }

    private async Task AssertLevelAsync(string schemaType, string level, string first, string second, bool compatible)
    {
        var subject = UniqueNames.For("s");
        (await Http.RegistryPutAsync("/config/" + subject, "{\"compatibility\":\"" + level + "\"}")).AssertOk();
        await Http.RegisterAsync(subject, first, schemaType: schemaType);

        var answer = (await Http.RegistryPostAsync("/compatibility/subjects/" + subject + "/versions/latest?verbose=true", RegistryCalls.SchemaBody(second, schemaType))).AssertOk();
        var register = await Http.RegistryPostAsync("/subjects/" + subject + "/versions", RegistryCalls.SchemaBody(second, schemaType));

        Assert.True(compatible == answer.GetProperty("is_compatible").GetBoolean(), answer.GetRawText());
        Assert.Equal(compatible ? HttpStatusCode.OK : HttpStatusCode.Conflict, register.Status);
    }
}
