using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Wharf.Protobuf;
using Wharf.Protobuf.WireFormat;
using Wharf.RestProxy.Http;
using Wharf.SchemaRegistry.Client;

namespace Wharf.RestProxy.Formats;

/// <summary>
/// protobuf: keys and values are messages in the proto3 JSON mapping. As Confluent's KafkaProtobufSerializer does by
/// default, a record is the schema's first message; the payload after the magic byte and schema id is that
/// message's indexes (<c>[0]</c>, the single byte 0) and its protobuf binary. Consumers read the indexes written,
/// so records of any message of the schema come back as JSON.
/// </summary>
internal sealed class ProtobufFormat(SchemaRegistryClient registry) : SchemaRegistryFormat<ProtobufSchema>(registry)
{
    private static readonly int[] FirstMessageIndexes = [0];

    public override EmbeddedFormat Format => EmbeddedFormat.Protobuf;

    protected override string FormatName => "PROTOBUF";

    protected override string SchemaType => RegisteredSchema.Protobuf;

    protected override string DisplayName => "Protobuf";

    /// <summary>A schema without a message has nothing to serialize with, so it counts as not parsing.</summary>
    protected override bool TryParse(string text, IReadOnlyList<ReferencedText> references, bool isNew, [NotNullWhen(true)] out ProtobufSchema? schema) =>
        ProtobufSchema.TryParse(text, ReferencedTexts.ByName(references), out schema, out _) && schema.FirstMessage is not null;

    protected override string CanonicalText(ProtobufSchema schema) => schema.CanonicalString;

    protected override bool TryEncode(ProtobufSchema schema, ReadOnlySpan<byte> utf8Json, IBufferWriter<byte> payload, [NotNullWhen(false)] out string? error)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = CompactJson.MaxDepth });
        var json = JsonElement.ParseValue(ref reader);
        MessageIndexes.Write(payload, FirstMessageIndexes);
        return ProtobufJson.TryEncode(schema.FirstMessage!, json, payload, out error);
    }

    protected override bool TryDecode(ProtobufSchema schema, ReadOnlySpan<byte> payload, Utf8JsonWriter writer, [NotNullWhen(false)] out string? error)
    {
        if (!MessageIndexes.TryRead(payload, out var indexes, out var length))
        {
            error = "invalid message indexes";
            return false;
        }

        if (!schema.TryGetMessage(indexes, out var message))
        {
            error = "no message at indexes [" + string.Join(", ", indexes) + "]";
            return false;
        }

        return ProtobufJson.TryDecode(message, payload[length..], writer, out error);
    }
}
