using System.Diagnostics.CodeAnalysis;
using Wharf.Avro;
using Wharf.Avro.Compatibility;

namespace Wharf.SchemaRegistry.Schemas;

/// <summary>
/// AVRO on Wharf.Avro: new schemas are parsed as Confluent 7.x parses them (Avro-Java's name check, defaults checked
/// only with avro.validate.defaults or normalize), stored ones leniently; canonical text is Avro-Java's toString(),
/// compatibility is Avro-Java's SchemaCompatibility with Confluent's messages.
/// </summary>
public sealed class AvroSchemaProvider : ISchemaProvider
{
    public const string Type = "AVRO";

    private static readonly AvroParseOptions New = AvroParseOptions.Confluent;
    private static readonly AvroParseOptions NewWithDefaults = AvroParseOptions.Confluent with { DefaultValidation = AvroDefaultValidation.AvroJava };

    public string SchemaType => Type;

    public bool TryParse(string text, IReadOnlyList<ResolvedReference> references, SchemaParseOptions options,
        [NotNullWhen(true)] out IParsedSchema? schema, [NotNullWhen(false)] out string? error)
    {
        schema = null;
        var referenced = new List<AvroSchema>(references.Count);
        foreach (var reference in references)
        {
            if (reference.Schema is not ParsedAvroSchema avro)
            {
                error = "Reference " + reference.Name + " is not an Avro schema";
                return false;
            }

            referenced.Add(avro.Schema);
        }

        var parseOptions = !options.IsNew ? AvroParseOptions.Lenient : options.ValidateDefaults ? NewWithDefaults : New;
        if (!AvroSchema.TryParse(text, parseOptions, referenced, out var parsed, out error))
        {
            return false;
        }

        schema = new ParsedAvroSchema(parsed);
        return true;
    }

    private sealed class ParsedAvroSchema(AvroSchema schema) : IParsedSchema
    {
        private string? _canonical;

        public AvroSchema Schema { get; } = schema;

        public string SchemaType => Type;

        public string CanonicalText => _canonical ??= Schema.ToCanonicalString();

        public IParsedSchema Normalize() => new ParsedAvroSchema(Schema.Normalize());

        public IReadOnlyList<string> ReadErrors(IParsedSchema writer, string readerLabel, string writerLabel) =>
            writer is ParsedAvroSchema avro
                ? AvroCompatibility.Check(Schema, avro.Schema).ToConfluentMessages(readerLabel, writerLabel)
                : ["Incompatible because of different schema type"];
    }
}
