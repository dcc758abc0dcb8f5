using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;
using Wharf.Avro.Generic;
using Wharf.Avro.IO;

namespace Wharf.Avro.Json;

/// <summary>
/// JSON text straight to the Avro binary encoding, without building values: one pass over a
/// <see cref="Utf8JsonReader"/>, writing into a pooled buffer. Record fields are usually in schema order and are
/// encoded as they come; when they are not, the remaining values are located first and encoded in schema order
/// from slices of the input.
/// </summary>
internal ref struct JsonToBinary
{
    private readonly ReadOnlySpan<byte> _json;
    private readonly AvroBufferWriter _output;
    private readonly AvroJsonOptions _options;
    private readonly JsonReaderOptions _readerOptions;
    private readonly AvroLimits _limits;

    /// <summary>Where the current reader's input starts in <see cref="_json"/> (readers over slices count from 0).</summary>
    private int _base;

    private JsonToBinary(ReadOnlySpan<byte> json, AvroBufferWriter output, AvroJsonOptions options)
    {
        _json = json;
        _output = output;
        _options = options;
        _limits = options.Limits;
        // Union wrappers add a JSON level per Avro level; the Avro depth is checked separately.
        _readerOptions = new JsonReaderOptions { MaxDepth = (options.Limits.MaxDepth * 2) + 2 };
        _base = 0;
    }

    public static void Encode(AvroSchema schema, ReadOnlySpan<byte> json, AvroBufferWriter output, AvroJsonOptions options)
    {
        var encoder = new JsonToBinary(json, output, options);
        var reader = new Utf8JsonReader(json, encoder._readerOptions);
        Next(ref reader);
        encoder.Write(schema, ref reader, 0);
        try
        {
            if (reader.Read())
            {
                throw new AvroDataException($"unexpected JSON after the value at byte {reader.TokenStartIndex}");
            }
        }
        catch (JsonException e)
        {
            throw new AvroDataException($"invalid JSON after the value: {e.Message}");
        }
    }

    private void Write(AvroSchema schema, ref Utf8JsonReader reader, int depth)
    {
        switch (schema.Type)
        {
            case AvroType.Null:
                Expect(ref reader, JsonTokenType.Null, "null");
                return;
            case AvroType.Boolean:
                _output.WriteBoolean(reader.TokenType switch
                {
                    JsonTokenType.True => true,
                    JsonTokenType.False => false,
                    _ => throw Mismatch("boolean", ref reader),
                });
                return;
            case AvroType.Int:
                var i = ReadIntegral(ref reader, "int");
                _output.WriteInt(i is >= int.MinValue and <= int.MaxValue ? (int)i : throw new AvroDataException($"{i} is out of the int range"));
                return;
            case AvroType.Long:
                _output.WriteLong(ReadIntegral(ref reader, "long"));
                return;
            case AvroType.Float:
                _output.WriteFloat((float)ReadFloating(ref reader, "float"));
                return;
            case AvroType.Double:
                _output.WriteDouble(ReadFloating(ref reader, "double"));
                return;
            case AvroType.Bytes:
                WriteLatin1(ref reader, -1, "bytes");
                return;
            case AvroType.Fixed:
                WriteLatin1(ref reader, ((AvroFixedSchema)schema).Size, "fixed");
                return;
            case AvroType.String:
                WriteUtf8(ref reader);
                return;
            case AvroType.Enum:
                _output.WriteInt(FindSymbol((AvroEnumSchema)schema, ref reader));
                return;
            case AvroType.Array:
                WriteArray((AvroArraySchema)schema, ref reader, GenericBinary.Deeper(depth, _limits));
                return;
            case AvroType.Map:
                WriteMap((AvroMapSchema)schema, ref reader, GenericBinary.Deeper(depth, _limits));
                return;
            case AvroType.Record:
                WriteRecord((AvroRecordSchema)schema, ref reader, GenericBinary.Deeper(depth, _limits));
                return;
            default:
                if (_options.Form == AvroJsonForm.Avro)
                {
                    WriteTaggedUnion((AvroUnionSchema)schema, ref reader, GenericBinary.Deeper(depth, _limits));
                }
                else
                {
                    WritePlainUnion((AvroUnionSchema)schema, ref reader, GenericBinary.Deeper(depth, _limits));
                }
                return;
        }
    }

    private void WriteArray(AvroArraySchema schema, ref Utf8JsonReader reader, int depth)
    {
        Expect(ref reader, JsonTokenType.StartArray, "array");
        var start = _output.Length;
        var count = 0L;
        while (true)
        {
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                break;
            }
            if (count >= _limits.MaxCollectionItems)
            {
                throw new AvroDataException($"more than {_limits.MaxCollectionItems} items");
            }
            try
            {
                Write(schema.Items, ref reader, depth);
            }
            catch (AvroDataException e)
            {
                throw e.AtIndex(count);
            }
            count++;
        }
        if (count > 0)
        {
            _output.InsertLong(start, count);
        }
        _output.WriteLong(0);
    }

    private void WriteMap(AvroMapSchema schema, ref Utf8JsonReader reader, int depth)
    {
        Expect(ref reader, JsonTokenType.StartObject, "map (a JSON object)");
        var start = _output.Length;
        var count = 0L;
        while (true)
        {
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }
            if (count >= _limits.MaxCollectionItems)
            {
                throw new AvroDataException($"more than {_limits.MaxCollectionItems} items");
            }
            var keyStart = _output.Length;
            WriteUtf8(ref reader);
            Next(ref reader);
            try
            {
                Write(schema.Values, ref reader, depth);
            }
            catch (AvroDataException e)
            {
                var key = new AvroBinaryReader(_output.WrittenSpan[keyStart..]).ReadString();
                throw e.AtKey(key);
            }
            count++;
        }
        if (count > 0)
        {
            _output.InsertLong(start, count);
        }
        _output.WriteLong(0);
    }

    private void WriteRecord(AvroRecordSchema schema, ref Utf8JsonReader reader, int depth)
    {
        Expect(ref reader, JsonTokenType.StartObject, $"record {schema.FullName} (a JSON object)");
        var info = JsonCodecInfo.For(schema);
        var fields = schema.FieldArray;
        var next = 0;
        while (true)
        {
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }
            if (next < fields.Length && reader.ValueTextEquals(info.Utf8Names[next]))
            {
                Next(ref reader);
                WriteField(fields[next], ref reader, depth);
                next++;
                continue;
            }
            WriteRecordOutOfOrder(info, ref reader, next, depth);
            return;
        }
        for (; next < fields.Length; next++)
        {
            WriteMissingField(info, next);
        }
    }

    /// <summary>
    /// The record's properties from the current one on are not in schema order: find where each remaining field's
    /// value is, then encode them in schema order from slices of the input.
    /// </summary>
    private void WriteRecordOutOfOrder(JsonCodecInfo.RecordInfo info, ref Utf8JsonReader reader, int next, int depth)
    {
        var fields = info.Schema.FieldArray;
        var spans = ArrayPool<int>.Shared.Rent(fields.Length * 2);
        try
        {
            spans.AsSpan(0, fields.Length * 2).Fill(-1);
            do
            {
                var position = FindField(info, ref reader);
                if (position < next || spans[position * 2] >= 0)
                {
                    throw new AvroDataException("field given more than once").AtField(fields[position].Name);
                }
                Next(ref reader);
                spans[position * 2] = _base + (int)reader.TokenStartIndex;
                SkipValue(ref reader);
                spans[(position * 2) + 1] = _base + (int)reader.BytesConsumed;
                Next(ref reader);
            }
            while (reader.TokenType != JsonTokenType.EndObject);

            for (; next < fields.Length; next++)
            {
                var start = spans[next * 2];
                if (start < 0)
                {
                    WriteMissingField(info, next);
                    continue;
                }
                var slice = new Utf8JsonReader(_json[start..spans[(next * 2) + 1]], _readerOptions);
                Next(ref slice);
                var savedBase = _base;
                _base = start;
                WriteField(fields[next], ref slice, depth);
                _base = savedBase;
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(spans);
        }
    }

    private static int FindField(JsonCodecInfo.RecordInfo info, ref Utf8JsonReader reader)
    {
        var length = reader.ValueSpan.Length;
        char[]? rented = null;
        var chars = length <= 256 ? stackalloc char[length] : (rented = ArrayPool<char>.Shared.Rent(length));
        try
        {
            var written = reader.CopyString(chars);
            if (info.Lookup.TryGetValue(chars[..written], out var position))
            {
                return position;
            }
            throw new AvroDataException($"unknown field \"{new string(chars[..Math.Min(written, 64)])}\" for record {info.Schema.FullName}");
        }
        catch (InvalidOperationException e)
        {
            throw new AvroDataException($"invalid field name: {e.Message}");
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private void WriteField(AvroField field, ref Utf8JsonReader reader, int depth)
    {
        try
        {
            Write(field.Schema, ref reader, depth);
        }
        catch (AvroDataException e)
        {
            throw e.AtField(field.Name);
        }
    }

    private void WriteMissingField(JsonCodecInfo.RecordInfo info, int position)
    {
        var field = info.Schema.FieldArray[position];
        if (_options.MissingFieldsUseDefaults && field.HasDefault)
        {
            var encoded = info.DefaultBinary(position)
                ?? throw new AvroDataException($"the field is missing and its default {field.Default} does not fit its type").AtField(field.Name);
            _output.WriteFixed(encoded);
            return;
        }
        throw new AvroDataException("missing field").AtField(field.Name);
    }

    /// <summary>Avro's JSON encoding of a union: <c>null</c>, or <c>{"&lt;branch label&gt;": value}</c>.</summary>
    private void WriteTaggedUnion(AvroUnionSchema union, ref Utf8JsonReader reader, int depth)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            _output.WriteInt(union.NullIndex >= 0 ? union.NullIndex : throw new AvroDataException($"null is not a branch of union {Labels(union)}"));
            return;
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Mismatch($"a union value ({{\"<branch>\": value}} or null) for {Labels(union)}", ref reader);
        }
        Next(ref reader);
        if (reader.TokenType != JsonTokenType.PropertyName)
        {
            throw new AvroDataException($"empty object where a union value ({{\"<branch>\": value}}) for {Labels(union)} was expected");
        }
        var branch = FindLabel(JsonCodecInfo.For(union), ref reader, union);
        _output.WriteInt(branch);
        Next(ref reader);
        Write(union.Branches[branch], ref reader, depth);
        Next(ref reader);
        if (reader.TokenType != JsonTokenType.EndObject)
        {
            throw new AvroDataException("a union value object must have exactly one key, the branch label");
        }
    }

    /// <summary>
    /// The plain JSON form of a union: the branch's value without a wrapper. The branch is the first one, in
    /// declaration order, that the JSON value fits; a JSON object is tried against each record and map branch.
    /// </summary>
    private void WritePlainUnion(AvroUnionSchema union, ref Utf8JsonReader reader, int depth)
    {
        var info = JsonCodecInfo.For(union);
        var branches = union.Branches;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                _output.WriteInt(union.NullIndex >= 0 ? union.NullIndex : throw new AvroDataException($"null is not a branch of union {Labels(union)}"));
                return;
            case JsonTokenType.True:
            case JsonTokenType.False:
                WriteBranch(union, info.BooleanBranch, ref reader, depth);
                return;
            case JsonTokenType.StartArray:
                WriteBranch(union, info.ArrayBranch, ref reader, depth);
                return;
            case JsonTokenType.Number:
                for (var i = 0; i < branches.Count; i++)
                {
                    if (FitsNumber(branches[i].Type, ref reader))
                    {
                        WriteBranch(union, i, ref reader, depth);
                        return;
                    }
                }
                throw new AvroDataException($"the number fits no branch of union {Labels(union)}");
            case JsonTokenType.String:
                for (var i = 0; i < branches.Count; i++)
                {
                    if (FitsString(branches[i], ref reader))
                    {
                        WriteBranch(union, i, ref reader, depth);
                        return;
                    }
                }
                throw new AvroDataException($"the string fits no branch of union {Labels(union)}");
            case JsonTokenType.StartObject:
                var candidates = info.ObjectBranches;
                AvroDataException? last = null;
                for (var c = 0; c < candidates.Length; c++)
                {
                    if (c == candidates.Length - 1 && last is null)
                    {
                        WriteBranch(union, candidates[c], ref reader, depth);
                        return;
                    }
                    var saved = reader;
                    var savedLength = _output.Length;
                    try
                    {
                        WriteBranch(union, candidates[c], ref reader, depth);
                        return;
                    }
                    catch (AvroDataException e)
                    {
                        reader = saved;
                        _output.Truncate(savedLength);
                        last = e;
                    }
                }
                throw new AvroDataException(last is null
                    ? $"an object fits no branch of union {Labels(union)}"
                    : $"the object fits no branch of union {Labels(union)} (last try: {last.Message})");
            default:
                throw Mismatch($"a value of union {Labels(union)}", ref reader);
        }
    }

    private void WriteBranch(AvroUnionSchema union, int branch, ref Utf8JsonReader reader, int depth)
    {
        if (branch < 0)
        {
            throw Mismatch($"a value of union {Labels(union)}", ref reader);
        }
        _output.WriteInt(branch);
        Write(union.Branches[branch], ref reader, depth);
    }

    private static bool FitsNumber(AvroType type, ref Utf8JsonReader reader) => type switch
    {
        AvroType.Int => reader.TryGetInt32(out _),
        AvroType.Long => reader.TryGetInt64(out _),
        AvroType.Float or AvroType.Double => true,
        _ => false,
    };

    private static bool FitsString(AvroSchema branch, ref Utf8JsonReader reader)
    {
        switch (branch.Type)
        {
            case AvroType.String:
                return true;
            case AvroType.Bytes:
                return Latin1Length(ref reader) >= 0;
            case AvroType.Fixed:
                return Latin1Length(ref reader) == ((AvroFixedSchema)branch).Size;
            case AvroType.Enum:
                return TryFindSymbol((AvroEnumSchema)branch, ref reader, out _);
            case AvroType.Float:
            case AvroType.Double:
                return reader.ValueTextEquals("NaN"u8) || reader.ValueTextEquals("Infinity"u8) || reader.ValueTextEquals("-Infinity"u8);
            default:
                return false;
        }
    }

    private static int FindLabel(JsonCodecInfo.UnionInfo info, ref Utf8JsonReader reader, AvroUnionSchema union)
    {
        Span<char> chars = stackalloc char[256];
        if (reader.ValueSpan.Length <= chars.Length)
        {
            try
            {
                var written = reader.CopyString(chars);
                if (info.Lookup.TryGetValue(chars[..written], out var branch))
                {
                    return branch;
                }
            }
            catch (InvalidOperationException e)
            {
                throw new AvroDataException($"invalid union branch label: {e.Message}");
            }
        }
        throw new AvroDataException($"unknown union branch \"{Truncate(reader.GetString())}\"; the branches are {Labels(union)}");
    }

    private static int FindSymbol(AvroEnumSchema schema, ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw Mismatch($"enum {schema.FullName} (a symbol string)", ref reader);
        }
        if (TryFindSymbol(schema, ref reader, out var index))
        {
            return index;
        }
        throw new AvroDataException($"\"{Truncate(reader.GetString())}\" is not a symbol of enum {schema.FullName}");
    }

    private static bool TryFindSymbol(AvroEnumSchema schema, ref Utf8JsonReader reader, out int index)
    {
        index = -1;
        Span<char> chars = stackalloc char[256];
        if (reader.ValueSpan.Length > chars.Length)
        {
            return false;
        }
        try
        {
            var written = reader.CopyString(chars);
            return JsonCodecInfo.For(schema).Lookup.TryGetValue(chars[..written], out index);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private void WriteUtf8(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName))
        {
            throw Mismatch("string", ref reader);
        }
        var raw = reader.ValueSpan;
        if (!reader.ValueIsEscaped)
        {
            if (!Utf8.IsValid(raw))
            {
                throw new AvroDataException("the string is not valid UTF-8");
            }
            _output.WriteBytes(raw);
            return;
        }
        byte[]? rented = null;
        var buffer = raw.Length <= 512 ? stackalloc byte[raw.Length] : (rented = ArrayPool<byte>.Shared.Rent(raw.Length));
        try
        {
            var written = reader.CopyString(buffer);
            _output.WriteBytes(buffer[..written]);
        }
        catch (InvalidOperationException e)
        {
            throw new AvroDataException($"invalid string: {e.Message}");
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>bytes and fixed: a string whose code points U+0000..U+00FF are the bytes (ISO-8859-1).</summary>
    private void WriteLatin1(ref Utf8JsonReader reader, int fixedSize, string what)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw Mismatch($"{what} (a string of code points U+0000..U+00FF)", ref reader);
        }
        var length = reader.ValueSpan.Length;
        char[]? rented = null;
        var chars = length <= 512 ? stackalloc char[length] : (rented = ArrayPool<char>.Shared.Rent(length));
        try
        {
            var written = CopyChars(ref reader, chars);
            if (fixedSize >= 0 && written != fixedSize)
            {
                throw new AvroDataException($"fixed of {fixedSize} bytes, the string has {written}");
            }
            if (fixedSize < 0)
            {
                _output.WriteLong(written);
            }
            var bytes = _output.GetSpan(written);
            for (var i = 0; i < written; i++)
            {
                var c = chars[i];
                bytes[i] = c <= '\u00FF' ? (byte)c : throw new AvroDataException($"U+{(int)c:X4} at offset {i} is not a byte (bytes and fixed are strings of code points U+0000..U+00FF)");
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private static int Latin1Length(ref Utf8JsonReader reader)
    {
        var length = reader.ValueSpan.Length;
        char[]? rented = null;
        var chars = length <= 512 ? stackalloc char[length] : (rented = ArrayPool<char>.Shared.Rent(length));
        try
        {
            var written = CopyChars(ref reader, chars);
            return chars[..written].ContainsAnyExceptInRange('\u0000', '\u00FF') ? -1 : written;
        }
        catch (AvroDataException)
        {
            return -1;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private static int CopyChars(ref Utf8JsonReader reader, scoped Span<char> chars)
    {
        try
        {
            return reader.CopyString(chars);
        }
        catch (InvalidOperationException e)
        {
            throw new AvroDataException($"invalid string: {e.Message}");
        }
    }

    /// <summary>An integer; a number written with a fraction or exponent is accepted when its value is integral.</summary>
    private static long ReadIntegral(ref Utf8JsonReader reader, string what)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw Mismatch(what, ref reader);
        }
        if (reader.TryGetInt64(out var value))
        {
            return value;
        }
        if (reader.TryGetDecimal(out var exact) && exact == decimal.Truncate(exact) && exact is >= long.MinValue and <= long.MaxValue)
        {
            return (long)exact;
        }
        throw new AvroDataException($"{Truncate(System.Text.Encoding.UTF8.GetString(reader.ValueSpan))} is not an integer in the {what} range");
    }

    /// <summary>
    /// Java's <c>Double.NaN</c> (0x7ff8000000000000), which narrows to Java's <c>Float.NaN</c> (0x7fc00000). .NET's
    /// <see cref="double.NaN"/> has the sign bit set, which would encode differently from Avro-Java and python3-avro.
    /// </summary>
    private static readonly double JavaNaN = BitConverter.Int64BitsToDouble(0x7ff8000000000000);

    /// <summary>A number, or "NaN", "Infinity", "-Infinity" (how Avro-Java's JSON encoder writes those).</summary>
    private static double ReadFloating(ref Utf8JsonReader reader, string what)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetDouble(out var value))
            {
                return value;
            }
            return double.Parse(reader.ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        if (reader.TokenType == JsonTokenType.String)
        {
            if (reader.ValueTextEquals("NaN"u8))
            {
                return JavaNaN;
            }
            if (reader.ValueTextEquals("Infinity"u8))
            {
                return double.PositiveInfinity;
            }
            if (reader.ValueTextEquals("-Infinity"u8))
            {
                return double.NegativeInfinity;
            }
        }
        throw Mismatch(what, ref reader);
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token, string what)
    {
        if (reader.TokenType != token)
        {
            throw Mismatch(what, ref reader);
        }
    }

    private static void Next(ref Utf8JsonReader reader)
    {
        try
        {
            if (!reader.Read())
            {
                throw new AvroDataException("unexpected end of the JSON text");
            }
        }
        catch (JsonException e)
        {
            throw new AvroDataException($"invalid JSON: {e.Message}");
        }
    }

    private static void SkipValue(ref Utf8JsonReader reader)
    {
        try
        {
            reader.Skip();
        }
        catch (JsonException e)
        {
            throw new AvroDataException($"invalid JSON: {e.Message}");
        }
    }

    private static AvroDataException Mismatch(string expected, ref Utf8JsonReader reader) =>
        new($"expected {expected}, found {reader.TokenType switch
        {
            JsonTokenType.String => "a string",
            JsonTokenType.Number => "a number",
            JsonTokenType.True or JsonTokenType.False => "a boolean",
            JsonTokenType.Null => "null",
            JsonTokenType.StartArray => "an array",
            JsonTokenType.StartObject => "an object",
            _ => reader.TokenType.ToString(),
        }}");

    private static string Labels(AvroUnionSchema union) => "[" + string.Join(", ", union.Branches.Select(b => b.FullName)) + "]";

    private static string Truncate(string? text) => text is null ? "" : text.Length <= 64 ? text : text[..64] + "...";
}
