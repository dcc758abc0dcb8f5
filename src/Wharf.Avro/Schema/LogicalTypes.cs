namespace Wharf.Avro;

/// <summary>
/// Logical type recognition. <see cref="AvroSchema.LogicalType"/> is set exactly when Avro-Java 1.11's
/// <c>LogicalTypes.fromSchemaIgnoreInvalid</c> would return a type (Confluent's normalized text depends on it). In
/// strict mode, the spec's rules for the known logical types are enforced as parse errors.
/// </summary>
internal static class LogicalTypes
{
    /// <summary>Properties that make Avro-Java refuse any logical type on the schema (<c>LogicalType.validate</c>).</summary>
    private static readonly string[] IncompatibleProperties = ["avro.java.string", "java-class", "java-key-class", "java-element-class"];

    public static AvroLogicalType? Recognise(AvroSchema schema, bool rejectInvalid)
    {
        var name = schema.GetTextProperty("logicalType");
        if (name is null)
        {
            return null;
        }
        if (rejectInvalid)
        {
            var problem = SpecProblem(schema, name);
            if (problem is not null)
            {
                throw new AvroSchemaParseException($"Invalid logical type {name}: {problem}");
            }
        }
        return RecogniseAsAvroJava(schema, name);
    }

    private static AvroLogicalType? RecogniseAsAvroJava(AvroSchema schema, string name)
    {
        if (IncompatibleProperties.Any(p => schema.GetTextProperty(p) is not null))
        {
            return null;
        }
        switch (name)
        {
            case AvroLogicalType.Decimal:
                return DecimalProblem(schema, out var precision, out var scale) is null
                    ? new AvroLogicalType(name, precision, scale)
                    : null;
            case AvroLogicalType.BigDecimal:
                return schema.Type == AvroType.Bytes ? new AvroLogicalType(name) : null;
            case AvroLogicalType.Uuid:
                // Avro-Java 1.11 accepts uuid on any type.
                return new AvroLogicalType(name);
            case AvroLogicalType.Date:
            case AvroLogicalType.TimeMillis:
                return schema.Type == AvroType.Int ? new AvroLogicalType(name) : null;
            case AvroLogicalType.TimeMicros:
            case AvroLogicalType.TimestampMillis:
            case AvroLogicalType.TimestampMicros:
            case AvroLogicalType.LocalTimestampMillis:
            case AvroLogicalType.LocalTimestampMicros:
                return schema.Type == AvroType.Long ? new AvroLogicalType(name) : null;
            default:
                return null;
        }
    }

    /// <summary>Why a known logical type is invalid per the spec, or null when it is valid or unknown.</summary>
    private static string? SpecProblem(AvroSchema schema, string name)
    {
        switch (name)
        {
            case AvroLogicalType.Decimal:
                return DecimalProblem(schema, out _, out _);
            case AvroLogicalType.BigDecimal:
                return Underlying(schema, AvroType.Bytes);
            case AvroLogicalType.Uuid:
                return schema.Type == AvroType.String || schema is AvroFixedSchema { Size: 16 }
                    ? null
                    : "it annotates a string or a fixed of size 16";
            case AvroLogicalType.Date:
            case AvroLogicalType.TimeMillis:
                return Underlying(schema, AvroType.Int);
            case AvroLogicalType.TimeMicros:
            case AvroLogicalType.TimestampMillis:
            case AvroLogicalType.TimestampMicros:
            case AvroLogicalType.TimestampNanos:
            case AvroLogicalType.LocalTimestampMillis:
            case AvroLogicalType.LocalTimestampMicros:
            case AvroLogicalType.LocalTimestampNanos:
                return Underlying(schema, AvroType.Long);
            case AvroLogicalType.Duration:
                return schema is AvroFixedSchema { Size: 12 } ? null : "it annotates a fixed of size 12";
            default:
                return null;
        }
    }

    private static string? Underlying(AvroSchema schema, AvroType expected) =>
        schema.Type == expected ? null : $"it annotates {expected.SchemaName()}, not {schema.Type.SchemaName()}";

    /// <summary>Avro-Java's <c>LogicalTypes.Decimal</c> checks (precision and scale must be JSON ints).</summary>
    private static string? DecimalProblem(AvroSchema schema, out int precision, out int scale)
    {
        precision = 0;
        scale = 0;
        if (schema.Type is not (AvroType.Bytes or AvroType.Fixed))
        {
            return "decimal must be backed by fixed or bytes";
        }
        var precisionNode = schema.GetProperty("precision");
        if (precisionNode is null)
        {
            return "missing precision";
        }
        if (!precisionNode.IsInt32)
        {
            return $"expected int precision, got {precisionNode}";
        }
        precision = (int)precisionNode.IntegerValue;
        var scaleNode = schema.GetProperty("scale");
        if (scaleNode is not null)
        {
            if (!scaleNode.IsInt32)
            {
                return $"expected int scale, got {scaleNode}";
            }
            scale = (int)scaleNode.IntegerValue;
        }
        if (precision <= 0)
        {
            return $"precision {precision} must be positive";
        }
        if (schema is AvroFixedSchema fixedSchema && precision > MaxPrecision(fixedSchema.Size))
        {
            return $"fixed({fixedSchema.Size}) cannot store {precision} digits (max {MaxPrecision(fixedSchema.Size)})";
        }
        if (scale < 0)
        {
            return $"scale {scale} must not be negative";
        }
        if (scale > precision)
        {
            return $"scale {scale} is greater than precision {precision}";
        }
        return null;
    }

    /// <summary>The digits a two's-complement number of <paramref name="size"/> bytes holds: ⌊log10(2^(8n−1) − 1)⌋.</summary>
    private static long MaxPrecision(int size) => (long)Math.Round(Math.Floor(Math.Log10(2) * ((8L * size) - 1)));
}
