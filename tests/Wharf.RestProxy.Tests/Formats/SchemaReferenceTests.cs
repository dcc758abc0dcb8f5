using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.RestProxy.Tests.Consumers;
using Wharf.Testing;

namespace Wharf.RestProxy.Tests.Formats;

/// <summary>
/// Schemas that reference other subjects (registered with <c>references</c>): the proxy fetches the referenced
/// versions and parses with them, to produce by schema id and to decode what it consumes.
/// </summary>
public sealed class SchemaReferenceTests(SchemaRegistryFixture fixture) : IClassFixture<SchemaRegistryFixture>
{
    [Fact]
    public async Task An_avro_schema_naming_a_type_of_another_subject_produces_by_id_and_reads_back()
    {
        var topic = UniqueNames.For("avro-refs");
        var suitSubject = UniqueNames.For("suit");
        await RegisterAsync(suitSubject, "AVRO", """{"type":"enum","name":"Suit","namespace":"cards","symbols":["SPADES","HEARTS"]}""");
        var id = await RegisterAsync(topic + "-value", "AVRO", """{"type":"record","name":"Card","namespace":"cards","fields":[{"name":"suit","type":"Suit"},{"name":"rank","type":"int"}]}""",
            new JsonObject { ["name"] = "cards.Suit", ["subject"] = suitSubject, ["version"] = 1 });

        var value = await ProduceAndReadAsync(topic, id, "avro", """{"suit":"HEARTS","rank":7}""");

        Assert.Equal("HEARTS", value.GetProperty("suit").GetString());
        Assert.Equal(7, value.GetProperty("rank").GetInt32());
    }

    [Fact]
    public async Task A_json_schema_with_a_ref_to_another_subject_produces_by_id_and_reads_back()
    {
        var topic = UniqueNames.For("json-refs");
        var addressSubject = UniqueNames.For("address");
        await RegisterAsync(addressSubject, "JSON", """{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""");
        var id = await RegisterAsync(topic + "-value", "JSON", """{"type":"object","properties":{"name":{"type":"string"},"home":{"$ref":"address.json"}}}""",
            new JsonObject { ["name"] = "address.json", ["subject"] = addressSubject, ["version"] = 1 });

        var value = await ProduceAndReadAsync(topic, id, "jsonschema", """{"name":"Ada","home":{"city":"London"}}""");

        Assert.Equal("London", value.GetProperty("home").GetProperty("city").GetString());
    }

    private async Task<int> RegisterAsync(string subject, string type, string schema, params JsonObject[] references)
    {
        var body = new JsonObject { ["schemaType"] = type, ["schema"] = schema, ["references"] = new JsonArray([.. references]) };
        using var answer = await fixture.Registry.Http.PostAsync(new Uri("/subjects/" + subject + "/versions", UriKind.Relative),
            new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/vnd.schemaregistry.v1+json"), TestContext.Current.CancellationToken);
        var text = await answer.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(answer.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt32();
    }

    private async Task<JsonElement> ProduceAndReadAsync(string topic, int schemaId, string format, string valueJson)
    {
        var contentType = "application/vnd.kafka." + format + ".v2+json";
        var produced = await fixture.Http.ProduceAsync("/topics/" + topic, "{\"value_schema_id\":" + schemaId + ",\"records\":[{\"value\":" + valueJson + "}]}", contentType);
        produced.AssertOk();
        Assert.Equal(schemaId, produced.Json.GetProperty("value_schema_id").GetInt32());

        var consumer = await ConsumerApi.CreateAsync(fixture.Http, UniqueNames.For("group"), "{\"format\":\"" + format + "\",\"auto.offset.reset\":\"earliest\"}");
        await consumer.SubscribeAsync(topic);
        var record = Assert.Single(await consumer.ReadAtLeastAsync(1, accept: contentType));
        await consumer.DeleteAsync();
        return record.GetProperty("value");
    }
}
