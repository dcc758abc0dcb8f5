using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Connect.Api;
using Wharf.Connect.Api.Data;
using Wharf.Protobuf;
using Wharf.Protobuf.Model;
using Wharf.Protobuf.Schema;

namespace Wharf.Connect.Converters.Protobuf;

/// <summary>What <see cref="ProtobufData"/> is configured with (Confluent's ProtobufDataConfig keys of the same names).</summary>
internal sealed record ProtobufDataOptions(
    bool WrapperForNullables = false,
    bool OptionalForNullables = false,
    bool EnhancedSchemaSupport = false,
    int CacheSize = 1000);

/// <summary>
/// Connect schemas and values to proto3 and back, with the conventions of Confluent's ProtobufData: a struct is a
/// message (the schema name's last part, its namespace the package; unnamed structs are <c>ConnectDefault1</c>,
/// <c>ConnectDefault2</c>, … in the order met), fields numbered from 1 in order, INT8/INT16 int32 with
/// <c>connect.type</c> in <c>confluent.field_meta</c>, arrays repeated, maps repeated <c>…Entry</c> messages with
/// <c>key</c> = 1 and <c>value</c> = 2, Decimal <c>confluent.type.Decimal</c>, Timestamp
/// <c>google.protobuf.Timestamp</c>, optional fields plain (or <c>google.protobuf.*Value</c> wrappers with
/// <c>wrapper.for.nullables</c>, proto3 <c>optional</c> with <c>optional.for.nullables</c>). Values travel through
/// the proto3 JSON mapping of <see cref="ProtobufJson"/>, which owns the binary layout.
/// </summary>
internal sealed class ProtobufData(ProtobufDataOptions options)
{
    public const string TagParameter = "io.confluent.connect.protobuf.Tag";
    private const string DefaultSchemaName = "ConnectDefault";
    private const string ConnectTypeProp = "connect.type";
    private const string PrecisionProp = "precision";
    private const string ScaleProp = "scale";
    private const string ConnectPrecisionProp = "connect.decimal.precision";
    private const string DecimalType = "confluent.type.Decimal";
    private const string TimestampType = "google.protobuf.Timestamp";
    private const string MetaImport = "confluent/meta.proto";
    private const string DecimalImport = "confluent/type/decimal.proto";
    private const string TimestampImport = "google/protobuf/timestamp.proto";
    private const string WrappersImport = "google/protobuf/wrappers.proto";

    /// <summary>Messages nest at most this deep when read (recursive message types are not expanded).</summary>
    private const int MaxDepth = 64;

    private readonly BoundedCache<Schema, string> _fromConnect = new(options.CacheSize);
    private readonly BoundedCache<(string Text, string Message, int? Version), Schema> _toConnect = new(options.CacheSize);

    /// <summary>The .proto text (proto3) of a Connect struct schema.</summary>
    public string FromConnectSchema(Schema schema) => _fromConnect.GetOrAdd(schema, ProtoText);

    /// <summary>The full name of the message <see cref="FromConnectSchema"/> declares for <paramref name="schema"/>.</summary>
    public static string MessageFullName(Schema schema) =>
        schema.Type == SchemaType.Struct ? schema.Name ?? DefaultSchemaName + "1" : RootWrapper(schema.Type);

    /// <summary>As Confluent's ProtobufData: a primitive at the root is written as its google/protobuf/wrappers.proto message.</summary>
    private static string RootWrapper(SchemaType type) => type switch
    {
        SchemaType.Int8 or SchemaType.Int16 or SchemaType.Int32 => "google.protobuf.Int32Value",
        SchemaType.Int64 => "google.protobuf.Int64Value",
        SchemaType.Float32 => "google.protobuf.FloatValue",
        SchemaType.Float64 => "google.protobuf.DoubleValue",
        SchemaType.Boolean => "google.protobuf.BoolValue",
        SchemaType.String => "google.protobuf.StringValue",
        SchemaType.Bytes => "google.protobuf.BytesValue",
        _ => throw new DataException("Unsupported root schema of type " + type.ToName().ToUpperInvariant()),
    };

    /// <summary>The wrappers.proto Wharf.Protobuf bundles (the file a primitive root is registered as).</summary>
    private static string WrappersText()
    {
        using var stream = typeof(ProtobufSchema).Assembly.GetManifestResourceStream(WrappersImport)
            ?? throw new InvalidOperationException("Wharf.Protobuf does not bundle " + WrappersImport);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private string ProtoText(Schema schema)
    {
        if (schema.Type != SchemaType.Struct)
        {
            _ = RootWrapper(schema.Type);
            return WrappersText();
        }

        var context = new WriteContext();
        var fullName = MessageFullName(schema);
        var dot = fullName.LastIndexOf('.');
        var body = new StringBuilder();
        if (schema.Name is null)
        {
            // The unnamed root took the first default name.
            context.Names++;
        }

        WriteMessage(context, body, fullName[(dot + 1)..], schema.Fields.Select(f => (f.Name, f.Schema)).ToList(), 0);

        var text = new StringBuilder("syntax = \"proto3\";\n");
        if (dot > 0)
        {
            text.Append("package ").Append(fullName[..dot]).Append(";\n");
        }

        text.Append('\n');
        foreach (var import in context.Imports.Order(StringComparer.Ordinal))
        {
            text.Append("import \"").Append(import).Append("\";\n");
        }

        if (context.Imports.Count > 0)
        {
            text.Append('\n');
        }

        return text.Append(body).ToString();
    }

    private void WriteMessage(WriteContext context, StringBuilder output, string name, List<(string Name, Schema Schema)> fields, int depth)
    {
        var pad = new string(' ', depth * 2);
        var nested = new StringBuilder();
        var declared = new HashSet<string>(StringComparer.Ordinal);
        output.Append(pad).Append("message ").Append(name).Append(" {\n");
        var number = 1;
        foreach (var (fieldName, fieldSchema) in fields)
        {
            var tag = fieldSchema.Parameters?.GetValueOrDefault(TagParameter) is { } explicitTag && int.TryParse(explicitTag, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : number++;
            var schema = fieldSchema;
            var label = string.Empty;
            if (schema.Type == SchemaType.Array)
            {
                label = "repeated ";
                schema = schema.ValueSchema!;
                if (schema.Type == SchemaType.Array)
                {
                    throw new DataException("Array cannot be nested");
                }
            }
            else if (schema.Type == SchemaType.Map)
            {
                label = "repeated ";
            }
            else if (options.OptionalForNullables && schema.IsOptional)
            {
                label = "optional ";
            }

            var meta = new List<(string Key, string Value)>();
            var type = TypeOf(context, schema, fieldName, meta, nested, declared, depth + 1);
            output.Append(pad).Append("  ").Append(label).Append(type).Append(' ').Append(fieldName).Append(" = ").Append(tag.ToString(CultureInfo.InvariantCulture));
            if (meta.Count > 0)
            {
                context.Imports.Add(MetaImport);
                output.Append(" [(confluent.field_meta) = { params: [")
                    .AppendJoin(", ", meta.Select(p => "{ key: \"" + p.Key + "\", value: \"" + p.Value + "\" }"))
                    .Append("] }]");
            }

            output.Append(";\n");
        }

        output.Append(nested).Append(pad).Append("}\n");
    }

    private string TypeOf(WriteContext context, Schema schema, string fieldName, List<(string, string)> meta, StringBuilder nested, HashSet<string> declared, int depth)
    {
        var wrapped = options.WrapperForNullables && schema.IsOptional;
        switch (schema.Name)
        {
            case ConnectDecimal.LogicalName:
                if (schema.Parameters?.GetValueOrDefault(ConnectPrecisionProp) is { } precision)
                {
                    meta.Add((PrecisionProp, precision));
                }

                if (schema.Parameters?.GetValueOrDefault(ConnectDecimal.ScaleField) is { } scale)
                {
                    meta.Add((ScaleProp, scale));
                }

                context.Imports.Add(DecimalImport);
                return DecimalType;
            case ConnectTimestamp.LogicalName:
                context.Imports.Add(TimestampImport);
                return TimestampType;
            default:
                break;
        }

        if (wrapped && schema.Type is not (SchemaType.Struct or SchemaType.Map or SchemaType.Array))
        {
            context.Imports.Add(WrappersImport);
        }

        switch (schema.Type)
        {
            case SchemaType.Int8 or SchemaType.Int16:
                meta.Add((ConnectTypeProp, schema.Type.ToName()));
                return wrapped ? "google.protobuf.Int32Value" : "int32";
            case SchemaType.Int32:
                return wrapped ? "google.protobuf.Int32Value" : "int32";
            case SchemaType.Int64:
                return wrapped ? "google.protobuf.Int64Value" : "int64";
            case SchemaType.Float32:
                return wrapped ? "google.protobuf.FloatValue" : "float";
            case SchemaType.Float64:
                return wrapped ? "google.protobuf.DoubleValue" : "double";
            case SchemaType.Boolean:
                return wrapped ? "google.protobuf.BoolValue" : "bool";
            case SchemaType.String:
                return wrapped ? "google.protobuf.StringValue" : "string";
            case SchemaType.Bytes:
                return wrapped ? "google.protobuf.BytesValue" : "bytes";
            case SchemaType.Struct:
            {
                var name = UnqualifiedName(context, schema.Name);
                if (name == fieldName)
                {
                    // A message type and a field may not share a name in one scope.
                    name += "Message";
                }

                if (declared.Add(name))
                {
                    WriteMessage(context, nested, name, schema.Fields.Select(f => (f.Name, f.Schema)).ToList(), depth);
                }

                return name;
            }

            case SchemaType.Map:
            {
                var name = UnqualifiedName(context, schema.Name);
                if (name.Contains('_', StringComparison.Ordinal))
                {
                    name = string.Concat(name.Split('_', StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpperInvariant(p[0]) + p[1..].ToLowerInvariant()));
                }

                name += "Entry";
                if (declared.Add(name))
                {
                    WriteMessage(context, nested, name, [("key", schema.KeySchema!), ("value", schema.ValueSchema!)], depth);
                }

                return name;
            }

            default:
                throw new DataException("Unknown schema type: " + schema.Type);
        }
    }

    private static string UnqualifiedName(WriteContext context, string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return DefaultSchemaName + (++context.Names).ToString(CultureInfo.InvariantCulture);
        }

        return name[(name.LastIndexOf('.') + 1)..];
    }

    /// <summary>
    /// The proto3 JSON (proto field names) of a Connect struct, for <see cref="ProtobufJson.TryEncode"/>; a primitive
    /// is its bare value (the JSON mapping's form of its wrapper message).
    /// </summary>
    public static JsonNode ValueNode(Schema schema, object value) =>
        FieldNode(schema, value, "") ?? new JsonObject();

    /// <summary>The primitive a wrappers.proto message stands for at the root (Confluent's wrapper.for.raw.primitives), else null.</summary>
    public static Schema? UnwrappedRoot(MessageDescriptor message) => message.FullName switch
    {
        "google.protobuf.DoubleValue" => Schema.OptionalFloat64,
        "google.protobuf.FloatValue" => Schema.OptionalFloat32,
        "google.protobuf.Int64Value" or "google.protobuf.UInt64Value" or "google.protobuf.UInt32Value" => Schema.OptionalInt64,
        "google.protobuf.Int32Value" => Schema.OptionalInt32,
        "google.protobuf.BoolValue" => Schema.OptionalBoolean,
        "google.protobuf.StringValue" => Schema.OptionalString,
        "google.protobuf.BytesValue" => Schema.OptionalBytes,
        _ => null,
    };

    /// <summary>The value of a wrapper message's canonical JSON (the JSON mapping writes the bare value).</summary>
    public static object? UnwrappedValue(Schema schema, MessageDescriptor message, JsonElement json) =>
        json.ValueKind == JsonValueKind.Null ? null : ElementValue(schema, message.FindByNumber(1)!, json);

    private static JsonNode? FieldNode(Schema schema, object? value, string path)
    {
        value ??= schema.DefaultValue;
        if (value is null)
        {
            return schema.IsOptional ? null : throw new DataException("Conversion error: null value for field that is required and has no default value: " + path);
        }

        switch (schema.Name)
        {
            case ConnectDecimal.LogicalName:
            {
                var unscaled = ConnectDecimal.FromLogical(schema, (decimal)value);
                var digits = BigInteger.Abs(new BigInteger(unscaled, isUnsigned: false, isBigEndian: true)).ToString(CultureInfo.InvariantCulture).Length;
                return new JsonObject
                {
                    ["value"] = Convert.ToBase64String(unscaled),
                    ["precision"] = digits,
                    ["scale"] = ConnectDecimal.Scale(schema),
                };
            }

            case ConnectDate.LogicalName:
                return ConnectDate.FromLogical(schema, (DateTime)value);
            case ConnectTime.LogicalName:
                return ConnectTime.FromLogical(schema, (DateTime)value);
            case ConnectTimestamp.LogicalName:
                return ((DateTime)value).ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
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
            case float f when !float.IsFinite(f):
                return NonFinite(f);
            case double d when !double.IsFinite(d):
                return NonFinite(d);
            case Struct s:
            {
                var node = new JsonObject();
                foreach (var field in schema.Fields)
                {
                    if (FieldNode(field.Schema, s.Get(field), path + "/" + field.Name) is { } child)
                    {
                        node[field.Name] = child;
                    }
                }

                return node;
            }

            case IDictionary map:
            {
                var entries = new JsonArray();
                foreach (DictionaryEntry entry in map)
                {
                    var item = new JsonObject();
                    if (FieldNode(schema.KeySchema!, entry.Key, path + "/key") is { } key)
                    {
                        item["key"] = key;
                    }

                    if (FieldNode(schema.ValueSchema!, entry.Value, path + "/value") is { } mapValue)
                    {
                        item["value"] = mapValue;
                    }

                    entries.Add(item);
                }

                return entries;
            }

            case IList list:
            {
                var array = new JsonArray();
                foreach (var item in list)
                {
                    array.Add(FieldNode(schema.ValueSchema!, item, path + "/items") ?? throw new DataException("Protobuf repeated fields cannot hold null: " + path));
                }

                return array;
            }

            default:
                return JsonValue.Create(value);
        }
    }

    private static string NonFinite(double value) => double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";

    /// <summary>The Connect schema of <paramref name="message"/> (a struct, fields in declaration order, each tagged with its field number).</summary>
    public Schema ToConnectSchema(ProtobufSchema schema, MessageDescriptor message, int? version) =>
        _toConnect.GetOrAdd((schema.CanonicalString, message.FullName, version), _ =>
        {
            var builder = StructSchema(message, 0);
            if (version is { } v)
            {
                builder.Version(v);
            }

            return builder.Build();
        });

    private SchemaBuilder StructSchema(MessageDescriptor message, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new DataException("Message " + message.FullName + " nests deeper than " + MaxDepth + " levels (recursive types are not supported)");
        }

        var builder = SchemaBuilder.Struct().Name(options.EnhancedSchemaSupport ? message.FullName : message.FullName[(message.FullName.LastIndexOf('.') + 1)..]);
        foreach (var field in message.Fields)
        {
            builder.Field(field.Name, FieldSchema(message, field, depth));
        }

        return builder;
    }

    private Schema FieldSchema(MessageDescriptor owner, FieldDescriptor field, int depth)
    {
        var meta = Meta(owner, field);
        SchemaBuilder builder;
        if (IsMap(field))
        {
            var entry = field.MessageType!;
            builder = SchemaBuilder.Map(FieldSchema(entry, entry.FindByNumber(1)!, depth + 1), FieldSchema(entry, entry.FindByNumber(2)!, depth + 1));
        }
        else
        {
            builder = ElementSchema(field, meta, depth);
            if (field.IsRepeated)
            {
                builder = SchemaBuilder.Array(builder.Optional().Build());
            }
        }

        var isMessage = field.Type == FieldType.Message;
        if (field.IsRepeated || field.OneOf is not null || isMessage
            || (options.OptionalForNullables ? field.HasPresence : !options.WrapperForNullables))
        {
            builder.Optional();
        }

        builder.Parameter(TagParameter, field.Number.ToString(CultureInfo.InvariantCulture));
        return builder.Build();
    }

    private SchemaBuilder ElementSchema(FieldDescriptor field, IReadOnlyDictionary<string, string> meta, int depth)
    {
        switch (field.Type)
        {
            case FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32:
                return meta.GetValueOrDefault(ConnectTypeProp) switch
                {
                    "int8" => SchemaBuilder.Int8(),
                    "int16" => SchemaBuilder.Int16(),
                    _ => SchemaBuilder.Int32(),
                };
            case FieldType.UInt32 or FieldType.Fixed32 or FieldType.Int64 or FieldType.UInt64 or FieldType.SInt64 or FieldType.Fixed64 or FieldType.SFixed64:
                return SchemaBuilder.Int64();
            case FieldType.Float:
                return SchemaBuilder.Float32();
            case FieldType.Double:
                return SchemaBuilder.Float64();
            case FieldType.Bool:
                return SchemaBuilder.Bool();
            case FieldType.String:
                return SchemaBuilder.String();
            case FieldType.Bytes:
                return SchemaBuilder.Bytes();
            case FieldType.Enum:
                return SchemaBuilder.String().Name(field.EnumType!.FullName[(field.EnumType.FullName.LastIndexOf('.') + 1)..]);
            default:
                break;
        }

        var type = field.MessageType!;
        switch (type.FullName)
        {
            case DecimalType:
                var builder = ConnectDecimal.Builder(int.TryParse(meta.GetValueOrDefault(ScaleProp), CultureInfo.InvariantCulture, out var scale) ? scale : 0);
                if (meta.GetValueOrDefault(PrecisionProp) is { } precision)
                {
                    builder.Parameter(ConnectPrecisionProp, precision);
                }

                return builder;
            case TimestampType:
                return ConnectTimestamp.Builder();
            case "google.protobuf.DoubleValue":
                return SchemaBuilder.Float64();
            case "google.protobuf.FloatValue":
                return SchemaBuilder.Float32();
            case "google.protobuf.Int64Value" or "google.protobuf.UInt64Value" or "google.protobuf.UInt32Value":
                return SchemaBuilder.Int64();
            case "google.protobuf.Int32Value":
                return SchemaBuilder.Int32();
            case "google.protobuf.BoolValue":
                return SchemaBuilder.Bool();
            case "google.protobuf.StringValue":
                return SchemaBuilder.String();
            case "google.protobuf.BytesValue":
                return SchemaBuilder.Bytes();
            default:
                return StructSchema(type, depth + 1);
        }
    }

    /// <summary>Confluent writes its map entries as plain repeated messages named …Entry with key = 1 and value = 2; map&lt;&gt; fields read the same way.</summary>
    private static bool IsMap(FieldDescriptor field) =>
        field.IsMap
        || (field.IsRepeated && field.MessageType is { } entry && entry.FullName.EndsWith("Entry", StringComparison.Ordinal)
            && entry.Fields.Count == 2 && entry.FindByNumber(1)?.Name == "key" && entry.FindByNumber(2)?.Name == "value");

    /// <summary>The <c>params</c> of a field's <c>(confluent.field_meta)</c> option (key/value pairs found anywhere in its aggregate).</summary>
    private static Dictionary<string, string> Meta(MessageDescriptor owner, FieldDescriptor field)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var element = owner.Element?.Fields.Concat(owner.Element.OneOfs.SelectMany(o => o.Fields)).FirstOrDefault(f => f.Name == field.Name);
        foreach (var option in element?.Options ?? [])
        {
            if (option.Name.StartsWith("confluent.field_meta", StringComparison.Ordinal))
            {
                CollectPairs(option.Value, result);
            }
        }

        return result;
    }

    private static void CollectPairs(object value, Dictionary<string, string> pairs)
    {
        switch (value)
        {
            case OptionElement nested:
                CollectPairs(nested.Value, pairs);
                break;
            case OptionValue { Kind: OptionKind.Map or OptionKind.List or OptionKind.Option } inner:
                CollectPairs(inner.Value, pairs);
                break;
            case List<KeyValuePair<string, OptionValue>> entries:
            {
                var key = entries.FirstOrDefault(e => e.Key == "key").Value;
                var pairValue = entries.FirstOrDefault(e => e.Key == "value").Value;
                if (key is { Kind: OptionKind.String } && pairValue is { Kind: OptionKind.String })
                {
                    pairs[(string)key.Value] = (string)pairValue.Value;
                }

                foreach (var entry in entries)
                {
                    CollectPairs(entry.Value, pairs);
                }

                break;
            }

            case List<OptionValue> items:
                foreach (var item in items)
                {
                    CollectPairs(item, pairs);
                }

                break;
            default:
                break;
        }
    }

    /// <summary>The Connect struct of a message's canonical proto3 JSON (as <see cref="ProtobufJson.TryDecode"/> writes it).</summary>
    public static Struct ToConnectValue(Schema schema, MessageDescriptor message, JsonElement json)
    {
        var result = new Struct(schema);
        foreach (var connectField in schema.Fields)
        {
            var field = message.FindByName(connectField.Name) ?? throw new DataException("No field " + connectField.Name + " in " + message.FullName);
            result.Put(connectField, json.TryGetProperty(field.JsonName, out var value) || json.TryGetProperty(field.Name, out value)
                ? FieldValue(connectField.Schema, field, value)
                : Absent(connectField.Schema, field));
        }

        return result;
    }

    /// <summary>proto3 JSON leaves out fields at their default: Confluent reads those back as the default (scalars), empty (repeated) or null (messages, fields with presence).</summary>
    private static object? Absent(Schema schema, FieldDescriptor field)
    {
        if (IsMap(field))
        {
            return new Dictionary<object, object?>();
        }

        if (field.IsRepeated)
        {
            return new List<object?>();
        }

        if (field.Type == FieldType.Message || field.HasPresence)
        {
            return null;
        }

        return field.Type switch
        {
            FieldType.String => string.Empty,
            FieldType.Bytes => Array.Empty<byte>(),
            FieldType.Bool => false,
            FieldType.Enum => field.EnumType!.NameOf(0) ?? "0",
            _ => schema.Type switch
            {
                SchemaType.Int8 => (sbyte)0,
                SchemaType.Int16 => (short)0,
                SchemaType.Int32 => 0,
                SchemaType.Int64 => 0L,
                SchemaType.Float32 => 0f,
                SchemaType.Float64 => 0d,
                _ => null,
            },
        };
    }

    private static object? FieldValue(Schema schema, FieldDescriptor field, JsonElement json)
    {
        if (json.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (IsMap(field))
        {
            var entry = field.MessageType!;
            var keyField = entry.FindByNumber(1)!;
            var valueField = entry.FindByNumber(2)!;
            var map = new Dictionary<object, object?>();
            if (json.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in json.EnumerateObject())
                {
                    var key = schema.KeySchema!.Type == SchemaType.String ? property.Name : ScalarValue(schema.KeySchema, property.Name);
                    map[key!] = FieldValue(schema.ValueSchema!, valueField, property.Value);
                }
            }
            else
            {
                foreach (var item in json.EnumerateArray())
                {
                    var key = item.TryGetProperty(keyField.JsonName, out var k) ? FieldValue(schema.KeySchema!, keyField, k) : Absent(schema.KeySchema!, keyField);
                    map[key ?? throw new DataException("Map keys may not be null")] =
                        item.TryGetProperty(valueField.JsonName, out var v) ? FieldValue(schema.ValueSchema!, valueField, v) : Absent(schema.ValueSchema!, valueField);
                }
            }

            return map;
        }

        if (field.IsRepeated)
        {
            return json.EnumerateArray().Select(e => ElementValue(schema.ValueSchema!, field, e)).ToList();
        }

        return ElementValue(schema, field, json);
    }

    private static object? ElementValue(Schema schema, FieldDescriptor field, JsonElement json)
    {
        try
        {
            switch (schema.Name)
            {
                case ConnectDecimal.LogicalName:
                {
                    var unscaled = json.TryGetProperty("value", out var bytes) ? bytes.GetBytesFromBase64() : [];
                    var scale = json.TryGetProperty("scale", out var s) ? s.GetInt32() : 0;
                    return unscaled.Length == 0 ? 0m : ConnectDecimal.ToLogical(ConnectDecimal.Schema(scale), unscaled);
                }

                case ConnectTimestamp.LogicalName:
                    return DateTimeOffset.Parse(json.GetString()!, CultureInfo.InvariantCulture).UtcDateTime;
                default:
                    break;
            }

            if (schema.Type == SchemaType.Struct)
            {
                return ToConnectValue(schema, field.MessageType!, json);
            }

            return ScalarValue(schema, json);
        }
        catch (Exception exception) when (exception is InvalidOperationException or FormatException or OverflowException)
        {
            throw new DataException("Invalid protobuf value for " + field.Name + ": " + json.GetRawText(), exception);
        }
    }

    private static object? ScalarValue(Schema schema, JsonElement json) => json.ValueKind == JsonValueKind.String && schema.Type is not (SchemaType.String or SchemaType.Bytes)
        ? ScalarValue(schema, json.GetString()!)
        : schema.Type switch
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
            _ => throw new DataException("Unsupported type " + schema.Type),
        };

    /// <summary>Map keys and 64-bit integers arrive as JSON strings; so do NaN and the infinities.</summary>
    private static object? ScalarValue(Schema schema, string text) => schema.Type switch
    {
        SchemaType.Int8 => sbyte.Parse(text, CultureInfo.InvariantCulture),
        SchemaType.Int16 => short.Parse(text, CultureInfo.InvariantCulture),
        SchemaType.Int32 => int.Parse(text, CultureInfo.InvariantCulture),
        SchemaType.Int64 => long.Parse(text, CultureInfo.InvariantCulture),
        SchemaType.Float32 => float.Parse(text, CultureInfo.InvariantCulture),
        SchemaType.Float64 => double.Parse(text, CultureInfo.InvariantCulture),
        SchemaType.Boolean => bool.Parse(text),
        SchemaType.String => text,
        _ => throw new DataException("Unsupported map key type " + schema.Type),
    };

    private sealed class WriteContext
    {
        public HashSet<string> Imports { get; } = new(StringComparer.Ordinal);

        public int Names { get; set; }
    }
}
