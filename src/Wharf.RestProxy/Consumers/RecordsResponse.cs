using System.Buffers;
using System.Text.Json;
using Confluent.Kafka;
using Wharf.Clients.Consuming;
using Wharf.RestProxy.Formats;
using Wharf.RestProxy.Http;

namespace Wharf.RestProxy.Consumers;

/// <summary>The JSON shape of consumed records.</summary>
public enum RecordShape
{
    /// <summary>
    /// v2: <c>{"topic","key","value","partition","offset","timestamp","headers"}</c>. The last two are additive (the
    /// original has neither; its clients ignore unknown fields). timestamp is the record's epoch milliseconds, null
    /// when Kafka has none; headers, present only when the record has some (so header-less records keep the
    /// original's shape), is a list of <c>{"key": name, "value": base64 or null}</c> in record order — the shape
    /// Karapace (PR #1360) and the Strimzi bridge use, a list because header names may repeat.
    /// </summary>
    V2,

    /// <summary>v1 (Confluent's 2019 API docs): <c>{"key","value","partition","offset","topic"}</c>, nothing more.</summary>
    V1,
}

/// <summary>
/// A records answer written straight into the response body as records arrive: each record is one JSON object
/// written by the consumer's format (which decodes key and value) and committed to the body pipe whole, so a
/// record whose decoding fails is dropped from the body without a trace. Nothing reaches the body before the first
/// record is complete, so a failure there is still answered as an error.
/// </summary>
internal sealed class RecordsResponse
{
    /// <summary>Bytes written to the body pipe before the proxy flushes them to the client.</summary>
    private const int FlushThreshold = 64 * 1024;

    private static readonly JsonEncodedText Topic = JsonEncodedText.Encode("topic");
    private static readonly JsonEncodedText Key = JsonEncodedText.Encode("key");
    private static readonly JsonEncodedText Value = JsonEncodedText.Encode("value");
    private static readonly JsonEncodedText PartitionName = JsonEncodedText.Encode("partition");
    private static readonly JsonEncodedText OffsetName = JsonEncodedText.Encode("offset");
    private static readonly JsonEncodedText TimestampName = JsonEncodedText.Encode("timestamp");
    private static readonly JsonEncodedText Headers = JsonEncodedText.Encode("headers");

    private readonly HttpContext _context;
    private readonly IRecordFormat _format;
    private readonly RecordShape _shape;
    private Utf8JsonWriter? _writer;
    private JsonEncodedText _topic;
    private long _flushedBytes;
    private bool _broken;

    public RecordsResponse(HttpContext context, IRecordFormat format, RecordShape shape)
    {
        _context = context;
        _format = format;
        _shape = shape;
    }

    public int Count { get; private set; }

    public bool NeedsFlush => _writer is { } writer && writer.BytesCommitted - _flushedBytes >= FlushThreshold;

    /// <summary>
    /// Writes a record. False when its key or value could not be decoded and records were already written: the
    /// record is left out and the answer should end. When it is the first record the decoding error is thrown,
    /// to be answered as such.
    /// </summary>
    public bool TryWrite(PolledRecord record)
    {
        var writer = _writer ??= Start();
        try
        {
            WriteRecord(writer, record);
        }
        catch (RestException) when (Count > 0)
        {
            // Utf8JsonWriter buffers a record until Flush; Reset drops the partial one. The array is closed by
            // Complete, which then writes the bracket itself (the writer's state went with the reset).
            writer.Reset();
            _broken = true;
            return false;
        }
        catch (RestException)
        {
            writer.Reset();
            _writer = null;
            throw;
        }

        writer.Flush();
        Count++;
        return true;
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_writer is { } writer)
        {
            _flushedBytes = writer.BytesCommitted;
            await _context.Response.BodyWriter.FlushAsync(cancellationToken);
        }
    }

    /// <summary>Ends the array (an empty one when no record came) and flushes.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        var writer = _writer ??= Start();
        if (_broken)
        {
            _context.Response.BodyWriter.Write("]"u8);
        }
        else
        {
            writer.WriteEndArray();
            writer.Flush();
        }

        await writer.DisposeAsync();
        await _context.Response.BodyWriter.FlushAsync(cancellationToken);
    }

    private Utf8JsonWriter Start()
    {
        _context.Response.StatusCode = 200;
        _context.Response.ContentType = _context.Rest().ResponseContentType;
        var writer = new Utf8JsonWriter(_context.Response.BodyWriter);
        writer.WriteStartArray();
        return writer;
    }

    /// <summary>The topic's name escaped once per answer (its records nearly always share one), not once per record.</summary>
    private JsonEncodedText EncodedTopic(string topic)
    {
        if (_topic.Value != topic)
        {
            _topic = JsonEncodedText.Encode(topic);
        }

        return _topic;
    }

    private void WriteRecord(Utf8JsonWriter writer, PolledRecord record)
    {
        writer.WriteStartObject();
        if (_shape == RecordShape.V2)
        {
            writer.WriteString(Topic, EncodedTopic(record.Topic));
        }

        writer.WritePropertyName(Key);
        _format.WriteJson(writer, record.Key, !record.HasKey);
        writer.WritePropertyName(Value);
        _format.WriteJson(writer, record.Value, !record.HasValue);
        writer.WriteNumber(PartitionName, record.Partition);
        writer.WriteNumber(OffsetName, record.Offset);
        if (_shape == RecordShape.V1)
        {
            writer.WriteString(Topic, EncodedTopic(record.Topic));
            writer.WriteEndObject();
            return;
        }

        var timestamp = record.Timestamp;
        if (timestamp.Type == TimestampType.NotAvailable)
        {
            writer.WriteNull(TimestampName);
        }
        else
        {
            writer.WriteNumber(TimestampName, timestamp.UnixTimestampMs);
        }

        if (record.HeaderCount is var count and > 0)
        {
            writer.WriteStartArray(Headers);
            for (var i = 0; i < count; i++)
            {
                var name = record.HeaderAt(i, out var bytes, out var isNull);
                writer.WriteStartObject();
                writer.WriteString(Key, name);
                if (isNull)
                {
                    writer.WriteNull(Value);
                }
                else
                {
                    writer.WriteBase64String(Value, bytes);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }
}
