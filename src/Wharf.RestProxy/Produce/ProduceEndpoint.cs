using System.Text.Json;
using Confluent.Kafka;
using Wharf.Clients;
using Wharf.RestProxy.Formats;
using Wharf.RestProxy.Http;

namespace Wharf.RestProxy.Produce;

/// <summary>
/// <c>POST /topics/{topic}</c> and <c>POST /topics/{topic}/partitions/{partition}</c>: every record of the request is
/// serialized first (one bad record fails the request before anything is sent), then all are handed to the
/// shared producer at once, so librdkafka sends them together, and the answer lists each record's partition
/// and offset, or its error, in request order. As in the original, failed records do not change the HTTP
/// status (200), except authentication (401) and authorization (403) failures.
/// </summary>
public sealed class ProduceEndpoint(ProducerPool producers, RecordFormats formats)
{
    public Task ToTopicAsync(HttpContext context, string topic) => ProduceAsync(context, topic, null);

    public Task ToPartitionAsync(HttpContext context, string topic, int partition) =>
        partition < 0 ? throw RestException.PartitionNotFound() : ProduceAsync(context, topic, partition);

    private async Task ProduceAsync(HttpContext context, string topic, int? pathPartition)
    {
        var format = formats.Get(context.Rest().RequestMediaType?.Format ?? EmbeddedFormat.Binary);
        using var body = await RequestBody.ReadAsync(context);
        var request = ProduceRequestReader.Read(body.Memory);
        CheckSchemaArguments(request.Schemas);
        var serializer = await format.PrepareAsync(request.Schemas, topic, context.RequestAborted);

        var messages = new Message<byte[]?, byte[]?>[request.Records.Count];
        for (var i = 0; i < messages.Length; i++)
        {
            var record = request.Records[i];
            messages[i] = new Message<byte[]?, byte[]?> { Key = serializer.Serialize(record.Key, isKey: true), Value = serializer.Serialize(record.Value, isKey: false) };
        }

        var batch = new DeliveryBatch(messages.Length);
        var producer = producers.Get();
        for (var i = 0; i < messages.Length; i++)
        {
            var partition = request.Records[i].Partition ?? pathPartition;
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
                batch.Complete(i, DeliveryResult.Failed(exception.Error));
            }
        }

        await batch.Completion;
        await WriteResponseAsync(context, batch.Results, serializer);
    }

    /// <summary>A schema and a schema id for the same side cannot both be given (the original's 400).</summary>
    private static void CheckSchemaArguments(ProduceSchemas schemas)
    {
        if ((schemas.KeySchema is not null && schemas.KeySchemaId is not null) || (schemas.ValueSchema is not null && schemas.ValueSchemaId is not null))
        {
            throw RestException.BadRequest("Unsupported argument: give either a schema or a schema id, not both.");
        }
    }

    private static async Task WriteResponseAsync(HttpContext context, IReadOnlyList<DeliveryResult> results, IRecordSerializer serializer)
    {
        var codes = results.Select(r => r.Error is { } error ? KafkaErrorCodes.For(error) : (int?)null).ToArray();
        context.Response.StatusCode = codes.Contains(RestErrorCodes.KafkaAuthentication) ? 401 : codes.Contains(RestErrorCodes.KafkaAuthorization) ? 403 : 200;
        context.Response.ContentType = context.Rest().ResponseContentType;
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteStartArray("offsets");
        for (var i = 0; i < results.Count; i++)
        {
            var result = results[i];
            writer.WriteStartObject();
            WriteNullable(writer, "partition", result.Partition);
            WriteNullable(writer, "offset", result.Offset);
            WriteNullable(writer, "error_code", codes[i]);
            if (result.Error is { } error)
            {
                writer.WriteString("error", error.Reason);
            }
            else
            {
                writer.WriteNull("error");
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        WriteNullable(writer, "key_schema_id", serializer.KeySchemaId);
        WriteNullable(writer, "value_schema_id", serializer.ValueSchemaId);
        writer.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, long? value)
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
