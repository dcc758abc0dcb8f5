using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Wharf.Protobuf.Schema;
using Wharf.Protobuf.WireFormat;
using static Wharf.Protobuf.Json.WellKnownTypes;

namespace Wharf.Protobuf.Json;

/// <summary>
/// Encodes a JSON value in the proto3 JSON mapping (protobuf.dev "ProtoJSON Format") as protobuf binary, the
/// way Google's serializers lay it out: fields in number order, implicit-presence defaults left out, repeated
/// scalars packed when the field is packed, map entries with both key and value.
/// The first problem found is reported with its JSON path; nothing is thrown for bad input.
/// </summary>
internal sealed class JsonToBinary
{
    /// <summary>Messages nested deeper than this are refused (recursive message types meet hostile JSON).</summary>
    public const int MaxDepth = 100;

    // Length-delimited parts are built in buffers reused across the whole encode: one per nesting level in use
    // (levels nest strictly, so a stack suffices) and one for a scalar's payload, which never nests.
    private readonly List<ArrayBufferWriter<byte>> _buffers = [];
    private readonly ArrayBufferWriter<byte> _scalar = new(16);
    private int _level;
    private string? _error;

    public static bool TryEncode(MessageDescriptor message, JsonElement json, IBufferWriter<byte> output, [NotNullWhen(false)] out string? error)
    {
        var encoder = new JsonToBinary();
        encoder.Message(message, json, output, "#", 0);
        error = encoder._error;
        return encoder._error is null;
    }

    private ArrayBufferWriter<byte> Acquire()
    {
        if (_level == _buffers.Count)
        {
            _buffers.Add(new ArrayBufferWriter<byte>());
        }
        var buffer = _buffers[_level++];
        buffer.ResetWrittenCount();
        return buffer;
    }

    private void Release() => _level--;

    /// <summary>Writes <paramref name="number"/> with the bytes built in the current level's buffer, then releases it.</summary>
    private void WriteAndRelease(IBufferWriter<byte> output, int number, ArrayBufferWriter<byte> buffer)
    {
        ProtoWriter.Tag(output, number, WireType.LengthDelimited);
        ProtoWriter.LengthDelimited(output, buffer.WrittenSpan);
        Release();
    }

    private bool Fail(string path, string message)
    {
        _error ??= path + ": " + message;
        return false;
    }

    private bool Message(MessageDescriptor message, JsonElement json, IBufferWriter<byte> output, string path, int depth)
    {
        if (depth > MaxDepth)
        {
            return Fail(path, "nested deeper than " + MaxDepth + " messages");
        }
        switch (message.FullName)
        {
            case Timestamp:
                return json.ValueKind == JsonValueKind.String && TryParseTimestamp(json.GetString()!, out var seconds, out var nanos)
                    ? SecondsAndNanos(output, seconds, nanos)
                    : Fail(path, "expected an RFC 3339 timestamp string such as \"1970-01-01T00:00:00Z\"");
            case Duration:
                return json.ValueKind == JsonValueKind.String && TryParseDuration(json.GetString()!, out seconds, out nanos)
                    ? SecondsAndNanos(output, seconds, nanos)
                    : Fail(path, "expected a duration string such as \"1.5s\"");
            case Struct:
                return json.ValueKind == JsonValueKind.Object
                    ? Field(message.FindByNumber(1)!, json, output, path, depth)
                    : Fail(path, "expected an object for google.protobuf.Struct");
            case ListValue:
                return json.ValueKind == JsonValueKind.Array
                    ? Field(message.FindByNumber(1)!, json, output, path, depth)
                    : Fail(path, "expected an array for google.protobuf.ListValue");
            case Value:
                return DynamicValue(message, json, output, path, depth);
            case FieldMask:
                if (json.ValueKind != JsonValueKind.String)
                {
                    return Fail(path, "expected a comma-separated string of field paths");
                }
                foreach (var mask in json.GetString()!.Split(',', StringSplitOptions.RemoveEmptyEntries))
                {
                    ProtoWriter.Tag(output, 1, WireType.LengthDelimited);
                    ProtoWriter.String(output, SnakeCase(mask));
                }
                return true;
            case Any:
                return Fail(path, "google.protobuf.Any is not supported in JSON");
        }
        if (IsWrapper(message.FullName))
        {
            // A wrapper is written as its bare value; a present wrapper keeps even a default value.
            return Singular(message.FindByNumber(1)!, json, output, path, depth, keepDefault: true);
        }
        if (json.ValueKind != JsonValueKind.Object)
        {
            return Fail(path, "expected an object for message " + message.FullName + ", found " + Kind(json));
        }
        var present = new List<(FieldDescriptor Field, JsonElement Value, string Path)>();
        var oneOfs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in json.EnumerateObject())
        {
            var propertyPath = path + "/" + property.Name;
            if (message.FindByName(property.Name) is not { } field)
            {
                return Fail(propertyPath, "message " + message.FullName + " has no field named '" + property.Name + "'");
            }
            if (present.Exists(p => p.Field == field))
            {
                return Fail(propertyPath, "field " + field.Name + " is given twice");
            }
            if (property.Value.ValueKind == JsonValueKind.Null && !AcceptsNull(field))
            {
                continue;
            }
            if (field.OneOf is { } oneOf && !oneOfs.TryAdd(oneOf, field.Name))
            {
                return Fail(propertyPath, "fields " + oneOfs[oneOf] + " and " + field.Name + " are both in oneof " + oneOf);
            }
            present.Add((field, property.Value, propertyPath));
        }
        foreach (var (field, value, fieldPath) in present.OrderBy(p => p.Field.Number))
        {
            if (!Field(field, value, output, fieldPath, depth))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>JSON null means "absent" except for a Value (a null value) and the NullValue enum.</summary>
    private static bool AcceptsNull(FieldDescriptor field) =>
        !field.IsRepeated && (field.MessageType?.FullName == Value || field.EnumType?.FullName == NullValue);

    private static bool SecondsAndNanos(IBufferWriter<byte> output, long seconds, int nanos)
    {
        if (seconds != 0)
        {
            ProtoWriter.Tag(output, 1, WireType.Varint);
            ProtoWriter.Varint64(output, (ulong)seconds);
        }
        if (nanos != 0)
        {
            ProtoWriter.Tag(output, 2, WireType.Varint);
            ProtoWriter.Varint64(output, (ulong)(long)nanos);
        }
        return true;
    }

    private bool DynamicValue(MessageDescriptor value, JsonElement json, IBufferWriter<byte> output, string path, int depth)
    {
        var (number, element) = json.ValueKind switch
        {
            JsonValueKind.Null => (1, json),
            JsonValueKind.Number => (2, json),
            JsonValueKind.String => (3, json),
            JsonValueKind.True or JsonValueKind.False => (4, json),
            JsonValueKind.Object => (5, json),
            _ => (6, json),
        };
        return Singular(value.FindByNumber(number)!, element, output, path, depth, keepDefault: true);
    }

    private bool Field(FieldDescriptor field, JsonElement json, IBufferWriter<byte> output, string path, int depth)
    {
        if (field.IsMap)
        {
            return Map(field, json, output, path, depth);
        }
        if (!field.IsRepeated)
        {
            return Singular(field, json, output, path, depth, keepDefault: field.HasPresence);
        }
        if (json.ValueKind != JsonValueKind.Array)
        {
            return Fail(path, "expected an array for repeated field " + field.Name + ", found " + Kind(json));
        }
        if (field.IsPacked)
        {
            if (json.GetArrayLength() == 0)
            {
                return true;
            }
            var packed = Acquire();
            var index = 0;
            foreach (var item in json.EnumerateArray())
            {
                if (!ScalarPayload(field, item, packed, path + "/" + index.ToString(CultureInfo.InvariantCulture), out _))
                {
                    return false;
                }
                index++;
            }
            WriteAndRelease(output, field.Number, packed);
            return true;
        }
        var i = 0;
        foreach (var item in json.EnumerateArray())
        {
            var itemPath = path + "/" + i.ToString(CultureInfo.InvariantCulture);
            if (item.ValueKind == JsonValueKind.Null && field.MessageType?.FullName != Value)
            {
                return Fail(itemPath, "null is not allowed in repeated field " + field.Name);
            }
            if (!Singular(field, item, output, itemPath, depth, keepDefault: true))
            {
                return false;
            }
            i++;
        }
        return true;
    }

    private bool Map(FieldDescriptor field, JsonElement json, IBufferWriter<byte> output, string path, int depth)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            return Fail(path, "expected an object for map field " + field.Name + ", found " + Kind(json));
        }
        var keyField = field.MessageType!.FindByNumber(1)!;
        var valueField = field.MessageType.FindByNumber(2)!;
        foreach (var property in json.EnumerateObject())
        {
            var entryPath = path + "/" + property.Name;
            var entry = Acquire();
            using (var keyDocument = JsonDocument.Parse(MapKeyJson(keyField, property.Name)))
            {
                if (!Singular(keyField, keyDocument.RootElement, entry, entryPath, depth, keepDefault: true))
                {
                    return Fail(entryPath, "map key '" + property.Name + "' is not a valid " + keyField.Type.ToString().ToLowerInvariant());
                }
            }
            if (property.Value.ValueKind == JsonValueKind.Null && valueField.MessageType?.FullName != Value)
            {
                return Fail(entryPath, "null is not allowed as a map value");
            }
            if (!Singular(valueField, property.Value, entry, entryPath, depth, keepDefault: true))
            {
                return false;
            }
            WriteAndRelease(output, field.Number, entry);
        }
        return true;
    }

    /// <summary>Map keys arrive as JSON property names; re-read them as the JSON the key type expects.</summary>
    private static string MapKeyJson(FieldDescriptor keyField, string key) =>
        keyField.Type == FieldType.Bool ? (key is "true" or "false" ? key : JsonSerializer.Serialize(key)) : JsonSerializer.Serialize(key);

    private bool Singular(FieldDescriptor field, JsonElement json, IBufferWriter<byte> output, string path, int depth, bool keepDefault)
    {
        if (field.Type == FieldType.Message)
        {
            var nested = Acquire();
            if (!Message(field.MessageType!, json, nested, path, depth + 1))
            {
                return false;
            }
            WriteAndRelease(output, field.Number, nested);
            return true;
        }
        _scalar.ResetWrittenCount();
        if (!ScalarPayload(field, json, _scalar, path, out var isDefault))
        {
            return false;
        }
        if (isDefault && !keepDefault)
        {
            return true;
        }
        ProtoWriter.Tag(output, field.Number, WireTypeOf(field.Type));
        output.Write(_scalar.WrittenSpan);
        return true;
    }

    internal static WireType WireTypeOf(FieldType type) => type switch
    {
        FieldType.Double or FieldType.Fixed64 or FieldType.SFixed64 => WireType.Fixed64,
        FieldType.Float or FieldType.Fixed32 or FieldType.SFixed32 => WireType.Fixed32,
        FieldType.String or FieldType.Bytes or FieldType.Message => WireType.LengthDelimited,
        _ => WireType.Varint,
    };

    /// <summary>Writes one scalar without its tag (strings and bytes with their length).</summary>
    private bool ScalarPayload(FieldDescriptor field, JsonElement json, IBufferWriter<byte> output, string path, out bool isDefault)
    {
        isDefault = false;
        switch (field.Type)
        {
            case FieldType.String:
                if (json.ValueKind != JsonValueKind.String)
                {
                    return Fail(path, "expected a string, found " + Kind(json));
                }
                var text = json.GetString()!;
                isDefault = text.Length == 0;
                ProtoWriter.String(output, text);
                return true;
            case FieldType.Bytes:
                if (json.ValueKind != JsonValueKind.String || !TryBase64(json.GetString()!, out var bytes))
                {
                    return Fail(path, "expected base64 text for a bytes field");
                }
                isDefault = bytes.Length == 0;
                ProtoWriter.LengthDelimited(output, bytes);
                return true;
            case FieldType.Bool:
                if (json.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    return Fail(path, "expected true or false, found " + Kind(json));
                }
                isDefault = json.ValueKind == JsonValueKind.False;
                ProtoWriter.Varint64(output, isDefault ? 0UL : 1UL);
                return true;
            case FieldType.Enum:
                return EnumPayload(field, json, output, path, out isDefault);
            case FieldType.Double or FieldType.Float:
                if (!TryReal(json, field.Type == FieldType.Float, out var real))
                {
                    return Fail(path, "expected a number (or \"NaN\", \"Infinity\", \"-Infinity\") within " + field.Type.ToString().ToLowerInvariant() + " range, found " + Describe(json));
                }
                isDefault = real == 0 && !double.IsNegative(real);
                if (field.Type == FieldType.Float)
                {
                    ProtoWriter.Fixed32(output, BitConverter.SingleToUInt32Bits((float)real));
                }
                else
                {
                    ProtoWriter.Fixed64(output, BitConverter.DoubleToUInt64Bits(real));
                }
                return true;
            default:
                return IntegerPayload(field.Type, json, output, path, out isDefault);
        }
    }

    private bool EnumPayload(FieldDescriptor field, JsonElement json, IBufferWriter<byte> output, string path, out bool isDefault)
    {
        isDefault = false;
        int number;
        if (json.ValueKind == JsonValueKind.Null)
        {
            number = 0;
        }
        else if (json.ValueKind == JsonValueKind.String)
        {
            if (!field.EnumType!.TryGetNumber(json.GetString()!, out number))
            {
                return Fail(path, "'" + json.GetString() + "' is not a value of enum " + field.EnumType.FullName);
            }
        }
        else if (json.ValueKind != JsonValueKind.Number || !json.TryGetInt32(out number))
        {
            return Fail(path, "expected an enum value name or number for " + field.EnumType!.FullName + ", found " + Describe(json));
        }
        isDefault = number == 0;
        ProtoWriter.Varint64(output, (ulong)(long)number);
        return true;
    }

    private bool IntegerPayload(FieldType type, JsonElement json, IBufferWriter<byte> output, string path, out bool isDefault)
    {
        isDefault = false;
        var (min, max) = type switch
        {
            FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => ((decimal)int.MinValue, (decimal)int.MaxValue),
            FieldType.UInt32 or FieldType.Fixed32 => (0m, (decimal)uint.MaxValue),
            FieldType.UInt64 or FieldType.Fixed64 => (0m, (decimal)ulong.MaxValue),
            _ => ((decimal)long.MinValue, (decimal)long.MaxValue),
        };
        if (!TryInteger(json, out var value) || value < min || value > max)
        {
            return Fail(path, "expected an integer within " + type.ToString().ToLowerInvariant() + " range (a number or a decimal string), found " + Describe(json));
        }
        isDefault = value == 0;
        switch (type)
        {
            case FieldType.SInt32:
                ProtoWriter.Varint64(output, Varint.ZigZag32((int)value));
                break;
            case FieldType.SInt64:
                ProtoWriter.Varint64(output, Varint.ZigZag((long)value));
                break;
            case FieldType.Fixed32:
                ProtoWriter.Fixed32(output, (uint)value);
                break;
            case FieldType.SFixed32:
                ProtoWriter.Fixed32(output, (uint)(int)value);
                break;
            case FieldType.Fixed64:
                ProtoWriter.Fixed64(output, (ulong)value);
                break;
            case FieldType.SFixed64:
                ProtoWriter.Fixed64(output, (ulong)(long)value);
                break;
            case FieldType.UInt32 or FieldType.UInt64:
                ProtoWriter.Varint64(output, (ulong)value);
                break;
            default:
                // int32 and int64 negatives are sign-extended to ten bytes, as every protobuf encoder does.
                ProtoWriter.Varint64(output, (ulong)(long)value);
                break;
        }
        return true;
    }

    /// <summary>Integers may be JSON numbers (1, 1.0, 1e3) or strings of them; fractions are refused.</summary>
    private static bool TryInteger(JsonElement json, out decimal value)
    {
        value = 0;
        var parsed = json.ValueKind switch
        {
            JsonValueKind.Number => json.TryGetDecimal(out value)
                || decimal.TryParse(json.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out value),
            JsonValueKind.String => decimal.TryParse(json.GetString(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                CultureInfo.InvariantCulture, out value),
            _ => false,
        };
        return parsed && decimal.Truncate(value) == value;
    }

    private static bool TryReal(JsonElement json, bool single, out double value)
    {
        value = 0;
        if (json.ValueKind == JsonValueKind.String)
        {
            switch (json.GetString())
            {
                case "NaN":
                    value = double.NaN;
                    return true;
                case "Infinity":
                    value = double.PositiveInfinity;
                    return true;
                case "-Infinity":
                    value = double.NegativeInfinity;
                    return true;
            }
            if (!double.TryParse(json.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value))
            {
                return false;
            }
        }
        else if (json.ValueKind != JsonValueKind.Number || !json.TryGetDouble(out value))
        {
            return false;
        }
        return double.IsFinite(value) && (!single || Math.Abs(value) <= float.MaxValue);
    }

    /// <summary>Standard or URL-safe base64, padded or not (the mapping accepts either).</summary>
    private static bool TryBase64(string text, out byte[] bytes)
    {
        var normalized = text.Replace('-', '+').Replace('_', '/');
        normalized = normalized.PadRight(normalized.Length + ((4 - (normalized.Length % 4)) % 4), '=');
        bytes = new byte[normalized.Length / 4 * 3];
        if (!Convert.TryFromBase64String(normalized, bytes, out var written))
        {
            return false;
        }
        bytes = bytes[..written];
        return true;
    }

    private static string Kind(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => json.ValueKind.ToString().ToLowerInvariant(),
    };

    private static string Describe(JsonElement json)
    {
        var text = json.GetRawText();
        return text.Length > 40 ? text[..40] + "..." : text;
    }
}
