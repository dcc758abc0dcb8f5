using System.Diagnostics.CodeAnalysis;

namespace Wharf.SchemaRegistry.Schemas;

/// <summary>
/// A schema type of the registry (Confluent's SchemaProvider): AVRO, JSON, PROTOBUF. It only parses; the registry
/// does the rest (storage, ids, versions, which versions to compare in which direction, messages).
/// </summary>
public interface ISchemaProvider
{
    /// <summary>The schemaType name of the REST API ("AVRO").</summary>
    string SchemaType { get; }

    /// <summary>
    /// Parses schema text with its references already parsed. <paramref name="isNew"/> asks for the strict checks of a
    /// registration (Confluent's isNew); stored schemas are parsed leniently so that what was accepted once always
    /// loads. On failure <paramref name="error"/> is the parser's message, which the registry puts in its 42201 answer.
    /// </summary>
    bool TryParse(string text, IReadOnlyList<ResolvedReference> references, SchemaParseOptions options,
        [NotNullWhen(true)] out IParsedSchema? schema, [NotNullWhen(false)] out string? error);
}

/// <summary>How a schema is parsed: <see cref="IsNew"/> for a registration, <see cref="ValidateDefaults"/> for Avro's avro.validate.defaults (or normalize).</summary>
public readonly record struct SchemaParseOptions(bool IsNew, bool ValidateDefaults);

/// <summary>A parsed schema (Confluent's ParsedSchema), immutable.</summary>
public interface IParsedSchema
{
    string SchemaType { get; }

    /// <summary>The text the registry stores, answers and deduplicates on (Confluent's canonicalString()).</summary>
    string CanonicalText { get; }

    /// <summary>The normalized schema (Confluent's normalize()), used with normalize=true.</summary>
    IParsedSchema Normalize();

    /// <summary>
    /// Why this schema, as the reader, cannot read data written with <paramref name="writer"/> (Confluent's
    /// isBackwardCompatible); empty when it can. Messages name the two schemas with the labels given ("new"/"old").
    /// </summary>
    IReadOnlyList<string> ReadErrors(IParsedSchema writer, string readerLabel, string writerLabel);
}

/// <summary>A schema reference resolved for parsing: its name (Avro full name, proto import path, JSON $ref) and the referenced schema.</summary>
public sealed record ResolvedReference(string Name, IParsedSchema Schema);
