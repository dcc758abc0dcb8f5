using System.Diagnostics.CodeAnalysis;
using Wharf.Protobuf;

namespace Wharf.SchemaRegistry.Schemas;

/// <summary>PROTOBUF on Wharf.Protobuf: imports resolved from references (then the well-known files), Confluent's canonical and normalized texts and compatibility rules.</summary>
public sealed class ProtobufSchemaProvider : ISchemaProvider
{
    public const string Type = "PROTOBUF";

    public string SchemaType => Type;

    public bool TryParse(string text, IReadOnlyList<ResolvedReference> references, SchemaParseOptions options,
        [NotNullWhen(true)] out IParsedSchema? schema, [NotNullWhen(false)] out string? error)
    {
        var texts = TextReferences.Flatten(references);
        schema = ProtobufSchema.TryParse(text, texts, out var parsed, out error) ? new ParsedProtobufSchema(parsed, texts) : null;
        return schema is not null;
    }

    private sealed class ParsedProtobufSchema(ProtobufSchema schema, IReadOnlyDictionary<string, string> references) : IParsedSchema, IReferencingSchema
    {
        public ProtobufSchema Schema { get; } = schema;

        public string SchemaType => Type;

        public string CanonicalText => Schema.CanonicalString;

        public IReadOnlyDictionary<string, string> ReferenceTexts => references;

        public IParsedSchema Normalize() => new ParsedProtobufSchema(Schema.Normalize(), references);

        public IReadOnlyList<string> ReadErrors(IParsedSchema writer, string readerLabel, string writerLabel) =>
            writer is ParsedProtobufSchema protobuf
                ? TextReferences.Label(Schema.IsBackwardCompatible(protobuf.Schema), readerLabel, writerLabel)
                : ["Incompatible because of different schema type"];
    }
}
