using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Wharf.Protobuf.Schema;
using Wharf.Protobuf.WireFormat;
using static Wharf.Protobuf.Json.WellKnownTypes;

namespace Wharf.Protobuf.Json;

/// <summary>
/// Decodes protobuf binary into the proto3 JSON mapping's canonical form: lowerCamelCase JSON names, 64-bit
/// integers as strings, bytes as base64, enums by name, implicit-presence defaults left out, fields in number
/// order, and the well-known types in their special forms. Unknown field numbers are skipped (JSON cannot carry
/// them); cut or mistyped input is reported with its JSON path.
/// </summary>
internal sealed class BinaryToJson
{
    private readonly Utf8JsonWriter _writer;
    // Occurrence lists reused across the whole decode, one per nesting level in use (levels nest strictly).
    private readonly List<List<Occurrence>> _lists = [];
    private int _level;
    private string? _error;

    private BinaryToJson(Utf8JsonWriter writer) => _writer = writer;

    public static bool TryDecode(MessageDescriptor message, ReadOnlySpan<byte> data, Utf8JsonWriter writer, [NotNullWhen(false)] out string? error)
    {
        var decoder = new BinaryToJson(writer);
        decoder.Message(message, data, "#", 0);
        writer.Flush();
        error = decoder._error;
        return decoder._error is null;
    }

    private bool Fail(string path, string message)
    {
        _error ??= path + ": " + message;
        return false;
    }

    /// <summary>
    /// One occurrence of a known field on the wire: its number, its position among the occurrences (so sorting by
    /// number keeps wire order within a field), and its varint/fixed value or the slice it covers.
    /// </summary>
    private readonly record struct Occurrence(int Number, int Sequence, WireType WireType, ulong Value, int Offset, int Length);

    private List<Occurrence> Acquire()
    {
        if (_level == _lists.Count)
        {
            _lists.Add([]);
        }
        var list = _lists[_level++];
        list.Clear();
        return list;
    }

    private void Release() => _level--;

    /// <summary>The occurrences of <paramref name="number"/> in a list sorted by number (empty when absent).</summary>
    private static ReadOnlySpan<Occurrence> Of(ReadOnlySpan<Occurrence> sorted, int number)
    {
        var start = 0;
        while (start < sorted.Length && sorted[start].Number < number)
        {
            start++;
        }
        var end = start;
        while (end < sorted.Length && sorted[end].Number == number)
        {
            end++;
        }
        return sorted[start..end];
    }

    /// <summary>Reads every field of a message into <paramref name="fields"/>, sorted by field number, wire order kept.</summary>
    private bool TryCollect(MessageDescriptor message, ReadOnlySpan<byte> data, string path, List<Occurrence> fields)
    {
        var reader = new ProtoReader(data);
        while (!reader.AtEnd)
        {
            if (!reader.TryReadTag(out var number, out var wireType))
            {
                return Fail(path, "malformed tag at byte " + reader.Position + " of " + message.FullName);
            }
            Occurrence occurrence;
            switch (wireType)
            {
                case WireType.Varint:
                    if (!reader.TryReadVarint(out var varint))
                    {
                        return Fail(path, "cut varint in field " + number + " of " + message.FullName);
                    }
                    occurrence = new Occurrence(number, fields.Count, wireType, varint, 0, 0);
                    break;
                case WireType.Fixed32:
                    if (!reader.TryReadFixed32(out var fixed32))
                    {
                        return Fail(path, "cut fixed32 in field " + number + " of " + message.FullName);
                    }
                    occurrence = new Occurrence(number, fields.Count, wireType, fixed32, 0, 0);
                    break;
                case WireType.Fixed64:
                    if (!reader.TryReadFixed64(out var fixed64))
                    {
                        return Fail(path, "cut fixed64 in field " + number + " of " + message.FullName);
                    }
                    occurrence = new Occurrence(number, fields.Count, wireType, fixed64, 0, 0);
                    break;
                case WireType.LengthDelimited:
                    if (!reader.TryReadLengthDelimited(out var offset, out var length))
                    {
                        return Fail(path, "length of field " + number + " of " + message.FullName + " runs past the end of the data");
                    }
                    occurrence = new Occurrence(number, fields.Count, wireType, 0, offset, length);
                    break;
                default:
                    return Fail(path, "unsupported wire type " + (int)wireType + " (groups) in field " + number + " of " + message.FullName);
            }
            if (message.FindByNumber(number) is not null)
            {
                fields.Add(occurrence);
            }
        }
        fields.Sort(static (a, b) => a.Number != b.Number ? a.Number.CompareTo(b.Number) : a.Sequence.CompareTo(b.Sequence));
        return true;
    }

    private bool Message(MessageDescriptor message, ReadOnlySpan<byte> data, string path, int depth)
    {
        if (depth > JsonToBinary.MaxDepth)
        {
            return Fail(path, "nested deeper than " + JsonToBinary.MaxDepth + " messages");
        }
        var list = Acquire();
        try
        {
            return TryCollect(message, data, path, list) && Message(message, CollectionsMarshal.AsSpan(list), data, path, depth);
        }
        finally
        {
            Release();
        }
    }

    private bool Message(MessageDescriptor message, ReadOnlySpan<Occurrence> fields, ReadOnlySpan<byte> data, string path, int depth)
    {
        switch (message.FullName)
        {
            case Timestamp or Duration:
                var seconds = (long)LastVarint(fields, 1);
                var nanos = (int)(long)LastVarint(fields, 2);
                if (message.FullName == Timestamp && (seconds is < MinTimestampSeconds or > MaxTimestampSeconds || nanos is < 0 or > 999_999_999))
                {
                    return Fail(path, "timestamp out of range");
                }
                _writer.WriteStringValue(message.FullName == Timestamp ? FormatTimestamp(seconds, nanos) : FormatDuration(seconds, nanos));
                return true;
            case FieldMask:
                var paths = new List<string>();
                foreach (var mask in Of(fields, 1))
                {
                    paths.Add(Linker.JsonNameOf(Encoding.UTF8.GetString(data.Slice(mask.Offset, mask.Length))));
                }
                _writer.WriteStringValue(string.Join(',', paths));
                return true;
            case Struct or ListValue:
                return FieldValue(message.FindByNumber(1)!, Of(fields, 1), data, path, depth);
            case Value:
                if (fields.Length == 0)
                {
                    return Fail(path, "google.protobuf.Value has no kind set");
                }
                // A oneof: the member seen last on the wire wins.
                var kind = fields[0];
                foreach (var occurrence in fields)
                {
                    kind = occurrence.Sequence > kind.Sequence ? occurrence : kind;
                }
                return FieldValue(message.FindByNumber(kind.Number)!, Of(fields, kind.Number), data, path, depth);
            case Any:
                return Fail(path, "google.protobuf.Any is not supported in JSON");
        }
        if (IsWrapper(message.FullName))
        {
            var inner = message.FindByNumber(1)!;
            var wrapped = Of(fields, 1);
            return wrapped.Length > 0 ? FieldValue(inner, wrapped, data, path, depth) : DefaultValue(inner);
        }
        _writer.WriteStartObject();
        for (var start = 0; start < fields.Length;)
        {
            var occurrences = Of(fields[start..], fields[start].Number);
            start += occurrences.Length;
            var field = message.FindByNumber(occurrences[0].Number)!;
            if (!field.IsRepeated && !field.HasPresence && IsDefault(field, occurrences[^1]))
            {
                continue;
            }
            _writer.WritePropertyName(field.JsonName);
            if (!FieldValue(field, occurrences, data, path + "/" + field.JsonName, depth))
            {
                return false;
            }
        }
        _writer.WriteEndObject();
        return true;
    }

    private static ulong LastVarint(ReadOnlySpan<Occurrence> fields, int number)
    {
        var occurrences = Of(fields, number);
        return occurrences.Length > 0 ? occurrences[^1].Value : 0;
    }

    /// <summary>A default value is left out; one with the wrong wire type is not "default" but an error to report.</summary>
    private static bool IsDefault(FieldDescriptor field, Occurrence occurrence) =>
        occurrence.WireType == JsonToBinary.WireTypeOf(field.Type) && field.Type switch
    {
        FieldType.Message => false,
        FieldType.String or FieldType.Bytes => occurrence.Length == 0,
        _ => occurrence.Value == 0,
    };

    private bool DefaultValue(FieldDescriptor field)
    {
        switch (field.Type)
        {
            case FieldType.String:
            case FieldType.Bytes:
                _writer.WriteStringValue("");
                break;
            case FieldType.Bool:
                _writer.WriteBooleanValue(false);
                break;
            case FieldType.Int64 or FieldType.UInt64 or FieldType.SInt64 or FieldType.Fixed64 or FieldType.SFixed64:
                _writer.WriteStringValue("0");
                break;
            default:
                _writer.WriteNumberValue(0);
                break;
        }
        return true;
    }

    private bool FieldValue(FieldDescriptor field, ReadOnlySpan<Occurrence> occurrences, ReadOnlySpan<byte> data, string path, int depth)
    {
        if (field.IsMap)
        {
            return Map(field, occurrences, data, path, depth);
        }
        if (!field.IsRepeated)
        {
            // The last occurrence of a singular field wins (messages would merge; the last is kept whole).
            return Singular(field, occurrences[^1], data, path, depth);
        }
        _writer.WriteStartArray();
        var index = 0;
        foreach (var occurrence in occurrences)
        {
            if (occurrence.WireType == WireType.LengthDelimited && field.Type is not (FieldType.String or FieldType.Bytes or FieldType.Message))
            {
                // A packed run: any repeated scalar may arrive packed or not, whatever the schema says.
                var reader = new ProtoReader(data.Slice(occurrence.Offset, occurrence.Length));
                var wireType = JsonToBinary.WireTypeOf(field.Type);
                while (!reader.AtEnd)
                {
                    ulong value;
                    bool ok;
                    if (wireType == WireType.Fixed32)
                    {
                        ok = reader.TryReadFixed32(out var fixed32);
                        value = fixed32;
                    }
                    else
                    {
                        ok = wireType == WireType.Fixed64 ? reader.TryReadFixed64(out value) : reader.TryReadVarint(out value);
                    }
                    if (!ok)
                    {
                        return Fail(path, "cut packed value in field " + field.Name);
                    }
                    Scalar(field, value);
                    index++;
                }
                continue;
            }
            if (!Singular(field, occurrence, data, path + "/" + index.ToString(CultureInfo.InvariantCulture), depth))
            {
                return false;
            }
            index++;
        }
        _writer.WriteEndArray();
        return true;
    }

    private bool Map(FieldDescriptor field, ReadOnlySpan<Occurrence> occurrences, ReadOnlySpan<byte> data, string path, int depth)
    {
        var entryType = field.MessageType!;
        _writer.WriteStartObject();
        var parts = Acquire();
        try
        {
            foreach (var occurrence in occurrences)
            {
                if (occurrence.WireType != WireType.LengthDelimited)
                {
                    return Fail(path, "map entry of field " + field.Name + " is not length-delimited");
                }
                var entry = data.Slice(occurrence.Offset, occurrence.Length);
                parts.Clear();
                if (!TryCollect(entryType, entry, path, parts) || !MapEntry(entryType, CollectionsMarshal.AsSpan(parts), entry, path, depth))
                {
                    return false;
                }
            }
        }
        finally
        {
            Release();
        }
        _writer.WriteEndObject();
        return true;
    }

    /// <summary>One key/value pair; a missing key or value means its default, as in any message.</summary>
    private bool MapEntry(MessageDescriptor entryType, ReadOnlySpan<Occurrence> parts, ReadOnlySpan<byte> entry, string path, int depth)
    {
        var keyField = entryType.FindByNumber(1)!;
        var valueField = entryType.FindByNumber(2)!;
        var keys = Of(parts, 1);
        var key = keys.Length > 0 ? MapKey(keyField, keys[^1], entry) : MapKey(keyField, default, []);
        _writer.WritePropertyName(key);
        var values = Of(parts, 2);
        if (values.Length > 0)
        {
            return Singular(valueField, values[^1], entry, path + "/" + key, depth);
        }
        if (valueField.Type == FieldType.Message)
        {
            _writer.WriteStartObject();
            _writer.WriteEndObject();
        }
        else if (valueField.Type == FieldType.Enum)
        {
            _writer.WriteStringValue(valueField.EnumType!.NameOf(0) ?? "0");
        }
        else
        {
            DefaultValue(valueField);
        }
        return true;
    }

    private static string MapKey(FieldDescriptor keyField, Occurrence occurrence, ReadOnlySpan<byte> entry) => keyField.Type switch
    {
        FieldType.String => occurrence.Length == 0 ? "" : Encoding.UTF8.GetString(entry.Slice(occurrence.Offset, occurrence.Length)),
        FieldType.Bool => occurrence.Value != 0 ? "true" : "false",
        _ => IntegerText(keyField.Type, occurrence.Value),
    };

    private bool Singular(FieldDescriptor field, Occurrence occurrence, ReadOnlySpan<byte> data, string path, int depth)
    {
        var expected = JsonToBinary.WireTypeOf(field.Type);
        if (occurrence.WireType != expected)
        {
            return Fail(path, "field " + field.Name + " (" + field.Type.ToString().ToLowerInvariant() + ") arrived with wire type " + (int)occurrence.WireType);
        }
        var slice = data.Slice(occurrence.Offset, occurrence.Length);
        switch (field.Type)
        {
            case FieldType.Message:
                return Message(field.MessageType!, slice, path, depth + 1);
            case FieldType.String:
                try
                {
                    _writer.WriteStringValue(new UTF8Encoding(false, true).GetString(slice));
                }
                catch (DecoderFallbackException)
                {
                    return Fail(path, "string field " + field.Name + " is not valid UTF-8");
                }
                return true;
            case FieldType.Bytes:
                _writer.WriteStringValue(Convert.ToBase64String(slice));
                return true;
            default:
                Scalar(field, occurrence.Value);
                return true;
        }
    }

    private void Scalar(FieldDescriptor field, ulong raw)
    {
        switch (field.Type)
        {
            case FieldType.Bool:
                _writer.WriteBooleanValue(raw != 0);
                return;
            case FieldType.Enum:
                if (field.EnumType!.FullName == NullValue)
                {
                    _writer.WriteNullValue();
                    return;
                }
                var number = (int)raw;
                if (field.EnumType.NameOf(number) is { } name)
                {
                    _writer.WriteStringValue(name);
                }
                else
                {
                    _writer.WriteNumberValue(number);
                }
                return;
            case FieldType.Float:
                var single = BitConverter.UInt32BitsToSingle((uint)raw);
                if (float.IsFinite(single))
                {
                    // The float's own shortest form: 1.1f prints as 1.1, not as its double widening.
                    _writer.WriteNumberValue(single);
                }
                else
                {
                    Real(single);
                }
                return;
            case FieldType.Double:
                Real(BitConverter.UInt64BitsToDouble(raw));
                return;
            case FieldType.Int64 or FieldType.UInt64 or FieldType.SInt64 or FieldType.Fixed64 or FieldType.SFixed64:
                _writer.WriteStringValue(IntegerText(field.Type, raw));
                return;
            default:
                _writer.WriteRawValue(IntegerText(field.Type, raw), skipInputValidation: true);
                return;
        }
    }

    private void Real(double value)
    {
        if (double.IsNaN(value))
        {
            _writer.WriteStringValue("NaN");
        }
        else if (double.IsInfinity(value))
        {
            _writer.WriteStringValue(value > 0 ? "Infinity" : "-Infinity");
        }
        else
        {
            _writer.WriteNumberValue(value);
        }
    }

    private static string IntegerText(FieldType type, ulong raw) => type switch
    {
        FieldType.Int32 => ((int)raw).ToString(CultureInfo.InvariantCulture),
        FieldType.SInt32 => Varint.UnZigZag32((uint)raw).ToString(CultureInfo.InvariantCulture),
        FieldType.SFixed32 => ((int)(uint)raw).ToString(CultureInfo.InvariantCulture),
        FieldType.UInt32 or FieldType.Fixed32 => ((uint)raw).ToString(CultureInfo.InvariantCulture),
        FieldType.Int64 or FieldType.SFixed64 => ((long)raw).ToString(CultureInfo.InvariantCulture),
        FieldType.SInt64 => Varint.UnZigZag(raw).ToString(CultureInfo.InvariantCulture),
        _ => raw.ToString(CultureInfo.InvariantCulture),
    };
}
