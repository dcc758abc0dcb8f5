using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Wharf.RestProxy.Http;
using Wharf.SchemaRegistry.Client;
using JsonSchemaDocument = Wharf.JsonSchema.JsonSchema;

namespace Wharf.RestProxy.Formats;

/// <summary>
/// jsonschema: keys and values are JSON documents that must validate against the schema; the payload after
/// Confluent's magic byte and schema id is the document as compact UTF-8 JSON (KafkaJsonSchemaSerializer's
/// Jackson output), and consumers get it back as JSON.
/// </summary>
internal sealed class JsonSchemaFormat(SchemaRegistryClient registry) : SchemaRegistryFormat<JsonSchemaDocument>(registry)
{
    public override EmbeddedFormat Format => EmbeddedFormat.JsonSchema;

    protected override string FormatName => "JSONSCHEMA";

    protected override string SchemaType => RegisteredSchema.Json;

    protected override string DisplayName => "JSON";

    protected override bool TryParse(string text, IReadOnlyList<ReferencedText> references, bool isNew, [NotNullWhen(true)] out JsonSchemaDocument? schema) =>
        JsonSchemaDocument.TryParse(text, ReferencedTexts.ByName(references), out schema, out _);

    protected override string CanonicalText(JsonSchemaDocument schema) => schema.CanonicalString;

    protected override bool TryEncode(JsonSchemaDocument schema, ReadOnlySpan<byte> utf8Json, IBufferWriter<byte> payload, [NotNullWhen(false)] out string? error)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = CompactJson.MaxDepth });
        if (!schema.TryValidate(JsonElement.ParseValue(ref reader), out error))
        {
            return false;
        }

        payload.Write(CompactJson.Serialize(utf8Json));
        return true;
    }

    protected override bool TryDecode(JsonSchemaDocument schema, ReadOnlySpan<byte> payload, Utf8JsonWriter writer, [NotNullWhen(false)] out string? error)
    {
        try
        {
            var reader = new Utf8JsonReader(payload, new JsonReaderOptions { MaxDepth = CompactJson.MaxDepth });
            JsonElement.ParseValue(ref reader).WriteTo(writer);
            error = null;
            return true;
        }
        catch (JsonException exception)
        {
            error = exception.Message;
            return false;
        }
    }
}
