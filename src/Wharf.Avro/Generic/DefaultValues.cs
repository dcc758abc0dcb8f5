using Wharf.Avro.IO;
using Wharf.Avro.Json;

namespace Wharf.Avro.Generic;

/// <summary>
/// Field defaults (JSON in the schema, spec "Records": same form as the JSON encoding except that a union's default
/// has no branch wrapper) turned into binary or into generic datums. For a union the first branch is tried first (the
/// 1.11 rule), then the others in order (what the 1.12 rule allows). A record value missing a field takes that
/// field's own default.
/// </summary>
internal static class DefaultValues
{
    /// <summary>Default values nest no deeper than this (records whose defaults refer to each other could loop).</summary>
    private const int MaxDepth = 64;

    public static byte[]? TryEncode(AvroField field)
    {
        if (field.Default is null)
        {
            return null;
        }
        using var output = AvroBufferWriter.Rent();
        return TryWrite(field.Default, field.Schema, output, 0) ? output.ToArray() : null;
    }

    /// <summary>The default as a generic datum; false when the field has none or it does not fit the type.</summary>
    public static bool TryToDatum(AvroField field, out object? datum)
    {
        datum = null;
        return field.Default is not null && TryConvert(field.Default, field.Schema, 0, out datum);
    }

    private static bool TryWrite(AvroJsonValue value, AvroSchema schema, AvroBufferWriter output, int depth)
    {
        if (depth > MaxDepth)
        {
            return false;
        }
        switch (schema.Type)
        {
            case AvroType.Union:
                var start = output.Length;
                var branches = ((AvroUnionSchema)schema).Branches;
                for (var i = 0; i < branches.Count; i++)
                {
                    output.WriteInt(i);
                    if (TryWrite(value, branches[i], output, depth + 1))
                    {
                        return true;
                    }
                    output.Truncate(start);
                }
                return false;
            case AvroType.Array:
                if (value.Kind != AvroJsonKind.Array)
                {
                    return false;
                }
                if (value.Items.Count > 0)
                {
                    output.WriteLong(value.Items.Count);
                    foreach (var item in value.Items)
                    {
                        if (!TryWrite(item, ((AvroArraySchema)schema).Items, output, depth + 1))
                        {
                            return false;
                        }
                    }
                }
                output.WriteLong(0);
                return true;
            case AvroType.Map:
                if (value.Kind != AvroJsonKind.Object)
                {
                    return false;
                }
                if (value.Properties.Count > 0)
                {
                    output.WriteLong(value.Properties.Count);
                    foreach (var property in value.Properties)
                    {
                        output.WriteString(property.Key);
                        if (!TryWrite(property.Value, ((AvroMapSchema)schema).Values, output, depth + 1))
                        {
                            return false;
                        }
                    }
                }
                output.WriteLong(0);
                return true;
            case AvroType.Record:
                if (value.Kind != AvroJsonKind.Object)
                {
                    return false;
                }
                foreach (var field in ((AvroRecordSchema)schema).FieldArray)
                {
                    var fieldValue = value.Get(field.Name) ?? field.Default;
                    if (fieldValue is null || !TryWrite(fieldValue, field.Schema, output, depth + 1))
                    {
                        return false;
                    }
                }
                return true;
            default:
                if (!TryConvert(value, schema, depth, out var datum))
                {
                    return false;
                }
                GenericBinary.Write(schema, datum, output, 0, AvroLimits.Default);
                return true;
        }
    }

    private static bool TryConvert(AvroJsonValue value, AvroSchema schema, int depth, out object? datum)
    {
        datum = null;
        if (depth > MaxDepth)
        {
            return false;
        }
        switch (schema.Type)
        {
            case AvroType.Null:
                return value.IsNull;
            case AvroType.Boolean:
                datum = value.Kind == AvroJsonKind.Boolean ? value.BooleanValue : null;
                return datum is not null;
            case AvroType.Int:
                datum = value.IsInt32 ? (int)value.IntegerValue : null;
                return datum is not null;
            case AvroType.Long:
                datum = value.IsInt64 ? (long)value.IntegerValue : null;
                return datum is not null;
            case AvroType.Float:
                datum = value.IsNumber ? (float)value.NumberValue : null;
                return datum is not null;
            case AvroType.Double:
                datum = value.IsNumber ? value.NumberValue : null;
                return datum is not null;
            case AvroType.String:
                datum = value.TextOrNull;
                return datum is not null;
            case AvroType.Bytes:
                datum = value.IsString ? Latin1(value.StringValue) : null;
                return datum is not null;
            case AvroType.Fixed:
                var fixedSchema = (AvroFixedSchema)schema;
                if (value.IsString && Latin1(value.StringValue) is { } fixedBytes && fixedBytes.Length == fixedSchema.Size)
                {
                    datum = new AvroFixed(fixedSchema, fixedBytes);
                    return true;
                }
                return false;
            case AvroType.Enum:
                var enumSchema = (AvroEnumSchema)schema;
                if (value.IsString && enumSchema.IndexOf(value.StringValue) is var index and >= 0)
                {
                    datum = new AvroEnumSymbol(enumSchema, index);
                    return true;
                }
                return false;
            case AvroType.Array:
                if (value.Kind != AvroJsonKind.Array)
                {
                    return false;
                }
                var list = new List<object?>(value.Items.Count);
                foreach (var item in value.Items)
                {
                    if (!TryConvert(item, ((AvroArraySchema)schema).Items, depth + 1, out var element))
                    {
                        return false;
                    }
                    list.Add(element);
                }
                datum = list;
                return true;
            case AvroType.Map:
                if (value.Kind != AvroJsonKind.Object)
                {
                    return false;
                }
                var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var property in value.Properties)
                {
                    if (!TryConvert(property.Value, ((AvroMapSchema)schema).Values, depth + 1, out var element))
                    {
                        return false;
                    }
                    map[property.Key] = element;
                }
                datum = map;
                return true;
            case AvroType.Record:
                if (value.Kind != AvroJsonKind.Object)
                {
                    return false;
                }
                var recordSchema = (AvroRecordSchema)schema;
                var record = new AvroRecord(recordSchema);
                foreach (var field in recordSchema.FieldArray)
                {
                    var fieldValue = value.Get(field.Name) ?? field.Default;
                    if (fieldValue is null || !TryConvert(fieldValue, field.Schema, depth + 1, out var element))
                    {
                        return false;
                    }
                    record[field.Position] = element;
                }
                datum = record;
                return true;
            default:
                foreach (var branch in ((AvroUnionSchema)schema).Branches)
                {
                    if (TryConvert(value, branch, depth + 1, out datum))
                    {
                        return true;
                    }
                }
                return false;
        }
    }

    /// <summary>A JSON string whose code points are bytes (U+0000..U+00FF), or null when one is not.</summary>
    private static byte[]? Latin1(string text)
    {
        var bytes = new byte[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] > '\u00FF')
            {
                return null;
            }
            bytes[i] = (byte)text[i];
        }
        return bytes;
    }
}
