using System.Collections;
using Wharf.Avro.IO;

namespace Wharf.Avro.Generic;

/// <summary>Generic datums to and from the binary encoding, for one schema (no resolution).</summary>
internal static class GenericBinary
{
    public static void Write(AvroSchema schema, object? datum, AvroBufferWriter output, int depth, AvroLimits limits)
    {
        switch (schema.Type)
        {
            case AvroType.Null:
                if (datum is not null)
                {
                    throw Mismatch("null", datum);
                }
                return;
            case AvroType.Boolean:
                output.WriteBoolean(datum is bool b ? b : throw Mismatch("boolean", datum));
                return;
            case AvroType.Int:
                output.WriteInt(TryInteger(datum, out var i) && i is >= int.MinValue and <= int.MaxValue ? (int)i : throw Mismatch("int", datum));
                return;
            case AvroType.Long:
                output.WriteLong(TryInteger(datum, out var l) ? l : throw Mismatch("long", datum));
                return;
            case AvroType.Float:
                output.WriteFloat(datum switch
                {
                    float f => f,
                    _ when TryInteger(datum, out var n) => n,
                    _ => throw Mismatch("float", datum),
                });
                return;
            case AvroType.Double:
                output.WriteDouble(datum switch
                {
                    double d => d,
                    float f => f,
                    _ when TryInteger(datum, out var n) => n,
                    _ => throw Mismatch("double", datum),
                });
                return;
            case AvroType.Bytes:
                output.WriteBytes(TryBytes(datum, out var bytes) ? bytes.Span : throw Mismatch("bytes", datum));
                return;
            case AvroType.String:
                output.WriteString(datum as string ?? throw Mismatch("string", datum));
                return;
            case AvroType.Enum:
                var enumSchema = (AvroEnumSchema)schema;
                var symbol = datum switch
                {
                    AvroEnumSymbol s => s.Symbol,
                    string s => s,
                    _ => throw Mismatch($"enum {enumSchema.FullName}", datum),
                };
                var index = enumSchema.IndexOf(symbol);
                output.WriteInt(index >= 0 ? index : throw new AvroDataException($"\"{symbol}\" is not a symbol of enum {enumSchema.FullName}"));
                return;
            case AvroType.Fixed:
                var fixedSchema = (AvroFixedSchema)schema;
                var value = datum switch
                {
                    AvroFixed f => f.Value,
                    _ when TryBytes(datum, out var raw) => raw,
                    _ => throw Mismatch($"fixed {fixedSchema.FullName}", datum),
                };
                if (value.Length != fixedSchema.Size)
                {
                    throw new AvroDataException($"fixed {fixedSchema.FullName} has {fixedSchema.Size} bytes, the value has {value.Length}");
                }
                output.WriteFixed(value.Span);
                return;
            case AvroType.Record:
                WriteRecord((AvroRecordSchema)schema, datum, output, Deeper(depth, limits), limits);
                return;
            case AvroType.Array:
                WriteArray((AvroArraySchema)schema, datum, output, Deeper(depth, limits), limits);
                return;
            case AvroType.Map:
                WriteMap((AvroMapSchema)schema, datum, output, Deeper(depth, limits), limits);
                return;
            case AvroType.Union:
                var union = (AvroUnionSchema)schema;
                var branch = ResolveBranch(union, datum);
                output.WriteInt(branch);
                Write(union.Branches[branch], datum, output, Deeper(depth, limits), limits);
                return;
        }
    }

    public static object? Read(AvroSchema schema, ref AvroBinaryReader input, int depth, AvroLimits limits)
    {
        switch (schema.Type)
        {
            case AvroType.Null:
                return null;
            case AvroType.Boolean:
                return input.ReadBoolean();
            case AvroType.Int:
                return input.ReadInt();
            case AvroType.Long:
                return input.ReadLong();
            case AvroType.Float:
                return input.ReadFloat();
            case AvroType.Double:
                return input.ReadDouble();
            case AvroType.Bytes:
                return input.ReadBytes().ToArray();
            case AvroType.String:
                return input.ReadString();
            case AvroType.Enum:
                var enumSchema = (AvroEnumSchema)schema;
                var index = input.ReadInt();
                if ((uint)index >= (uint)enumSchema.Symbols.Count)
                {
                    throw new AvroDataException($"enum index {index} out of range for enum {enumSchema.FullName} ({enumSchema.Symbols.Count} symbols)");
                }
                return new AvroEnumSymbol(enumSchema, index);
            case AvroType.Fixed:
                var fixedSchema = (AvroFixedSchema)schema;
                return new AvroFixed(fixedSchema, input.ReadFixed(fixedSchema.Size).ToArray());
            case AvroType.Record:
                var recordSchema = (AvroRecordSchema)schema;
                depth = Deeper(depth, limits);
                var record = new AvroRecord(recordSchema);
                foreach (var field in recordSchema.FieldArray)
                {
                    try
                    {
                        record[field.Position] = Read(field.Schema, ref input, depth, limits);
                    }
                    catch (AvroDataException e)
                    {
                        throw e.AtField(field.Name);
                    }
                }
                return record;
            case AvroType.Array:
                var items = ((AvroArraySchema)schema).Items;
                depth = Deeper(depth, limits);
                var list = new List<object?>();
                var takesBytes = !SchemaFacts.CanBeEmpty(items);
                for (var count = input.ReadBlockCount(takesBytes, 0, limits); count != 0; count = input.ReadBlockCount(takesBytes, list.Count, limits))
                {
                    for (var n = 0L; n < count; n++)
                    {
                        try
                        {
                            list.Add(Read(items, ref input, depth, limits));
                        }
                        catch (AvroDataException e)
                        {
                            throw e.AtIndex(list.Count);
                        }
                    }
                }
                return list;
            case AvroType.Map:
                var values = ((AvroMapSchema)schema).Values;
                depth = Deeper(depth, limits);
                var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                var read = 0L;
                for (var count = input.ReadBlockCount(true, 0, limits); count != 0; count = input.ReadBlockCount(true, read, limits))
                {
                    for (var n = 0L; n < count; n++, read++)
                    {
                        var key = input.ReadString();
                        try
                        {
                            map[key] = Read(values, ref input, depth, limits);
                        }
                        catch (AvroDataException e)
                        {
                            throw e.AtKey(key);
                        }
                    }
                }
                return map;
            default:
                var union = (AvroUnionSchema)schema;
                var branch = ReadBranchIndex(union, ref input);
                return Read(union.Branches[branch], ref input, Deeper(depth, limits), limits);
        }
    }

    public static int ReadBranchIndex(AvroUnionSchema union, ref AvroBinaryReader input)
    {
        var branch = input.ReadLong();
        if ((ulong)branch >= (ulong)union.Branches.Count)
        {
            throw new AvroDataException($"union branch {branch} out of range ({union.Branches.Count} branches)");
        }
        return (int)branch;
    }

    public static int Deeper(int depth, AvroLimits limits) =>
        depth < limits.MaxDepth ? depth + 1 : throw new AvroDataException($"nesting deeper than {limits.MaxDepth}");

    /// <summary>
    /// The branch a generic value belongs to (Avro-Java's <c>GenericData.resolveUnion</c>, by the value's type):
    /// named values by full name; numbers by exact type first, then by promotion (int → long → float → double).
    /// </summary>
    public static int ResolveBranch(AvroUnionSchema union, object? datum)
    {
        int Find(AvroType type)
        {
            for (var i = 0; i < union.Branches.Count; i++)
            {
                if (union.Branches[i].Type == type)
                {
                    return i;
                }
            }
            return -1;
        }

        var found = datum switch
        {
            null => union.NullIndex,
            AvroRecord r => union.IndexOf(r.Schema.FullName),
            AvroEnumSymbol e => union.IndexOf(e.Schema.FullName),
            AvroFixed f => union.IndexOf(f.Schema.FullName),
            bool => Find(AvroType.Boolean),
            string s => Find(AvroType.String) is var si and >= 0 ? si : FindEnumWithSymbol(union, s),
            float => FirstOf(Find(AvroType.Float), Find(AvroType.Double)),
            double => Find(AvroType.Double),
            int or short or sbyte or byte or ushort => FirstOf(Find(AvroType.Int), FirstOf(Find(AvroType.Long), FirstOf(Find(AvroType.Float), Find(AvroType.Double)))),
            long or uint or ulong => FirstOf(Find(AvroType.Long), FirstOf(Find(AvroType.Float), Find(AvroType.Double))),
            _ when TryBytes(datum, out var bytes) => Find(AvroType.Bytes) is var bi and >= 0 ? bi : FindFixedOfSize(union, bytes.Length),
            IEnumerable<KeyValuePair<string, object?>> => Find(AvroType.Map),
            IEnumerable => Find(AvroType.Array),
            _ => -1,
        };
        return found >= 0 ? found : throw new AvroDataException($"{Describe(datum)} matches no branch of union {union.ToCanonicalString()}");
    }

    private static int FirstOf(int a, int b) => a >= 0 ? a : b;

    private static int FindEnumWithSymbol(AvroUnionSchema union, string symbol)
    {
        for (var i = 0; i < union.Branches.Count; i++)
        {
            if (union.Branches[i] is AvroEnumSchema e && e.IndexOf(symbol) >= 0)
            {
                return i;
            }
        }
        return -1;
    }

    private static int FindFixedOfSize(AvroUnionSchema union, int size)
    {
        for (var i = 0; i < union.Branches.Count; i++)
        {
            if (union.Branches[i] is AvroFixedSchema f && f.Size == size)
            {
                return i;
            }
        }
        return -1;
    }

    private static void WriteRecord(AvroRecordSchema schema, object? datum, AvroBufferWriter output, int depth, AvroLimits limits)
    {
        switch (datum)
        {
            case AvroRecord record:
                var sameSchema = ReferenceEquals(record.Schema, schema);
                foreach (var field in schema.FieldArray)
                {
                    object? value;
                    if (sameSchema)
                    {
                        value = record[field.Position];
                    }
                    else if (!record.TryGetValue(field.Name, out value))
                    {
                        throw new AvroDataException($"record {record.Schema.FullName} has no field {field.Name}");
                    }
                    WriteField(field, value, output, depth, limits);
                }
                return;
            case IReadOnlyDictionary<string, object?> fields:
                foreach (var field in schema.FieldArray)
                {
                    if (!fields.TryGetValue(field.Name, out var value))
                    {
                        throw new AvroDataException("missing field").AtField(field.Name);
                    }
                    WriteField(field, value, output, depth, limits);
                }
                return;
            default:
                throw Mismatch($"record {schema.FullName}", datum);
        }
    }

    private static void WriteField(AvroField field, object? value, AvroBufferWriter output, int depth, AvroLimits limits)
    {
        try
        {
            Write(field.Schema, value, output, depth, limits);
        }
        catch (AvroDataException e)
        {
            throw e.AtField(field.Name);
        }
    }

    private static void WriteArray(AvroArraySchema schema, object? datum, AvroBufferWriter output, int depth, AvroLimits limits)
    {
        if (datum is not IEnumerable items || datum is string || TryBytes(datum, out _) || datum is IEnumerable<KeyValuePair<string, object?>>)
        {
            throw Mismatch("array", datum);
        }
        var start = output.Length;
        var count = 0L;
        foreach (var item in items)
        {
            try
            {
                Write(schema.Items, item, output, depth, limits);
            }
            catch (AvroDataException e)
            {
                throw e.AtIndex(count);
            }
            count++;
        }
        if (count > 0)
        {
            output.InsertLong(start, count);
        }
        output.WriteLong(0);
    }

    private static void WriteMap(AvroMapSchema schema, object? datum, AvroBufferWriter output, int depth, AvroLimits limits)
    {
        if (datum is not IEnumerable<KeyValuePair<string, object?>> entries)
        {
            throw Mismatch("map", datum);
        }
        var start = output.Length;
        var count = 0L;
        foreach (var entry in entries)
        {
            output.WriteString(entry.Key);
            try
            {
                Write(schema.Values, entry.Value, output, depth, limits);
            }
            catch (AvroDataException e)
            {
                throw e.AtKey(entry.Key);
            }
            count++;
        }
        if (count > 0)
        {
            output.InsertLong(start, count);
        }
        output.WriteLong(0);
    }

    private static bool TryInteger(object? datum, out long value)
    {
        switch (datum)
        {
            case int i: value = i; return true;
            case long l: value = l; return true;
            case short s: value = s; return true;
            case sbyte sb: value = sb; return true;
            case byte b: value = b; return true;
            case ushort us: value = us; return true;
            case uint ui: value = ui; return true;
            case ulong ul when ul <= long.MaxValue: value = (long)ul; return true;
            default: value = 0; return false;
        }
    }

    private static bool TryBytes(object? datum, out ReadOnlyMemory<byte> bytes)
    {
        switch (datum)
        {
            case byte[] array: bytes = array; return true;
            case ReadOnlyMemory<byte> memory: bytes = memory; return true;
            case Memory<byte> memory: bytes = memory; return true;
            case ArraySegment<byte> segment: bytes = segment; return true;
            default: bytes = default; return false;
        }
    }

    private static AvroDataException Mismatch(string expected, object? datum) => new($"expected {expected}, found {Describe(datum)}");

    private static string Describe(object? datum) => datum switch
    {
        null => "null",
        AvroRecord r => $"record {r.Schema.FullName}",
        AvroEnumSymbol e => $"enum symbol {e.Symbol} of {e.Schema.FullName}",
        AvroFixed f => $"fixed {f.Schema.FullName}",
        _ => datum.GetType().Name,
    };
}
