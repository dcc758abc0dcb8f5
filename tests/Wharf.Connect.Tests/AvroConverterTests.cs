using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Wharf.Avro;
using Wharf.Avro.Generic;
using Wharf.Connect.Api;
using Wharf.Connect.Api.Data;
using Wharf.Connect.Api.Records;
using Wharf.Connect.Converters.Avro;
using Wharf.SchemaRegistry.Client;
using Wharf.Testing;

namespace Wharf.Connect.Tests;

/// <summary>Confluent's AvroConverter against a real (embedded) Schema Registry, with AvroData's schema mapping.</summary>
public sealed class AvroConverterTests(SchemaRegistryFixture fixture) : IClassFixture<SchemaRegistryFixture>
{
    private static readonly Schema Order = SchemaBuilder.Struct().Name("com.example.Order")
        .Field("id", Schema.Int64)
        .Field("qty", Schema.Int16)
        .Field("note", Schema.OptionalString)
        .Field("price", ConnectDecimal.Schema(2))
        .Field("day", ConnectDate.Schema())
        .Field("at", ConnectTimestamp.Schema())
        .Field("tags", SchemaBuilder.Array(Schema.String).Build())
        .Field("counts", SchemaBuilder.Map(Schema.String, Schema.Int32).Build())
        .Build();

    private AvroConverter Converter(bool isKey = false, params (string Key, string Value)[] extra)
    {
        var converter = new AvroConverter();
        var configs = new Dictionary<string, string> { ["schema.registry.url"] = fixture.Url };
        foreach (var (key, value) in extra)
        {
            configs[key] = value;
        }

        converter.Configure(configs, isKey);
        return converter;
    }

    private static Struct AnOrder() => new Struct(Order)
        .Put("id", 42L)
        .Put("qty", (short)3)
        .Put("price", 12.34m)
        .Put("day", new DateTime(2026, 11, 21, 0, 0, 0, DateTimeKind.Utc))
        .Put("at", new DateTime(2026, 11, 21, 23, 45, 1, 250, DateTimeKind.Utc))
        .Put("tags", new List<object?> { "a", "b" })
        .Put("counts", new Dictionary<object, object?> { ["x"] = 1 });

    [Fact]
    public void A_struct_becomes_a_record_with_connect_properties_decimal_bytes_and_nullable_unions()
    {
        var text = new AvroData(new AvroDataOptions()).FromConnectSchema(Order).ToCanonicalString();
        Assert.Equal(
            "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"com.example\",\"fields\":["
            + "{\"name\":\"id\",\"type\":\"long\"},"
            + "{\"name\":\"qty\",\"type\":{\"type\":\"int\",\"connect.type\":\"int16\"}},"
            + "{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null},"
            + "{\"name\":\"price\",\"type\":{\"type\":\"bytes\",\"scale\":2,\"precision\":64,\"connect.version\":1,\"connect.parameters\":{\"scale\":\"2\"},\"connect.name\":\"org.apache.kafka.connect.data.Decimal\",\"logicalType\":\"decimal\"}},"
            + "{\"name\":\"day\",\"type\":{\"type\":\"int\",\"connect.version\":1,\"connect.name\":\"org.apache.kafka.connect.data.Date\",\"logicalType\":\"date\"}},"
            + "{\"name\":\"at\",\"type\":{\"type\":\"long\",\"connect.version\":1,\"connect.name\":\"org.apache.kafka.connect.data.Timestamp\",\"logicalType\":\"timestamp-millis\"}},"
            + "{\"name\":\"tags\",\"type\":{\"type\":\"array\",\"items\":\"string\"}},"
            + "{\"name\":\"counts\",\"type\":{\"type\":\"map\",\"values\":\"int\"}}"
            + "],\"connect.name\":\"com.example.Order\"}",
            text);
    }

    [Fact]
    public void Anonymous_structs_are_named_ConnectDefault_and_numbered_and_optional_defaults_come_first()
    {
        var inner = SchemaBuilder.Struct().Field("x", Schema.Int32).Build();
        var other = SchemaBuilder.Struct().Field("y", Schema.Boolean).Build();
        var schema = SchemaBuilder.Struct()
            .Field("inner", inner)
            .Field("other", other)
            .Field("level", SchemaBuilder.Int32().Optional().DefaultValue(7).Build())
            .Build();
        var text = new AvroData(new AvroDataOptions()).FromConnectSchema(schema).ToCanonicalString();
        Assert.Equal(
            "{\"type\":\"record\",\"name\":\"ConnectDefault\",\"namespace\":\"io.confluent.connect.avro\",\"fields\":["
            + "{\"name\":\"inner\",\"type\":{\"type\":\"record\",\"name\":\"ConnectDefault2\",\"fields\":[{\"name\":\"x\",\"type\":\"int\"}]}},"
            + "{\"name\":\"other\",\"type\":{\"type\":\"record\",\"name\":\"ConnectDefault3\",\"fields\":[{\"name\":\"y\",\"type\":\"boolean\"}]}},"
            + "{\"name\":\"level\",\"type\":[{\"type\":\"int\",\"connect.default\":7},\"null\"],\"default\":7}]}",
            text);
    }

    [Fact]
    public void Without_connect_meta_data_only_the_avro_logical_types_remain()
    {
        var text = new AvroData(new AvroDataOptions(ConnectMetaData: false)).FromConnectSchema(SchemaBuilder.Struct().Field("price", ConnectDecimal.Schema(2)).Field("small", Schema.Int8).Build()).ToCanonicalString();
        Assert.Equal(
            "{\"type\":\"record\",\"name\":\"ConnectDefault\",\"namespace\":\"io.confluent.connect.avro\",\"fields\":["
            + "{\"name\":\"price\",\"type\":{\"type\":\"bytes\",\"scale\":2,\"precision\":64,\"logicalType\":\"decimal\"}},{\"name\":\"small\",\"type\":\"int\"}]}",
            text);
    }

    [Fact]
    public async Task A_struct_round_trips_through_the_registry_with_its_subject_and_version()
    {
        var topic = UniqueNames.For("avro");
        using var converter = Converter();
        var bytes = converter.FromConnectData(topic, new ConnectHeaders(), Order, AnOrder());

        Assert.NotNull(bytes);
        Assert.Equal(0, bytes[0]);
        using var versions = await fixture.Registry.Http.GetAsync("/subjects/" + topic + "-value/versions", TestContext.Current.CancellationToken);
        Assert.Equal("[1]", await versions.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        using var reader = Converter();
        var back = reader.ToConnectData(topic, new ConnectHeaders(), bytes);
        var expected = SchemaBuilder.Struct().Name("com.example.Order").Version(1);
        foreach (var field in Order.Fields)
        {
            expected.Field(field.Name, field.Schema);
        }

        Assert.Equal(expected.Build(), back.Schema);
        var value = Assert.IsType<Struct>(back.Value);
        Assert.Equal(42L, value.Get("id"));
        Assert.Equal((short)3, value.Get("qty"));
        Assert.Null(value.Get("note"));
        Assert.Equal(12.34m, value.Get("price"));
        Assert.Equal(new DateTime(2026, 11, 21, 23, 45, 1, 250, DateTimeKind.Utc), value.Get("at"));
        Assert.True(ValueEquality.AreEqual(new List<object?> { "a", "b" }, value.Get("tags")));
    }

    [Fact]
    public async Task A_record_written_by_the_converter_is_read_by_the_registry_schema_and_the_rest_proxy_avro_consumer()
    {
        var topic = UniqueNames.For("avro-interop");
        using var converter = Converter();
        var bytes = converter.FromConnectData(topic, new ConnectHeaders(), Order, AnOrder().Put("note", "rush"))!;

        // Decoded with nothing of the converter: the schema the registry serves for the id, Avro's binary decoding.
        Assert.True(ConfluentWireFormat.TryRead(bytes, out var id, out _));
        var registered = JsonNode.Parse(await fixture.Registry.Http.GetStringAsync("/schemas/ids/" + id, TestContext.Current.CancellationToken))!;
        var schema = AvroSchema.Parse((string)registered["schema"]!);
        var record = Assert.IsType<AvroRecord>(AvroBinary.Decode(schema, bytes.AsSpan(ConfluentWireFormat.HeaderLength)));
        Assert.Equal("rush", record["note"]);
        Assert.Equal(42L, record["id"]);

        // And by the REST Proxy's avro format, as a consumer of the topic.
        await ProduceAsync(topic, bytes);
        var group = UniqueNames.For("g");
        var http = fixture.Proxy.Http;
        using (var created = await http.PostAsync("/consumers/" + group, Json("{\"name\":\"c\",\"format\":\"avro\",\"auto.offset.reset\":\"earliest\"}"), TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        }

        using (var subscribed = await http.PostAsync("/consumers/" + group + "/instances/c/subscription", Json("{\"topics\":[\"" + topic + "\"]}"), TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.NoContent, subscribed.StatusCode);
        }

        JsonArray records = [];
        for (var attempt = 0; attempt < 60 && records.Count == 0; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/consumers/" + group + "/instances/c/records");
            request.Headers.Accept.ParseAdd("application/vnd.kafka.avro.v2+json");
            using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
            records = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsArray();
        }

        var value = Assert.Single(records)!["value"]!;
        Assert.Equal(42, (long)value["id"]!);
        Assert.Equal("rush", (string?)value["note"]!["string"]);
        Assert.Equal(3, (int)value["qty"]!);
        await http.DeleteAsync("/consumers/" + group + "/instances/c", TestContext.Current.CancellationToken);
    }

    [Fact]
    public void Null_is_a_null_record_and_a_null_record_is_null()
    {
        using var converter = Converter();
        Assert.Null(converter.FromConnectData("t", new ConnectHeaders(), Schema.OptionalString, null));
        Assert.Equal(SchemaAndValue.Null, converter.ToConnectData("t", new ConnectHeaders(), null));
    }

    [Fact]
    public void Bytes_without_the_magic_byte_are_a_data_error()
    {
        using var converter = Converter();
        var error = Assert.Throws<DataException>(() => converter.ToConnectData("plain", new ConnectHeaders(), Encoding.UTF8.GetBytes("hello")));
        Assert.Equal("Failed to deserialize data for topic plain to Avro: Unknown magic byte!", error.Message);
    }

    [Fact]
    public void Without_auto_registration_an_unregistered_schema_is_a_data_error_naming_the_registry_error()
    {
        using var converter = Converter(false, ("auto.register.schemas", "false"));
        var error = Assert.Throws<DataException>(() => converter.FromConnectData(UniqueNames.For("noreg"), new ConnectHeaders(), Schema.String, "x"));
        Assert.Contains("40401", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Use_latest_version_writes_with_the_subject_latest_schema()
    {
        var topic = UniqueNames.For("latest");
        var v1 = SchemaBuilder.Struct().Name("com.example.P").Field("a", Schema.Int32).Build();
        var v2 = SchemaBuilder.Struct().Name("com.example.P").Field("a", Schema.Int32).Field("b", SchemaBuilder.String().Optional().Build()).Build();
        using (var writer = Converter())
        {
            writer.FromConnectData(topic, new ConnectHeaders(), v1, new Struct(v1).Put("a", 1));
            writer.FromConnectData(topic, new ConnectHeaders(), v2, new Struct(v2).Put("a", 2).Put("b", "two"));
        }

        using var latest = Converter(false, ("auto.register.schemas", "false"), ("use.latest.version", "true"));
        var bytes = latest.FromConnectData(topic, new ConnectHeaders(), v1, new Struct(v1).Put("a", 3))!;
        var back = (Struct)latest.ToConnectData(topic, new ConnectHeaders(), bytes).Value!;
        Assert.Equal(3, back.Get("a"));
        Assert.Null(back.Get("b"));
        Assert.Equal(2, back.Schema.Version);
    }

    [Fact]
    public void Record_name_strategy_uses_the_record_full_name_as_subject()
    {
        var topic = UniqueNames.For("rns");
        using var converter = Converter(false, ("value.subject.name.strategy", "io.confluent.kafka.serializers.subject.RecordNameStrategy"));
        var schema = SchemaBuilder.Struct().Name("com.example.Rns" + topic.Replace("-", "_", StringComparison.Ordinal)).Field("a", Schema.Int32).Build();
        var bytes = converter.FromConnectData(topic, new ConnectHeaders(), schema, new Struct(schema).Put("a", 1))!;
        Assert.Equal(1, ((Struct)converter.ToConnectData(topic, new ConnectHeaders(), bytes).Value!).Get("a"));
        Assert.Equal(1, ((Struct)converter.ToConnectData(topic, new ConnectHeaders(), bytes).Value!).Schema.Version);
    }

    [Fact]
    public void A_missing_registry_url_is_a_config_error()
    {
        var error = Assert.Throws<Api.Config.ConfigException>(() => new AvroConverter().Configure(new Dictionary<string, string>(), false));
        Assert.Contains("schema.registry.url", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task File_source_lines_reach_the_topic_as_avro_strings_in_the_wire_format()
    {
        using var directory = TemporaryDirectory.Create();
        var topic = UniqueNames.For("avro-file");
        var file = Path.Combine(directory.Path, "in.txt");
        await File.WriteAllTextAsync(file, "alpha\nbeta\n", TestContext.Current.CancellationToken);
        await using var worker = await EmbeddedWorker.StandaloneAsync(fixture.BootstrapServers, Path.Combine(directory.Path, "offsets"), new Dictionary<string, string>
        {
            ["value.converter"] = "io.confluent.connect.avro.AvroConverter",
            ["value.converter.schema.registry.url"] = fixture.Url,
        });
        using var created = await worker.SendJsonAsync(HttpMethod.Put, "/connectors/avro-source/config", "{\"connector.class\":\"FileStreamSource\",\"topic\":\"" + topic + "\",\"file\":\"" + file + "\"}");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var values = TopicReader.ReadRawValues(fixture.BootstrapServers, topic, 2);
        Assert.Equal(2, values.Count);
        var decoded = new List<string>();
        foreach (var value in values)
        {
            Assert.True(ConfluentWireFormat.TryRead(value, out var id, out _));
            var registered = JsonNode.Parse(await fixture.Registry.Http.GetStringAsync("/schemas/ids/" + id, TestContext.Current.CancellationToken))!;
            Assert.Equal("\"string\"", (string?)registered["schema"]);
            decoded.Add((string)AvroBinary.Decode(AvroSchema.Parse("\"string\""), value.AsSpan(ConfluentWireFormat.HeaderLength))!);
        }

        Assert.Equal(["alpha", "beta"], decoded);
    }

    private async Task ProduceAsync(string topic, byte[] value)
    {
        Wharf.Clients.KafkaClientLibrary.EnsureLoaded();
        using var producer = new Confluent.Kafka.ProducerBuilder<byte[]?, byte[]>(new Confluent.Kafka.ProducerConfig { BootstrapServers = fixture.BootstrapServers }).Build();
        await producer.ProduceAsync(topic, new Confluent.Kafka.Message<byte[]?, byte[]> { Value = value }, TestContext.Current.CancellationToken);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/vnd.kafka.v2+json");
}
