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
            var reader = new Utf8JsonReader(data);
            using var document = JsonDocument.ParseValue(ref reader);
            document.RootElement.WriteTo(writer);
        }
        catch (JsonException exception)
        {
            throw new RestException(500, RestErrorCodes.KafkaError, "Error deserializing a record as JSON: " + exception.Message);
        }
    }
}
