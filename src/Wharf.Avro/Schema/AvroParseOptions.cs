namespace Wharf.Avro;

/// <summary>How names, namespaces, enum symbols and field names are checked.</summary>
public enum AvroNameValidation
{
    /// <summary>No check: loads any schema that was stored before.</summary>
    None,
    /// <summary>Avro-Java's default (what Confluent accepts): a letter or '_' then letters, digits or '_', where
    /// "letter" and "digit" are Unicode categories. Namespaces are not checked (Avro-Java 1.11 does not).</summary>
    Unicode,
    /// <summary>The spec: every name and namespace segment matches <c>[A-Za-z_][A-Za-z0-9_]*</c>.</summary>
    Ascii,
}

/// <summary>How field defaults are checked against their schema.</summary>
public enum AvroDefaultValidation
{
    /// <summary>No check (Confluent's default: <c>avro.validate.defaults=false</c> and no <c>normalize</c>).</summary>
    None,
    /// <summary>Avro-Java 1.11's <c>isValidDefault</c>: JSON kinds only (any string for bytes, fixed and enum).</summary>
    AvroJava,
    /// <summary>
    /// The spec: as <see cref="AvroJava"/>, and an enum default must be one of the symbols, a fixed default must have
    /// the fixed's length, and bytes and fixed defaults must only use code points U+0000..U+00FF.
    /// </summary>
    Spec,
}

/// <summary>Which branch of a union a field default must match (ambiguity 5 of the registry research).</summary>
public enum AvroUnionDefaultRule
{
    /// <summary>The first branch: the Avro 1.11 spec and Avro-Java 1.11, which Confluent 7.x bundles.</summary>
    FirstBranch,
    /// <summary>Any branch, the first matching one being used: the Avro 1.12 spec and Avro-Java 1.12 (Confluent 8.2+).</summary>
    AnyBranch,
}

/// <summary>Parser settings. Use a preset: <see cref="Strict"/>, <see cref="Confluent"/> or <see cref="Lenient"/>.</summary>
public sealed record AvroParseOptions
{
    /// <summary>
    /// For new registrations: spec names and namespaces, defaults checked per the spec with the 1.11 union rule,
    /// invalid known logical types (e.g. a decimal whose scale exceeds its precision) refused.
    /// </summary>
    public static readonly AvroParseOptions Strict = new();

    /// <summary>
    /// What Confluent 7.x accepts with its default settings: Avro-Java's Unicode name check, namespaces and defaults
    /// not checked, invalid logical types ignored.
    /// </summary>
    public static readonly AvroParseOptions Confluent = new()
    {
        NameValidation = AvroNameValidation.Unicode,
        DefaultValidation = AvroDefaultValidation.None,
        RejectInvalidLogicalTypes = false,
    };

    /// <summary>For loading schemas that are already stored (e.g. <c>"type":"string","default":null</c>): no name or default checks.</summary>
    public static readonly AvroParseOptions Lenient = new()
    {
        NameValidation = AvroNameValidation.None,
        DefaultValidation = AvroDefaultValidation.None,
        RejectInvalidLogicalTypes = false,
    };

    public AvroNameValidation NameValidation { get; init; } = AvroNameValidation.Ascii;

    public AvroDefaultValidation DefaultValidation { get; init; } = AvroDefaultValidation.Spec;

    public AvroUnionDefaultRule UnionDefaultRule { get; init; } = AvroUnionDefaultRule.FirstBranch;

    /// <summary>
    /// When true, a known logical type on the wrong underlying type or with bad parameters (decimal precision not
    /// positive, scale negative or above the precision, precision beyond what a fixed can hold) is an error. When false
    /// it is ignored, as the spec and Avro-Java say; the attribute stays a plain property.
    /// </summary>
    public bool RejectInvalidLogicalTypes { get; init; } = true;

    /// <summary>Maximum JSON nesting of the schema text.</summary>
    public int MaxDepth { get; init; } = Json.JsonTreeReader.DefaultMaxDepth;
}

/// <summary>The schema text is not a valid Avro schema. The registry answers 422 (error code 42201).</summary>
public sealed class AvroSchemaParseException : Exception
{
    public AvroSchemaParseException()
    {
    }

    public AvroSchemaParseException(string message)
        : base(message)
    {
    }

    public AvroSchemaParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
