namespace Wharf.Avro;

/// <summary>The Avro schema types (spec, "Schema Declaration").</summary>
public enum AvroType
{
    Null,
    Boolean,
    Int,
    Long,
    Float,
    Double,
    Bytes,
    String,
    Record,
    Enum,
    Array,
    Map,
    Union,
    Fixed,
}

/// <summary>Sort order of a record field (spec, "Records": <c>order</c>).</summary>
public enum AvroFieldOrder
{
    Ascending,
    Descending,
    Ignore,
}

public static class AvroTypeNames
{
    /// <summary>The lower-case name used in schema text and as a union branch label ("int", "record", ...).</summary>
    public static string SchemaName(this AvroType type) => type switch
    {
        AvroType.Null => "null",
        AvroType.Boolean => "boolean",
        AvroType.Int => "int",
        AvroType.Long => "long",
        AvroType.Float => "float",
        AvroType.Double => "double",
        AvroType.Bytes => "bytes",
        AvroType.String => "string",
        AvroType.Record => "record",
        AvroType.Enum => "enum",
        AvroType.Array => "array",
        AvroType.Map => "map",
        AvroType.Union => "union",
        AvroType.Fixed => "fixed",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>
    /// The name Avro-Java prints for a type in compatibility messages: its <c>Schema.Type</c> constant, upper case
    /// ("reader type: STRING not compatible with writer type: INT").
    /// </summary>
    public static string JavaConstantName(this AvroType type) => type.SchemaName().ToUpperInvariant();

    internal static bool TryParsePrimitive(string name, out AvroType type)
    {
        switch (name)
        {
            case "null": type = AvroType.Null; return true;
            case "boolean": type = AvroType.Boolean; return true;
            case "int": type = AvroType.Int; return true;
            case "long": type = AvroType.Long; return true;
            case "float": type = AvroType.Float; return true;
            case "double": type = AvroType.Double; return true;
            case "bytes": type = AvroType.Bytes; return true;
            case "string": type = AvroType.String; return true;
            default: type = default; return false;
        }
    }

    /// <summary>Every lower-case type name, including "union" and "error"-less record names (Avro-Java's Type.values()).</summary>
    internal static bool IsTypeName(string name) => name is "null" or "boolean" or "int" or "long" or "float"
        or "double" or "bytes" or "string" or "record" or "enum" or "array" or "map" or "union" or "fixed";
}
