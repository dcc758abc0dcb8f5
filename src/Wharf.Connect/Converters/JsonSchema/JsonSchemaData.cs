using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Connect.Api;
using Wharf.Connect.Api.Data;

namespace Wharf.Connect.Converters.JsonSchema;

/// <summary>
/// Connect schemas and values to JSON Schema and JSON and back, with the conventions of Confluent's JsonSchemaData:
/// integers and numbers carry <c>connect.type</c> (int8 … float64; bytes are base64 strings with connect.type bytes),
/// a struct is an object whose properties carry their position in <c>connect.index</c>, a schema name is the
/// <c>title</c>, version and parameters are <c>connect.version</c>/<c>connect.parameters</c>, an optional schema is
/// <c>oneOf</c> null and the schema, maps are objects (<c>connect.type</c> map) or arrays of key/value objects.
/// Decimals are base64 strings of the unscaled bytes, Date/Time/Timestamp integers, as Confluent writes them.
/// </summary>
internal sealed class JsonSchemaData(int cacheSize)
{
    private const string ConnectType = "connect.type";
    private const string ConnectIndex = "connect.index";
    private const string ConnectVersion = "connect.version";
    private const string ConnectParameters = "connect.parameters";

    private readonly BoundedCache<Schema, string> _fromConnect = new(cacheSize);
    private readonly BoundedCache<string, Schema> _toConnect = new(cacheSize, StringComparer.Ordinal);

    /// <summary>The JSON Schema text (compact) of a Connect schema.</summary>
    public string FromConnectSchema(Schema schema) =>
        _fromConnect.GetOrAdd(schema, s => SchemaNode(s, null).ToJsonString());

    private static JsonObject SchemaNode(Schema schema, int? index, bool ignoreOptional = false)
    {
        if (schema.IsOptional && !ignoreOptional)
        {
            var combined = new JsonObject { ["oneOf"] = new JsonArray(new JsonObject { ["type"] = "null" }, SchemaNode(schema, null, ignoreOptional: true)) };
            if (index is { } i)
            {
                combined[ConnectIndex] = i;
            }

            return combined;
        }

        var node = new JsonObject();
        switch (schema.Type)
        {
            case SchemaType.Int8 or SchemaType.Int16 or SchemaType.Int32 or SchemaType.Int64:
                node["type"] = "integer";
                node[ConnectType] = schema.Type.ToName();
                break;
            case SchemaType.Float32 or SchemaType.Float64:
                node["type"] = "number";
                node[ConnectType] = schema.Type.ToName();
                break;
            case SchemaType.Boolean:
                node["type"] = "boolean";
                break;
            case SchemaType.String:
                node["type"] = "string";
                break;
            case SchemaType.Bytes:
                node["type"] = "string";
                node[ConnectType] = "bytes";
                break;
            case SchemaType.Array:
                node["type"] = "array";
                node["items"] = SchemaNode(schema.ValueSchema!, null);
                break;
            case SchemaType.Map when schema.KeySchema!.Type == SchemaType.String && !schema.KeySchema.IsOptional:
                node["type"] = "object";
                node["additionalProperties"] = SchemaNode(schema.ValueSchema!, null);
                node[ConnectType] = "map";
                break;
            case SchemaType.Map:
                node["type"] = "array";
                node["items"] = new JsonObject
                {
                    ["type"] = "object",
                    ["properties"] = new JsonObject { ["key"] = SchemaNode(schema.KeySchema, 0), ["value"] = SchemaNode(schema.ValueSchema!, 1) },
                };
                node[ConnectType] = "map";
                break;
            case SchemaType.Struct:
            {
                node["type"] = "object";
                var properties = new JsonObject();
                foreach (var field in schema.Fields)
                {
                    properties[field.Name] = SchemaNode(field.Schema, field.Index);
                }

                node["properties"] = properties;
                break;
            }

            default:
                throw new DataException("Unsupported type " + schema.Type);
        }

        if (schema.Name is not null)
        {
            node["title"] = schema.Name;
        }

        if (schema.Version is { } version)
        {
            node[ConnectVersion] = version;
        }

        if (schema.Doc is not null)
        {
            node["description"] = schema.Doc;
        }

        if (schema.Parameters is { Count: > 0 } parameters)
        {
            var p = new JsonObject();
            foreach (var (key, value) in parameters)
            {
                p[key] = value;
            }

            node[ConnectParameters] = p;
        }

        if (schema.DefaultValue is not null)
        {
            node["default"] = ValueNode(schema, schema.DefaultValue);
        }

        if (index is { } position)
        {
            node[ConnectIndex] = position;
        }

        return node;
    }

    /// <summary>The Connect schema of a JSON Schema (the conventions above; plain JSON Schema types map to their nearest Connect type).</summary>
    public Schema ToConnectSchema(string text, int? version) =>
        _toConnect.GetOrAdd(text, t =>
        {
            using var document = JsonDocument.Parse(t);
            return ToConnectSchema(document.RootElement, false, version);
        });

    private static Schema ToConnectSchema(JsonElement json, bool optional, int? version)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw new DataException("Unsupported JSON schema: " + json.GetRawText());
        }

        if (json.TryGetProperty("oneOf", out var oneOf) && oneOf.ValueKind == JsonValueKind.Array)
        {
            var branches = oneOf.EnumerateArray().ToList();
            var nonNull = branches.Where(b => !(b.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null")).ToList();
            if (nonNull.Count == 1 && branches.Count == 2)
            {
                return ToConnectSchema(nonNull[0], true, version);
            }

            throw new DataException("JSON Schema oneOf other than [null, schema] is not supported by this converter");
        }

        var type = json.TryGetProperty("type", out var typeJson) && typeJson.ValueKind == JsonValueKind.String ? typeJson.GetString() : null;
        var connectType = json.TryGetProperty(ConnectType, out var ct) && ct.ValueKind == JsonValueKind.String ? ct.GetString() : null;
        SchemaBuilder builder = (type, connectType) switch
        {
            ("integer", "int8") => SchemaBuilder.Int8(),
            ("integer", "int16") => SchemaBuilder.Int16(),
            ("integer", "int32") => SchemaBuilder.Int32(),
            ("integer", _) => SchemaBuilder.Int64(),
            ("number", "float32") => SchemaBuilder.Float32(),
            ("number", "bytes") => SchemaBuilder.Bytes(),
            ("number", _) => SchemaBuilder.Float64(),
            ("boolean", _) => SchemaBuilder.Bool(),
            ("string", "bytes") => SchemaBuilder.Bytes(),
            ("string", _) => SchemaBuilder.String(),
            ("array", "map") => MapOfEntries(json),
            ("array", _) => SchemaBuilder.Array(json.TryGetProperty("items", out var items) ? ToConnectSchema(items, false, null) : throw new DataException("Array schema without items")),
            ("object", "map") => SchemaBuilder.Map(Schema.String, json.TryGetProperty("additionalProperties", out var values) ? ToConnectSchema(values, false, null) : throw new DataException("Map schema without additionalProperties")),
            ("object", _) => StructOf(json),
            _ => throw new DataException("Unsupported JSON schema type " + (type ?? "(none)")),
        };

        if (json.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String)
        {
            builder.Name(title.GetString()!);
        }

        if (json.TryGetProperty(ConnectVersion, out var versionJson) && versionJson.TryGetInt32(out var v))
        {
            builder.Version(v);
        }
        else if (version is { } registryVersion)
        {
            builder.Version(registryVersion);
        }

        if (json.TryGetProperty("description", out var doc) && doc.ValueKind == JsonValueKind.String)
        {
            builder.Doc(doc.GetString()!);
        }

        if (json.TryGetProperty(ConnectParameters, out var parameters) && parameters.ValueKind == JsonValueKind.Object)
        {
            foreach (var parameter in parameters.EnumerateObject())
            {
                builder.Parameter(parameter.Name, parameter.Value.ValueKind == JsonValueKind.String ? parameter.Value.GetString()! : parameter.Value.GetRawText());
            }
        }

        if (optional)
        {
            builder.Optional();
        }

        if (json.TryGetProperty("default", out var defaultJson) && defaultJson.ValueKind != JsonValueKind.Null)
        {
            builder.DefaultValue(ToConnectValue(builder.Build(), defaultJson));
        }

        return builder.Build();
    }

    private static SchemaBuilder MapOfEntries(JsonElement json)
    {
        var properties = json.GetProperty("items").GetProperty("properties");
        return SchemaBuilder.Map(ToConnectSchema(properties.GetProperty("key"), false, null), ToConnectSchema(properties.GetProperty("value"), false, null));
    }

    private static SchemaBuilder StructOf(JsonElement json)
    {
        var builder = SchemaBuilder.Struct();
        if (!json.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
        {
            return builder;
        }

        // Fields in connect.index order (JSON object order otherwise), as JsonSchemaData orders them.
        var fields = properties.EnumerateObject()
            .Select((p, i) => (p.Name, p.Value, Index: p.Value.TryGetProperty(ConnectIndex, out var index) && index.TryGetInt32(out var n) ? n : int.MaxValue, Order: i))
            .OrderBy(f => f.Index).ThenBy(f => f.Order);
        foreach (var field in fields)
        {
            builder.Field(field.Name, ToConnectSchema(field.Value, false, null));
        }

        return builder;
    }

    /// <summary>The JSON of a Connect value of <paramref name="schema"/>.</summary>
    public static JsonNode? ValueNode(Schema schema, object? value)
    {
        value ??= schema.DefaultValue;
        if (value is null)
        {
            return schema.IsOptional ? null : throw new DataException("Conversion error: null value for field that is required and has no default value");
        }

        switch (schema.Name)
        {
            case ConnectDecimal.LogicalName:
                return Convert.ToBase64String(ConnectDecimal.FromLogical(schema, (decimal)value));
            case ConnectDate.LogicalName:
                return ConnectDate.FromLogical(schema, (DateTime)value);
            case ConnectTime.LogicalName:
                return ConnectTime.FromLogical(schema, (DateTime)value);
            case ConnectTimestamp.LogicalName:
                return ConnectTimestamp.FromLogical(schema, (DateTime)value);
            default:
                break;
        }

        Schema.Validate(schema, value);
        switch (value)
        {
            case byte[] bytes:
                return Convert.ToBase64String(bytes);
            case ReadOnlyMemory<byte> memory:
                return Convert.ToBase64String(memory.Span);
            case Struct s:
            {
                var node = new JsonObject();
                foreach (var field in schema.Fields)
                {
                    node[field.Name] = ValueNode(field.Schema, s.Get(field));
                }

                return node;
            }

            case IDictionary map when schema.KeySchema!.Type == SchemaType.String && !schema.KeySchema.IsOptional:
            {
                var node = new JsonObject();
                foreach (DictionaryEntry entry in map)
                {
                    node[(string)entry.Key] = ValueNode(schema.ValueSchema!, entry.Value);
                }

                return node;
            }

            case IDictionary map:
            {
                var array = new JsonArray();
                foreach (DictionaryEntry entry in map)
                {
                    array.Add(new JsonObject { ["key"] = ValueNode(schema.KeySchema!, entry.Key), ["value"] = ValueNode(schema.ValueSchema!, entry.Value) });
                }

                return array;
            }

            case IList list:
            {
                var array = new JsonArray();
                foreach (var item in list)
                {
                    array.Add(ValueNode(schema.ValueSchema!, item));
                }

                return array;
            }

            default:
                return JsonValue.Create(value);
        }
    }

    /// <summary>The Connect value of JSON read with <paramref name="schema"/>.</summary>
    public static object? ToConnectValue(Schema schema, JsonElement json)
    {
        if (json.ValueKind == JsonValueKind.Null)
        {
            return schema.DefaultValue ?? (schema.IsOptional ? null : throw new DataException("Invalid null value for required " + schema.Type.ToName().ToUpperInvariant() + " field"));
        }

        try
        {
            if (JsonText.TryReadLogical(schema, json, out var logical))
            {
                return logical;
            }

            return schema.Type switch
            {
                SchemaType.Int8 => json.GetSByte(),
                SchemaType.Int16 => json.GetInt16(),
                SchemaType.Int32 => json.GetInt32(),
                SchemaType.Int64 => json.GetInt64(),
                SchemaType.Float32 => json.GetSingle(),
                SchemaType.Float64 => json.GetDouble(),
                SchemaType.Boolean => json.GetBoolean(),
                SchemaType.String => json.GetString(),
                SchemaType.Bytes => json.GetBytesFromBase64(),
                SchemaType.Array => json.EnumerateArray().Select(e => ToConnectValue(schema.ValueSchema!, e)).ToList(),
                SchemaType.Map when json.ValueKind == JsonValueKind.Object => json.EnumerateObject().ToDictionary(p => (object)p.Name, p => ToConnectValue(schema.ValueSchema!, p.Value)),
                SchemaType.Map => json.EnumerateArray().ToDictionary(
                    e => ToConnectValue(schema.KeySchema!, e.GetProperty("key")) ?? throw new DataException("Map keys may not be null"),
                    e => ToConnectValue(schema.ValueSchema!, e.GetProperty("value"))),
                SchemaType.Struct => StructValue(schema, json),
                _ => throw new DataException("Unsupported type " + schema.Type),
            };
        }
        catch (Exception exception) when (exception is InvalidOperationException or FormatException or KeyNotFoundException)
        {
            throw new DataException("Invalid JSON for " + schema.Type.ToName().ToUpperInvariant() + ": " + json.GetRawText(), exception);
        }
    }

    private static Struct StructValue(Schema schema, JsonElement json)
    {
        var result = new Struct(schema);
        foreach (var field in schema.Fields)
        {
            result.Put(field, json.TryGetProperty(field.Name, out var value) ? ToConnectValue(field.Schema, value) : field.Schema.DefaultValue);
        }

        return result;
    }
}
