using Wharf.Connect.Api.Data;
using Wharf.Connect.Api.Plugins;
using Wharf.Connect.Api.Records;
using Wharf.Connect.Transforms;
using Wharf.Testing;

namespace Wharf.Connect.Tests;

/// <summary>The single message transformations with the examples of Apache's documentation (docs/connect.html).</summary>
public sealed class TransformationTests(BrokerFixture broker)
{
    private static T Configured<T>(params (string Key, string Value)[] settings)
        where T : ITransformation, new()
    {
        var transformation = new T();
        transformation.Configure(settings.ToDictionary(s => s.Key, s => s.Value));
        return transformation;
    }

    private static SourceRecord Record(string topic, Schema? schema, object? value, long? timestamp = null) =>
        new(null, null, topic, null, null, null, schema, value, timestamp);

    [Fact]
    public async Task The_file_source_example_hoists_each_line_into_a_map_and_inserts_a_static_field()
    {
        using var directory = TemporaryDirectory.Create();
        var topic = UniqueNames.For("smt");
        var file = Path.Combine(directory.Path, "in.txt");
        await File.WriteAllTextAsync(file, "foo\nbar\n", TestContext.Current.CancellationToken);
        await using var worker = await EmbeddedWorker.StandaloneAsync(broker.BootstrapServers, Path.Combine(directory.Path, "offsets"), new Dictionary<string, string>
        {
            ["value.converter.schemas.enable"] = "false",
        });
        using var created = await worker.SendJsonAsync(HttpMethod.Put, "/connectors/smt-source/config", "{\"connector.class\":\"FileStreamSource\",\"topic\":\"" + topic + "\",\"file\":\"" + file + "\","
            + "\"transforms\":\"MakeMap, InsertSource\","
            + "\"transforms.MakeMap.type\":\"org.apache.kafka.connect.transforms.HoistField$Value\",\"transforms.MakeMap.field\":\"line\","
            + "\"transforms.InsertSource.type\":\"org.apache.kafka.connect.transforms.InsertField$Value\",\"transforms.InsertSource.static.field\":\"data_source\",\"transforms.InsertSource.static.value\":\"test-file-source\"}");
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(
            ["{\"line\":\"foo\",\"data_source\":\"test-file-source\"}", "{\"line\":\"bar\",\"data_source\":\"test-file-source\"}"],
            TopicReader.ReadValues(broker.BootstrapServers, topic, 2));
    }

    [Fact]
    public async Task A_transformation_with_an_unknown_type_is_a_validation_error_on_its_type_key()
    {
        using var directory = TemporaryDirectory.Create();
        await using var worker = await EmbeddedWorker.StandaloneAsync(broker.BootstrapServers, Path.Combine(directory.Path, "offsets"));
        using var response = await worker.SendJsonAsync(HttpMethod.Put, "/connector-plugins/FileStreamSource/config/validate",
            "{\"connector.class\":\"FileStreamSource\",\"name\":\"n\",\"topic\":\"t\",\"transforms\":\"a\",\"transforms.a.type\":\"NoSuchTransform\"}");
        var result = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal(1, (int)result["error_count"]!);
        var typeKey = result["configs"]!.AsArray().Single(c => (string?)c!["value"]!["name"] == "transforms.a.type")!;
        Assert.Equal("Invalid value NoSuchTransform for configuration transforms.a.type: Class NoSuchTransform could not be found.", (string?)typeKey["value"]!["errors"]![0]);
    }

    [Fact]
    public void Insert_field_adds_topic_and_static_fields_to_a_struct_with_optional_schemas()
    {
        var schema = SchemaBuilder.Struct().Field("magic", Schema.Int64).Build();
        var transformed = Configured<InsertFieldValue>(("topic.field", "topic_field!"), ("static.field", "instance_id"), ("static.value", "my-instance-id"))
            .Apply(Record("test", schema, new Struct(schema).Put("magic", 42L)))!;
        var value = (Struct)transformed.Value!;
        Assert.Equal(42L, value.Get("magic"));
        Assert.Equal("test", value.Get("topic_field"));
        Assert.Equal("my-instance-id", value.Get("instance_id"));
        Assert.False(transformed.ValueSchema!.Field("topic_field")!.Schema.IsOptional);
        Assert.True(transformed.ValueSchema.Field("instance_id")!.Schema.IsOptional);
    }

    [Fact]
    public void Replace_field_excludes_then_renames()
    {
        var value = new Dictionary<object, object?> { ["dont"] = "whatever", ["abc"] = 42L, ["foo"] = true, ["etc"] = "etc" };
        var transformed = Configured<ReplaceFieldValue>(("exclude", "dont"), ("renames", "abc:xyz,foo:bar")).Apply(Record("t", null, value))!;
        Assert.Equal(new Dictionary<object, object?> { ["xyz"] = 42L, ["bar"] = true, ["etc"] = "etc" }, (IDictionary<object, object?>)transformed.Value!);
    }

    [Fact]
    public void Extract_field_and_value_to_key_take_fields_out_of_the_value()
    {
        var value = new Dictionary<object, object?> { ["id"] = 7L, ["name"] = "n" };
        Assert.Equal(7L, Configured<ExtractFieldValue>(("field", "id")).Apply(Record("t", null, value))!.Value);
        var keyed = Configured<ValueToKey>(("fields", "id")).Apply(Record("t", null, value))!;
        Assert.Equal(new Dictionary<object, object?> { ["id"] = 7L }, (IDictionary<object, object?>)keyed.Key!);
    }

    [Fact]
    public void Mask_field_replaces_values_with_empty_ones_or_the_replacement()
    {
        var value = new Dictionary<object, object?> { ["ssn"] = "123-45-6789", ["age"] = 42, ["ok"] = true };
        var masked = (IDictionary<object, object?>)Configured<MaskFieldValue>(("fields", "ssn,age,ok")).Apply(Record("t", null, value))!.Value!;
        Assert.Equal(string.Empty, masked["ssn"]);
        Assert.Equal(0, masked["age"]);
        Assert.Equal(false, masked["ok"]);
        var replaced = (IDictionary<object, object?>)Configured<MaskFieldValue>(("fields", "ssn"), ("replacement", "****")).Apply(Record("t", null, value))!.Value!;
        Assert.Equal("****", replaced["ssn"]);
    }

    [Fact]
    public void Regex_router_rewrites_whole_matching_topics_with_group_references()
    {
        var router = Configured<RegexRouter>(("regex", "(.*)-(.*)-(.*)"), ("replacement", "$3"));
        Assert.Equal("orders", router.Apply(Record("my-db-orders", null, "x"))!.Topic);
        Assert.Equal("unmatched", router.Apply(Record("unmatched", null, "x"))!.Topic);
    }

    [Fact]
    public void Timestamp_router_appends_the_record_date()
    {
        var router = Configured<TimestampRouter>(("topic.format", "${topic}-${timestamp}"), ("timestamp.format", "yyyyMMdd"));
        var timestamp = new DateTimeOffset(2017, 1, 15, 10, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        Assert.Equal("test-20170115", router.Apply(Record("test", null, "x", timestamp))!.Topic);
    }

    [Fact]
    public void Filter_with_a_negated_topic_predicate_keeps_only_matching_topics()
    {
        var predicate = new TopicNameMatches();
        predicate.Configure(new Dictionary<string, string> { ["pattern"] = "foo.*" });
        var chain = new Runtime.TransformationChain([new Runtime.TransformationStage(new Filter(), predicate, Negate: true)]);
        Assert.NotNull(chain.Apply(Record("foo-1", null, "x")));
        Assert.Null(chain.Apply(Record("bar", null, "x")));
    }

    [Fact]
    public void Header_transformations_add_and_drop_headers_and_predicates_see_them()
    {
        var inserted = Configured<InsertHeader>(("header", "source"), ("value.literal", "file")).Apply(Record("t", null, "x"))!;
        Assert.Equal("file", inserted.Headers.LastWithName("source")!.Value);
        var hasHeader = new HasHeaderKey();
        hasHeader.Configure(new Dictionary<string, string> { ["name"] = "source" });
        Assert.True(hasHeader.Test(inserted));
        var dropped = Configured<DropHeaders>(("headers", "source")).Apply(inserted)!;
        Assert.False(hasHeader.Test(dropped));
        Assert.True(new RecordIsTombstone().Test(Record("t", null, null)));
    }

    [Fact]
    public void Cast_changes_field_types_and_whole_values()
    {
        var schema = SchemaBuilder.Struct().Field("price", Schema.String).Field("qty", Schema.Int32).Field("flag", Schema.Boolean).Build();
        var value = new Struct(schema).Put("price", "12.5").Put("qty", 3).Put("flag", true);
        var cast = Configured<CastValue>(("spec", "price:float64,qty:string,flag:int8")).Apply(Record("t", schema, value))!;
        var result = (Struct)cast.Value!;
        Assert.Equal(12.5, result.Get("price"));
        Assert.Equal("3", result.Get("qty"));
        Assert.Equal((sbyte)1, result.Get("flag"));
        Assert.Equal(SchemaType.Float64, cast.ValueSchema!.Field("price")!.Schema.Type);
        Assert.Equal((sbyte)42, Configured<CastValue>(("spec", "int8")).Apply(Record("t", Schema.Int32, 42))!.Value);
        Assert.Throws<Api.Config.ConfigException>(() => Configured<CastValue>(("spec", "price:array")));
    }

    [Fact]
    public void Flatten_joins_nested_names_with_the_delimiter_and_leaves_arrays()
    {
        var nested = new Dictionary<object, object?>
        {
            ["A"] = new Dictionary<object, object?> { ["B"] = new Dictionary<object, object?> { ["int8"] = (sbyte)8, ["string"] = "x" } },
            ["list"] = new List<object?> { 1 },
        };
        var flat = (IDictionary<object, object?>)Configured<FlattenValue>(("delimiter", "#")).Apply(Record("t", null, nested))!.Value!;
        Assert.Equal((sbyte)8, flat["A#B#int8"]);
        Assert.Equal("x", flat["A#B#string"]);
        Assert.Equal(new List<object?> { 1 }, (IList<object?>)flat["list"]!);

        var outer = SchemaBuilder.Struct().Field("inner", SchemaBuilder.Struct().Field("x", Schema.Int32).Optional().Build()).Field("y", Schema.String).Build();
        var flattened = Configured<FlattenValue>().Apply(Record("t", outer, new Struct(outer).Put("inner", null).Put("y", "why")))!;
        Assert.True(flattened.ValueSchema!.Field("inner.x")!.Schema.IsOptional);
        Assert.Equal("why", ((Struct)flattened.Value!).Get("y"));
    }
}
