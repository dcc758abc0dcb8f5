using System.Text.Json;
using Confluent.Kafka;
using Wharf.Clients;
using Wharf.Http;
using Wharf.RestProxy.Formats;
using Wharf.RestProxy.Http;

namespace Wharf.RestProxy.Produce;

/// <summary>
/// <c>POST /topics/{topic}</c> and <c>POST /topics/{topic}/partitions/{partition}</c>. The body is read whole,
/// every record serialized (one bad record fails the request before anything is sent), then all are handed to
/// the shared producer at once, without waiting for each, so librdkafka sends them together; the answer lists
/// each record's partition and offset, or its error, in request order. A record's own <c>partition</c> wins
/// over the path's. As in the original, failed records do not change the HTTP status (200), except
/// authentication (401) and authorization (403) failures. A request without a Content-Type is binary (the
/// original's JAX-RS dispatch picks its binary method for it).
/// </summary>
public sealed class ProduceEndpoint(ProducerPool producers, RecordFormats formats)
{
    private readonly MissingTopics _missingTopics = new();
    private readonly DeliveryBatchPool _batches = new();

    public Task ToTopicAsync(HttpContext context, string topic) => ProduceAsync(context, topic, null);

    public Task ToPartitionAsync(HttpContext context, string topic, int partition) => ProduceAsync(context, topic, partition);

    private async Task ProduceAsync(HttpContext context, string topic, int? pathPartition)
    {
        var format = context.Rest().RequestMediaType?.Format ?? EmbeddedFormat.Binary;
        using var body = await RequestBody.ReadAsync(context);
        using var request = ProduceRequestReader.Read(body.Memory, ParameterName(format, pathPartition is not null));
        var serializer = await formats.Get(format).PrepareAsync(request.Schemas, topic, context.RequestAborted);
        var messages = Serialize(request.Records.Span, serializer, pathPartition);

        var producer = producers.Get();
        await _missingTopics.RefreshIfMissingAsync(producer, topic);
        var batch = _batches.Rent(messages.Length);
        Produce(producer, topic, pathPartition, request.Records.Span, messages, batch);
        await batch.Completion;
        _missingTopics.Record(topic, batch.Results);
        await WriteResponseAsync(context, batch, serializer);
        _batches.Return(batch);
    }

    /// <summary>Every record's bytes, before anything is sent: one bad record fails the whole request.</summary>
    private static Message<byte[]?, byte[]?>[] Serialize(ReadOnlySpan<ProduceRecord> records, IRecordSerializer serializer, int? pathPartition)
    {
        var messages = new Message<byte[]?, byte[]?>[records.Length];
        var negativePartition = pathPartition < 0;
        for (var i = 0; i < messages.Length; i++)
        {
            messages[i] = new Message<byte[]?, byte[]?> { Key = serializer.Serialize(records[i].Key, isKey: true), Value = serializer.Serialize(records[i].Value, isKey: false) };
            negativePartition |= records[i].Partition < 0;
        }

        // The original hands a negative partition to the Java producer, which throws, and answers 500; Wharf
        // answers as for a partition that does not exist (v3's answer), before anything is sent.
        return negativePartition ? throw RestException.PartitionNotFound() : messages;
    }

    /// <summary>Hands every record to the producer without waiting; a record's own partition wins over the path's.</summary>
    private static void Produce(IProducer<byte[]?, byte[]?> producer, string topic, int? pathPartition, ReadOnlySpan<ProduceRecord> records, Message<byte[]?, byte[]?>[] messages, DeliveryBatch batch)
    {
        for (var i = 0; i < messages.Length; i++)
        {
            var partition = records[i].Partition ?? pathPartition;
            try
            {
                if (partition is { } p)
                {
                    producer.Produce(new TopicPartition(topic, new Partition(p)), messages[i], batch.HandlerFor(i));
                }
                else
                {
                    producer.Produce(topic, messages[i], batch.HandlerFor(i));
                }
            }
            catch (ProduceException<byte[]?, byte[]?> exception)
            {
                // Refused before it was queued: a partition the topic does not have, a full queue, a record too large.
                batch.Complete(i, DeliveryResult.Failed(exception.Error));
            }
        }
    }

    /// <summary>How the original (Jersey's validation of the resource method's parameter) names the request in its 422 messages.</summary>
    private static string ParameterName(EmbeddedFormat format, bool toPartition) => (format, toPartition) switch
    {
        (EmbeddedFormat.Json, false) => "produceJson.arg2",
        (EmbeddedFormat.Json, true) => "produceJson.arg3",
        (EmbeddedFormat.Avro, false) => "produceAvro.arg2",
        (EmbeddedFormat.Avro, true) => "produceAvro.arg3",
        (EmbeddedFormat.JsonSchema, false) => "produceJsonSchema.arg2",
        (EmbeddedFormat.JsonSchema, true) => "produceJsonSchema.arg3",
        (EmbeddedFormat.Protobuf, false) => "produceProtobuf.arg2",
        (EmbeddedFormat.Protobuf, true) => "produceProtobuf.arg3",
        (_, false) => "produceBinary.arg2",
        (_, true) => "produceBinary.arg3",
    };

    private static async Task WriteResponseAsync(HttpContext context, DeliveryBatch batch, IRecordSerializer serializer)
    {
        context.Response.StatusCode = Status(batch.Results);
        context.Response.ContentType = context.Rest().ResponseContentType;
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter, JsonAnswers.WriterOptions);
        WriteOffsets(writer, batch.Results, serializer);
    }

    private static int Status(ReadOnlySpan<DeliveryResult> results)
    {
        var status = 200;
        foreach (var result in results)
        {
            if (result.Error is { } error && status == 200)
            {
                var code = KafkaErrorCodes.For(error);
                status = code == RestErrorCodes.KafkaAuthentication ? 401 : code == RestErrorCodes.KafkaAuthorization ? 403 : 200;
            }
        }

        return status;
    }

    private static void WriteOffsets(Utf8JsonWriter writer, ReadOnlySpan<DeliveryResult> results, IRecordSerializer serializer)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("offsets"u8);
        foreach (var result in results)
        {
            writer.WriteStartObject();
            WriteNullable(writer, "partition"u8, result.Partition);
            WriteNullable(writer, "offset"u8, result.Offset);
            if (result.Error is { } error)
            {
                writer.WriteNumber("error_code"u8, KafkaErrorCodes.For(error));
                writer.WriteString("error"u8, error.Reason);
            }
            else
            {
                writer.WriteNull("error_code"u8);
                writer.WriteNull("error"u8);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        WriteNullable(writer, "key_schema_id"u8, serializer.KeySchemaId);
        WriteNullable(writer, "value_schema_id"u8, serializer.ValueSchemaId);
        writer.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter writer, ReadOnlySpan<byte> name, long? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
