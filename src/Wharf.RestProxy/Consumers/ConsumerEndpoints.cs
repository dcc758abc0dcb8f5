using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Confluent.Kafka;
using Wharf.RestProxy.Formats;
using Wharf.RestProxy.Http;
using Wharf.RestProxy.Metadata;

namespace Wharf.RestProxy.Consumers;

/// <summary>
/// The consumer API under <c>/consumers/{group}</c> (kafka-rest resources/v2/ConsumersResource) and the legacy v1
/// flows (create without a name, <c>GET {base_uri}/topics/{topic}</c>, <c>POST {base_uri}/offsets</c>, delete).
/// Request documents are checked before the instance is looked up, as Jersey validates entities before calling
/// the resource. The request's API version (its v1 or v2 content type) picks the v1 answers where they differ.
/// </summary>
internal sealed class ConsumerEndpoints(ConsumerManager consumers, RecordsReader reader, RecordFormats formats, ClusterMetadata cluster, RestProxyOptions options)
{
    /// <summary>POST /consumers/{group}: 200 {"instance_id", "base_uri"}; the body may be empty (all defaults).</summary>
    public async Task CreateAsync(HttpContext context, string group)
    {
        var document = await JsonBody.ReadAsync(context, ConsumerJson.Default.CreateConsumerDocument, required: false);
        var settings = ConsumerInstanceSettings.From(document, context.Rest().ApiVersion, formats);
        var instance = consumers.Create(group, settings);
        var baseUri = ConsumerBaseUri.For(options, context.Request, instance.Id);
        await WriteAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("instance_id", instance.Id.Name);
            writer.WriteString("base_uri", baseUri);
            writer.WriteEndObject();
        });
    }

    /// <summary>DELETE …/instances/{instance}: 204 once the Kafka consumer is closed (it has left its group).</summary>
    public async Task DeleteAsync(HttpContext context, string group, string instance)
    {
        await consumers.DeleteAsync(group, instance);
        RestResponses.NoContent(context);
    }

    /// <summary>POST …/subscription: {"topics": [...]} or {"topic_pattern": "regex"}; topics win when both are given, {} changes nothing.</summary>
    public async Task SubscribeAsync(HttpContext context, string group, string instance)
    {
        var document = await JsonBody.ReadAsync(context, ConsumerJson.Default.SubscriptionDocument);
        List<string>? topics = null;
        if (document.Topics is { } given)
        {
            topics = given.Select(t => string.IsNullOrEmpty(t) ? throw RestException.Unprocessable("topics may not contain an empty topic") : t).ToList();
        }
        else if (document.TopicPattern is { } pattern && !IsRegex(pattern))
        {
            throw RestException.Unprocessable("topic_pattern is not a valid regular expression: " + pattern);
        }

        await consumers.Get(group, instance).SubscribeAsync(topics, topics is null ? document.TopicPattern : null, context.RequestAborted);
        RestResponses.NoContent(context);
    }

    /// <summary>GET …/subscription: {"topics": [...]}; for a pattern, the cluster's topics it matches (as Java's subscription() lists them).</summary>
    public async Task SubscriptionAsync(HttpContext context, string group, string instance)
    {
        var (topics, pattern) = await consumers.Get(group, instance).SubscriptionAsync(context.RequestAborted);
        if (pattern is not null)
        {
            var regex = new Regex("^(?:" + pattern + ")$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            topics = cluster.TopicNames().Where(t => regex.IsMatch(t)).ToList();
        }

        await WriteAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("topics");
            foreach (var topic in topics)
            {
                writer.WriteStringValue(topic);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    public async Task UnsubscribeAsync(HttpContext context, string group, string instance)
    {
        await consumers.Get(group, instance).UnsubscribeAsync(context.RequestAborted);
        RestResponses.NoContent(context);
    }

    /// <summary>POST …/assignments: {"partitions": [{"topic", "partition"}]}; 409/40903 while subscribed.</summary>
    public async Task AssignAsync(HttpContext context, string group, string instance)
    {
        var document = await JsonBody.ReadAsync(context, ConsumerJson.Default.PartitionsDocument);
        var partitions = ConsumerDocuments.Partitions(document.Partitions);
        await consumers.Get(group, instance).AssignAsync(partitions, context.RequestAborted);
        RestResponses.NoContent(context);
    }

    /// <summary>GET …/assignments: the partitions the consumer holds now (group-assigned or manual).</summary>
    public async Task AssignmentsAsync(HttpContext context, string group, string instance)
    {
        var partitions = await consumers.Get(group, instance).AssignmentAsync(context.RequestAborted);
        await WriteAsync(context, writer =>
        {
            writer.WriteStartObject();
            WritePartitions(writer, "partitions", partitions);
            writer.WriteEndObject();
        });
    }

    /// <summary>POST …/positions: {"offsets": [{"topic","partition","offset","metadata"?}], "timestamps": [{"topic","partition","timestamp"}]}.</summary>
    public async Task SeekAsync(HttpContext context, string group, string instance)
    {
        var document = await JsonBody.ReadAsync(context, ConsumerJson.Default.PositionsDocument);
        var offsets = ConsumerDocuments.Offsets(document.Offsets);
        var timestamps = ConsumerDocuments.Timestamps(document.Timestamps);
        await consumers.Get(group, instance).SeekAsync(offsets, timestamps, context.RequestAborted);
        RestResponses.NoContent(context);
    }

    public Task SeekToBeginningAsync(HttpContext context, string group, string instance) => SeekToAsync(context, group, instance, Offset.Beginning);

    public Task SeekToEndAsync(HttpContext context, string group, string instance) => SeekToAsync(context, group, instance, Offset.End);

    /// <summary>
    /// POST …/offsets, 200. Without a body: commits everything delivered so far; v2 answers <c>[]</c> (as the
    /// original always does), v1 lists <c>{"topic","partition","consumed","committed"}</c> per partition read. With
    /// {"offsets": [...]}: each offset is the last record processed and offset + 1 is committed. Commit metadata
    /// is accepted but not stored: Confluent.Kafka has no way to pass it to librdkafka.
    /// </summary>
    public async Task CommitAsync(HttpContext context, string group, string instance)
    {
        List<TopicPartitionOffset>? offsets = null;
        using (var body = await RequestBody.ReadAsync(context))
        {
            if (!IsBlank(body.Memory.Span))
            {
                offsets = ConsumerDocuments.Offsets(JsonBody.Parse(body.Memory.Span, ConsumerJson.Default.OffsetsDocument).Offsets);
            }
        }

        var delivered = await consumers.Get(group, instance).CommitAsync(offsets, context.RequestAborted);
        var v1 = context.Rest().ApiVersion == 1;
        await WriteAsync(context, writer =>
        {
            writer.WriteStartArray();
            if (v1)
            {
                foreach (var (topic, partition, offset) in delivered)
                {
                    writer.WriteStartObject();
                    writer.WriteString("topic", topic);
                    writer.WriteNumber("partition", partition);
                    writer.WriteNumber("consumed", offset);
                    writer.WriteNumber("committed", offset);
                    writer.WriteEndObject();
                }
            }

            writer.WriteEndArray();
        });
    }

    /// <summary>
    /// GET …/offsets with a JSON body {"partitions": [...]}: {"offsets": [{"topic","partition","offset","metadata"}]},
    /// partitions without a committed offset left out. Without a body the original answers 404/40402 "Partition
    /// not found." (kafka-rest #360), and so does this.
    /// </summary>
    public async Task CommittedAsync(HttpContext context, string group, string instance)
    {
        List<TopicPartition> partitions;
        using (var body = await RequestBody.ReadAsync(context))
        {
            if (IsBlank(body.Memory.Span))
            {
                throw RestException.PartitionNotFound();
            }

            partitions = ConsumerDocuments.Partitions(JsonBody.Parse(body.Memory.Span, ConsumerJson.Default.PartitionsDocument).Partitions);
        }

        var committed = await consumers.Get(group, instance).CommittedAsync(partitions, context.RequestAborted);
        await WriteAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("offsets");
            foreach (var offset in committed)
            {
                writer.WriteStartObject();
                writer.WriteString("topic", offset.Topic);
                writer.WriteNumber("partition", offset.Partition.Value);
                writer.WriteNumber("offset", offset.Offset.Value);
                writer.WriteString("metadata", string.Empty);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    /// <summary>GET …/records?timeout=ms&amp;max_bytes=n: the records ready for this instance (see <see cref="RecordsReader"/>).</summary>
    public async Task RecordsAsync(HttpContext context, string group, string instance)
    {
        var timeout = QueryLong(context, "timeout");
        var maxBytes = QueryLong(context, "max_bytes");
        var consumer = consumers.Get(group, instance);
        CheckFormat(context, consumer);
        await reader.ReadAsync(context, consumer, RecordShape.V2, timeout, maxBytes, consumers.Stopping);
    }

    /// <summary>
    /// v1: GET …/topics/{topic}?max_bytes=n. The first read subscribes the instance to the topic (404/40401 when it
    /// does not exist); a v1 consumer reads one topic, so another one is 409/40901.
    /// </summary>
    public async Task TopicRecordsAsync(HttpContext context, string group, string instance, string topic)
    {
        var maxBytes = QueryLong(context, "max_bytes");
        var consumer = consumers.Get(group, instance);
        CheckFormat(context, consumer);
        await consumer.SubscribeToTopicAsync(topic, () => cluster.TopicNames().Contains(topic), context.RequestAborted);
        await reader.ReadAsync(context, consumer, RecordShape.V1, timeoutMs: -1, maxBytes, consumers.Stopping);
    }

    private async Task SeekToAsync(HttpContext context, string group, string instance, Offset logical)
    {
        var document = await JsonBody.ReadAsync(context, ConsumerJson.Default.PartitionsDocument);
        var partitions = ConsumerDocuments.Partitions(document.Partitions);
        await consumers.Get(group, instance).SeekToAsync(partitions, logical, context.RequestAborted);
        RestResponses.NoContent(context);
    }

    /// <summary>
    /// The negotiated response type must name the instance's format (406/40601); the generic type and */* mean
    /// binary, the preferred records type, as in the original.
    /// </summary>
    private static void CheckFormat(HttpContext context, ConsumerInstance instance)
    {
        var requested = MediaType.TryParse(context.Rest().ResponseContentType, out var type) && type.Format != EmbeddedFormat.None ? type.Format : EmbeddedFormat.Binary;
        if (requested != instance.Format.Format)
        {
            throw ConsumerErrors.FormatMismatch();
        }
    }

    /// <summary>An integer query parameter; absent is -1 (the original's default, meaning "not given").</summary>
    private static long QueryLong(HttpContext context, string name)
    {
        var text = context.Request.Query[name];
        if (text.Count == 0 || string.IsNullOrEmpty(text[0]))
        {
            return -1;
        }

        return long.TryParse(text[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw RestException.BadRequest(name + " must be an integer, not '" + text[0] + "'");
    }

    private static bool IsRegex(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> body) => body.Trim(" \t\r\n"u8).IsEmpty;

    private static void WritePartitions(Utf8JsonWriter writer, string name, IEnumerable<TopicPartition> partitions)
    {
        writer.WriteStartArray(name);
        foreach (var partition in partitions)
        {
            writer.WriteStartObject();
            writer.WriteString("topic", partition.Topic);
            writer.WriteNumber("partition", partition.Partition.Value);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static async Task WriteAsync(HttpContext context, Action<Utf8JsonWriter> write)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = context.Rest().ResponseContentType;
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        write(writer);
    }
}
