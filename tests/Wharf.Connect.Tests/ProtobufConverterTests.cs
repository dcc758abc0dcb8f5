using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Wharf.Connect.Api;
using Wharf.Connect.Api.Data;
using Wharf.Connect.Api.Records;
using Wharf.Connect.Converters.Protobuf;
using Wharf.Protobuf;
using Wharf.SchemaRegistry.Client;
using Wharf.Testing;

namespace Wharf.Connect.Tests;

/// <summary>Confluent's ProtobufConverter against the embedded Schema Registry (and the REST Proxy's protobuf format).</summary>
public sealed class ProtobufConverterTests(SchemaRegistryFixture fixture) : IClassFixture<SchemaRegistryFixture>
{
    private static readonly Schema Address = SchemaBuilder.Struct().Name("com.example.Address")
        .Field("city", Schema.String)
        .Field("zip", Schema.OptionalInt32)
        .Build();

    private static readonly Schema Everything = SchemaBuilder.Struct().Name("com.example.Everything")
        .Field("i8", Schema.Int8)
        .Field("i16", Schema.Int16)
        .Field("i32", Schema.Int32)
        .Field("i64", Schema.Int64)
        .Field("f32", Schema.Float32)
        .Field("f64", Schema.Float64)
        .Field("flag", Schema.Boolean)
        .Field("name", Schema.String)
        .Field("blob", Schema.Bytes)
        .Field("note", Schema.OptionalString)
        .Field("tags", SchemaBuilder.Array(Schema.String).Build())
        .Field("counts", SchemaBuilder.Map(Schema.String, Schema.Int32).Build())
        .Field("address", Address)
        .Field("price", ConnectDecimal.Schema(2))
        .Field("at", ConnectTimestamp.Schema())
        .Build();

    private ProtobufConverter Converter(params (string Key, string Value)[] extra)
    {
        var converter = new ProtobufConverter();
        var configs = new Dictionary<string, string> { ["schema.registry.url"] = fixture.Url };
        foreach (var (key, value) in extra)
        {
            configs[key] = value;
        }

        converter.Configure(configs, false);
        return converter;
    }

    private static Struct EverythingValue() => new Struct(Everything)
        .Put("i8", (sbyte)-8).Put("i16", (short)1600).Put("i32", -32).Put("i64", 1L << 40)
        .Put("f32", 1.5f).Put("f64", -2.25).Put("flag", true).Put("name", "wharf").Put("blob", new byte[] { 1, 2, 3 })
        .Put("tags", new List<object?> { "a", "b" })
        .Put("counts", new Dictionary<object, object?> { ["x"] = 1, ["y"] = 2 })
        .Put("address", new Struct(Address).Put("city", "Oslo").Put("zip", 150))
        .Put("price", 12.34m)
        .Put("at", new DateTime(2026, 11, 22, 0, 0, 0, 5, DateTimeKind.Utc));

    [Fact]
    public void A_struct_schema_is_a_proto3_message_with_fields_numbered_in_order_and_maps_as_entry_messages()
    {
        var text = new ProtobufData(new ProtobufDataOptions()).FromConnectSchema(Everything);

        Assert.True(ProtobufSchema.TryParse(text, null, out var schema, out var error), error);
        Assert.Equal("com.example.Everything", schema.FirstMessage!.FullName);
        Assert.Equal(Enumerable.Range(1, 15), schema.FirstMessage.Fields.Select(f => f.Number));
        var canonical = schema.CanonicalString;
        Assert.Contains("package com.example;", canonical, StringComparison.Ordinal);
        Assert.Contains("import \"confluent/type/decimal.proto\";", canonical, StringComparison.Ordinal);
        Assert.Contains("import \"google/protobuf/timestamp.proto\";", canonical, StringComparison.Ordinal);
        Assert.Contains("int64 i64 = 4;", canonical, StringComparison.Ordinal);
        Assert.Contains("float f32 = 5;", canonical, StringComparison.Ordinal);
        Assert.Contains("string note = 10;", canonical, StringComparison.Ordinal);
        Assert.Contains("repeated string tags = 11;", canonical, StringComparison.Ordinal);
        Assert.Contains("repeated ConnectDefault1Entry counts = 12;", canonical, StringComparison.Ordinal);
        Assert.Contains("Address address = 13;", canonical, StringComparison.Ordinal);
        Assert.Contains("confluent.type.Decimal price = 14", canonical, StringComparison.Ordinal);
        Assert.Contains("google.protobuf.Timestamp at = 15;", canonical, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unnamed_struct_is_ConnectDefault1_and_wrappers_stand_for_nullables_when_asked()
    {
        var schema = SchemaBuilder.Struct().Field("a", Schema.OptionalInt64).Build();

        var plain = new ProtobufData(new ProtobufDataOptions()).FromConnectSchema(schema);
        var wrapped = new ProtobufData(new ProtobufDataOptions(WrapperForNullables: true)).FromConnectSchema(schema);

        Assert.Contains("message ConnectDefault1 {", plain, StringComparison.Ordinal);
        Assert.Contains("int64 a = 1;", plain, StringComparison.Ordinal);
        Assert.Contains("google.protobuf.Int64Value a = 1;", wrapped, StringComparison.Ordinal);
        Assert.True(ProtobufSchema.TryParse(wrapped, null, out _, out var error), error);
    }

    [Fact]
    public async Task A_struct_of_every_type_round_trips_through_the_registry_with_message_index_zero()
    {
        var topic = UniqueNames.For("protobuf");
        using var converter = Converter();
        var bytes = converter.FromConnectData(topic, new ConnectHeaders(), Everything, EverythingValue())!;

        Assert.True(ConfluentWireFormat.TryRead(bytes, out var id, out var payload));
        Assert.Equal(0, payload[0]);
        var registered = JsonNode.Parse(await fixture.Registry.Http.GetStringAsync("/subjects/" + topic + "-value/versions/latest", TestContext.Current.CancellationToken))!;
        Assert.Equal("PROTOBUF", (string?)registered["schemaType"]);
        Assert.Equal(id, (int)registered["id"]!);

        var back = Converter().ToConnectData(topic, new ConnectHeaders(), bytes);

        var s = Assert.IsType<Struct>(back.Value);
        Assert.Equal("Everything", back.Schema!.Name);
        Assert.Equal(1, back.Schema.Version);
        Assert.Equal(Everything.Fields.Select(f => f.Name), back.Schema.Fields.Select(f => f.Name));
        Assert.Equal(SchemaType.Int8, back.Schema.Field("i8")!.Schema.Type);
        Assert.Equal("13", back.Schema.Field("address")!.Schema.Parameters![ProtobufData.TagParameter]);
        Assert.Equal((sbyte)-8, s.Get("i8"));
        Assert.Equal((short)1600, s.Get("i16"));
        Assert.Equal(-32, s.Get("i32"));
        Assert.Equal(1L << 40, s.Get("i64"));
        Assert.Equal(1.5f, s.Get("f32"));
        Assert.Equal(-2.25, s.Get("f64"));
        Assert.Equal(true, s.Get("flag"));
        Assert.Equal("wharf", s.Get("name"));
        Assert.Equal(new byte[] { 1, 2, 3 }, s.Get("blob"));
        Assert.Equal(string.Empty, s.Get("note"));
        Assert.Equal(new List<object?> { "a", "b" }, s.Get("tags"));
        Assert.Equal(new Dictionary<object, object?> { ["x"] = 1, ["y"] = 2 }, s.Get("counts"));
        var address = Assert.IsType<Struct>(s.Get("address"));
        Assert.Equal("Oslo", address.Get("city"));
        Assert.Equal(150, address.Get("zip"));
        Assert.Equal(12.34m, s.Get("price"));
        Assert.Equal(new DateTime(2026, 11, 22, 0, 0, 0, 5, DateTimeKind.Utc), s.Get("at"));
    }

    [Fact]
    public async Task A_record_the_rest_proxy_produced_in_protobuf_reads_back_as_a_struct()
    {
        var topic = UniqueNames.For("protobuf-rest");
        const string Proto = "syntax = \"proto3\";\npackage shop;\nmessage Order {\n  int64 id = 1;\n  string item = 2;\n  repeated int32 sizes = 3;\n  map<string, string> labels = 4;\n  Line line = 5;\n  message Line { double amount = 1; }\n}\n";
        var body = new JsonObject
        {
            ["value_schema"] = Proto,
            ["records"] = new JsonArray(new JsonObject
            {
                ["value"] = new JsonObject
                {
                    ["id"] = "42",
                    ["item"] = "rope",
                    ["sizes"] = new JsonArray(3, 4),
                    ["labels"] = new JsonObject { ["colour"] = "red" },
                    ["line"] = new JsonObject { ["amount"] = 9.5 },
                },
            }),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/topics/" + topic)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/vnd.kafka.protobuf.v2+json"),
        };
        using var response = await fixture.Proxy.Http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var raw = Assert.Single(TopicReader.ReadRawValues(fixture.BootstrapServers, topic, 1))!;

        using var converter = Converter();
        var back = converter.ToConnectData(topic, new ConnectHeaders(), raw);

        Assert.Equal("Order", back.Schema!.Name);
        Assert.Equal(["id", "item", "sizes", "labels", "line"], back.Schema.Fields.Select(f => f.Name));
        Assert.Equal(SchemaType.Map, back.Schema.Field("labels")!.Schema.Type);
        var s = Assert.IsType<Struct>(back.Value);
        Assert.Equal(42L, s.Get("id"));
        Assert.Equal("rope", s.Get("item"));
        Assert.Equal(new List<object?> { 3, 4 }, s.Get("sizes"));
        Assert.Equal(new Dictionary<object, object?> { ["colour"] = "red" }, s.Get("labels"));
        Assert.Equal(9.5, Assert.IsType<Struct>(s.Get("line")).Get("amount"));
    }

    [Fact]
    public async Task File_source_lines_reach_the_topic_as_string_value_wrappers_and_read_back_as_strings()
    {
        using var directory = TemporaryDirectory.Create();
        var topic = UniqueNames.For("protobuf-file");
        var file = Path.Combine(directory.Path, "in.txt");
        await File.WriteAllTextAsync(file, "one\n", TestContext.Current.CancellationToken);
        await using var worker = await EmbeddedWorker.StandaloneAsync(fixture.BootstrapServers, Path.Combine(directory.Path, "offsets"), new Dictionary<string, string>
        {
            ["value.converter"] = "io.confluent.connect.protobuf.ProtobufConverter",
            ["value.converter.schema.registry.url"] = fixture.Url,
        });
        using var created = await worker.SendJsonAsync(HttpMethod.Put, "/connectors/protobuf-source/config", "{\"connector.class\":\"FileStreamSource\",\"topic\":\"" + topic + "\",\"file\":\"" + file + "\"}");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var value = Assert.Single(TopicReader.ReadRawValues(fixture.BootstrapServers, topic, 1))!;

        using var latest = await fixture.Registry.Http.GetAsync("/subjects/" + topic + "-value/versions/latest", TestContext.Current.CancellationToken);
        var text = (string?)JsonNode.Parse(await latest.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["schema"];
        Assert.True(ProtobufSchema.TryParse(text!, null, out var registered, out var error), error);
        Assert.True(registered.TryGetIndexes("google.protobuf.StringValue", out var indexes));
        Assert.True(ConfluentWireFormat.TryRead(value, out _, out var payload));
        Assert.True(Wharf.Protobuf.WireFormat.MessageIndexes.TryRead(payload, out var written, out _));
        Assert.Equal(indexes, written);
        using var converter = Converter();
        var back = converter.ToConnectData(topic, new ConnectHeaders(), value);
        Assert.Equal(SchemaType.String, back.Schema!.Type);
        Assert.Equal("one", back.Value);
    }

    [Fact]
    public void With_wrapper_for_nullables_a_null_optional_field_reads_back_as_null_and_a_set_one_as_its_value()
    {
        var topic = UniqueNames.For("protobuf-wrappers");
        var schema = SchemaBuilder.Struct().Name("W").Field("a", Schema.OptionalInt32).Field("b", Schema.OptionalString).Build();
        using var converter = Converter(("wrapper.for.nullables", "true"));

        var bytes = converter.FromConnectData(topic, new ConnectHeaders(), schema, new Struct(schema).Put("a", 0))!;
        var back = converter.ToConnectData(topic, new ConnectHeaders(), bytes);

        var s = Assert.IsType<Struct>(back.Value);
        Assert.Equal(0, s.Get("a"));
        Assert.Null(s.Get("b"));
        Assert.True(back.Schema!.Field("b")!.Schema.IsOptional);
    }

    [Fact]
    public void A_primitive_is_written_as_its_wrapper_message_and_read_back_as_the_primitive()
    {
        var topic = UniqueNames.For("protobuf-primitive");
        using var converter = Converter();

        var bytes = converter.FromConnectData(topic, new ConnectHeaders(), Schema.OptionalInt64, 77L)!;
        var back = converter.ToConnectData(topic, new ConnectHeaders(), bytes);

        Assert.Equal(Schema.OptionalInt64, back.Schema);
        Assert.Equal(77L, back.Value);
    }

    [Fact]
    public void Bytes_without_the_magic_byte_are_a_data_error()
    {
        using var converter = Converter();

        var error = Assert.Throws<DataException>(() => converter.ToConnectData("t", new ConnectHeaders(), Encoding.UTF8.GetBytes("{}")));

        Assert.Equal("Failed to deserialize data for topic t to Protobuf: Unknown magic byte!", error.Message);
    }
}
