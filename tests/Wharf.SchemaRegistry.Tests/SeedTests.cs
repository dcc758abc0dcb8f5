using Wharf.Testing;

namespace Wharf.SchemaRegistry.Tests;

/// <summary>
/// Seed 003's Avro flow, as its clients talk to the registry: KafkaAvroSerializer (schema.registry.url=...:8081)
/// registers the key and value schemas of my_avro_topic under the TopicNameStrategy subjects and frames each
/// record with the returned id; KafkaAvroDecoder fetches the schema by id. Seed 000's REST Proxy Avro produce makes
/// the same two calls on the proxy's side. The requests are sent exactly as the Java client 7.x sends them.
/// </summary>
public sealed class SeedTests(RegistryFixture fixture)
{
    private const string CardSuit = "{\"type\":\"record\",\"name\":\"CardSuit\",\"namespace\":\"com.example\",\"fields\":[{\"name\":\"suit\",\"type\":\"string\"}]}";
    private const string SimpleCard = "{\"type\":\"record\",\"name\":\"SimpleCard\",\"namespace\":\"com.example\",\"fields\":[{\"name\":\"suit\",\"type\":\"string\"},{\"name\":\"card\",\"type\":\"string\"}]}";

    [Fact]
    public async Task The_avro_serializer_and_decoder_calls_of_seed_003_are_answered()
    {
        var topic = UniqueNames.For("my_avro_topic");
        var http = fixture.Http;

        var keyId = (await http.RegistryPostAsync("/subjects/" + topic + "-key/versions?normalize=false", RegistryCalls.SchemaBody(CardSuit), "application/vnd.schemaregistry.v1+json", "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json, application/json")).AssertOk().GetProperty("id").GetInt32();
        var valueId = (await http.RegistryPostAsync("/subjects/" + topic + "-value/versions?normalize=false", RegistryCalls.SchemaBody(SimpleCard), "application/vnd.schemaregistry.v1+json", "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json, application/json")).AssertOk().GetProperty("id").GetInt32();

        var key = (await http.RegistryGetAsync("/schemas/ids/" + keyId + "?fetchMaxId=false&subject=" + topic + "-key", "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json, application/json")).AssertOk();
        var value = (await http.RegistryGetAsync("/schemas/ids/" + valueId + "?fetchMaxId=false&subject=" + topic + "-value")).AssertOk();
        Assert.Equal(CardSuit, key.GetProperty("schema").GetString());
        Assert.Equal(SimpleCard, value.GetProperty("schema").GetString());

        // A second producer (or a restart) registers again: same ids, no new versions.
        var again = (await http.RegistryPostAsync("/subjects/" + topic + "-value/versions?normalize=false", RegistryCalls.SchemaBody(SimpleCard))).AssertOk().GetProperty("id").GetInt32();
        Assert.Equal(valueId, again);
        Assert.Equal("[1]", (await http.RegistryGetAsync("/subjects/" + topic + "-value/versions")).Body);
    }
}
