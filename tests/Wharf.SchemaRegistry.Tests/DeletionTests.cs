using System.Net;
using Wharf.Testing;

namespace Wharf.SchemaRegistry.Tests;

/// <summary>Soft and permanent deletes of versions and subjects, with the original's 4040x answers.</summary>
public sealed class DeletionTests(RegistryFixture fixture)
{
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task A_version_is_soft_deleted_then_permanently_deleted_with_the_codes_in_between()
    {
        var subject = UniqueNames.For("s");
        await Http.RegisterAsync(subject, "\"string\"");
        await Http.RegisterAsync(subject, "\"bytes\"");

        (await Http.RegistryDeleteAsync("/subjects/" + subject + "/versions/1?permanent=true"))
            .AssertError(HttpStatusCode.NotFound, 40407, "Subject '" + subject + "' Version 1 was not deleted first before being permanently deleted");
        Assert.Equal("1", (await Http.RegistryDeleteAsync("/subjects/" + subject + "/versions/1")).Body);
        (await Http.RegistryDeleteAsync("/subjects/" + subject + "/versions/1"))
            .AssertError(HttpStatusCode.NotFound, 40406, "Subject '" + subject + "' Version 1 was soft deleted.Set permanent=true to delete permanently");
        (await Http.RegistryGetAsync("/subjects/" + subject + "/versions/1")).AssertError(HttpStatusCode.NotFound, 40402);
        (await Http.RegistryGetAsync("/subjects/" + subject + "/versions/1?deleted=true")).AssertOk();
        Assert.Equal("[2]", (await Http.RegistryGetAsync("/subjects/" + subject + "/versions")).Body);
        Assert.Equal("[1,2]", (await Http.RegistryGetAsync("/subjects/" + subject + "/versions?deleted=true")).Body);

        Assert.Equal("1", (await Http.RegistryDeleteAsync("/subjects/" + subject + "/versions/1?permanent=true")).Body);
        (await Http.RegistryGetAsync("/subjects/" + subject + "/versions/1?deleted=true")).AssertError(HttpStatusCode.NotFound, 40402);
        (await Http.RegistryDeleteAsync("/subjects/" + subject + "/versions/9")).AssertError(HttpStatusCode.NotFound, 40402, "Version 9 not found.");
        (await Http.RegistryDeleteAsync("/subjects/" + UniqueNames.For("none") + "/versions/1")).AssertError(HttpStatusCode.NotFound, 40401);
    }

    [Fact]
    public async Task Deleting_latest_deletes_the_latest_live_version()
    {
        var subject = UniqueNames.For("s");
        await Http.RegisterAsync(subject, "\"string\"");
        await Http.RegisterAsync(subject, "\"bytes\"");

        Assert.Equal("2", (await Http.RegistryDeleteAsync("/subjects/" + subject + "/versions/latest")).Body);
        Assert.Equal("1", (await Http.RegistryDeleteAsync("/subjects/" + subject + "/versions/latest")).Body);
    }

    [Fact]
    public async Task A_subject_is_soft_deleted_then_permanently_deleted_with_the_codes_in_between()
    {
        var subject = UniqueNames.For("s");
        await Http.RegisterAsync(subject, "\"string\"");
        await Http.RegisterAsync(subject, "\"bytes\"");

        (await Http.RegistryDeleteAsync("/subjects/" + subject + "?permanent=true"))
            .AssertError(HttpStatusCode.NotFound, 40405, "Subject '" + subject + "' was not deleted first before being permanently deleted");
        Assert.Equal("[1,2]", (await Http.RegistryDeleteAsync("/subjects/" + subject)).Body);
        (await Http.RegistryDeleteAsync("/subjects/" + subject))
            .AssertError(HttpStatusCode.NotFound, 40404, "Subject '" + subject + "' was soft deleted.Set permanent=true to delete permanently");
        (await Http.RegistryGetAsync("/subjects/" + subject + "/versions")).AssertError(HttpStatusCode.NotFound, 40401);

        Assert.Equal("[1,2]", (await Http.RegistryDeleteAsync("/subjects/" + subject + "?permanent=true")).Body);
        (await Http.RegistryDeleteAsync("/subjects/" + subject)).AssertError(HttpStatusCode.NotFound, 40401);
        (await Http.RegistryGetAsync("/subjects/" + subject + "/versions?deleted=true")).AssertError(HttpStatusCode.NotFound, 40401);
    }

    [Fact]
    public async Task A_permanent_subject_delete_removes_its_config()
    {
        var subject = UniqueNames.For("s");
        await Http.RegisterAsync(subject, "\"string\"");
        (await Http.RegistryPutAsync("/config/" + subject, "{\"compatibility\":\"NONE\"}")).AssertOk();
        await Http.RegistryDeleteAsync("/subjects/" + subject);
        await Http.RegistryDeleteAsync("/subjects/" + subject + "?permanent=true");

        (await Http.RegistryGetAsync("/config/" + subject)).AssertError(HttpStatusCode.NotFound, 40408);
    }

    [Fact]
    public async Task A_soft_deleted_version_is_not_compared_with_when_registering()
    {
        var subject = UniqueNames.For("s");
        await Http.RegisterAsync(subject, "\"string\"");
        (await Http.RegistryPostAsync("/subjects/" + subject + "/versions", RegistryCalls.SchemaBody("\"int\""))).AssertError(HttpStatusCode.Conflict, 409);
        await Http.RegistryDeleteAsync("/subjects/" + subject + "/versions/1");

        await Http.RegisterAsync(subject, "\"int\"");

        Assert.Equal("[2]", (await Http.RegistryGetAsync("/subjects/" + subject + "/versions")).Body);
    }
}
