using System.Net;
using Wharf.Testing;

namespace Wharf.SchemaRegistry.Tests;

/// <summary>GET /subjects..., POST /subjects/{s} (lookup) and the version parameter.</summary>
public sealed class SubjectTests(RegistryFixture fixture)
{
    private static readonly string Name = "{\"name\":\"name\",\"type\":\"string\"}";
    private static readonly string Age = "{\"name\":\"age\",\"type\":\"int\",\"default\":0}";

    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task Subjects_are_listed_sorted_and_soft_deleted_ones_only_when_asked()
    {
        var prefix = UniqueNames.For("list");
        await Http.RegisterAsync(prefix + "-b", "\"string\"");
        await Http.RegisterAsync(prefix + "-a", "\"string\"");
        await Http.RegisterAsync(prefix + "-c", "\"string\"");
        await Http.RegistryDeleteAsync("/subjects/" + prefix + "-c");

        Assert.Equal("[\"" + prefix + "-a\",\"" + prefix + "-b\"]", (await Http.RegistryGetAsync("/subjects?subjectPrefix=" + prefix)).Body);
        Assert.Equal("[\"" + prefix + "-a\",\"" + prefix + "-b\",\"" + prefix + "-c\"]", (await Http.RegistryGetAsync("/subjects?deleted=true&subjectPrefix=" + prefix)).Body);
        Assert.Equal("[\"" + prefix + "-c\"]", (await Http.RegistryGetAsync("/subjects?deletedOnly=true&subjectPrefix=" + prefix)).Body);
        Assert.Equal("[\"" + prefix + "-b\"]", (await Http.RegistryGetAsync("/subjects?subjectPrefix=" + prefix + "&offset=1&limit=1")).Body);
    }

    [Theory]
    [InlineData("latest")]
    [InlineData("LATEST ")]
    [InlineData("-1")]
    [InlineData("2")]
    public async Task Latest_minus_one_and_the_number_name_the_same_version(string version)
    {
        var subject = UniqueNames.For("s");
        await Http.RegisterAsync(subject, RegistryCalls.Record("V", Name));
        var id = await Http.RegisterAsync(subject, RegistryCalls.Record("V", Name, Age));

        var answer = (await Http.RegistryGetAsync("/subjects/" + subject + "/versions/" + Uri.EscapeDataString(version))).AssertOk();

        Assert.Equal(2, answer.GetProperty("version").GetInt32());
        Assert.Equal(id, answer.GetProperty("id").GetInt32());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("abc")]
    [InlineData("2147483648")]
    [InlineData("earliest")]
    public async Task A_bad_version_is_42202_on_every_endpoint_that_takes_one(string version)
    {
        var subject = UniqueNames.For("s");
        await Http.RegisterAsync(subject, "\"string\"");
        var message = "The specified version '" + version + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"";

        (await Http.RegistryGetAsync("/subjects/" + subject + "/versions/" + version)).AssertError(HttpStatusCode.UnprocessableEntity, 42202, message);
        (await Http.RegistryGetAsync("/subjects/" + subject + "/versions/" + version + "/schema")).AssertError(HttpStatusCode.UnprocessableEntity, 42202, message);
        (await Http.RegistryDeleteAsync("/subjects/" + subject + "/versions/" + version)).AssertError(HttpStatusCode.UnprocessableEntity, 42202, message);
        (await Http.RegistryPostAsync("/compatibility/subjects/" + subject + "/versions/" + version, RegistryCalls.SchemaBody("\"string\""))).AssertError(HttpStatusCode.UnprocessableEntity, 42202, message);
        Assert.Equal("[1]", (await Http.RegistryGetAsync("/subjects/" + subject + "/versions")).Body);
    }

    [Fact]
    public async Task An_unknown_subject_is_40401_and_an_unknown_version_40402()
    {
        var subject = UniqueNames.For("s");
        (await Http.RegistryGetAsync("/subjects/" + subject + "/versions/1")).AssertError(HttpStatusCode.NotFound, 40401, "Subject '" + subject + "' not found.");
        await Http.RegisterAsync(subject, "\"string\"");

        (await Http.RegistryGetAsync("/subjects/" + subject + "/versions/7")).AssertError(HttpStatusCode.NotFound, 40402, "Version 7 not found.");
        (await Http.RegistryGetAsync("/subjects/" + subject + "/versions/7/referencedby")).AssertError(HttpStatusCode.NotFound, 40402);
    }

    [Fact]
    public async Task The_schema_endpoint_answers_the_bare_schema_text()
    {
        var subject = UniqueNames.For("s");
        var schema = RegistryCalls.Record("Raw", Name);
        var id = await Http.RegisterAsync(subject, schema);

        var byVersion = await Http.RegistryGetAsync("/subjects/" + subject + "/versions/latest/schema");
        var byId = await Http.RegistryGetAsync("/schemas/ids/" + id + "/schema");

        Assert.Equal(schema, byVersion.Body);
        Assert.Equal(schema, byId.Body);
        Assert.Equal(RegistryAnswer.V1, byId.ContentType);
    }

    [Fact]
    public async Task Lookup_finds_the_version_of_a_schema_written_with_other_whitespace()
    {
        var subject = UniqueNames.For("s");
        await Http.RegisterAsync(subject, RegistryCalls.Record("L", Name));
        var id = await Http.RegisterAsync(subject, RegistryCalls.Record("L", Name, Age));

        var found = (await Http.RegistryPostAsync("/subjects/" + subject, RegistryCalls.SchemaBody(RegistryCalls.Record("L", Name, Age).Replace(":", " : ", StringComparison.Ordinal)))).AssertOk();

        Assert.Equal(subject, found.GetProperty("subject").GetString());
        Assert.Equal(2, found.GetProperty("version").GetInt32());
        Assert.Equal(id, found.GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task Lookup_of_a_schema_not_in_the_subject_is_40403_and_of_an_unknown_subject_40401()
    {
        var subject = UniqueNames.For("s");
        (await Http.RegistryPostAsync("/subjects/" + subject, RegistryCalls.SchemaBody("\"string\""))).AssertError(HttpStatusCode.NotFound, 40401);
        await Http.RegisterAsync(subject, "\"string\"");

        (await Http.RegistryPostAsync("/subjects/" + subject, RegistryCalls.SchemaBody("\"int\""))).AssertError(HttpStatusCode.NotFound, 40403, "Schema not found");
        (await Http.RegistryPostAsync("/subjects/" + subject, RegistryCalls.SchemaBody("{\"type\":\"nope\"}"))).AssertError(HttpStatusCode.UnprocessableEntity, 42201);
    }

    [Fact]
    public async Task Lookup_of_a_soft_deleted_version_needs_deleted_true()
    {
        var subject = UniqueNames.For("s");
        await Http.RegisterAsync(subject, "\"string\"");
        await Http.RegisterAsync(subject, "\"bytes\"");
        await Http.RegistryDeleteAsync("/subjects/" + subject + "/versions/1");

        (await Http.RegistryPostAsync("/subjects/" + subject, RegistryCalls.SchemaBody("\"string\""))).AssertError(HttpStatusCode.NotFound, 40403);
        var found = (await Http.RegistryPostAsync("/subjects/" + subject + "?deleted=true", RegistryCalls.SchemaBody("\"string\""))).AssertOk();
        Assert.Equal(1, found.GetProperty("version").GetInt32());
    }
}
