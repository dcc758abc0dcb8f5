using System.Globalization;
using System.Text;
using Wharf.Avro.Json;

namespace Wharf.Avro.Canonical;

/// <summary>
/// Confluent's <c>AvroSchemaUtils.toNormalizedString</c> (schema-registry client, 7.x), reproduced with its
/// quirks because its output, parsed again, decides which schema a <c>normalize=true</c> registration stores:
/// <list type="bullet">
/// <item>PCF layout (full names, <c>name</c> before <c>type</c>), but docs, aliases (sorted full names), enum
/// defaults, field <c>order</c> (always, as Java's enum constant: <c>"ASCENDING"</c>), field defaults and properties
/// (sorted by key) are kept;</item>
/// <item>a recognised logical type is written first (<c>logicalType</c>, then decimal <c>precision</c> and a non-zero
/// <c>scale</c>) and then again among the sorted properties, so the text has repeated keys;</item>
/// <item>defaults go through Avro-Java's <c>JacksonUtils.toObject(value, schema)</c>: converted to the field's type
/// (1 for a double becomes 1.0, a union uses its first branch), dropped when they do not convert, objects sorted.</item>
/// </list>
/// </summary>
internal sealed class ConfluentNormalizer : ParsingCanonicalForm
{
    /// <summary>Avro-Java's <c>JsonProperties.NULL_VALUE</c>: a JSON null, as opposed to "no value".</summary>
    private static readonly object JavaNull = new();

    private ConfluentNormalizer()
    {
    }

    public static new string Write(AvroSchema schema)
    {
        var normalizer = new ConfluentNormalizer();
        foreach (var reference in schema.References)
        {
            if (reference is AvroNamedSchema named)
            {
                normalizer.MarkWritten(named.FullName);
            }
        }
        return normalizer.Render(schema);
    }

    protected override void AppendPrimitive(AvroSchema schema)
    {
        if (schema.LogicalType is null && schema.Properties.Count == 0)
        {
            base.AppendPrimitive(schema);
            return;
        }
        Output.Append("{\"type\":\"").Append(schema.Type.SchemaName()).Append('"');
        if (schema.LogicalType is not null)
        {
            WriteLogicalType(Output, schema.LogicalType);
        }
        WriteSortedProperties(Output, schema.Properties);
        Output.Append('}');
    }

    protected override void AppendContainerExtras(AvroSchema container) => WriteSortedProperties(Output, container.Properties);

    protected override void AppendFixedExtras(AvroFixedSchema fixedSchema)
    {
        if (fixedSchema.LogicalType is not null)
        {
            WriteLogicalType(Output, fixedSchema.LogicalType);
        }
    }

    protected override void AppendFieldExtras(AvroField field) => WriteFieldAttributes(Output, field);

    protected override void AppendNamedExtras(AvroNamedSchema named)
    {
        if (!string.IsNullOrEmpty(named.Doc))
        {
            Output.Append(",\"doc\":");
            JavaText.AppendQuoted(Output, named.Doc);
        }
        if (named.AliasNames.Count > 0)
        {
            Output.Append(",\"aliases\":");
            WriteSortedStrings(Output, named.AliasNames.Select(a => a.Full));
        }
        if (named is AvroEnumSchema { Default: { } enumDefault })
        {
            Output.Append(",\"default\":");
            JavaText.AppendQuoted(Output, enumDefault);
        }
        WriteSortedProperties(Output, named.Properties);
    }

    private static void WriteFieldAttributes(StringBuilder output, AvroField field)
    {
        output.Append(",\"order\":\"").Append(field.Order.ToString().ToUpperInvariant()).Append('"');
        if (field.Doc is not null)
        {
            output.Append(",\"doc\":");
            JavaText.AppendQuoted(output, field.Doc);
        }
        if (field.Aliases.Count > 0)
        {
            output.Append(",\"aliases\":");
            WriteSortedStrings(output, field.Aliases);
        }
        if (field.Default is not null && ToJavaObject(field.Default, field.Schema) is { } value)
        {
            output.Append(",\"default\":");
            WriteJavaObject(output, value);
        }
        WriteSortedProperties(output, field.Properties);
    }

    private static void WriteLogicalType(StringBuilder output, AvroLogicalType logicalType)
    {
        output.Append(",\"logicalType\":\"").Append(logicalType.Name).Append('"');
        if (logicalType.Name == AvroLogicalType.Decimal)
        {
            output.Append(",\"precision\":").Append(logicalType.Precision.ToString(CultureInfo.InvariantCulture));
            if (logicalType.Scale != 0)
            {
                output.Append(",\"scale\":").Append(logicalType.Scale.ToString(CultureInfo.InvariantCulture));
            }
        }
    }

    private static void WriteSortedProperties(StringBuilder output, IReadOnlyList<KeyValuePair<string, AvroJsonValue>> properties)
    {
        foreach (var property in properties.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            output.Append(",\"").Append(property.Key).Append("\":");
            if (ToJavaObject(property.Value, null) is { } value)
            {
                WriteJavaObject(output, value);
            }
            else
            {
                // A BigIntegerNode, which Confluent's code cannot convert (it fails); the number as written.
                property.Value.WriteTo(output);
            }
        }
    }

    private static void WriteSortedStrings(StringBuilder output, IEnumerable<string> values)
    {
        output.Append('[');
        var first = true;
        foreach (var value in values.Distinct(StringComparer.Ordinal).OrderBy(v => v, StringComparer.Ordinal))
        {
            if (!first)
            {
                output.Append(',');
            }
            first = false;
            JavaText.AppendQuoted(output, value);
        }
        output.Append(']');
    }

    /// <summary>Avro-Java's <c>JacksonUtils.toObject(JsonNode, Schema)</c>; null where it returns null.</summary>
    private static object? ToJavaObject(AvroJsonValue node, AvroSchema? schema)
    {
        if (schema is AvroUnionSchema union)
        {
            return union.Branches.Count == 0 ? null : ToJavaObject(node, union.Branches[0]);
        }
        var type = schema?.Type;
        switch (node.Kind)
        {
            case AvroJsonKind.Null:
                return JavaNull;
            case AvroJsonKind.Boolean:
                return node.BooleanValue;
            case AvroJsonKind.Integer when node.IsInt32:
                return type switch
                {
                    null or AvroType.Int => (int)node.IntegerValue,
                    AvroType.Long => (long)node.IntegerValue,
                    AvroType.Float => (float)(double)node.IntegerValue,
                    AvroType.Double => (double)node.IntegerValue,
                    _ => null,
                };
            case AvroJsonKind.Integer when node.IsInt64:
                return type switch
                {
                    null or AvroType.Long or AvroType.Int => (long)node.IntegerValue,
                    AvroType.Float => (float)(double)node.IntegerValue,
                    AvroType.Double => (double)node.IntegerValue,
                    _ => null,
                };
            case AvroJsonKind.Integer:
                // A BigIntegerNode: Avro-Java converts it to nothing.
                return null;
            case AvroJsonKind.Double:
                return type switch
                {
                    null or AvroType.Double => node.NumberValue,
                    AvroType.Float => (float)node.NumberValue,
                    _ => null,
                };
            case AvroJsonKind.String:
                return type switch
                {
                    null or AvroType.String or AvroType.Enum => node.StringValue,
                    // getBytes(ISO_8859_1) replaces what it cannot encode with '?'.
                    AvroType.Bytes or AvroType.Fixed => new string([.. node.StringValue.Select(c => c <= '\u00FF' ? c : '?')]),
                    _ => null,
                };
            case AvroJsonKind.Array:
                var items = schema as AvroArraySchema;
                return node.Items.Select(i => ToJavaObject(i, items?.Items)).ToList();
            default:
                var result = new SortedDictionary<string, object?>(StringComparer.Ordinal);
                foreach (var property in node.Properties)
                {
                    var valueSchema = schema switch
                    {
                        AvroMapSchema map => map.Values,
                        AvroRecordSchema record => record.GetField(property.Key)?.Schema,
                        _ => null,
                    };
                    result[property.Key] = ToJavaObject(property.Value, valueSchema);
                }
                return result;
        }
    }

    /// <summary>Confluent's <c>toJsonNode(datum).toString()</c> with its key-sorting node factory.</summary>
    private static void WriteJavaObject(StringBuilder output, object? value)
    {
        switch (value)
        {
            case null:
            case var _ when ReferenceEquals(value, JavaNull):
                output.Append("null");
                break;
            case bool b:
                output.Append(b ? "true" : "false");
                break;
            case int i:
                output.Append(i.ToString(CultureInfo.InvariantCulture));
                break;
            case long l:
                output.Append(l.ToString(CultureInfo.InvariantCulture));
                break;
            case float f:
                JavaText.AppendFloat(output, f);
                break;
            case double d:
                JavaText.AppendDouble(output, d);
                break;
            case string s:
                JavaText.AppendQuoted(output, s);
                break;
            case List<object?> list:
                output.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0)
                    {
                        output.Append(',');
                    }
                    WriteJavaObject(output, list[i]);
                }
                output.Append(']');
                break;
            case SortedDictionary<string, object?> map:
                output.Append('{');
                var first = true;
                foreach (var entry in map)
                {
                    if (!first)
                    {
                        output.Append(',');
                    }
                    first = false;
                    JavaText.AppendQuoted(output, entry.Key);
                    output.Append(':');
                    WriteJavaObject(output, entry.Value);
                }
                output.Append('}');
                break;
        }
    }
}
