using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Wharf.Avro;
using Wharf.Avro.Json;
using Wharf.RestProxy.Http;
using Wharf.SchemaRegistry.Client;

namespace Wharf.RestProxy.Formats;

/// <summary>
/// avro: keys and values are Avro datums in Avro's JSON encoding (unions as <c>{"branch": value}</c>); the payload
/// after Confluent's magic byte and schema id is the plain Avro binary encoding.
/// </summary>
internal sealed class AvroFormat(SchemaRegistryClient registry) : SchemaRegistryFormat<AvroSchema>(registry)
{
    public override EmbeddedFormat Format => EmbeddedFormat.Avro;

    protected override string FormatName => "AVRO";

    protected override string SchemaType => RegisteredSchema.Avro;

    protected override string DisplayName => "Avro";

    protected override bool TryParse(string text, IReadOnlyList<ReferencedText> references, bool isNew, [NotNullWhen(true)] out AvroSchema? schema)
    {
        // Each referenced schema is parsed with the ones before it, which are its own references (the registry's order).
        var parsed = new List<AvroSchema>(references.Count);
        foreach (var reference in references)
        {
            if (!AvroSchema.TryParse(reference.Text, AvroParseOptions.Lenient, parsed, out var referenced, out _))
            {
                schema = null;
                return false;
            }

            parsed.Add(referenced);
        }

        return AvroSchema.TryParse(text, isNew ? AvroParseOptions.Confluent : AvroParseOptions.Lenient, parsed, out schema, out _);
    }

    protected override string CanonicalText(AvroSchema schema) => schema.ToCanonicalString();

    protected override bool TryEncode(AvroSchema schema, ReadOnlySpan<byte> utf8Json, IBufferWriter<byte> payload, [NotNullWhen(false)] out string? error)
    {
        if (AvroJson.TryToBinary(schema, utf8Json, payload, AvroJsonOptions.Avro, out var dataError))
        {
            error = null;
            return true;
        }

        error = dataError.ToString();
        return false;
    }

    protected override bool TryDecode(AvroSchema schema, ReadOnlySpan<byte> payload, Utf8JsonWriter writer, [NotNullWhen(false)] out string? error)
    {
        if (AvroJson.TryFromBinary(schema, payload, writer, AvroJsonOptions.Avro, out var dataError))
        {
            error = null;
            return true;
        }

        error = dataError.ToString();
        return false;
    }
}
