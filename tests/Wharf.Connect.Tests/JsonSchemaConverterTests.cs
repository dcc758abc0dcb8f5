using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Wharf.Connect.Api;
using Wharf.Connect.Api.Data;
using Wharf.Connect.Api.Records;
using Wharf.Connect.Converters.JsonSchema;
using Wharf.SchemaRegistry.Client;
using Wharf.Testing;

namespace Wharf.Connect.Tests;

/// <summary>Confluent's JsonSchemaConverter against the embedded Schema Registry.</summary>
public sealed class JsonSchemaConverterTests(SchemaRegistryFixture fixture) : IClassFixture<SchemaRegistryFixture>
{
    private static readonly Schema Order = SchemaBuilder.Struct().Name("com.example.Order")
        .Field("id", Schema.Int64)
        .Field("qty", Schema.Int16)
        .Field("note", Schema.OptionalString)
        .Field("price", ConnectDecimal.Schema(2))
        .Field("at", ConnectTimestamp.Schema())
        .Field("tags", SchemaBuilder.Array(Schema.String).Build())
        .Build();

    private JsonSchemaConverter Converter(params (string Key, string Value)[] extra)
    {
        var converter = new JsonSchemaConverter();
        var configs = new Dictionary<string, string> { ["schema.registry.url"] = fixture.Url };
        foreach (var (key, value) in extra)
        {
            configs[key] = value;
        }

        converter.Configure(configs, false);
        return converter;
    }

    [Fact]
    public void A_struct_schema_is_an_object_with_connect_types_indexes_and_title()
    {
        var text = new JsonSchemaData(10).FromConnectSchema(SchemaBuilder.Struct().Name("com.example.P").Field("a", Schema.Int32).Field("b", Schema.OptionalString).Build());
        Assert.Equal(
            "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\",\"connect.type\":\"int32\",\"connect.index\":0},"
            + "\"b\":{\"oneOf\":[{\"type\":\"null\"},{\"type\":\"string\"}],\"connect.index\":1}},\"title\":\"com.example.P\"}",
            text);
    }

    [Fact]
    public async Task A_struct_round_trips_and_the_payload_is_plain_json_after_the_schema_id()
    {
        var topic = UniqueNames.For("jsonschema");
        using var converter = Converter();
        var value = new Struct(Order).Put("id", 7L).Put("qty", (short)2).Put("price", 1.50m)
            .Put("at", new DateTime(2026, 11, 22, 0, 0, 0, 5, DateTimeKind.Utc)).Put("tags", new List<object?> { "x" });
        var bytes = converter.FromConnectData(topic, new ConnectHeaders(), Order, value)!;

        Assert.True(ConfluentWireFormat.TryRead(bytes, out var id, out _));
        var payload = JsonNode.Parse(Encoding.UTF8.GetString(bytes, ConfluentWireFormat.HeaderLength, bytes.Length - ConfluentWireFormat.HeaderLength))!;
        Assert.Equal(7, (long)payload["id"]!);
        Assert.Null(payload["note"]);
        Assert.Equal(Convert.ToBase64String([0x00, 0x96]), (string?)payload["price"]);
        var registered = JsonNode.Parse(await fixture.Registry.Http.GetStringAsync("/schemas/ids/" + id, TestContext.Current.CancellationToken))!;
        Assert.Equal("JSON", (string?)registered["schemaType"]);

        var back = Converter().ToConnectData(topic, new ConnectHeaders(), bytes);
        var s = Assert.IsType<Struct>(back.Value);
        Assert.Equal("com.example.Order", back.Schema!.Name);
        Assert.Equal(1, back.Schema.Version);
        Assert.Equal(Order.Fields.Select(f => f.Name), back.Schema.Fields.Select(f => f.Name));
        Assert.Equal((short)2, s.Get("qty"));
        Assert.Equal(1.50m, s.Get("price"));
        Assert.Equal(new DateTime(2026, 11, 22, 0, 0, 0, 5, DateTimeKind.Utc), s.Get("at"));
        Assert.Null(s.Get("note"));
    }

    [Fact]
    public async Task File_source_lines_reach_the_topic_as_json_strings_under_a_json_schema()
    {
        using var directory = TemporaryDirectory.Create();
        var topic = UniqueNames.For("json-file");
        var file = Path.Combine(directory.Path, "in.txt");
        await File.WriteAllTextAsync(file, "one\n", TestContext.Current.CancellationToken);
        await using var worker = await EmbeddedWorker.StandaloneAsync(fixture.BootstrapServers, Path.Combine(directory.Path, "offsets"), new Dictionary<string, string>
        {
            ["value.converter"] = "io.confluent.connect.json.JsonSchemaConverter",
            ["value.converter.schema.registry.url"] = fixture.Url,
        });
        using var created = await worker.SendJsonAsync(HttpMethod.Put, "/connectors/json-source/config", "{\"connector.class\":\"FileStreamSource\",\"topic\":\"" + topic + "\",\"file\":\"" + file + "\"}");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var value = Assert.Single(TopicReader.ReadRawValues(fixture.BootstrapServers, topic, 1))!;
        Assert.Equal("\"one\"", Encoding.UTF8.GetString(value, ConfluentWireFormat.HeaderLength, value.Length - ConfluentWireFormat.HeaderLength));
        using var latest = await fixture.Registry.Http.GetAsync("/subjects/" + topic + "-value/versions/latest", TestContext.Current.CancellationToken);
        Assert.Equal("{\"type\":\"string\"}", (string?)JsonNode.Parse(await latest.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["schema"]);
    }

    [Fact]
    public void With_validation_a_value_of_its_own_schema_passes_and_bytes_without_the_magic_byte_are_a_data_error()
    {
        using var converter = Converter(("json.fail.invalid.schema", "true"));
        Assert.NotNull(converter.FromConnectData(UniqueNames.For("valid"), new ConnectHeaders(), Schema.String, "fine"));
        var error = Assert.Throws<DataException>(() => converter.ToConnectData("t", new ConnectHeaders(), Encoding.UTF8.GetBytes("{}")));
        Assert.Equal("Failed to deserialize data for topic t to JSON: Unknown magic byte!", error.Message);
    }
}
