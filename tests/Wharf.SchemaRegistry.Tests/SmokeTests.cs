namespace Wharf.SchemaRegistry.Tests;

public sealed class SmokeTests(RegistryFixture fixture)
{
    [Fact]
    public async Task A_schema_registered_is_read_back_by_id_and_by_version()
    {
        var subject = Wharf.Testing.UniqueNames.For("smoke") + "-value";
        var schema = RegistryCalls.Record("Smoke", "{\"name\":\"f\",\"type\":\"string\"}");
        var id = await fixture.Http.RegisterAsync(subject, schema);

        var byId = (await fixture.Http.RegistryGetAsync("/schemas/ids/" + id)).AssertOk();
        Assert.Equal(schema, byId.GetProperty("schema").GetString());
        var version = (await fixture.Http.RegistryGetAsync("/subjects/" + subject + "/versions/1")).AssertOk();
        Assert.Equal(id, version.GetProperty("id").GetInt32());
        Assert.Equal(subject, version.GetProperty("subject").GetString());
    }
}
