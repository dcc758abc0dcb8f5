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
