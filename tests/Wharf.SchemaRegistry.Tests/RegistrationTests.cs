using System.Net;
using Wharf.Testing;

namespace Wharf.SchemaRegistry.Tests;

/// <summary>POST /subjects/{s}/versions: ids, versions, idempotence, compatibility and the original's answers to bad input.</summary>
public sealed class RegistrationTests(RegistryFixture fixture)
{
    private static readonly string Name = "{\"name\":\"name\",\"type\":\"string\"}";
    private static readonly string Age = "{\"name\":\"age\",\"type\":\"int\"}";
    private static readonly string AgeWithDefault = "{\"name\":\"age\",\"type\":\"int\",\"default\":0}";

    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task Registering_answers_only_the_id_and_stores_Avro_Javas_canonical_text()
    {
        var subject = UniqueNames.For("s");
        var answer = await Http.RegistryPostAsync("/subjects/" + subject + "/versions", RegistryCalls.SchemaBody("{ \"type\" : \"record\", \"name\" : \"User\", \"fields\" : [ {\"type\":\"string\", \"name\":\"name\"} ] }"));

        var json = answer.AssertOk();
        Assert.Equal(["id"], json.EnumerateObject().Select(p => p.Name));
        var stored = (await Http.RegistryGetAsync("/subjects/" + subject + "/versions/1")).AssertOk();
        Assert.Equal("{\"type\":\"record\",\"name\":\"User\",\"fields\":[{\"name\":\"name\",\"type\":\"string\"}]}", stored.GetProperty("schema").GetString());
        Assert.Equal(["subject", "version", "id", "schema"], stored.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Registering_the_same_schema_again_returns_the_same_id_without_a_new_version()
    {
        var subject = UniqueNames.For("s");
        var schema = RegistryCalls.Record("Again", Name);
        var first = await Http.RegisterAsync(subject, schema);
        var second = await Http.RegisterAsync(subject, schema.Replace(",", " , ", StringComparison.Ordinal));

        Assert.Equal(first, second);
        Assert.Equal("[1]", (await Http.RegistryGetAsync("/subjects/" + subject + "/versions")).Body);
    }

    [Fact]
    public async Task The_same_schema_under_two_subjects_has_one_id_and_another_schema_a_new_one()
    {
        var schema = RegistryCalls.Record("Shared", Name, "{\"name\":\"x\",\"type\":\"long\"}");
        var first = await Http.RegisterAsync(UniqueNames.For("a"), schema);
        var second = await Http.RegisterAsync(UniqueNames.For("b"), schema);
        var other = await Http.RegisterAsync(UniqueNames.For("c"), RegistryCalls.Record("Shared", Name, "{\"name\":\"y\",\"type\":\"long\"}"));

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task A_compatible_change_becomes_version_2_and_an_incompatible_one_is_409_with_the_reasons()
    {
        var subject = UniqueNames.For("s");
        await Http.RegisterAsync(subject, RegistryCalls.Record("Evolving", Name));
        await Http.RegisterAsync(subject, RegistryCalls.Record("Evolving", Name, AgeWithDefault));

        var answer = await Http.RegistryPostAsync("/subjects/" + subject + "/versions", RegistryCalls.SchemaBody(RegistryCalls.Record("Evolving", Name, AgeWithDefault, "{\"name\":\"extra\",\"type\":\"int\"}")));

        answer.AssertError(HttpStatusCode.Conflict, 409);
        var message = answer.Json.GetProperty("message").GetString()!;
        Assert.StartsWith("Schema being registered is incompatible with an earlier schema for subject \"" + subject + "\", details: [{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE'", message, StringComparison.Ordinal);
        Assert.Contains("{oldSchemaVersion: 2}", message, StringComparison.Ordinal);
        Assert.EndsWith("{validateFields: 'false', compatibility: 'BACKWARD'}]", message, StringComparison.Ordinal);
        Assert.Equal("[1,2]", (await Http.RegistryGetAsync("/subjects/" + subject + "/versions")).Body);
    }

    [Fact]
    public async Task An_invalid_schema_is_42201_and_nothing_is_stored()
    {
        var subject = UniqueNames.For("s");
        var answer = await Http.RegistryPostAsync("/subjects/" + subject + "/versions", RegistryCalls.SchemaBody("{\"type\":\"record\",\"name\":\"Bad\",\"fields\":[{\"name\":\"f\",\"type\":\"nosuchtype\"}]}"));

        answer.AssertError(HttpStatusCode.UnprocessableEntity, 42201);
        Assert.StartsWith("Invalid schema {subject=" + subject + ",version=0,id=-1,schemaType=AVRO,", answer.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
        (await Http.RegistryGetAsync("/subjects/" + subject + "/versions")).AssertError(HttpStatusCode.NotFound, 40401, "Subject '" + subject + "' not found.");
    }

    [Theory]
    [InlineData("{\"schema\":\"\"}", "Empty schema")]
    [InlineData("{\"schemaType\":\"AVRO\"}", "Empty schema")]
    [InlineData("{\"schema\":\"\\\"string\\\"\",\"schemaType\":\"AVROO\"}", "Invalid schema type AVROO")]
    [InlineData("{\"schema\":\"\\\"string\\\"\",\"schemaType\":\"avro\"}", "Invalid schema type avro")]
    [InlineData("{\"schema\":\"{\\\"type\\\":\\\"object\\\"}\",\"schemaType\":\"json\"}", "Invalid schema type json")]
    public async Task A_missing_schema_or_an_unknown_schema_type_is_42201(string body, string message)
    {
        var answer = await Http.RegistryPostAsync("/subjects/" + UniqueNames.For("s") + "/versions", body);

        answer.AssertError(HttpStatusCode.UnprocessableEntity, 42201, message);
    }

    [Theory]
    [InlineData("{\"schema\":", "Unexpected end-of-input")]
    [InlineData("{\"schema\" \"x\"}", "Unexpected character ('\"' (code 34)): was expecting a colon to separate field name and value")]
    [InlineData("not json", "Unrecognized token 'not'")]
    [InlineData("", "No content to map due to end-of-input")]
    public async Task Malformed_json_is_400_with_jacksons_message(string body, string messageStart)
    {
        var answer = await Http.RegistryPostAsync("/subjects/" + UniqueNames.For("s") + "/versions", body);

        answer.AssertError(HttpStatusCode.BadRequest, 400);
        Assert.StartsWith(messageStart, answer.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"schema\":{\"type\":\"string\"}}", "Cannot deserialize value of type `java.lang.String` from Object value (token `JsonToken.START_OBJECT`)")]
    [InlineData("[\"string\"]", "Cannot deserialize value of type `io.confluent.kafka.schemaregistry.client.rest.entities.requests.RegisterSchemaRequest` from Array value (token `JsonToken.START_ARRAY`)")]
    [InlineData("{\"schema\":\"\\\"string\\\"\",\"version\":\"abc\"}", "Cannot deserialize value of type `java.lang.Integer` from String \"abc\": not a valid `java.lang.Integer` value")]
    public async Task Json_of_the_wrong_shape_is_400_with_jacksons_mapping_message(string body, string message)
    {
        var answer = await Http.RegistryPostAsync("/subjects/" + UniqueNames.For("s") + "/versions", body);

        answer.AssertError(HttpStatusCode.BadRequest, 400, message);
    }

    [Fact]
    public async Task Unknown_fields_of_the_request_are_ignored()
    {
        var answer = await Http.RegistryPostAsync("/subjects/" + UniqueNames.For("s") + "/versions", "{\"schema\":\"\\\"string\\\"\",\"whatever\":[1,2],\"metadata\":{\"properties\":{}}}");

        answer.AssertOk();
    }

    [Fact]
    public async Task A_schema_of_a_megabyte_is_42209_and_the_registry_keeps_serving()
    {
        var subject = UniqueNames.For("s");
        var fields = Enumerable.Range(0, 20_000).Select(i => "{\"name\":\"field_number_" + i + "\",\"type\":\"string\",\"doc\":\"padding padding\"}");
        var schema = RegistryCalls.Record("Huge", [.. fields]);
        Assert.True(schema.Length > 1_000_000);

        var answer = await Http.RegistryPostAsync("/subjects/" + subject + "/versions", RegistryCalls.SchemaBody(schema));

        answer.AssertError(HttpStatusCode.UnprocessableEntity, 42209, "Register operation failed because schema is too large");
        (await Http.RegistryGetAsync("/subjects/" + subject + "/versions")).AssertError(HttpStatusCode.NotFound, 40401);
        var id = await Http.RegisterAsync(subject, RegistryCalls.Record("Small", Name));
        Assert.True(id > 0);
    }

    [Fact]
    public async Task Versions_keep_growing_after_soft_deletes()
    {
        var subject = UniqueNames.For("s");
        await Http.RegisterAsync(subject, RegistryCalls.Record("Grow", Name));
        await Http.RegisterAsync(subject, RegistryCalls.Record("Grow", Name, AgeWithDefault));
        Assert.Equal("[1,2]", (await Http.RegistryDeleteAsync("/subjects/" + subject)).Body);

        await Http.RegisterAsync(subject, RegistryCalls.Record("Grow", Name, Age));

        Assert.Equal("[3]", (await Http.RegistryGetAsync("/subjects/" + subject + "/versions")).Body);
    }

    [Fact]
    public async Task Normalize_stores_the_normalized_text_and_finds_a_schema_written_differently()
    {
        var subject = UniqueNames.For("s");
        var id = await Http.RegisterAsync(subject, "{\"type\":\"record\",\"name\":\"N\",\"namespace\":\"a.b\",\"fields\":[{\"name\":\"f\",\"type\":{\"type\":\"string\"}}]}", "?normalize=true");
        var again = await Http.RegisterAsync(subject, "{\"name\":\"a.b.N\",\"type\":\"record\",\"fields\":[{\"type\":\"string\",\"name\":\"f\"}]}", "?normalize=true");

        Assert.Equal(id, again);
        var stored = (await Http.RegistryGetAsync("/schemas/ids/" + id)).AssertOk();
        Assert.Equal("{\"type\":\"record\",\"name\":\"N\",\"namespace\":\"a.b\",\"fields\":[{\"name\":\"f\",\"type\":\"string\"}]}", stored.GetProperty("schema").GetString());
    }

    [Fact]
    public async Task A_schema_with_a_reference_is_registered_and_the_reference_is_answered()
    {
        var subject = UniqueNames.For("s");
        var addressSubject = UniqueNames.For("address");
        await Http.RegisterAsync(addressSubject, "{\"type\":\"record\",\"name\":\"Address\",\"namespace\":\"com.acme\",\"fields\":[{\"name\":\"street\",\"type\":\"string\"}]}");
        var references = "[{\"name\":\"com.acme.Address\",\"subject\":\"" + addressSubject + "\",\"version\":1}]";
        var body = RegistryCalls.SchemaBody("{\"type\":\"record\",\"name\":\"Customer\",\"namespace\":\"com.acme\",\"fields\":[{\"name\":\"address\",\"type\":\"Address\"}]}", referencesJson: references);

        var id = (await Http.RegistryPostAsync("/subjects/" + subject + "/versions", body)).AssertOk().GetProperty("id").GetInt32();

        var byId = (await Http.RegistryGetAsync("/schemas/ids/" + id)).AssertOk();
        Assert.Equal(addressSubject, byId.GetProperty("references")[0].GetProperty("subject").GetString());
        Assert.Equal("[" + id + "]", (await Http.RegistryGetAsync("/subjects/" + addressSubject + "/versions/1/referencedby")).Body);
        var delete = await Http.RegistryDeleteAsync("/subjects/" + addressSubject + "/versions/1");
        delete.AssertError(HttpStatusCode.UnprocessableEntity, 42206, "One or more references exist to the schema {magic=1,keytype=SCHEMA,subject=" + addressSubject + ",version=1}.");
    }

    [Fact]
    public async Task A_reference_to_a_missing_subject_is_42201()
    {
        var body = RegistryCalls.SchemaBody("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"Missing\"}]}", referencesJson: "[{\"name\":\"Missing\",\"subject\":\"no-such-subject\",\"version\":1}]");

        var answer = await Http.RegistryPostAsync("/subjects/" + UniqueNames.For("s") + "/versions", body);

        answer.AssertError(HttpStatusCode.UnprocessableEntity, 42201);
    }

    [Fact]
    public async Task A_json_schema_is_stored_compact_with_its_type_and_found_again_written_differently()
    {
        var subject = UniqueNames.For("s");
        var id = await Http.RegisterAsync(subject, "{ \"type\" : \"object\", \"properties\" : { \"a\" : { \"type\" : \"string\" } } }", schemaType: "JSON");

        var stored = (await Http.RegistryGetAsync("/subjects/" + subject + "/versions/1")).AssertOk();
        var lookup = (await Http.RegistryPostAsync("/subjects/" + subject, RegistryCalls.SchemaBody("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}", "JSON"))).AssertOk();
        var asAvro = await Http.RegistryPostAsync("/subjects/" + subject, RegistryCalls.SchemaBody("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}"));

        Assert.Equal("JSON", stored.GetProperty("schemaType").GetString());
        Assert.Equal("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}", stored.GetProperty("schema").GetString());
        Assert.Equal(id, lookup.GetProperty("id").GetInt32());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, asAvro.Status);
    }

    [Fact]
    public async Task A_protobuf_schema_is_stored_with_its_type_and_found_again_written_differently()
    {
        var subject = UniqueNames.For("s");
        var id = await Http.RegisterAsync(subject, "syntax = \"proto3\";\npackage acme;\n\nmessage Order {\n  string id = 1;\n  int64 total = 2;\n}\n", schemaType: "PROTOBUF");

        var byId = (await Http.RegistryGetAsync("/schemas/ids/" + id)).AssertOk();
        var lookup = (await Http.RegistryPostAsync("/subjects/" + subject, RegistryCalls.SchemaBody("syntax=\"proto3\"; package acme; message Order { string id = 1; int64 total = 2; }", "PROTOBUF"))).AssertOk();

        Assert.Equal("PROTOBUF", byId.GetProperty("schemaType").GetString());
        Assert.Contains("message Order {", byId.GetProperty("schema").GetString(), StringComparison.Ordinal);
        Assert.Equal(id, lookup.GetProperty("id").GetInt32());
        Assert.Equal(1, lookup.GetProperty("version").GetInt32());
    }

    [Theory]
    [InlineData("JSON", "{\"type\":\"strin\"}")]
    [InlineData("JSON", "{\"type\":")]
    [InlineData("PROTOBUF", "syntax = \"proto3\";\nmessage M {\n  strin a = 1;\n}\n")]
    [InlineData("PROTOBUF", "message {")]
    public async Task An_invalid_json_or_protobuf_schema_is_42201_naming_its_type(string schemaType, string schema)
    {
        var subject = UniqueNames.For("s");

        var answer = await Http.RegistryPostAsync("/subjects/" + subject + "/versions", RegistryCalls.SchemaBody(schema, schemaType));

        answer.AssertError(HttpStatusCode.UnprocessableEntity, 42201);
        var message = answer.Json.GetProperty("message").GetString()!;
        Assert.StartsWith("Invalid schema {subject=" + subject + ",version=0,id=-1,schemaType=" + schemaType + ",", message, StringComparison.Ordinal);
        Assert.Contains(" of type " + schemaType + ", details: ", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_protobuf_import_resolves_by_its_path_through_references_of_references()
    {
        var money = UniqueNames.For("money");
        var price = UniqueNames.For("price");
        await Http.RegisterAsync(money, "syntax = \"proto3\";\npackage acme;\nmessage Money {\n  int64 units = 1;\n}\n", schemaType: "PROTOBUF");
        await Http.RegisterAsync(price, "syntax = \"proto3\";\npackage acme;\nimport \"acme/money.proto\";\nmessage Price {\n  Money amount = 1;\n}\n", schemaType: "PROTOBUF",
            referencesJson: "[{\"name\":\"acme/money.proto\",\"subject\":\"" + money + "\",\"version\":1}]");
        var subject = UniqueNames.For("s");

        var id = await Http.RegisterAsync(subject, "syntax = \"proto3\";\npackage acme;\nimport \"acme/price.proto\";\nmessage Item {\n  Price price = 1;\n}\n", schemaType: "PROTOBUF",
            referencesJson: "[{\"name\":\"acme/price.proto\",\"subject\":\"" + price + "\",\"version\":1}]");
        var withoutReference = await Http.RegistryPostAsync("/subjects/" + UniqueNames.For("s") + "/versions", RegistryCalls.SchemaBody("syntax = \"proto3\";\npackage acme;\nimport \"acme/price.proto\";\nmessage Item {\n  Price price = 1;\n}\n", "PROTOBUF"));

        Assert.Equal("[" + id + "]", (await Http.RegistryGetAsync("/subjects/" + price + "/versions/1/referencedby")).Body);
        withoutReference.AssertError(HttpStatusCode.UnprocessableEntity, 42201);
    }

    [Fact]
    public async Task A_json_ref_resolves_by_the_references_name_and_a_reference_of_another_type_is_42201()
    {
        var address = UniqueNames.For("address");
        var avro = UniqueNames.For("avro");
        await Http.RegisterAsync(address, "{\"type\":\"object\",\"properties\":{\"street\":{\"type\":\"string\"}},\"required\":[\"street\"]}", schemaType: "JSON");
        await Http.RegisterAsync(avro, "\"string\"");
        const string Customer = "{\"type\":\"object\",\"properties\":{\"address\":{\"$ref\":\"address.json\"}}}";

        var id = await Http.RegisterAsync(UniqueNames.For("s"), Customer, schemaType: "JSON", referencesJson: "[{\"name\":\"address.json\",\"subject\":\"" + address + "\",\"version\":1}]");
        var wrongType = await Http.RegistryPostAsync("/subjects/" + UniqueNames.For("s") + "/versions", RegistryCalls.SchemaBody(Customer, "JSON", "[{\"name\":\"address.json\",\"subject\":\"" + avro + "\",\"version\":1}]"));

        Assert.Equal("[" + id + "]", (await Http.RegistryGetAsync("/subjects/" + address + "/versions/1/referencedby")).Body);
        wrongType.AssertError(HttpStatusCode.UnprocessableEntity, 42201);
    }

    [Theory]
    [InlineData("__GLOBAL")]
    [InlineData("__EMPTY")]
    [InlineData("bad%01subject")]
    public async Task An_invalid_subject_is_42208(string subject)
    {
        var answer = await Http.RegistryPostAsync("/subjects/" + subject + "/versions", RegistryCalls.SchemaBody("\"string\""));

        answer.AssertError(HttpStatusCode.UnprocessableEntity, 42208);
    }

    [Fact]
    public async Task A_subject_with_a_slash_is_addressed_with_percent_2F()
    {
        var subject = UniqueNames.For("a") + "/b";
        var id = await Http.RegisterAsync(subject, "\"int\"");

        var version = (await Http.RegistryGetAsync("/subjects/" + Uri.EscapeDataString(subject) + "/versions/latest")).AssertOk();

        Assert.Equal(subject, version.GetProperty("subject").GetString());
        Assert.Equal(id, version.GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task Json_and_protobuf_schemas_are_registered_through_their_providers()
    {
        var jsonSubject = UniqueNames.For("json");
        var protoSubject = UniqueNames.For("proto");
        var json = (await Http.RegistryPostAsync("/subjects/" + jsonSubject + "/versions", RegistryCalls.SchemaBody("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"additionalProperties\":false}", "JSON"))).AssertOk();
        var proto = (await Http.RegistryPostAsync("/subjects/" + protoSubject + "/versions", RegistryCalls.SchemaBody("syntax = \"proto3\";\nmessage Ping { string id = 1; }\n", "PROTOBUF"))).AssertOk();

        Assert.Equal("JSON", (await Http.RegistryGetAsync("/schemas/ids/" + json.GetProperty("id").GetInt32())).AssertOk().GetProperty("schemaType").GetString());
        Assert.Equal("PROTOBUF", (await Http.RegistryGetAsync("/subjects/" + protoSubject + "/versions/1")).AssertOk().GetProperty("schemaType").GetString());
        var incompatible = await Http.RegistryPostAsync("/subjects/" + protoSubject + "/versions", RegistryCalls.SchemaBody("syntax = \"proto3\";\nmessage Ping { int32 id = 1; }\n", "PROTOBUF"));
        incompatible.AssertError(HttpStatusCode.Conflict, 409);
        (await Http.RegistryPostAsync("/subjects/" + protoSubject + "/versions", RegistryCalls.SchemaBody("message {", "PROTOBUF"))).AssertError(HttpStatusCode.UnprocessableEntity, 42201);
        (await Http.RegistryPostAsync("/subjects/" + protoSubject + "/versions", RegistryCalls.SchemaBody("\"string\""))).AssertError(HttpStatusCode.Conflict, 409);
    }
}
