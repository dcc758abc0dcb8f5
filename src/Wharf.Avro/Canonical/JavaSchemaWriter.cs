using System.Text;
using Wharf.Avro.Json;

namespace Wharf.Avro.Canonical;

/// <summary>
/// Avro-Java 1.11's <c>Schema.toString()</c> (<c>Schema.toJson</c> and friends), which is Confluent's canonical
/// schema text (registry research §5.1). Key order: record <c>type, name, namespace, doc, fields, props, aliases</c>;
/// field <c>name, type, doc, default, order, aliases, props</c>; enum <c>type, name, namespace, doc, symbols, default,
/// props, aliases</c>; fixed <c>type, name, namespace, doc, size, props, aliases</c>; array/map <c>type, items|values,
/// props</c>. A namespace is written only where it differs from the enclosing one (<c>""</c> for the null namespace
/// inside another), and a named type already written is referenced by its name, shortened where possible.
/// </summary>
internal sealed class JavaSchemaWriter
{
    private readonly StringBuilder _out = new();
    private readonly Dictionary<string, AvroNamedSchema> _names = new(StringComparer.Ordinal);
    private string? _space;

    public static string Write(AvroSchema schema)
    {
        var writer = new JavaSchemaWriter();
        foreach (var reference in schema.References)
        {
            // Confluent pre-registers the references' top-level named types: uses of them become name references.
            if (reference is AvroNamedSchema named)
            {
                writer._names.TryAdd(named.FullName, named);
            }
        }
        writer.WriteSchema(schema);
        return writer._out.ToString();
    }

    private void WriteSchema(AvroSchema schema)
    {
        switch (schema)
        {
            case AvroRecordSchema record:
                WriteRecord(record);
                break;
            case AvroEnumSchema enumSchema:
                WriteEnum(enumSchema);
                break;
            case AvroFixedSchema fixedSchema:
                WriteFixed(fixedSchema);
                break;
            case AvroArraySchema array:
                _out.Append("{\"type\":\"array\",\"items\":");
                WriteSchema(array.Items);
                WriteProperties(array.Properties);
                _out.Append('}');
                break;
            case AvroMapSchema map:
                _out.Append("{\"type\":\"map\",\"values\":");
                WriteSchema(map.Values);
                WriteProperties(map.Properties);
                _out.Append('}');
                break;
            case AvroUnionSchema union:
                _out.Append('[');
                for (var i = 0; i < union.Branches.Count; i++)
                {
                    if (i > 0)
                    {
                        _out.Append(',');
                    }
                    WriteSchema(union.Branches[i]);
                }
                _out.Append(']');
                break;
            default:
                if (schema.Properties.Count == 0)
                {
                    _out.Append('"').Append(schema.Type.SchemaName()).Append('"');
                }
                else
                {
                    _out.Append("{\"type\":\"").Append(schema.Type.SchemaName()).Append('"');
                    WriteProperties(schema.Properties);
                    _out.Append('}');
                }
                break;
        }
    }

    private void WriteRecord(AvroRecordSchema record)
    {
        if (WriteNameReference(record))
        {
            return;
        }
        var savedSpace = _space;
        _out.Append("{\"type\":").Append(record.IsError ? "\"error\"" : "\"record\"");
        WriteName(record);
        _space = record.Namespace;
        WriteDoc(record.Doc);
        _out.Append(",\"fields\":[");
        for (var i = 0; i < record.FieldArray.Length; i++)
        {
            if (i > 0)
            {
                _out.Append(',');
            }
            WriteField(record.FieldArray[i]);
        }
        _out.Append(']');
        WriteProperties(record.Properties);
        WriteAliases(record);
        _out.Append('}');
        _space = savedSpace;
    }

    private void WriteField(AvroField field)
    {
        _out.Append("{\"name\":");
        JavaText.AppendQuoted(_out, field.Name);
        _out.Append(",\"type\":");
        WriteSchema(field.Schema);
        WriteDoc(field.Doc);
        if (field.Default is not null)
        {
            _out.Append(",\"default\":");
            field.Default.WriteTo(_out);
        }
        if (field.Order != AvroFieldOrder.Ascending)
        {
            _out.Append(",\"order\":\"").Append(field.Order == AvroFieldOrder.Descending ? "descending" : "ignore").Append('"');
        }
        if (field.Aliases.Count > 0)
        {
            _out.Append(",\"aliases\":[");
            for (var i = 0; i < field.Aliases.Count; i++)
            {
                if (i > 0)
                {
                    _out.Append(',');
                }
                JavaText.AppendQuoted(_out, field.Aliases[i]);
            }
            _out.Append(']');
        }
        WriteProperties(field.Properties);
        _out.Append('}');
    }

    private void WriteEnum(AvroEnumSchema enumSchema)
    {
        if (WriteNameReference(enumSchema))
        {
            return;
        }
        _out.Append("{\"type\":\"enum\"");
        WriteName(enumSchema);
        WriteDoc(enumSchema.Doc);
        _out.Append(",\"symbols\":[");
        for (var i = 0; i < enumSchema.Symbols.Count; i++)
        {
            if (i > 0)
            {
                _out.Append(',');
            }
            JavaText.AppendQuoted(_out, enumSchema.Symbols[i]);
        }
        _out.Append(']');
        if (enumSchema.Default is not null)
        {
            _out.Append(",\"default\":");
            JavaText.AppendQuoted(_out, enumSchema.Default);
        }
        WriteProperties(enumSchema.Properties);
        WriteAliases(enumSchema);
        _out.Append('}');
    }

    private void WriteFixed(AvroFixedSchema fixedSchema)
    {
        if (WriteNameReference(fixedSchema))
        {
            return;
        }
        _out.Append("{\"type\":\"fixed\"");
        WriteName(fixedSchema);
        WriteDoc(fixedSchema.Doc);
        _out.Append(",\"size\":").Append(fixedSchema.Size);
        WriteProperties(fixedSchema.Properties);
        WriteAliases(fixedSchema);
        _out.Append('}');
    }

    /// <summary>Avro-Java's <c>writeNameRef</c>: a type already written is referenced by its (shortened) name.</summary>
    private bool WriteNameReference(AvroNamedSchema schema)
    {
        if (_names.TryGetValue(schema.FullName, out var known) && ReferenceEquals(known, schema))
        {
            JavaText.AppendQuoted(_out, schema.QualifiedName.Qualified(_space));
            return true;
        }
        _names[schema.FullName] = schema;
        return false;
    }

    private void WriteName(AvroNamedSchema schema)
    {
        _out.Append(",\"name\":");
        JavaText.AppendQuoted(_out, schema.Name);
        if (schema.Namespace is not null)
        {
            if (schema.Namespace != _space)
            {
                _out.Append(",\"namespace\":");
                JavaText.AppendQuoted(_out, schema.Namespace);
            }
        }
        else if (_space is not null)
        {
            _out.Append(",\"namespace\":\"\"");
        }
    }

    private void WriteDoc(string? doc)
    {
        if (doc is not null)
        {
            _out.Append(",\"doc\":");
            JavaText.AppendQuoted(_out, doc);
        }
    }

    private void WriteAliases(AvroNamedSchema schema)
    {
        if (schema.AliasNames.Count == 0)
        {
            return;
        }
        _out.Append(",\"aliases\":[");
        for (var i = 0; i < schema.AliasNames.Count; i++)
        {
            if (i > 0)
            {
                _out.Append(',');
            }
            JavaText.AppendQuoted(_out, schema.AliasNames[i].Qualified(schema.Namespace));
        }
        _out.Append(']');
    }

    private void WriteProperties(IReadOnlyList<KeyValuePair<string, AvroJsonValue>> properties)
    {
        foreach (var property in properties)
        {
            _out.Append(',');
            JavaText.AppendQuoted(_out, property.Key);
            _out.Append(':');
            property.Value.WriteTo(_out);
        }
    }
}
