using System.Buffers;
using System.Text.Json;
using Wharf.Clients.Producing;
using Wharf.Http;
using Wharf.RestProxy.Formats;
using Wharf.RestProxy.Http;

namespace Wharf.RestProxy.Produce;

/// <summary>
/// <c>POST /topics/{topic}</c> and <c>POST /topics/{topic}/partitions/{partition}</c>. The body is read whole,
/// every record serialized (one bad record fails the request before anything is sent), then all are handed to
/// the record sender at once, which sends them as one batch per partition; the answer lists each record's
/// partition and offset, or its error, in request order. A record's own <c>partition</c> wins over the path's. As
/// in the original, failed records do not change the HTTP status (200), except authentication (401) and
/// authorization (403) failures. A request without a Content-Type is binary (the original's JAX-RS dispatch picks
/// its binary method for it).
/// </summary>
internal sealed class ProduceEndpoint(IRecordSender sender, RecordFormats formats)
{
    public Task ToTopicAsync(HttpContext context, string topic) => ProduceAsync(context, topic, null);

    public Task ToPartitionAsync(HttpContext context, string topic, int partition) => ProduceAsync(context, topic, partition);

    private async Task ProduceAsync(HttpContext context, string topic, int? pathPartition)
    {
        var format = context.Rest().RequestMediaType?.Format ?? EmbeddedFormat.Binary;
        using var body = await RequestBody.ReadAsync(context);
        using var request = ProduceRequestReader.Read(body.Memory, ParameterName(format, pathPartition is not null));
        var serializer = await formats.Get(format).PrepareAsync(request.Schemas, topic, context.RequestAborted);
        var count = request.Records.Length;
        var records = ArrayPool<ProducerRecord>.Shared.Rent(count);
        var results = ArrayPool<DeliveryResult>.Shared.Rent(count);
        try
        {
            Serialize(request.Records.Span, serializer, pathPartition, records);
            await sender.SendAsync(topic, records.AsMemory(0, count), results.AsMemory(0, count), context.RequestAborted);
            await WriteResponseAsync(context, results.AsMemory(0, count), serializer);
        }
        finally
        {
            ArrayPool<ProducerRecord>.Shared.Return(records, clearArray: true);
            ArrayPool<DeliveryResult>.Shared.Return(results, clearArray: true);
        }
    }

    /// <summary>Every record's bytes, before anything is sent: one bad record fails the whole request.</summary>
    private static void Serialize(ReadOnlySpan<ProduceRecord> records, IRecordSerializer serializer, int? pathPartition, ProducerRecord[] serialized)
    {
        var negativePartition = pathPartition < 0;
        for (var i = 0; i < records.Length; i++)
        {
            var partition = records[i].Partition ?? pathPartition;
            serialized[i] = new ProducerRecord(partition, serializer.Serialize(records[i].Key, isKey: true), serializer.Serialize(records[i].Value, isKey: false));
            negativePartition |= partition < 0;
        }

        // The original hands a negative partition to the Java producer, which throws, and answers 500; Wharf
        // answers as for a partition that does not exist (v3's answer), before anything is sent.
        if (negativePartition)
        {
            throw RestException.PartitionNotFound();
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

    private static async Task WriteResponseAsync(HttpContext context, ReadOnlyMemory<DeliveryResult> results, IRecordSerializer serializer)
    {
        context.Response.StatusCode = Status(results.Span);
        context.Response.ContentType = context.Rest().ResponseContentType;
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter, JsonAnswers.WriterOptions);
        WriteOffsets(writer, results.Span, serializer);
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
