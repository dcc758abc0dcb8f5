using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;
using Wharf.Avro.Generic;
using Wharf.Avro.IO;

namespace Wharf.Avro.Json;

/// <summary>
/// Avro binary straight to JSON on a <see cref="Utf8JsonWriter"/>, without building values. Floats and doubles are
/// printed as Avro-Java prints them (<c>1.0</c>, <c>1.0E10</c>; NaN and infinities as strings); bytes and fixed as
/// strings of code points U+0000..U+00FF; invalid UTF-8 in strings becomes U+FFFD, as in Avro-Java.
/// </summary>
internal static class BinaryToJson
{
    public static void Write(AvroSchema schema, ref AvroBinaryReader input, Utf8JsonWriter output, AvroJsonOptions options, int depth)
    {
        switch (schema.Type)
        {
            case AvroType.Null:
                output.WriteNullValue();
                return;
            case AvroType.Boolean:
                output.WriteBooleanValue(input.ReadBoolean());
                return;
            case AvroType.Int:
                output.WriteNumberValue(input.ReadInt());
                return;
            case AvroType.Long:
                output.WriteNumberValue(input.ReadLong());
                return;
            case AvroType.Float:
                WriteFloating(output, input.ReadFloat(), isFloat: true);
                return;
            case AvroType.Double:
                WriteFloating(output, input.ReadDouble(), isFloat: false);
                return;
            case AvroType.Bytes:
                WriteLatin1(output, input.ReadBytes());
                return;
            case AvroType.Fixed:
                WriteLatin1(output, input.ReadFixed(((AvroFixedSchema)schema).Size));
                return;
            case AvroType.String:
                WriteUtf8(output, input.ReadUtf8(), propertyName: false);
                return;
            case AvroType.Enum:
                var enumSchema = (AvroEnumSchema)schema;
                var index = input.ReadInt();
                if ((uint)index >= (uint)enumSchema.Symbols.Count)
                {
                    throw new AvroDataException($"enum index {index} out of range for enum {enumSchema.FullName} ({enumSchema.Symbols.Count} symbols)");
                }
                output.WriteStringValue(JsonCodecInfo.For(enumSchema).Symbols[index]);
                return;
            case AvroType.Record:
                var record = (AvroRecordSchema)schema;
                var info = JsonCodecInfo.For(record);
                depth = GenericBinary.Deeper(depth, options.Limits);
                output.WriteStartObject();
                foreach (var field in record.FieldArray)
                {
                    output.WritePropertyName(info.Names[field.Position]);
                    try
                    {
                        Write(field.Schema, ref input, output, options, depth);
                    }
                    catch (AvroDataException e)
                    {
                        throw e.AtField(field.Name);
                    }
                }
                output.WriteEndObject();
                return;
            case AvroType.Array:
                var items = ((AvroArraySchema)schema).Items;
                depth = GenericBinary.Deeper(depth, options.Limits);
                var takesBytes = !SchemaFacts.CanBeEmpty(items);
                output.WriteStartArray();
                var written = 0L;
                for (var count = input.ReadBlockCount(takesBytes, 0, options.Limits); count != 0; count = input.ReadBlockCount(takesBytes, written, options.Limits))
                {
                    for (var n = 0L; n < count; n++, written++)
                    {
                        try
                        {
                            Write(items, ref input, output, options, depth);
                        }
                        catch (AvroDataException e)
                        {
                            throw e.AtIndex(written);
                        }
                    }
                }
                output.WriteEndArray();
                return;
            case AvroType.Map:
                var values = ((AvroMapSchema)schema).Values;
                depth = GenericBinary.Deeper(depth, options.Limits);
                output.WriteStartObject();
                var entries = 0L;
                for (var count = input.ReadBlockCount(true, 0, options.Limits); count != 0; count = input.ReadBlockCount(true, entries, options.Limits))
                {
                    for (var n = 0L; n < count; n++, entries++)
                    {
                        var key = input.ReadUtf8();
                        WriteUtf8(output, key, propertyName: true);
                        try
                        {
                            Write(values, ref input, output, options, depth);
                        }
                        catch (AvroDataException e)
                        {
                            throw e.AtKey(AvroBinaryReader.DecodeUtf8(key));
                        }
                    }
                }
                output.WriteEndObject();
                return;
            default:
                var union = (AvroUnionSchema)schema;
                var branch = GenericBinary.ReadBranchIndex(union, ref input);
                var branchSchema = union.Branches[branch];
                depth = GenericBinary.Deeper(depth, options.Limits);
                if (options.Form == AvroJsonForm.Plain || branchSchema.Type == AvroType.Null)
                {
                    Write(branchSchema, ref input, output, options, depth);
                    return;
                }
                output.WriteStartObject();
                output.WritePropertyName(JsonCodecInfo.For(union).Labels[branch]);
                Write(branchSchema, ref input, output, options, depth);
                output.WriteEndObject();
                return;
        }
    }

    private static void WriteFloating(Utf8JsonWriter output, double value, bool isFloat)
    {
        if (!double.IsFinite(value))
        {
            output.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
            return;
        }
        Span<char> chars = stackalloc char[JavaText.MaxNumberLength];
        var length = isFloat ? JavaText.FormatFloat((float)value, chars) : JavaText.FormatDouble(value, chars);
        Span<byte> utf8 = stackalloc byte[JavaText.MaxNumberLength];
        for (var i = 0; i < length; i++)
        {
            utf8[i] = (byte)chars[i];
        }
        output.WriteRawValue(utf8[..length], skipInputValidation: true);
    }

    private static void WriteLatin1(Utf8JsonWriter output, ReadOnlySpan<byte> bytes)
    {
        char[]? rented = null;
        var chars = bytes.Length <= 512 ? stackalloc char[bytes.Length] : (rented = ArrayPool<char>.Shared.Rent(bytes.Length));
        try
        {
            for (var i = 0; i < bytes.Length; i++)
            {
                chars[i] = (char)bytes[i];
            }
            output.WriteStringValue(chars[..bytes.Length]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private static void WriteUtf8(Utf8JsonWriter output, ReadOnlySpan<byte> utf8, bool propertyName)
    {
        if (Utf8.IsValid(utf8))
        {
            if (propertyName)
            {
                output.WritePropertyName(utf8);
            }
            else
            {
                output.WriteStringValue(utf8);
            }
            return;
        }
        var text = AvroBinaryReader.DecodeUtf8(utf8);
        if (propertyName)
        {
            output.WritePropertyName(text);
        }
        else
        {
            output.WriteStringValue(text);
        }
    }
}
