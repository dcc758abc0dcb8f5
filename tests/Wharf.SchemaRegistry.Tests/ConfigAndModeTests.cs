using System.Net;
using Wharf.Testing;

namespace Wharf.SchemaRegistry.Tests;

/// <summary>/config and /mode. Changes of the top level are made (and undone) by <see cref="ClusterTests"/>-like dedicated registries only.</summary>
public sealed class ConfigAndModeTests(RegistryFixture fixture)
{
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task The_top_level_config_and_mode_are_the_defaults()
    {
        Assert.Equal("{\"compatibilityLevel\":\"BACKWARD\"}", (await Http.RegistryGetAsync("/config")).Body);
        Assert.Equal("{\"mode\":\"READWRITE\"}", (await Http.RegistryGetAsync("/mode")).Body);
        Assert.Equal("{\"compatibilityLevel\":\"BACKWARD\"}", (await Http.RegistryGetAsync("/config/:.:")).Body);
    }

    [Fact]
    public async Task A_subject_config_is_set_case_insensitively_read_and_deleted()
    {
        var subject = UniqueNames.For("s");
        (await Http.RegistryGetAsync("/config/" + subject)).AssertError(HttpStatusCode.NotFound, 40408, "Subject '" + subject + "' does not have subject-level compatibility configured");
        Assert.Equal("{\"compatibilityLevel\":\"BACKWARD\"}", (await Http.RegistryGetAsync("/config/" + subject + "?defaultToGlobal=true")).Body);

        Assert.Equal("{\"compatibility\":\"FULL_TRANSITIVE\"}", (await Http.RegistryPutAsync("/config/" + subject, "{\"compatibility\":\"full_transitive\"}")).Body);
        Assert.Equal("{\"compatibilityLevel\":\"FULL_TRANSITIVE\"}", (await Http.RegistryGetAsync("/config/" + subject)).Body);
        Assert.Equal("{\"compatibilityLevel\":\"FULL_TRANSITIVE\"}", (await Http.RegistryDeleteAsync("/config/" + subject)).Body);
        (await Http.RegistryDeleteAsync("/config/" + subject)).AssertError(HttpStatusCode.NotFound, 40401, "Subject '" + subject + "' not found.");
    }

    [Theory]
    [InlineData("{\"compatibility\":\"SIDEWAYS\"}")]
    [InlineData("{\"compatibilityLevel\":\"FULL\"}")]
    [InlineData("{}")]
    public async Task An_invalid_level_is_42203(string body)
    {
        (await Http.RegistryPutAsync("/config/" + UniqueNames.For("s"), body))
            .AssertError(HttpStatusCode.UnprocessableEntity, 42203, "Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive");
    }

    [Fact]
    public async Task A_read_only_subject_refuses_new_schemas_but_answers_registered_ones()
    {
        var subject = UniqueNames.For("s");
        var id = await Http.RegisterAsync(subject, "\"string\"");
        Assert.Equal("{\"mode\":\"READONLY\"}", (await Http.RegistryPutAsync("/mode/" + subject, "{\"mode\":\"readonly\"}")).Body);

        Assert.Equal(id, await Http.RegisterAsync(subject, "\"string\""));
        (await Http.RegistryPostAsync("/subjects/" + subject + "/versions", RegistryCalls.SchemaBody("\"bytes\"")))
            .AssertError(HttpStatusCode.UnprocessableEntity, 42205, "Subject " + subject + " is in read-only mode");
        (await Http.RegistryDeleteAsync("/subjects/" + subject)).AssertError(HttpStatusCode.UnprocessableEntity, 42205);

        Assert.Equal("{\"mode\":\"READONLY\"}", (await Http.RegistryDeleteAsync("/mode/" + subject)).Body);
        await Http.RegisterAsync(subject, "\"bytes\"");
    }

    [Fact]
    public async Task A_subject_mode_is_40409_until_set_and_an_invalid_mode_42204()
    {
        var subject = UniqueNames.For("s");
        (await Http.RegistryGetAsync("/mode/" + subject)).AssertError(HttpStatusCode.NotFound, 40409, "Subject '" + subject + "' does not have subject-level mode configured");
        Assert.Equal("{\"mode\":\"READWRITE\"}", (await Http.RegistryGetAsync("/mode/" + subject + "?defaultToGlobal=true")).Body);
        (await Http.RegistryPutAsync("/mode/" + subject, "{\"mode\":\"WRITEONLY\"}"))
            .AssertError(HttpStatusCode.UnprocessableEntity, 42204, "Invalid mode. Valid values are READWRITE, READONLY, IMPORT and FORWARD.");
        (await Http.RegistryDeleteAsync("/mode/" + subject)).AssertError(HttpStatusCode.NotFound, 40401);
    }

    [Fact]
    public async Task Import_mode_takes_explicit_ids_and_versions_and_refuses_an_id_of_another_schema()
    {
        var subject = UniqueNames.For("s");
        (await Http.RegistryPutAsync("/mode/" + subject, "{\"mode\":\"IMPORT\"}")).AssertOk();

        (await Http.RegistryPostAsync("/subjects/" + subject + "/versions", RegistryCalls.SchemaBody("\"string\"")))
            .AssertError(HttpStatusCode.UnprocessableEntity, 42205, "Subject " + subject + " is not in read-write mode");
        var imported = (await Http.RegistryPostAsync("/subjects/" + subject + "/versions", "{\"schema\":\"{\\\"type\\\":\\\"fixed\\\",\\\"name\\\":\\\"Imp\\\",\\\"size\\\":3}\",\"id\":777001,\"version\":5}")).AssertOk();
        Assert.Equal(777001, imported.GetProperty("id").GetInt32());
        Assert.Equal(5, (await Http.RegistryGetAsync("/subjects/" + subject + "/versions/latest")).AssertOk().GetProperty("version").GetInt32());
        (await Http.RegistryPostAsync("/subjects/" + subject + "/versions", "{\"schema\":\"{\\\"type\\\":\\\"fixed\\\",\\\"name\\\":\\\"Other\\\",\\\"size\\\":3}\",\"id\":777001,\"version\":6}"))
            .AssertError(HttpStatusCode.UnprocessableEntity, 42205, "Overwrite new schema with id 777001 is not permitted.");
        (await Http.RegistryDeleteAsync("/mode/" + subject)).AssertOk();

        (await Http.RegistryPostAsync("/subjects/" + subject + "/versions", "{\"schema\":\"\\\"bytes\\\"\",\"id\":777002}"))
            .AssertError(HttpStatusCode.UnprocessableEntity, 42205, "Subject " + subject + " is not in import mode");
        var next = await Http.RegisterAsync(UniqueNames.For("after"), "{\"type\":\"fixed\",\"name\":\"After\",\"size\":3}");
        Assert.True(next > 777001, "ids continue after the highest imported id");
    }

    [Fact]
    public async Task Switching_a_subject_with_schemas_to_import_needs_force()
    {
        var subject = UniqueNames.For("s");
        await Http.RegisterAsync(subject, "\"string\"");

        (await Http.RegistryPutAsync("/mode/" + subject, "{\"mode\":\"IMPORT\"}")).AssertError(HttpStatusCode.UnprocessableEntity, 42205, "Cannot import since found existing subjects");
        Assert.Equal("{\"mode\":\"IMPORT\"}", (await Http.RegistryPutAsync("/mode/" + subject + "?force=true", "{\"mode\":\"IMPORT\"}")).Body);
        await Http.RegistryDeleteAsync("/mode/" + subject);
    }

    [Fact]
    public async Task Contexts_list_the_default_context_and_qualified_subjects_have_their_own_ids()
    {
        var context = "." + UniqueNames.For("ctx");
        var schema = "{\"type\":\"record\",\"name\":\"InContext" + Guid.NewGuid().ToString("N")[..6] + "\",\"fields\":[]}";
        var id = await Http.RegisterAsync(":" + context + ":orders", schema);

        var contexts = (await Http.RegistryGetAsync("/contexts")).AssertOk();
        Assert.Equal(".", contexts[0].GetString());
        Assert.Contains(context, contexts.EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(1, id);
        (await Http.RegistryGetAsync("/schemas/ids/" + id + "?subject=:" + context + ":orders")).AssertOk();
    }

    [Fact]
    public async Task A_contexts_url_prefix_acts_inside_that_context()
    {
        var name = UniqueNames.For("ctxurl");
        var schema = "{\"type\":\"record\",\"name\":\"ByUrl" + Guid.NewGuid().ToString("N")[..6] + "\",\"fields\":[]}";

        var registered = (await Http.RegistryPostAsync("/contexts/" + name + "/subjects/orders/versions", RegistryCalls.SchemaBody(schema))).AssertOk();
        var id = registered.GetProperty("id").GetInt32();

        // The same subject, named with its qualified name; a context's listing holds only its own subjects.
        var version = (await Http.RegistryGetAsync("/subjects/:." + name + ":orders/versions/1")).AssertOk();
        Assert.Equal(":." + name + ":orders", version.GetProperty("subject").GetString());
        Assert.Equal([":." + name + ":orders"], (await Http.RegistryGetAsync("/contexts/." + name + "/subjects")).AssertOk().EnumerateArray().Select(s => s.GetString()));
        Assert.DoesNotContain(":." + name + ":orders", (await Http.RegistryGetAsync("/contexts/.other-" + name + "/subjects")).AssertOk().EnumerateArray().Select(s => s.GetString()));
        (await Http.RegistryGetAsync("/contexts/." + name + "/schemas/ids/" + id)).AssertOk();

        // Top-level config under the prefix is the context's own config.
        (await Http.RegistryPutAsync("/contexts/" + name + "/config", "{\"compatibility\":\"NONE\"}")).AssertOk();
        Assert.Equal("NONE", (await Http.RegistryGetAsync("/config/:." + name + ":")).AssertOk().GetProperty("compatibilityLevel").GetString());

        (await Http.RegistryGetAsync("/contexts/a:b/subjects")).AssertError(HttpStatusCode.BadRequest, 400, "Context name 'a:b' cannot contain a colon");

        // A context with subjects cannot be deleted; once its subjects are hard-deleted it can.
        (await Http.RegistryDeleteAsync("/contexts/." + name)).AssertError((HttpStatusCode)422, 42211, "The specified context '." + name + "' is not empty.");
        (await Http.RegistryDeleteAsync("/contexts/." + name + "/subjects/orders")).AssertOk();
        (await Http.RegistryDeleteAsync("/contexts/." + name + "/subjects/orders?permanent=true")).AssertOk();
        Assert.Equal(HttpStatusCode.NoContent, (await Http.RegistryDeleteAsync("/contexts/." + name)).Status);
        Assert.DoesNotContain("." + name, (await Http.RegistryGetAsync("/contexts")).AssertOk().EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task Server_metadata_names_the_kafka_cluster_and_the_registry_group()
    {
        var scope = (await Http.RegistryGetAsync("/v1/metadata/id")).AssertOk().GetProperty("scope");

        Assert.Empty(scope.GetProperty("path").EnumerateArray());
        Assert.False(string.IsNullOrEmpty(scope.GetProperty("clusters").GetProperty("kafka-cluster").GetString()));
        Assert.Equal("schema-registry", scope.GetProperty("clusters").GetProperty("schema-registry-cluster").GetString());
    }
}
