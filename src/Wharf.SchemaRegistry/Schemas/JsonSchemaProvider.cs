using System.Diagnostics.CodeAnalysis;
using Wharf.JsonSchema;

namespace Wharf.SchemaRegistry.Schemas;

/// <summary>JSON on Wharf.JsonSchema: Confluent's canonical and normalized texts, and its diff-based compatibility (STRICT policy).</summary>
public sealed class JsonSchemaProvider : ISchemaProvider
{
    public const string Type = "JSON";

    public string SchemaType => Type;

    public bool TryParse(string text, IReadOnlyList<ResolvedReference> references, SchemaParseOptions options,
        [NotNullWhen(true)] out IParsedSchema? schema, [NotNullWhen(false)] out string? error)
    {
        var texts = TextReferences.Flatten(references);
        schema = JsonSchema.JsonSchema.TryParse(text, texts, out var parsed, out error) ? new ParsedJsonSchema(parsed, texts) : null;
        return schema is not null;
    }

    private sealed class ParsedJsonSchema(JsonSchema.JsonSchema schema, IReadOnlyDictionary<string, string> references) : IParsedSchema, IReferencingSchema
    {
        public JsonSchema.JsonSchema Schema { get; } = schema;

        public string SchemaType => Type;

        public string CanonicalText => Schema.CanonicalString;

        public IReadOnlyDictionary<string, string> ReferenceTexts => references;

        public IParsedSchema Normalize() => new ParsedJsonSchema(Schema.Normalize(), references);

        public IReadOnlyList<string> ReadErrors(IParsedSchema writer, string readerLabel, string writerLabel) =>
            writer is ParsedJsonSchema json
                ? TextReferences.Label(Schema.IsBackwardCompatible(json.Schema), readerLabel, writerLabel)
                : ["Incompatible because of different schema type"];
    }
}
