using System.Text;

namespace Wharf.Avro.Canonical;

/// <summary>
/// Parsing Canonical Form (spec, "Parsing Canonical Form for Schemas"; Avro-Java's <c>SchemaNormalization.toParsingForm</c>):
/// primitives as bare names, full names instead of namespaces, only <c>name, type, fields, symbols, items, values,
/// size</c> in that order, no whitespace, and a named type's later uses as its quoted full name. The walk is shared
/// with <see cref="ConfluentNormalizer"/>, which keeps more of the schema through the <c>Append*Extras</c> hooks.
/// </summary>
internal class ParsingCanonicalForm
{
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);

    protected ParsingCanonicalForm()
    {
    }

    protected StringBuilder Output { get; } = new();

    public static string Write(AvroSchema schema) => new ParsingCanonicalForm().Render(schema);

    protected string Render(AvroSchema schema)
    {
        Build(schema);
        return Output.ToString();
    }

    /// <summary>Counts a named type as written already, so that it appears by its full name only.</summary>
    protected void MarkWritten(string fullName) => _written.Add(fullName);

    /// <summary>A schema that is neither named nor a container: its quoted type name.</summary>
    protected virtual void AppendPrimitive(AvroSchema schema) => Output.Append('"').Append(schema.Type.SchemaName()).Append('"');

    /// <summary>Written after an array's items or a map's values, before the closing brace.</summary>
    protected virtual void AppendContainerExtras(AvroSchema container)
    {
    }

    /// <summary>Written after a fixed type's size.</summary>
    protected virtual void AppendFixedExtras(AvroFixedSchema fixedSchema)
    {
    }

    /// <summary>Written after a field's type, before its closing brace.</summary>
    protected virtual void AppendFieldExtras(AvroField field)
    {
    }

    /// <summary>Written at the end of a named type's definition, before its closing brace.</summary>
    protected virtual void AppendNamedExtras(AvroNamedSchema named)
    {
    }

    private void Build(AvroSchema schema)
    {
        switch (schema)
        {
            case AvroUnionSchema union:
                Output.Append('[');
                for (var i = 0; i < union.Branches.Count; i++)
                {
                    if (i > 0)
                    {
                        Output.Append(',');
                    }
                    Build(union.Branches[i]);
                }
                Output.Append(']');
                return;
            case AvroArraySchema array:
                Output.Append("{\"type\":\"array\",\"items\":");
                Build(array.Items);
                AppendContainerExtras(array);
                Output.Append('}');
                return;
            case AvroMapSchema map:
                Output.Append("{\"type\":\"map\",\"values\":");
                Build(map.Values);
                AppendContainerExtras(map);
                Output.Append('}');
                return;
            case AvroNamedSchema named:
                BuildNamed(named);
                return;
            default:
                AppendPrimitive(schema);
                return;
        }
    }

    private void BuildNamed(AvroNamedSchema named)
    {
        if (!_written.Add(named.FullName))
        {
            Output.Append('"').Append(named.FullName).Append('"');
            return;
        }
        Output.Append("{\"name\":\"").Append(named.FullName).Append("\",\"type\":\"").Append(named.Type.SchemaName()).Append('"');
        switch (named)
        {
            case AvroEnumSchema enumSchema:
                Output.Append(",\"symbols\":[");
                for (var i = 0; i < enumSchema.Symbols.Count; i++)
                {
                    if (i > 0)
                    {
                        Output.Append(',');
                    }
                    Output.Append('"').Append(enumSchema.Symbols[i]).Append('"');
                }
                Output.Append(']');
                break;
            case AvroFixedSchema fixedSchema:
                Output.Append(",\"size\":").Append(fixedSchema.Size);
                AppendFixedExtras(fixedSchema);
                break;
            case AvroRecordSchema record:
                Output.Append(",\"fields\":[");
                for (var i = 0; i < record.FieldArray.Length; i++)
                {
                    if (i > 0)
                    {
                        Output.Append(',');
                    }
                    var field = record.FieldArray[i];
                    Output.Append("{\"name\":\"").Append(field.Name).Append("\",\"type\":");
                    Build(field.Schema);
                    AppendFieldExtras(field);
                    Output.Append('}');
                }
                Output.Append(']');
                break;
        }
        AppendNamedExtras(named);
        Output.Append('}');
    }
}
