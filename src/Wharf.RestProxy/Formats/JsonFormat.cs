using System.Buffers;
using System.Text.Json;
using Wharf.RestProxy.Http;

namespace Wharf.RestProxy.Formats;

/// <summary>
/// json: keys and values are any JSON value; Kafka holds them as compact UTF-8 JSON, written as the original's
/// KafkaJsonSerializer writes them (<see cref="CompactJson"/>). Consumed bytes that are not JSON are a
/// deserialization error.
/// </summary>
public sealed class JsonFormat : IRecordFormat, IRecordSerializer
{
    public static JsonFormat Instance { get; } = new();

    public EmbeddedFormat Format => EmbeddedFormat.Json;

    public int? KeySchemaId => null;

    public int? ValueSchemaId => null;

    public ValueTask<IRecordSerializer> PrepareAsync(ProduceSchemas schemas, string topic, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IRecordSerializer>(this);

    public byte[]? Serialize(RawJson? json, bool isKey) =>
        json is { IsNull: false } value ? CompactJson.Serialize(value.Utf8.Span) : null;

    public void WriteJson(Utf8JsonWriter writer, ReadOnlySpan<byte> data, bool isNull)
    {
        if (isNull)
        {
            writer.WriteNullValue();
            return;
        }

        try
        {
            // Validated whole first: the copy below writes as it reads, and must not stop half-way.
            var validator = new Utf8JsonReader(data);
            validator.Read();
            validator.Skip();
        }
        catch (JsonException exception)
        {
            throw new RestException(500, RestErrorCodes.KafkaError, "Error deserializing a record as JSON: " + exception.Message);
        }

        Copy(writer, data);
    }

    /// <summary>
    /// Writes the first JSON value of <paramref name="data"/> token by token (whitespace dropped, strings re-escaped
    /// by the writer, numbers as written), as parsing it into a document and writing that would, without the
    /// document: this runs once per consumed record. Bytes after the first value are ignored, as Jackson's
    /// readValue ignores trailing tokens.
    /// </summary>
    private static void Copy(Utf8JsonWriter writer, ReadOnlySpan<byte> data)
    {
        var reader = new Utf8JsonReader(data);
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    writer.WriteStartObject();
                    break;
                case JsonTokenType.EndObject:
                    writer.WriteEndObject();
                    break;
                case JsonTokenType.StartArray:
                    writer.WriteStartArray();
                    break;
                case JsonTokenType.EndArray:
                    writer.WriteEndArray();
                    break;
                case JsonTokenType.PropertyName:
                    WriteText(writer, ref reader, isPropertyName: true);
                    break;
                case JsonTokenType.String:
                    WriteText(writer, ref reader, isPropertyName: false);
                    break;
                case JsonTokenType.Number:
                    writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                    break;
                case JsonTokenType.True:
                    writer.WriteBooleanValue(true);
                    break;
                case JsonTokenType.False:
                    writer.WriteBooleanValue(false);
                    break;
                default:
                    writer.WriteNullValue();
                    break;
            }

            if (reader.CurrentDepth == 0 && reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
            {
                return;
            }
        }
    }

    /// <summary>A string or property name, unescaped first when the input escaped it (on the stack when short).</summary>
    private static void WriteText(Utf8JsonWriter writer, ref Utf8JsonReader reader, bool isPropertyName)
    {
        if (!reader.ValueIsEscaped)
        {
            Write(writer, reader.ValueSpan, isPropertyName);
            return;
        }

        var length = reader.ValueSpan.Length;
        byte[]? rented = null;
        var buffer = length <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            Write(writer, buffer[..reader.CopyString(buffer)], isPropertyName);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static void Write(Utf8JsonWriter writer, ReadOnlySpan<byte> utf8, bool isPropertyName)
    {
        if (isPropertyName)
        {
            writer.WritePropertyName(utf8);
        }
        else
        {
            writer.WriteStringValue(utf8);
        }
    }
}
