using System.Text;

namespace Wharf.Avro.Canonical;

/// <summary>
/// Parsing Canonical Form (spec, "Parsing Canonical Form for Schemas"; Avro-Java's <c>SchemaNormalization.toParsingForm</c>):
/// primitives as bare names, full names instead of namespaces, only <c>name, type, fields, symbols, items, values,
/// size</c> in that order, no whitespace, and a named type's later uses as its quoted full name.
/// </summary>
internal static class ParsingCanonicalForm
{
    public static string Write(AvroSchema schema)
    {
        var output = new StringBuilder();
        Build(new HashSet<string>(StringComparer.Ordinal), schema, output);
        return output.ToString();
    }

    private static void Build(HashSet<string> written, AvroSchema schema, StringBuilder output)
    {
        switch (schema)
        {
            case AvroUnionSchema union:
                output.Append('[');
                for (var i = 0; i < union.Branches.Count; i++)
                {
                    if (i > 0)
                    {
                        output.Append(',');
                    }
                    Build(written, union.Branches[i], output);
                }
                output.Append(']');
                return;
            case AvroArraySchema array:
                output.Append("{\"type\":\"array\",\"items\":");
                Build(written, array.Items, output);
                output.Append('}');
                return;
            case AvroMapSchema map:
                output.Append("{\"type\":\"map\",\"values\":");
                Build(written, map.Values, output);
                output.Append('}');
                return;
            case AvroNamedSchema named:
                if (!written.Add(named.FullName))
                {
                    output.Append('"').Append(named.FullName).Append('"');
                    return;
                }
                output.Append("{\"name\":\"").Append(named.FullName).Append("\",\"type\":\"").Append(named.Type.SchemaName()).Append('"');
                switch (named)
                {
                    case AvroEnumSchema enumSchema:
                        output.Append(",\"symbols\":[");
                        for (var i = 0; i < enumSchema.Symbols.Count; i++)
                        {
                            if (i > 0)
                            {
                                output.Append(',');
                            }
                            output.Append('"').Append(enumSchema.Symbols[i]).Append('"');
                        }
                        output.Append(']');
                        break;
                    case AvroFixedSchema fixedSchema:
                        output.Append(",\"size\":").Append(fixedSchema.Size);
                        break;
                    case AvroRecordSchema record:
                        output.Append(",\"fields\":[");
                        for (var i = 0; i < record.FieldArray.Length; i++)
                        {
                            if (i > 0)
                            {
                                output.Append(',');
                            }
                            output.Append("{\"name\":\"").Append(record.FieldArray[i].Name).Append("\",\"type\":");
                            Build(written, record.FieldArray[i].Schema, output);
                            output.Append('}');
                        }
                        output.Append(']');
                        break;
                }
                output.Append('}');
                return;
            default:
                output.Append('"').Append(schema.Type.SchemaName()).Append('"');
                return;
        }
    }
}

/// <summary>CRC-64-AVRO, the Rabin fingerprint of the spec ("Schema Fingerprints").</summary>
public static class AvroFingerprint
{
    /// <summary>The fingerprint of the empty input, and the polynomial's mask.</summary>
    public const ulong Empty = 0xc15d213aa4d7a795UL;

    private static readonly ulong[] Table = BuildTable();

    public static long Crc64(ReadOnlySpan<byte> data)
    {
        var fingerprint = Empty;
        foreach (var b in data)
        {
            fingerprint = (fingerprint >> 8) ^ Table[(int)(fingerprint ^ b) & 0xff];
        }
        return unchecked((long)fingerprint);
    }

    public static long Crc64(string text) => Crc64(Encoding.UTF8.GetBytes(text));

    /// <summary>The 8 bytes the single-object encoding carries after <c>C3 01</c>: the fingerprint, little-endian.</summary>
    public static byte[] Crc64Bytes(long fingerprint)
    {
        var bytes = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(bytes, fingerprint);
        return bytes;
    }

    private static ulong[] BuildTable()
    {
        var table = new ulong[256];
        for (var i = 0; i < 256; i++)
        {
            var fingerprint = (ulong)i;
            for (var j = 0; j < 8; j++)
            {
                fingerprint = (fingerprint >> 1) ^ (Empty & (0UL - (fingerprint & 1)));
            }
            table[i] = fingerprint;
        }
        return table;
    }
}
