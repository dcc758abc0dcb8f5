using System.Buffers.Text;
using System.Text.Json;
using Wharf.RestProxy.Http;

namespace Wharf.RestProxy.Formats;

/// <summary>binary: keys and values are base64 strings in JSON, raw bytes in Kafka.</summary>
public sealed class BinaryFormat : IRecordFormat, IRecordSerializer
{
    public static BinaryFormat Instance { get; } = new();

    public EmbeddedFormat Format => EmbeddedFormat.Binary;

    public int? KeySchemaId => null;

    public int? ValueSchemaId => null;

    public ValueTask<IRecordSerializer> PrepareAsync(ProduceSchemas schemas, string topic, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IRecordSerializer>(this);

    public byte[]? Serialize(RawJson? json, bool isKey)
    {
        if (json is not { IsNull: false } value)
        {
            return null;
        }

        if (value.TokenType != JsonTokenType.String)
        {
            throw NotBase64(value);
        }

        // The token includes its quotes; base64 never needs escapes, so an escaped string is decoded the slow way.
        if (value.IsEscapedString)
        {
            var text = value.GetString();
            var bytes = new byte[text.Length * 3 / 4 + 3];
            return Convert.TryFromBase64String(text, bytes, out var written) ? bytes[..written] : throw NotBase64(value);
        }

        var encoded = value.Utf8.Span[1..^1];
        var decoded = new byte[Base64.GetMaxDecodedFromUtf8Length(encoded.Length)];
        if (Base64.DecodeFromUtf8(encoded, decoded, out _, out var length) != System.Buffers.OperationStatus.Done)
        {
            throw NotBase64(value);
        }

        return length == decoded.Length ? decoded : decoded[..length];
    }

    public void WriteJson(Utf8JsonWriter writer, ReadOnlySpan<byte> data, bool isNull)
    {
        if (isNull)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteBase64StringValue(data);
        }
    }

    // The original's message (NoSchemaRecordSerializer): data=<json> is not a (valid) base64 string.
    private static RestException NotBase64(RawJson value) =>
        RestException.BadRequest("data=" + value + " is not a (valid) base64 string.");
}
