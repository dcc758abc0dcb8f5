using System.Diagnostics.CodeAnalysis;
using JsonSchemaDocument = Wharf.JsonSchema.JsonSchema;

namespace Wharf.SchemaRegistry.Schemas;

/// <summary>
/// JSON on Wharf.JsonSchema: references resolve by name (a <c>$ref</c> naming a reference), canonical text is the
/// compact document with member order kept, compatibility is Confluent's JsonSchemaDiff (STRICT policy) with its
/// verbose messages.
/// </summary>
public sealed class JsonSchemaProvider : ISchemaProvider
{
    public const string Type = "JSON";

    public string SchemaType => Type;

    public bool TryParse(string text, IReadOnlyList<ResolvedReference> references, SchemaParseOptions options,
        [NotNullWhen(true)] out IParsedSchema? schema, [NotNullWhen(false)] out string? error)
    {
        schema = null;
        if (!ReferenceTexts.TryCollect<ParsedJsonSchema>(references, Type, out var texts, out error))
        {
            return false;
        }

        if (!JsonSchemaDocument.TryParse(text, texts, out var parsed, out error))
        {
            return false;
        }

        schema = new ParsedJsonSchema(parsed, texts);
        return true;
    }

    private sealed class ParsedJsonSchema(JsonSchemaDocument schema, IReadOnlyDictionary<string, string> references) : IParsedSchema, IReferencing
    {
        public JsonSchemaDocument Schema { get; } = schema;

        public string SchemaType => Type;

        public string CanonicalText => Schema.CanonicalString;

        public IReadOnlyDictionary<string, string> ReferenceTexts => references;

        public IParsedSchema Normalize() => new ParsedJsonSchema(Schema.Normalize(), references);

        public IReadOnlyList<string> ReadErrors(IParsedSchema writer, string readerLabel, string writerLabel) =>
            writer is ParsedJsonSchema json
                ? ConfluentMessages.Fill(Schema.IsBackwardCompatible(json.Schema), readerLabel, writerLabel)
                : ["Incompatible because of different schema type"];
    }
}
