using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Wharf.RestProxy.Http;

namespace Wharf.RestProxy.Formats;

/// <summary>
/// binary: keys and values are base64 strings in JSON, raw bytes in Kafka. A value that is not a string, or not
/// base64, is the original's 400 (NoSchemaRecordSerializer): "data=&lt;the JSON value&gt; is not a (valid) base64 string."
/// </summary>
public sealed class BinaryFormat : IRecordFormat, IRecordSerializer
{
    private static readonly SearchValues<byte> Alphabet = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"u8);

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
            throw RestException.BadRequest("data=" + CompactJson.ToText(value.Utf8.Span) + " is not a base64 string.");
        }

        // The token includes its quotes; base64 never needs escapes, so an escaped string is unescaped first.
        var decoded = value.IsEscapedString ? Decode(Encoding.UTF8.GetBytes(value.GetString())) : Decode(value.Utf8.Span[1..^1]);
        return decoded ?? throw RestException.BadRequest("data=" + CompactJson.ToText(value.Utf8.Span) + " is not a valid base64 string.");
    }

    /// <summary>
    /// Decodes standard base64 as the original's Guava decoder does: padding is optional and may be any number of
    /// trailing '=', but every other character must be of the alphabet and the length must be whole (not 4n+1).
    /// Allocates exactly the decoded length.
    /// </summary>
    private static byte[]? Decode(ReadOnlySpan<byte> text)
    {
        text = text.TrimEnd((byte)'=');
        var tail = text.Length % 4;
        if (tail == 1 || text.ContainsAnyExcept(Alphabet))
        {
            return null;
        }

        var whole = text.Length - tail;
        var decoded = new byte[whole / 4 * 3 + (tail == 0 ? 0 : tail - 1)];
        if (Base64.DecodeFromUtf8(text[..whole], decoded, out var consumed, out var written, isFinalBlock: false) != OperationStatus.Done || consumed != whole)
        {
            return null;
        }

        if (tail > 0)
        {
            Span<byte> last = [(byte)'=', (byte)'=', (byte)'=', (byte)'='];
            text[whole..].CopyTo(last);
            Span<byte> bytes = stackalloc byte[3];
            if (Base64.DecodeFromUtf8(last, bytes, out _, out var count) != OperationStatus.Done || count != tail - 1)
            {
                return null;
            }

            bytes[..count].CopyTo(decoded.AsSpan(written));
        }

        return decoded;
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

}
