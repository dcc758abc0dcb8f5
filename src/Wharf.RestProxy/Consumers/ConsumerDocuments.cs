using System.Text.Json;
using System.Text.Json.Serialization;
using Wharf.RestProxy.Http;

namespace Wharf.RestProxy.Consumers;

/// <summary>
/// The request documents of the consumer API (kafka-rest entities/v2). Every field is optional on the wire, as in
/// the original's Jackson entities; <see cref="ConsumerDocuments"/> checks what the original's bean validation
/// checks (a topic is not empty, partitions and offsets are not negative) and answers 422 otherwise.
/// </summary>
internal sealed class CreateConsumerDocument
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? Format { get; set; }

    [JsonPropertyName("auto.offset.reset")]
    public string? AutoOffsetReset { get; set; }

    /// <summary>A string in the original ("true"/"false"); a JSON boolean is taken too, as Jackson coerces it.</summary>
    [JsonPropertyName("auto.commit.enable")]
    [JsonConverter(typeof(ScalarAsStringConverter))]
    public string? AutoCommitEnable { get; set; }

    [JsonPropertyName("fetch.min.bytes")]
    public int? FetchMinBytes { get; set; }

    /// <summary>The original's alias of fetch.min.bytes (@JsonAlias).</summary>
    [JsonPropertyName("responseMinBytes")]
    public int? ResponseMinBytes { get; set; }

    [JsonPropertyName("consumer.request.timeout.ms")]
    public int? RequestTimeoutMs { get; set; }

    /// <summary>The original's alias of consumer.request.timeout.ms (@JsonAlias).</summary>
    [JsonPropertyName("requestWaitMs")]
    public int? RequestWaitMs { get; set; }
}

internal sealed class SubscriptionDocument
{
    public List<string?>? Topics { get; set; }

    [JsonPropertyName("topic_pattern")]
    public string? TopicPattern { get; set; }
}

internal sealed class PartitionDocument
{
    public string? Topic { get; set; }

    public int? Partition { get; set; }
}

internal sealed class PartitionsDocument
{
    public List<PartitionDocument?>? Partitions { get; set; }
}

internal sealed class PartitionOffsetDocument
{
    public string? Topic { get; set; }

    public int? Partition { get; set; }

    public long? Offset { get; set; }

    public string? Metadata { get; set; }
}

internal sealed class OffsetsDocument
{
    public List<PartitionOffsetDocument?>? Offsets { get; set; }
}

internal sealed class PartitionTimestampDocument
{
    public string? Topic { get; set; }

    public int? Partition { get; set; }

    /// <summary>An ISO-8601 instant ("2026-01-01T00:00:00Z"); parsed by <see cref="ConsumerDocuments"/> so a bad one is a 422.</summary>
    public string? Timestamp { get; set; }

    public string? Metadata { get; set; }
}

internal sealed class PositionsDocument
{
    public List<PartitionOffsetDocument?>? Offsets { get; set; }

    public List<PartitionTimestampDocument?>? Timestamps { get; set; }
}

/// <summary>Reads a JSON string, number or boolean as its text (Jackson's scalar coercion into a String field).</summary>
internal sealed class ScalarAsStringConverter : JsonConverter<string?>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
        JsonTokenType.Null => null,
        _ => throw new JsonException("expected a string"),
    };

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>Source-generated metadata: unknown fields are refused (422 "Unrecognized field"), numbers may be quoted.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(CreateConsumerDocument))]
[JsonSerializable(typeof(SubscriptionDocument))]
[JsonSerializable(typeof(PartitionsDocument))]
[JsonSerializable(typeof(OffsetsDocument))]
[JsonSerializable(typeof(PositionsDocument))]
internal sealed partial class ConsumerJson : JsonSerializerContext;

/// <summary>Turns request documents into Kafka's types, with the original's validation answers.</summary>
internal static class ConsumerDocuments
{
    public static List<Confluent.Kafka.TopicPartition> Partitions(List<PartitionDocument?>? partitions)
    {
        var result = new List<Confluent.Kafka.TopicPartition>(partitions?.Count ?? 0);
        foreach (var entry in partitions ?? [])
        {
            result.Add(new Confluent.Kafka.TopicPartition(Topic(entry?.Topic), Partition(entry?.Partition)));
        }

        return result;
    }

    /// <summary>The offsets of a commit or seek request, as given (the commit adds one itself).</summary>
    public static List<Confluent.Kafka.TopicPartitionOffset> Offsets(List<PartitionOffsetDocument?>? offsets)
    {
        var result = new List<Confluent.Kafka.TopicPartitionOffset>(offsets?.Count ?? 0);
        foreach (var entry in offsets ?? [])
        {
            var offset = entry?.Offset ?? throw RestException.Unprocessable("offset may not be null");
            if (offset < 0)
            {
                throw RestException.Unprocessable("offset must be greater than or equal to 0");
            }

            result.Add(new Confluent.Kafka.TopicPartitionOffset(Topic(entry.Topic), Partition(entry.Partition), offset));
        }

        return result;
    }

    public static List<Confluent.Kafka.TopicPartitionTimestamp> Timestamps(List<PartitionTimestampDocument?>? timestamps)
    {
        var result = new List<Confluent.Kafka.TopicPartitionTimestamp>(timestamps?.Count ?? 0);
        foreach (var entry in timestamps ?? [])
        {
            var text = entry?.Timestamp ?? throw RestException.Unprocessable("timestamp may not be null");
            if (!DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var instant))
            {
                throw RestException.Unprocessable("timestamp must be an ISO-8601 instant such as 2026-01-01T00:00:00Z: " + text);
            }

            result.Add(new Confluent.Kafka.TopicPartitionTimestamp(Topic(entry.Topic), Partition(entry.Partition), new Confluent.Kafka.Timestamp(instant)));
        }

        return result;
    }

    private static string Topic(string? topic) =>
        string.IsNullOrEmpty(topic) ? throw RestException.Unprocessable("topic may not be empty") : topic;

    private static int Partition(int? partition) => partition switch
    {
        null => throw RestException.Unprocessable("partition may not be null"),
        < 0 => throw RestException.Unprocessable("partition must be greater than or equal to 0"),
        { } value => value,
    };
}
