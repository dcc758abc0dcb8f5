using System.Text.Json;
using Confluent.Kafka;
using Wharf.Http;
using Wharf.RestProxy.Http;

namespace Wharf.RestProxy.Metadata;

/// <summary>
/// The v2 metadata resources: <c>/</c>, <c>/topics</c>, <c>/topics/{t}</c>, <c>/topics/{t}/partitions[/{p}[/offsets]]</c>,
/// <c>/brokers</c>, answering with the original's documents.
/// </summary>
public sealed class MetadataEndpoints(ClusterMetadata cluster)
{
    /// <summary>GET /: the original answers an empty object (a liveness check).</summary>
    public static Task RootAsync(HttpContext context) => WriteAsync(context, writer =>
    {
        writer.WriteStartObject();
        writer.WriteEndObject();
    });

    /// <summary>POST /: the same, for a body that is absent or a JSON object of scalars (the original's Map&lt;String, String&gt;).</summary>
    public static async Task RootPostAsync(HttpContext context)
    {
        using (var body = await RequestBody.ReadAsync(context))
        {
            CheckStringMap(body.Memory.Span);
        }

        await RootAsync(context);
    }

    private static void CheckStringMap(ReadOnlySpan<byte> body)
    {
        if (body.Length == 0)
        {
            return;
        }

        try
        {
            var reader = new Utf8JsonReader(body);
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null)
            {
                return;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                // Jackson's type, java.util.LinkedHashMap<java.lang.String,java.lang.String>, as rest-utils shortens it.
                throw JacksonMessages.WrongType(ref reader, "String>");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                reader.Read();
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    throw JacksonMessages.WrongType(ref reader, "String");
                }
            }
        }
        catch (JsonException exception)
        {
            throw RestException.MalformedJson(JsonSyntaxError.Find(body) ?? exception.Message);
        }
    }

    public Task TopicsAsync(HttpContext context)
    {
        var names = cluster.TopicNames();
        return WriteAsync(context, writer =>
        {
            writer.WriteStartArray();
            foreach (var name in names)
            {
                writer.WriteStringValue(name);
            }

            writer.WriteEndArray();
        });
    }

    public async Task TopicAsync(HttpContext context, string topic)
    {
        var metadata = cluster.Topic(topic);
        var configs = await cluster.TopicConfigsAsync(topic);
        await WriteAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("name", topic);
            writer.WriteStartObject("configs");
            foreach (var (name, value) in configs)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
            writer.WriteStartArray("partitions");
            foreach (var partition in metadata.Partitions.OrderBy(p => p.PartitionId))
            {
                WritePartition(writer, partition);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    public Task PartitionsAsync(HttpContext context, string topic)
    {
        var metadata = cluster.Topic(topic);
        return WriteAsync(context, writer =>
        {
            writer.WriteStartArray();
            foreach (var partition in metadata.Partitions.OrderBy(p => p.PartitionId))
            {
                WritePartition(writer, partition);
            }

            writer.WriteEndArray();
        });
    }

    public Task PartitionAsync(HttpContext context, string topic, int partition)
    {
        var metadata = cluster.Partition(topic, partition);
        return WriteAsync(context, writer => WritePartition(writer, metadata));
    }

    public Task OffsetsAsync(HttpContext context, string topic, int partition)
    {
        var offsets = cluster.Offsets(topic, partition);
        return WriteAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("beginning_offset", offsets.Low.Value);
            writer.WriteNumber("end_offset", offsets.High.Value);
            writer.WriteEndObject();
        });
    }

    public Task BrokersAsync(HttpContext context)
    {
        var brokers = cluster.BrokerIds();
        return WriteAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("brokers");
            foreach (var id in brokers)
            {
                writer.WriteNumberValue(id);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    /// <summary>{"partition", "leader", "replicas": [{"broker", "leader", "in_sync"}]}; leader -1 when there is none.</summary>
    private static void WritePartition(Utf8JsonWriter writer, PartitionMetadata partition)
    {
        writer.WriteStartObject();
        writer.WriteNumber("partition", partition.PartitionId);
        writer.WriteNumber("leader", partition.Leader);
        writer.WriteStartArray("replicas");
        foreach (var replica in partition.Replicas)
        {
            writer.WriteStartObject();
            writer.WriteNumber("broker", replica);
            writer.WriteBoolean("leader", replica == partition.Leader);
            writer.WriteBoolean("in_sync", partition.InSyncReplicas.Contains(replica));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static async Task WriteAsync(HttpContext context, Action<Utf8JsonWriter> write)
    {
        context.Response.ContentType = context.Rest().ResponseContentType;
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter, JsonAnswers.WriterOptions);
        write(writer);
    }
}
