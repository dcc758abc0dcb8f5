using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text.Json;
using Wharf.Connect.Api;
using Wharf.Connect.Api.Config;
using Wharf.Connect.Api.Data;
using Wharf.Connect.Api.Plugins;
using Wharf.Connect.Api.Records;

namespace Wharf.Connect.Converters;

/// <summary>
/// Apache's JsonConverter: with <c>schemas.enable=true</c> (the default) every value is an envelope
/// <c>{"schema": …, "payload": …}</c> with Apache's schema JSON (type names boolean, int8 … float, double, bytes,
/// string, array, map, struct); with false, plain JSON, read as schemaless values (integers int64, other
/// numbers float64, objects maps). Decimals as base64 of the unscaled bytes (<c>decimal.format=BASE64</c>) or as
/// numbers (NUMERIC).
/// </summary>
[PluginName("org.apache.kafka.connect.json.JsonConverter")]
public sealed class JsonConverter : IConverter
{
    public const string SchemasEnableConfig = "schemas.enable";
    public const string DecimalFormatConfig = "decimal.format";
    public const string ReplaceNullWithDefaultConfig = "replace.null.with.default";

    private const string EnvelopeMessage = "JsonConverter with schemas.enable requires \"schema\" and \"payload\" fields and may not contain additional fields. If you are trying to deserialize plain JSON data, set schemas.enable=false in your converter configuration.";

    private static readonly ConfigDef Definition = new ConfigDef()
        .Define(SchemasEnableConfig, ConfigType.Boolean, true, null, Importance.High, "Include schemas within each of the serialized values and keys.", "Schemas", 0, Width.Medium, "Enable Schemas")
        .Define("schemas.cache.size", ConfigType.Int, 1000, null, Importance.High, "The maximum number of schemas that can be cached in this converter instance.", "Schemas", 1, Width.Medium, "Schema Cache Size")
        .Define(DecimalFormatConfig, ConfigType.String, "BASE64", ConfigValidators.OneOfIgnoringCase("BASE64", "NUMERIC"), Importance.Low, "Controls which format this converter will serialize decimals in. This value is case insensitive and can be either 'BASE64' (default) or 'NUMERIC'", "Serialization", 0, Width.Medium, "Decimal Format")
        .Define(ReplaceNullWithDefaultConfig, ConfigType.Boolean, true, null, Importance.Low, "Whether to replace fields that have a default value and that are null to the default value. When set to true, the default value is used, otherwise null is used.", "Serialization", 1, Width.Medium, "Replace null with default");

    private bool _schemasEnabled = true;
    private bool _decimalNumeric;
    private bool _replaceNullWithDefault = true;

    public ConfigDef Config => Definition;

    public void Configure(IReadOnlyDictionary<string, string> configs, bool isKey)
    {
        var config = new ParsedConfig(Definition, configs);
        _schemasEnabled = config.GetBoolean(SchemasEnableConfig);
        _decimalNumeric = string.Equals(config.GetString(DecimalFormatConfig), "NUMERIC", StringComparison.OrdinalIgnoreCase);
        _replaceNullWithDefault = config.GetBoolean(ReplaceNullWithDefaultConfig);
    }

    public byte[]? FromConnectData(string topic, ConnectHeaders headers, Schema? schema, object? value)
    {
        if (schema is null && value is null)
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (_schemasEnabled)
            {
                writer.WriteStartObject();
                writer.WritePropertyName("schema");
                if (schema is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    WriteSchema(writer, schema);
                }

                writer.WritePropertyName("payload");
                WriteValue(writer, schema, value);
                writer.WriteEndObject();
            }
            else
            {
                WriteValue(writer, schema, value);
            }
        }

        return buffer.WrittenSpan.ToArray();
    }

    public SchemaAndValue ToConnectData(string topic, ConnectHeaders headers, byte[]? value)
    {
        // Empty bytes are a null value, as Jackson reads them.
        if (value is null || value.Length == 0)
        {
            return SchemaAndValue.Null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(value);
        }
        catch (JsonException exception)
        {
            throw new DataException("Converting byte[] to Kafka Connect data failed due to serialization error: " + exception.Message, exception);
        }

        using (document)
        {
            var root = document.RootElement;
            if (!_schemasEnabled)
            {
                return new SchemaAndValue(null, ReadValue(null, root));
            }

            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("schema", out var schemaJson) || !root.TryGetProperty("payload", out var payload)
                || root.EnumerateObject().Count() != 2)
            {
                throw new DataException(EnvelopeMessage);
            }

            var schema = schemaJson.ValueKind == JsonValueKind.Null ? null : ReadSchema(schemaJson);
            return new SchemaAndValue(schema, ReadValue(schema, payload));
        }
    }

    /// <summary>Apache's schema JSON: type (and items / keys, values / fields), optional, name, version, doc, parameters, default.</summary>
    public void WriteSchema(Utf8JsonWriter writer, Schema schema, string? fieldName = null)
    {
        writer.WriteStartObject();
        writer.WriteString("type", TypeName(schema.Type));
        switch (schema.Type)
        {
            case SchemaType.Array:
                writer.WritePropertyName("items");
                WriteSchema(writer, schema.ValueSchema!);
                break;
            case SchemaType.Map:
                writer.WritePropertyName("keys");
                WriteSchema(writer, schema.KeySchema!);
                writer.WritePropertyName("values");
                WriteSchema(writer, schema.ValueSchema!);
                break;
            case SchemaType.Struct:
                writer.WriteStartArray("fields");
                foreach (var field in schema.Fields)
                {
                    WriteSchema(writer, field.Schema, field.Name);
                }

                writer.WriteEndArray();
                break;
            default:
                break;
        }

        writer.WriteBoolean("optional", schema.IsOptional);
        if (schema.Name is not null)
        {
            writer.WriteString("name", schema.Name);
        }

        if (schema.Version is { } version)
        {
            writer.WriteNumber("version", version);
        }

        if (schema.Doc is not null)
        {
            writer.WriteString("doc", schema.Doc);
        }

        if (schema.Parameters is { } parameters)
        {
            writer.WriteStartObject("parameters");
            foreach (var (key, value) in parameters)
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        if (schema.DefaultValue is not null)
        {
            writer.WritePropertyName("default");
            WriteValue(writer, schema, schema.DefaultValue);
        }

        if (fieldName is not null)
        {
            writer.WriteString("field", fieldName);
        }

        writer.WriteEndObject();
    }

    private void WriteValue(Utf8JsonWriter writer, Schema? schema, object? value)
    {
        if (value is null)
        {
            if (schema is null)
            {
                writer.WriteNullValue();
                return;
            }

            if (schema.DefaultValue is not null && _replaceNullWithDefault)
            {
                WriteValue(writer, schema, schema.DefaultValue);
                return;
            }

            if (schema.IsOptional)
            {
                writer.WriteNullValue();
                return;
            }

            throw new DataException("Conversion error: null value for field that is required and has no default value");
        }

        switch (schema?.Name)
        {
            case ConnectDecimal.LogicalName when value is decimal d:
                if (_decimalNumeric)
                {
                    writer.WriteRawValue(d.ToString(CultureInfo.InvariantCulture));
                }
                else
                {
                    writer.WriteBase64StringValue(ConnectDecimal.FromLogical(schema, d));
                }

                return;
            case ConnectDate.LogicalName when value is DateTime date:
                writer.WriteNumberValue(ConnectDate.FromLogical(schema, date));
                return;
            case ConnectTime.LogicalName when value is DateTime time:
                writer.WriteNumberValue(ConnectTime.FromLogical(schema, time));
                return;
            case ConnectTimestamp.LogicalName when value is DateTime timestamp:
                writer.WriteNumberValue(ConnectTimestamp.FromLogical(schema, timestamp));
                return;
            default:
                break;
        }

        if (schema is not null)
        {
            Schema.Validate(schema, value);
        }

        switch (value)
        {
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case sbyte i8:
                writer.WriteNumberValue(i8);
                break;
            case short i16:
                writer.WriteNumberValue(i16);
                break;
            case int i32:
                writer.WriteNumberValue(i32);
                break;
            case long i64:
                writer.WriteNumberValue(i64);
                break;
            case float f:
                JsonText.WriteFloat(writer, f);
                break;
            case double d:
                JsonText.WriteDouble(writer, d);
                break;
            case decimal m:
                writer.WriteRawValue(m.ToString(CultureInfo.InvariantCulture));
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case byte[] bytes:
                writer.WriteBase64StringValue(bytes);
                break;
            case ReadOnlyMemory<byte> memory:
                writer.WriteBase64StringValue(memory.Span);
                break;
            case Struct s:
                writer.WriteStartObject();
                foreach (var field in s.Schema.Fields)
                {
                    writer.WritePropertyName(field.Name);
                    WriteValue(writer, field.Schema, _replaceNullWithDefault ? s.Get(field) : s.GetWithoutDefault(field.Name));
                }

                writer.WriteEndObject();
                break;
            case IDictionary map:
                WriteMap(writer, schema, map);
                break;
            case IList list:
                writer.WriteStartArray();
                foreach (var element in list)
                {
                    WriteValue(writer, schema?.ValueSchema, element);
                }

                writer.WriteEndArray();
                break;
            default:
                throw new DataException("Couldn't convert " + value + " to JSON.");
        }
    }

    /// <summary>A map with string keys is a JSON object; any other is an array of [key, value] pairs.</summary>
    private void WriteMap(Utf8JsonWriter writer, Schema? schema, IDictionary map)
    {
        var objectMode = schema is not null ? schema.KeySchema!.Type == SchemaType.String && schema.KeySchema.Name is null : map.Keys.Cast<object?>().All(k => k is string);
        if (objectMode)
        {
            writer.WriteStartObject();
            foreach (DictionaryEntry entry in map)
            {
                writer.WritePropertyName((string)entry.Key);
                WriteValue(writer, schema?.ValueSchema, entry.Value);
            }

            writer.WriteEndObject();
            return;
        }

        writer.WriteStartArray();
        foreach (DictionaryEntry entry in map)
        {
            writer.WriteStartArray();
            WriteValue(writer, schema?.KeySchema, entry.Key);
            WriteValue(writer, schema?.ValueSchema, entry.Value);
            writer.WriteEndArray();
        }

        writer.WriteEndArray();
    }

    public static Schema ReadSchema(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("type", out var typeJson) || typeJson.ValueKind != JsonValueKind.String)
        {
            throw new DataException("Schema must contain 'type' field");
        }

        var typeName = typeJson.GetString()!;
        SchemaBuilder builder = typeName switch
        {
            "boolean" => SchemaBuilder.Bool(),
            "int8" => SchemaBuilder.Int8(),
            "int16" => SchemaBuilder.Int16(),
            "int32" => SchemaBuilder.Int32(),
            "int64" => SchemaBuilder.Int64(),
            "float" => SchemaBuilder.Float32(),
            "double" => SchemaBuilder.Float64(),
            "bytes" => SchemaBuilder.Bytes(),
            "string" => SchemaBuilder.String(),
            "array" => SchemaBuilder.Array(json.TryGetProperty("items", out var items) ? ReadSchema(items) : throw new DataException("Array schema did not specify the element type")),
            "map" => SchemaBuilder.Map(
                json.TryGetProperty("keys", out var keys) ? ReadSchema(keys) : throw new DataException("Map schema did not specify the key type"),
                json.TryGetProperty("values", out var values) ? ReadSchema(values) : throw new DataException("Map schema did not specify the value type")),
            "struct" => SchemaBuilder.Struct(),
            _ => throw new DataException("Unknown schema type: " + typeName),
        };
        if (typeName == "struct")
        {
            if (!json.TryGetProperty("fields", out var fields) || fields.ValueKind != JsonValueKind.Array)
            {
                throw new DataException("Struct schema's \"fields\" argument is not an array.");
            }

            foreach (var field in fields.EnumerateArray())
            {
                if (!field.TryGetProperty("field", out var name) || name.ValueKind != JsonValueKind.String)
                {
                    throw new DataException("Struct schema's field name not specified properly");
                }

                builder.Field(name.GetString()!, ReadSchema(field));
            }
        }

        if (json.TryGetProperty("optional", out var optional) && optional.ValueKind == JsonValueKind.True)
        {
            builder.Optional();
        }

        if (json.TryGetProperty("name", out var schemaName) && schemaName.ValueKind == JsonValueKind.String)
        {
            builder.Name(schemaName.GetString()!);
        }

        if (json.TryGetProperty("version", out var version) && version.ValueKind == JsonValueKind.Number)
        {
            builder.Version(version.GetInt32());
        }

        if (json.TryGetProperty("doc", out var doc) && doc.ValueKind == JsonValueKind.String)
        {
            builder.Doc(doc.GetString()!);
        }

        if (json.TryGetProperty("parameters", out var parameters) && parameters.ValueKind == JsonValueKind.Object)
        {
            foreach (var parameter in parameters.EnumerateObject())
            {
                builder.Parameter(parameter.Name, parameter.Value.ValueKind == JsonValueKind.String ? parameter.Value.GetString()! : parameter.Value.GetRawText());
            }
        }

        var schema = builder.Build();
        if (json.TryGetProperty("default", out var defaultJson) && defaultJson.ValueKind != JsonValueKind.Null)
        {
            builder.DefaultValue(new JsonConverter().ReadValue(schema, defaultJson));
            schema = builder.Build();
        }

        return schema;
    }

    private object? ReadValue(Schema? schema, JsonElement json)
    {
        if (json.ValueKind == JsonValueKind.Null)
        {
            if (schema is null)
            {
                return null;
            }

            if (schema.DefaultValue is not null && _replaceNullWithDefault)
            {
                return schema.DefaultValue;
            }

            return schema.IsOptional ? null : throw new DataException("Invalid null value for required " + schema.Type.ToName().ToUpperInvariant() + " field");
        }

        if (schema is null)
        {
            return json.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.Number => json.TryGetInt64(out var l) ? (object)l : json.GetDouble(),
                JsonValueKind.String => json.GetString(),
                JsonValueKind.Array => json.EnumerateArray().Select(e => ReadValue(null, e)).ToList(),
                JsonValueKind.Object => json.EnumerateObject().ToDictionary(p => (object)p.Name, p => ReadValue(null, p.Value)),
                _ => throw new DataException("Unknown schemaless JSON value " + json.ValueKind),
            };
        }

        try
        {
            if (JsonText.TryReadLogical(schema, json, out var logical))
            {
                return logical;
            }

            return schema.Type switch
            {
                SchemaType.Boolean => json.GetBoolean(),
                SchemaType.Int8 => json.GetSByte(),
                SchemaType.Int16 => json.GetInt16(),
                SchemaType.Int32 => json.GetInt32(),
                SchemaType.Int64 => json.GetInt64(),
                SchemaType.Float32 => json.GetSingle(),
                SchemaType.Float64 => json.GetDouble(),
                SchemaType.String => json.ValueKind == JsonValueKind.String ? json.GetString() : throw new DataException("Invalid type for STRING: " + json.ValueKind),
                SchemaType.Bytes => json.GetBytesFromBase64(),
                SchemaType.Array => json.EnumerateArray().Select(e => ReadValue(schema.ValueSchema, e)).ToList(),
                SchemaType.Map => ReadMap(schema, json),
                SchemaType.Struct => ReadStruct(schema, json),
                _ => throw new DataException("Unknown schema type: " + schema.Type),
            };
        }
        catch (InvalidOperationException exception)
        {
            throw new DataException("Invalid JSON for " + schema.Type.ToName().ToUpperInvariant() + " field: " + json.GetRawText(), exception);
        }
        catch (FormatException exception)
        {
            throw new DataException("Invalid JSON for " + schema.Type.ToName().ToUpperInvariant() + " field: " + json.GetRawText(), exception);
        }
    }

    private Dictionary<object, object?> ReadMap(Schema schema, JsonElement json)
    {
        var map = new Dictionary<object, object?>();
        if (json.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in json.EnumerateObject())
            {
                map[property.Name] = ReadValue(schema.ValueSchema, property.Value);
            }

            return map;
        }

        foreach (var pair in json.EnumerateArray())
        {
            if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2)
            {
                throw new DataException("Found invalid map entry instead of array tuple: " + pair.ValueKind);
            }

            map[ReadValue(schema.KeySchema, pair[0]) ?? throw new DataException("Map keys may not be null")] = ReadValue(schema.ValueSchema, pair[1]);
        }

        return map;
    }

    private Struct ReadStruct(Schema schema, JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw new DataException("Structs should be encoded as JSON objects, but found " + json.ValueKind);
        }

        var result = new Struct(schema);
        foreach (var field in schema.Fields)
        {
            result.Put(field, ReadValue(field.Schema, json.TryGetProperty(field.Name, out var value) ? value : NullElement));
        }

        return result;
    }

    private static readonly JsonElement NullElement = JsonDocument.Parse("null").RootElement.Clone();

    private static string TypeName(SchemaType type) => type switch
    {
        SchemaType.Float32 => "float",
        SchemaType.Float64 => "double",
        _ => type.ToName(),
    };
}
