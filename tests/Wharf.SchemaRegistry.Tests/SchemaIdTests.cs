using System.Net;
using Wharf.Testing;

namespace Wharf.SchemaRegistry.Tests;

/// <summary>/schemas: types, the list, and schemas by id with their subjects and versions.</summary>
public sealed class SchemaIdTests(RegistryFixture fixture)
{
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task Schema_types_lists_json_protobuf_and_avro_in_confluents_order()
    {
        Assert.Equal("[\"JSON\",\"PROTOBUF\",\"AVRO\"]", (await Http.RegistryGetAsync("/schemas/types")).Body);
    }

    [Fact]
    public async Task A_schema_by_id_leaves_out_schemaType_for_avro_and_fetchMaxId_adds_maxId()
    {
        var id = await Http.RegisterAsync(UniqueNames.For("s"), "{\"type\":\"fixed\",\"name\":\"F\",\"size\":4}");

        var plain = (await Http.RegistryGetAsync("/schemas/ids/" + id)).AssertOk();
        var withMax = (await Http.RegistryGetAsync("/schemas/ids/" + id + "?fetchMaxId=true&format=serialized")).AssertOk();

        Assert.Equal(["schema"], plain.EnumerateObject().Select(p => p.Name));
        Assert.True(withMax.GetProperty("maxId").GetInt32() >= id);
    }

    [Fact]
    public async Task An_unknown_id_is_40403_and_an_id_that_is_not_a_number_a_plain_404()
    {
        (await Http.RegistryGetAsync("/schemas/ids/99999")).AssertError(HttpStatusCode.NotFound, 40403, "Schema 99999 not found");
        (await Http.RegistryGetAsync("/schemas/ids/99999/subjects")).AssertError(HttpStatusCode.NotFound, 40403);
        (await Http.RegistryGetAsync("/schemas/ids/99999/versions")).AssertError(HttpStatusCode.NotFound, 40403);
        (await Http.RegistryGetAsync("/schemas/ids/abc")).AssertError(HttpStatusCode.NotFound, 404, "HTTP 404 Not Found");
    }

    [Fact]
    public async Task An_id_lists_its_subjects_and_versions_and_stays_readable_after_a_soft_delete()
    {
        var first = UniqueNames.For("a");
        var second = UniqueNames.For("b");
        var schema = "{\"type\":\"enum\",\"name\":\"E" + Guid.NewGuid().ToString("N")[..6] + "\",\"symbols\":[\"A\"]}";
        var id = await Http.RegisterAsync(first, schema);
        await Http.RegisterAsync(second, schema);
        await Http.RegistryDeleteAsync("/subjects/" + second);

        Assert.Equal("[\"" + first + "\"]", (await Http.RegistryGetAsync("/schemas/ids/" + id + "/subjects")).Body);
        Assert.Equal("[\"" + first + "\",\"" + second + "\"]", (await Http.RegistryGetAsync("/schemas/ids/" + id + "/subjects?deleted=true")).Body);
        Assert.Equal("[{\"subject\":\"" + first + "\",\"version\":1}]", (await Http.RegistryGetAsync("/schemas/ids/" + id + "/versions")).Body);
        await Http.RegistryDeleteAsync("/subjects/" + first);
        (await Http.RegistryGetAsync("/schemas/ids/" + id)).AssertOk();
    }

    [Fact]
    public async Task A_permanently_deleted_schema_is_gone_by_id()
    {
        var subject = UniqueNames.For("s");
        var id = await Http.RegisterAsync(subject, "{\"type\":\"record\",\"name\":\"Gone" + Guid.NewGuid().ToString("N")[..6] + "\",\"fields\":[]}");
        await Http.RegistryDeleteAsync("/subjects/" + subject);
        Assert.Equal("[1]", (await Http.RegistryDeleteAsync("/subjects/" + subject + "?permanent=true")).Body);

        (await Http.RegistryGetAsync("/schemas/ids/" + id)).AssertError(HttpStatusCode.NotFound, 40403);
    }

    [Fact]
    public async Task The_schema_list_filters_by_prefix_and_keeps_the_latest_with_latestOnly()
    {
        var subject = UniqueNames.For("list");
        await Http.RegisterAsync(subject, "\"string\"");
        await Http.RegisterAsync(subject, "\"bytes\"");

        var all = (await Http.RegistryGetAsync("/schemas?subjectPrefix=" + subject)).AssertOk();
        var latest = (await Http.RegistryGetAsync("/schemas?latestOnly=true&subjectPrefix=" + subject)).AssertOk();

        Assert.Equal(2, all.GetArrayLength());
        Assert.Equal(2, latest[0].GetProperty("version").GetInt32());
        Assert.Equal(1, latest.GetArrayLength());
    }
}
