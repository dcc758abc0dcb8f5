using System.Diagnostics.CodeAnalysis;
using Wharf.Protobuf;

namespace Wharf.SchemaRegistry.Schemas;

/// <summary>
/// PROTOBUF on Wharf.Protobuf: references resolve by import path (then the bundled well-known files), canonical
/// text is Confluent's ProtobufSchemaUtils printing, compatibility is Confluent's field-number diff with its messages.
/// </summary>
public sealed class ProtobufSchemaProvider : ISchemaProvider
{
    public const string Type = "PROTOBUF";

    public string SchemaType => Type;

    public bool TryParse(string text, IReadOnlyList<ResolvedReference> references, SchemaParseOptions options,
        [NotNullWhen(true)] out IParsedSchema? schema, [NotNullWhen(false)] out string? error)
    {
        schema = null;
        if (!ReferenceTexts.TryCollect<ParsedProtobufSchema>(references, Type, out var texts, out error))
        {
            return false;
        }

        if (!ProtobufSchema.TryParse(text, texts, out var parsed, out error))
        {
            return false;
        }

        schema = new ParsedProtobufSchema(parsed, texts);
        return true;
    }

    private sealed class ParsedProtobufSchema(ProtobufSchema schema, IReadOnlyDictionary<string, string> references) : IParsedSchema, IReferencing
    {
        public ProtobufSchema Schema { get; } = schema;

        public string SchemaType => Type;

        public string CanonicalText => Schema.CanonicalString;

        public IReadOnlyDictionary<string, string> ReferenceTexts => references;

        public IParsedSchema Normalize() => new ParsedProtobufSchema(Schema.Normalize(), references);

        public IReadOnlyList<string> ReadErrors(IParsedSchema writer, string readerLabel, string writerLabel) =>
            writer is ParsedProtobufSchema protobuf
                ? ConfluentMessages.Fill(Schema.IsBackwardCompatible(protobuf.Schema), readerLabel, writerLabel)
                : ["Incompatible because of different schema type"];
    }
}
