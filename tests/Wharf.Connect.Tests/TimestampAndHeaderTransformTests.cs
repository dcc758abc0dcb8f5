using System.Text.Json.Nodes;
using Wharf.Connect.Api.Config;
using Wharf.Connect.Api.Data;
using Wharf.Connect.Api.Plugins;
using Wharf.Connect.Api.Records;
using Wharf.Connect.Transforms;
using Wharf.Testing;

namespace Wharf.Connect.Tests;

/// <summary>TimestampConverter and HeaderFrom with their Apache config keys, examples and configuration errors.</summary>
public sealed class TimestampAndHeaderTransformTests(BrokerFixture broker)
{
    private static readonly DateTime Instant = new(2017, 1, 3, 6, 30, 1, 234, DateTimeKind.Utc);
    private static readonly long InstantMillis = 1483425001234;

    private static T Configured<T>(params (string Key, string Value)[] settings)
        where T : ITransformation, new()
    {
        var transformation = new T();
        transformation.Configure(settings.ToDictionary(s => s.Key, s => s.Value));
        return transformation;
    }

    private static SourceRecord Record(Schema? schema, object? value, ConnectHeaders? headers = null) =>
        new(null, null, "topic", null, null, null, schema, value, null, headers);

    [Fact]
    public void A_string_field_becomes_a_timestamp_with_the_schema_updated()
    {
        var schema = SchemaBuilder.Struct().Field("id", Schema.Int64).Field("created", Schema.String).Build();
        var transform = Configured<TimestampConverterValue>(("field", "created"), ("target.type", "Timestamp"), ("format", "yyyy-MM-dd HH:mm:ss.SSS"));

        var result = transform.Apply(Record(schema, new Struct(schema).Put("id", 1L).Put("created", "2017-01-03 06:30:01.234")))!;

        Assert.Equal(ConnectTimestamp.Schema(), result.ValueSchema!.Field("created")!.Schema);
        Assert.Equal(Schema.Int64, result.ValueSchema.Field("id")!.Schema);
        Assert.Equal(Instant, ((Struct)result.Value!).Get("created"));
    }

    [Fact]
    public void A_schemaless_unix_value_becomes_a_formatted_string_as_in_the_usual_example()
    {
        var transform = Configured<TimestampConverterValue>(("target.type", "string"), ("format", "yyyy-MM-dd"));
        var result = transform.Apply(Record(null, InstantMillis))!;
        Assert.Null(result.ValueSchema);
        Assert.Equal("2017-01-03", result.Value);
    }

    [Theory]
    [InlineData("seconds", 1483425001L)]
    [InlineData("milliseconds", 1483425001234L)]
    [InlineData("microseconds", 1483425001234000L)]
    [InlineData("nanoseconds", 1483425001234000000L)]
    public void A_timestamp_becomes_unix_time_in_the_configured_precision(string precision, long expected)
    {
        var transform = Configured<TimestampConverterValue>(("target.type", "unix"), ("unix.precision", precision));
        var result = transform.Apply(Record(ConnectTimestamp.Schema(), Instant))!;
        Assert.Equal(Schema.Int64, result.ValueSchema);
        Assert.Equal(expected, result.Value);
        var back = Configured<TimestampConverterValue>(("target.type", "Timestamp"), ("unix.precision", precision)).Apply(Record(Schema.Int64, expected))!;
        Assert.Equal(precision == "seconds" ? Instant.AddMilliseconds(-234) : Instant, back.Value);
    }

    [Fact]
    public void Date_and_time_targets_keep_the_day_or_the_time_of_day()
    {
        var date = Configured<TimestampConverterValue>(("target.type", "Date")).Apply(Record(ConnectTimestamp.Schema(), Instant))!;
        Assert.Equal(ConnectDate.Schema(), date.ValueSchema);
        Assert.Equal(new DateTime(2017, 1, 3, 0, 0, 0, DateTimeKind.Utc), date.Value);

        var time = Configured<TimestampConverterValue>(("target.type", "Time")).Apply(Record(ConnectTimestamp.Schema(), Instant))!;
        Assert.Equal(ConnectTime.Schema(), time.ValueSchema);
        Assert.Equal(new DateTime(1970, 1, 1, 6, 30, 1, 234, DateTimeKind.Utc), time.Value);
    }

    [Fact]
    public void The_key_variant_converts_the_key_and_leaves_the_value()
    {
        var transform = Configured<TimestampConverterKey>(("target.type", "Timestamp"));
        var record = new SourceRecord(null, null, "topic", null, Schema.Int64, InstantMillis, Schema.String, "v", null);
        var result = transform.Apply(record)!;
        Assert.Equal(Instant, result.Key);
        Assert.Equal("v", result.Value);
    }

    [Fact]
    public void An_optional_null_field_stays_null()
    {
        var schema = SchemaBuilder.Struct().Field("ts", Schema.OptionalInt64).Build();
        var result = Configured<TimestampConverterValue>(("field", "ts"), ("target.type", "Timestamp")).Apply(Record(schema, new Struct(schema)))!;
        Assert.True(result.ValueSchema!.Field("ts")!.Schema.IsOptional);
        Assert.Null(((Struct)result.Value!).Get("ts"));
    }

    [Fact]
    public void A_string_that_does_not_match_the_pattern_is_a_data_error()
    {
        var transform = Configured<TimestampConverterValue>(("target.type", "unix"), ("format", "yyyy-MM-dd"));
        var error = Assert.Throws<Api.DataException>(() => transform.Apply(Record(Schema.String, "03/01/2017")));
        Assert.Equal("Could not parse timestamp: value (03/01/2017) does not match pattern (yyyy-MM-dd)", error.Message);
    }

    [Theory]
    [InlineData("{\"target.type\":\"string\"}", "TimestampConverter requires format option to be specified when using string timestamps")]
    [InlineData("{\"target.type\":\"string\",\"format\":\"yyyy-qq\"}", "TimestampConverter requires a SimpleDateFormat-compatible pattern for string timestamps: yyyy-qq")]
    [InlineData("{\"target.type\":\"epoch\"}", "Invalid value epoch for configuration target.type: String must be one of: string, unix, Date, Time, Timestamp")]
    [InlineData("{\"target.type\":\"unix\",\"unix.precision\":\"hours\"}", "Invalid value hours for configuration unix.precision: String must be one of: nanoseconds, microseconds, milliseconds, seconds")]
    [InlineData("{}", "Missing required configuration \"target.type\" which has no default value.")]
    public void Timestamp_converter_configuration_errors_read_as_apache_writes_them(string json, string message)
    {
        var configs = JsonNode.Parse(json)!.AsObject().ToDictionary(p => p.Key, p => (string)p.Value!);
        var error = Assert.Throws<ConfigException>(() => new TimestampConverterValue().Configure(configs));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Header_from_moves_struct_fields_into_headers_with_their_schemas()
    {
        var schema = SchemaBuilder.Struct().Field("id", Schema.String).Field("timestamp", Schema.Int64).Field("body", Schema.String).Build();
        var transform = Configured<HeaderFromValue>(("fields", "id,timestamp"), ("headers", "event_id,event_timestamp"), ("operation", "move"));

        var result = transform.Apply(Record(schema, new Struct(schema).Put("id", "e-1").Put("timestamp", 5L).Put("body", "hello"), new ConnectHeaders().AddString("existing", "x")))!;

        Assert.Equal(["body"], result.ValueSchema!.Fields.Select(f => f.Name));
        Assert.Equal("hello", ((Struct)result.Value!).Get("body"));
        Assert.Equal(
            [new ConnectHeader("existing", Schema.String, "x"), new ConnectHeader("event_id", Schema.String, "e-1"), new ConnectHeader("event_timestamp", Schema.Int64, 5L)],
            result.Headers.ToList());
    }

    [Fact]
    public void Header_from_copies_schemaless_fields_and_keeps_them_in_the_value()
    {
        var transform = Configured<HeaderFromValue>(("fields", "id"), ("headers", "event_id"), ("operation", "copy"));
        var result = transform.Apply(Record(null, new Dictionary<object, object?> { ["id"] = "e-2", ["body"] = "b" }))!;
        var value = Assert.IsType<Dictionary<object, object?>>(result.Value);
        Assert.Equal("e-2", value["id"]);
        Assert.Equal(new ConnectHeader("event_id", null, "e-2"), Assert.Single(result.Headers));
    }

    [Fact]
    public void Header_from_the_key_moves_key_fields()
    {
        var schema = SchemaBuilder.Struct().Field("tenant", Schema.String).Field("id", Schema.Int32).Build();
        var record = new SourceRecord(null, null, "topic", null, schema, new Struct(schema).Put("tenant", "t1").Put("id", 7), Schema.String, "v", null);
        var result = Configured<HeaderFromKey>(("fields", "tenant"), ("headers", "tenant"), ("operation", "move")).Apply(record)!;
        Assert.Equal(["id"], result.KeySchema!.Fields.Select(f => f.Name));
        Assert.Equal("t1", result.Headers.LastWithName("tenant")!.Value);
        Assert.Equal("v", result.Value);
    }

    [Theory]
    [InlineData("{\"fields\":\"a,b\",\"headers\":\"h\",\"operation\":\"move\"}", "'fields' config must have the same number of elements as 'headers' config.")]
    [InlineData("{\"fields\":\"a\",\"headers\":\"h\",\"operation\":\"rename\"}", "Invalid value rename for configuration operation: String must be one of: move, copy")]
    [InlineData("{\"fields\":\"\",\"headers\":\"h\",\"operation\":\"copy\"}", "Invalid value  for configuration fields: Empty list is not allowed")]
    [InlineData("{\"fields\":\"a\",\"headers\":\"h\"}", "Missing required configuration \"operation\" which has no default value.")]
    public void Header_from_configuration_errors_read_as_apache_writes_them(string json, string message)
    {
        var configs = JsonNode.Parse(json)!.AsObject().ToDictionary(p => p.Key, p => (string)p.Value!);
        var error = Assert.Throws<ConfigException>(() => new HeaderFromValue().Configure(configs));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Set_schema_metadata_renames_and_versions_a_struct_schema_and_rebuilds_the_struct()
    {
        var schema = SchemaBuilder.Struct().Name("old").Field("a", Schema.Int32).Build();
        var result = Configured<SetSchemaMetadataValue>(("schema.name", "com.example.New"), ("schema.version", "3")).Apply(Record(schema, new Struct(schema).Put("a", 1)))!;
        Assert.Equal("com.example.New", result.ValueSchema!.Name);
        Assert.Equal(3, result.ValueSchema.Version);
        var value = Assert.IsType<Struct>(result.Value);
        Assert.Same(result.ValueSchema, value.Schema);
        Assert.Equal(1, value.Get("a"));
    }

    [Fact]
    public void Set_schema_metadata_needs_a_name_or_a_version_and_a_schema()
    {
        Assert.Equal("Neither schema name nor version configured", Assert.Throws<ConfigException>(() => new SetSchemaMetadataKey().Configure(new Dictionary<string, string>())).Message);
        var transform = Configured<SetSchemaMetadataValue>(("schema.version", "2"));
        Assert.Equal("Schema required for [updating schema metadata]", Assert.Throws<Api.DataException>(() => transform.Apply(Record(null, "schemaless"))).Message);
        var tombstone = Record(null, null);
        Assert.Same(tombstone, transform.Apply(tombstone));
    }

    [Fact]
    public async Task Both_transformations_are_found_by_their_apache_class_names_when_a_connector_is_validated()
    {
        using var directory = TemporaryDirectory.Create();
        await using var worker = await EmbeddedWorker.StandaloneAsync(broker.BootstrapServers, Path.Combine(directory.Path, "offsets"));
        using var response = await worker.SendJsonAsync(HttpMethod.Put, "/connector-plugins/FileStreamSource/config/validate",
            "{\"connector.class\":\"FileStreamSource\",\"name\":\"n\",\"topic\":\"t\",\"transforms\":\"ts,hf\","
            + "\"transforms.ts.type\":\"org.apache.kafka.connect.transforms.TimestampConverter$Value\",\"transforms.ts.target.type\":\"unix\","
            + "\"transforms.hf.type\":\"org.apache.kafka.connect.transforms.HeaderFrom$Value\",\"transforms.hf.fields\":\"a\",\"transforms.hf.headers\":\"h\",\"transforms.hf.operation\":\"copy\"}");
        var result = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal(0, (int)result["error_count"]!);
        Assert.Contains(result["configs"]!.AsArray(), c => (string?)c!["value"]!["name"] == "transforms.ts.unix.precision");
        Assert.Contains(result["configs"]!.AsArray(), c => (string?)c!["value"]!["name"] == "transforms.hf.operation");
    }
}
