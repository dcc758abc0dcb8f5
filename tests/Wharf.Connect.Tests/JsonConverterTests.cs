using System.Text;
using Wharf.Connect.Api;
using Wharf.Connect.Api.Data;
using Wharf.Connect.Api.Records;
using Wharf.Connect.Converters;

namespace Wharf.Connect.Tests;

/// <summary>Golden cases from Apache's JsonConverterTest: the same inputs give the same Connect data and the same JSON.</summary>
public sealed class JsonConverterTests
{
    private static JsonConverter Converter(bool schemas = true, string decimalFormat = "BASE64")
    {
        var converter = new JsonConverter();
        converter.Configure(new Dictionary<string, string> { ["schemas.enable"] = schemas ? "true" : "false", ["decimal.format"] = decimalFormat }, isKey: false);
        return converter;
    }

    private static SchemaAndValue Read(string json, bool schemas = true) => Converter(schemas).ToConnectData("topic", new ConnectHeaders(), Encoding.UTF8.GetBytes(json));

    private static string Write(Schema? schema, object? value, bool schemas = true, string decimalFormat = "BASE64") =>
        Encoding.UTF8.GetString(Converter(schemas, decimalFormat).FromConnectData("topic", new ConnectHeaders(), schema, value)!);

    [Fact]
    public void Envelopes_with_primitive_schemas_read_to_the_matching_connect_values()
    {
        Assert.Equal(new SchemaAndValue(Schema.Boolean, true), Read("{ \"schema\": { \"type\": \"boolean\" }, \"payload\": true }"));
        Assert.Equal(new SchemaAndValue(Schema.OptionalBoolean, null), Read("{ \"schema\": { \"type\": \"boolean\", \"optional\": true }, \"payload\": null }"));
        Assert.Equal(new SchemaAndValue(Schema.Int8, (sbyte)12), Read("{ \"schema\": { \"type\": \"int8\" }, \"payload\": 12 }"));
        Assert.Equal(new SchemaAndValue(Schema.Int16, (short)12), Read("{ \"schema\": { \"type\": \"int16\" }, \"payload\": 12 }"));
        Assert.Equal(new SchemaAndValue(Schema.Int32, 12), Read("{ \"schema\": { \"type\": \"int32\" }, \"payload\": 12 }"));
        Assert.Equal(new SchemaAndValue(Schema.Int64, 4398046511104L), Read("{ \"schema\": { \"type\": \"int64\" }, \"payload\": 4398046511104 }"));
        Assert.Equal(new SchemaAndValue(Schema.Float32, 12.34f), Read("{ \"schema\": { \"type\": \"float\" }, \"payload\": 12.34 }"));
        Assert.Equal(new SchemaAndValue(Schema.Float64, 12.34), Read("{ \"schema\": { \"type\": \"double\" }, \"payload\": 12.34 }"));
        Assert.Equal(new SchemaAndValue(Schema.String, "foo-bar-baz"), Read("{ \"schema\": { \"type\": \"string\" }, \"payload\": \"foo-bar-baz\" }"));
        Assert.Equal("test-string", Encoding.UTF8.GetString((byte[])Read("{ \"schema\": { \"type\": \"bytes\" }, \"payload\": \"dGVzdC1zdHJpbmc=\" }").Value!));
    }

    [Fact]
    public void Schema_metadata_and_defaults_are_read_from_the_envelope()
    {
        var read = Read("{ \"schema\": { \"type\": \"boolean\", \"optional\": false, \"name\": \"bool\", \"version\": 2, \"doc\": \"the documentation\", \"parameters\": { \"foo\": \"bar\" }}, \"payload\": true }");
        Assert.Equal(SchemaBuilder.Bool().Required().Name("bool").Version(2).Doc("the documentation").Parameter("foo", "bar").Build(), read.Schema);
        Assert.Equal(true, Read("{ \"schema\": { \"type\": \"boolean\", \"default\": true }, \"payload\": null }").Value);
    }

    [Fact]
    public void Containers_read_to_lists_maps_and_structs()
    {
        Assert.Equal(new List<object?> { 1, 2, 3 }, (IList<object?>)Read("{ \"schema\": { \"type\": \"array\", \"items\": { \"type\" : \"int32\" } }, \"payload\": [1, 2, 3] }").Value!);
        var stringKeys = (IDictionary<object, object?>)Read("{ \"schema\": { \"type\": \"map\", \"keys\": { \"type\" : \"string\" }, \"values\": { \"type\" : \"int32\" } }, \"payload\": { \"key1\": 12, \"key2\": 15} }").Value!;
        Assert.Equal(15, stringKeys["key2"]);
        var intKeys = (IDictionary<object, object?>)Read("{ \"schema\": { \"type\": \"map\", \"keys\": { \"type\" : \"int32\" }, \"values\": { \"type\" : \"int32\" } }, \"payload\": [ [1, 12], [2, 15] ] }").Value!;
        Assert.Equal(12, intKeys[1]);
        var schema = SchemaBuilder.Struct().Field("field1", Schema.Boolean).Field("field2", Schema.String).Build();
        var read = Read("{ \"schema\": { \"type\": \"struct\", \"fields\": [{ \"field\": \"field1\", \"type\": \"boolean\" }, { \"field\": \"field2\", \"type\": \"string\" }] }, \"payload\": { \"field1\": true, \"field2\": \"string\" } }");
        Assert.Equal(new SchemaAndValue(schema, new Struct(schema).Put("field1", true).Put("field2", "string")), read);
    }

    [Fact]
    public void Logical_types_read_to_decimal_and_date_time_values()
    {
        Assert.Equal(1.56m, Read("{ \"schema\": { \"type\": \"bytes\", \"name\": \"org.apache.kafka.connect.data.Decimal\", \"version\": 1, \"parameters\": { \"scale\": \"2\" } }, \"payload\": \"AJw=\" }").Value);
        Assert.Equal(1.56m, Read("{ \"schema\": { \"type\": \"bytes\", \"name\": \"org.apache.kafka.connect.data.Decimal\", \"version\": 1, \"default\": \"AJw=\", \"parameters\": { \"scale\": \"2\" } }, \"payload\": null }").Value);
        Assert.Equal(1.5600m, Read("{ \"schema\": { \"type\": \"bytes\", \"name\": \"org.apache.kafka.connect.data.Decimal\", \"version\": 1, \"parameters\": { \"scale\": \"4\" } }, \"payload\": 1.5600 }").Value);
        Assert.Equal(new DateTime(1997, 5, 19, 0, 0, 0, DateTimeKind.Utc), Read("{ \"schema\": { \"type\": \"int32\", \"name\": \"org.apache.kafka.connect.data.Date\", \"version\": 1 }, \"payload\": 10000 }").Value);
        Assert.Equal(DateTime.UnixEpoch.AddHours(4), Read("{ \"schema\": { \"type\": \"int32\", \"name\": \"org.apache.kafka.connect.data.Time\", \"version\": 1 }, \"payload\": 14400000 }").Value);
        Assert.Equal(DateTime.UnixEpoch.AddMilliseconds(4000000000), Read("{ \"schema\": { \"type\": \"int64\", \"name\": \"org.apache.kafka.connect.data.Timestamp\", \"version\": 1 }, \"payload\": 4000000000 }").Value);
    }

    [Fact]
    public void Schemaless_json_reads_integers_as_int64_decimals_as_float64_and_objects_as_maps()
    {
        Assert.Equal(SchemaAndValue.Null, Read(string.Empty, schemas: false));
        Assert.Equal(12L, Read("{ \"schema\": null, \"payload\": 12 }").Value);
        Assert.Equal(12.24, Read("{ \"schema\": null, \"payload\": 12.24 }").Value);
        Assert.Equal(new List<object?> { 1L, "2", 3L }, (IList<object?>)Read("{ \"schema\": null, \"payload\": [1, \"2\", 3] }").Value!);
        var map = (IDictionary<object, object?>)Read("{ \"a\": \"\", \"b\": null}", schemas: false).Value!;
        Assert.Equal(string.Empty, map["a"]);
        Assert.Null(map["b"]);
    }

    [Fact]
    public void Envelopes_are_written_as_apache_writes_them()
    {
        Assert.Equal("{\"schema\":{\"type\":\"boolean\",\"optional\":false},\"payload\":true}", Write(Schema.Boolean, true));
        Assert.Equal("{\"schema\":{\"type\":\"boolean\",\"optional\":false,\"name\":\"bool\",\"version\":3,\"doc\":\"the documentation\",\"parameters\":{\"foo\":\"bar\"}},\"payload\":true}",
            Write(SchemaBuilder.Bool().Required().Name("bool").Version(3).Doc("the documentation").Parameter("foo", "bar").Build(), true));
        Assert.Equal("{\"schema\":{\"type\":\"float\",\"optional\":false},\"payload\":12.34}", Write(Schema.Float32, 12.34f));
        Assert.Equal("{\"schema\":{\"type\":\"double\",\"optional\":false},\"payload\":1.0}", Write(Schema.Float64, 1.0));
        Assert.Equal("{\"schema\":{\"type\":\"bytes\",\"optional\":false},\"payload\":\"dGVzdC1zdHJpbmc=\"}", Write(Schema.Bytes, Encoding.UTF8.GetBytes("test-string")));
        Assert.Equal("{\"schema\":{\"type\":\"array\",\"items\":{\"type\":\"int32\",\"optional\":false},\"optional\":false},\"payload\":[1,2,3]}",
            Write(SchemaBuilder.Array(Schema.Int32).Build(), new List<object?> { 1, 2, 3 }));
        Assert.Equal("{\"schema\":{\"type\":\"map\",\"keys\":{\"type\":\"int32\",\"optional\":false},\"values\":{\"type\":\"int32\",\"optional\":false},\"optional\":false},\"payload\":[[1,12],[2,15]]}",
            Write(SchemaBuilder.Map(Schema.Int32, Schema.Int32).Build(), new Dictionary<object, object?> { [1] = 12, [2] = 15 }));
        var schema = SchemaBuilder.Struct().Field("field1", Schema.Boolean).Field("field2", Schema.String).Build();
        Assert.Equal("{\"schema\":{\"type\":\"struct\",\"fields\":[{\"type\":\"boolean\",\"optional\":false,\"field\":\"field1\"},{\"type\":\"string\",\"optional\":false,\"field\":\"field2\"}],\"optional\":false},\"payload\":{\"field1\":true,\"field2\":\"string\"}}",
            Write(schema, new Struct(schema).Put("field1", true).Put("field2", "string")));
    }

    [Fact]
    public void Decimals_are_written_as_base64_of_the_unscaled_value_or_as_numbers()
    {
        Assert.Equal("{\"schema\":{\"type\":\"bytes\",\"optional\":false,\"name\":\"org.apache.kafka.connect.data.Decimal\",\"version\":1,\"parameters\":{\"scale\":\"2\"}},\"payload\":\"AJw=\"}", Write(ConnectDecimal.Schema(2), 1.56m));
        Assert.Equal("1.5600", Write(ConnectDecimal.Schema(4), 1.5600m, schemas: false, decimalFormat: "NUMERIC"));
    }

    [Fact]
    public void Schemaless_values_are_written_as_plain_json_and_null_is_a_tombstone()
    {
        Assert.Equal("true", Write(null, true, schemas: false));
        Assert.Equal("[1,\"string\",true]", Write(null, new List<object?> { 1, "string", true }, schemas: false));
        Assert.Equal("{\"schema\":null,\"payload\":[1,\"string\",true]}", Write(null, new List<object?> { 1, "string", true }));
        Assert.Null(Converter().FromConnectData("topic", new ConnectHeaders(), null, null));
    }

    [Fact]
    public void Plain_json_read_with_schemas_enabled_says_to_set_schemas_enable_false()
    {
        var exception = Assert.Throws<DataException>(() => Read("{\"a\": 1}"));
        Assert.Contains("set schemas.enable=false in your converter configuration", exception.Message, StringComparison.Ordinal);
    }
}
