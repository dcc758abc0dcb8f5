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
}
