using Wharf.Avro.Canonical;
using Wharf.Avro.Json;

namespace Wharf.Avro;

/// <summary>
/// A parsed Avro schema (immutable). Obtain one with <see cref="Parse(string, AvroParseOptions?, IEnumerable{AvroSchema}?)"/>;
/// the concrete classes are <see cref="AvroPrimitiveSchema"/>, <see cref="AvroRecordSchema"/>,
/// <see cref="AvroEnumSchema"/>, <see cref="AvroFixedSchema"/>, <see cref="AvroArraySchema"/>,
/// <see cref="AvroMapSchema"/> and <see cref="AvroUnionSchema"/>.
/// </summary>
public abstract class AvroSchema
{
    private static readonly KeyValuePair<string, AvroJsonValue>[] NoProperties = [];

    private KeyValuePair<string, AvroJsonValue>[] _properties = NoProperties;

    private protected AvroSchema(AvroType type) => Type = type;

    public AvroType Type { get; }

    /// <summary>
    /// The logical type, when the schema carries a <c>logicalType</c> that Avro-Java 1.11 recognises and finds valid
    /// for its underlying type; null otherwise (an unknown or invalid logical type is ignored, spec "Logical Types").
    /// </summary>
    public AvroLogicalType? LogicalType { get; internal set; }

    /// <summary>
    /// The schema's other attributes ("custom properties", including <c>logicalType</c>, <c>precision</c>,
    /// <c>scale</c>), in document order. Reserved attributes (type, name, namespace, doc, aliases, fields, symbols,
    /// items, values, size; and default for enums) are not listed.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, AvroJsonValue>> Properties => _properties;

    /// <summary>The name Avro-Java's <c>getName()</c> returns: the simple name of a named type, else the type name.</summary>
    public virtual string Name => Type.SchemaName();

    /// <summary>
    /// Avro-Java's <c>getFullName()</c>: the full name of a named type, else the type name. It is also the branch
    /// label of this schema inside a union, in Avro's JSON encoding.
    /// </summary>
    public virtual string FullName => Type.SchemaName();

    /// <summary>
    /// For a schema returned by <see cref="Parse(string, AvroParseOptions?, IEnumerable{AvroSchema}?)"/>: the
    /// referenced schemas it was parsed with. Their top-level named types are written as name references, not
    /// definitions, by <see cref="ToCanonicalString"/> and <see cref="ToNormalizedString"/> (as Confluent does).
    /// </summary>
    public IReadOnlyList<AvroSchema> References { get; internal set; } = [];

    /// <summary>Lookups the JSON codec builds for this schema on first use (see JsonCodecInfo).</summary>
    internal object? JsonCodec { get; set; }

    public AvroJsonValue? GetProperty(string name)
    {
        foreach (var property in _properties)
        {
            if (property.Key == name)
            {
                return property.Value;
            }
        }
        return null;
    }

    /// <summary>Avro-Java's <c>getProp</c>: the property's text when it is a JSON string, else null.</summary>
    public string? GetTextProperty(string name) => GetProperty(name)?.TextOrNull;

    internal void SetProperties(List<KeyValuePair<string, AvroJsonValue>> properties) =>
        _properties = properties.Count == 0 ? NoProperties : [.. properties];

    /// <summary>
    /// Parses schema text. Throws <see cref="AvroSchemaParseException"/> when the text is not a valid schema under
    /// <paramref name="options"/> (default <see cref="AvroParseOptions.Strict"/>). <paramref name="references"/> are
    /// already-parsed schemas whose named types this one may use by name (Confluent schema references).
    /// </summary>
    public static AvroSchema Parse(string json, AvroParseOptions? options = null, IEnumerable<AvroSchema>? references = null) =>
        SchemaParser.Parse(json, options ?? AvroParseOptions.Strict, references);

    /// <summary>As <see cref="Parse(string, AvroParseOptions?, IEnumerable{AvroSchema}?)"/>, answering with the reason instead of throwing.</summary>
    public static bool TryParse(string json, AvroParseOptions? options, IEnumerable<AvroSchema>? references,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out AvroSchema? schema,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        try
        {
            schema = Parse(json, options, references);
            error = null;
            return true;
        }
        catch (AvroSchemaParseException e)
        {
            schema = null;
            error = e.Message;
            return false;
        }
    }

    /// <summary>
    /// Avro-Java's <c>Schema.toString()</c>: compact JSON with Avro-Java's key order and namespace shortening. This is
    /// Confluent's <c>canonicalString()</c>, the text the Schema Registry stores, returns and deduplicates on.
    /// </summary>
    public string ToCanonicalString() => JavaSchemaWriter.Write(this);

    /// <summary>Parsing Canonical Form (spec, "Parsing Canonical Form for Schemas"; Avro-Java's SchemaNormalization).</summary>
    public string ToParsingCanonicalForm() => ParsingCanonicalForm.Write(this);

    /// <summary>The CRC-64-AVRO (Rabin) fingerprint of the Parsing Canonical Form's UTF-8 bytes.</summary>
    public long Fingerprint64() => AvroFingerprint.Crc64(ToParsingCanonicalForm());

    /// <summary>
    /// Confluent's normalized text (<c>AvroSchemaUtils.toNormalizedString</c>, used when a client registers or looks
    /// up with <c>normalize=true</c>): like Parsing Canonical Form, but keeping logical types, docs, aliases, defaults
    /// and properties, with properties and aliases sorted.
    /// </summary>
    public string ToNormalizedString() => ConfluentNormalizer.Write(this);

    /// <summary>
    /// Confluent's <c>AvroSchema.normalize()</c>: the schema parsed back from <see cref="ToNormalizedString"/> with the
    /// same references. Its <see cref="ToCanonicalString"/> is what Confluent stores for a normalized registration.
    /// </summary>
    public AvroSchema Normalize(AvroParseOptions? options = null) =>
        Parse(ToNormalizedString(), options ?? AvroParseOptions.Lenient, References);

    public override string ToString() => ToCanonicalString();
}
