using System.Buffers;
using System.Text.Json;
using Confluent.Kafka;
using Wharf.Clients.Consuming;
using Wharf.Protocol.Compression;
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
/// A records answer: each record is one JSON object written by the consumer's format (which decodes key and value)
/// into a staging buffer, and the staged records go to the body pipe in blocks of <see cref="FlushThreshold"/>
/// bytes. A record whose decoding fails is cut from the staging buffer without a trace; nothing reaches the body
/// before the first record is complete, so a failure there is still answered as an error. Staging keeps the
/// response pipe (and its lock) out of the per-record path. Binary records, which cannot fail, are written as bytes
/// by <see cref="BinaryRecordJson"/>.
/// </summary>
internal sealed class RecordsResponse : IDisposable
{
    /// <summary>Bytes staged before the proxy hands them to the body pipe and flushes them to the client.</summary>
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
    private readonly PooledBufferWriter _staged = new();
    private Utf8JsonWriter? _writer;
    private JsonEncodedText _topic;
    private bool _started;

    public RecordsResponse(HttpContext context, IRecordFormat format, RecordShape shape)
    {
        _context = context;
        _format = format;
        _shape = shape;
    }

    public int Count { get; private set; }

    public bool NeedsFlush => _staged.WrittenCount >= FlushThreshold;

    /// <summary>
    /// Writes a record. False when its key or value could not be decoded and records were already written: the
    /// record is left out and the answer should end. When it is the first record the decoding error is thrown,
    /// to be answered as such.
    /// </summary>
    public bool TryWrite(PolledRecord record)
    {
        Start();
        var boundary = _staged.WrittenCount;
        if (Count > 0)
        {
            _staged.Write(","u8);
        }

        if (_format is BinaryFormat)
        {
            BinaryRecordJson.Write(_staged, record, _shape, EncodedTopic(record.Topic));
            Count++;
            return true;
        }

        // Each record is a JSON value of its own for the writer (the array around them is written here), so a record
        // that fails is cut at its boundary and the writer, reset, is ready for the next answer's records.
        var writer = _writer ??= new Utf8JsonWriter(_staged);
        try
        {
            WriteRecord(writer, record);
            writer.Flush();
        }
        catch (RestException) when (Count > 0)
        {
            writer.Reset();
            _staged.Truncate(boundary);
            return false;
        }
        catch (RestException)
        {
            writer.Reset();
            _staged.Truncate(0);
            _started = false;
            throw;
        }

        writer.Reset();
        Count++;
        return true;
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_staged.WrittenCount > 0)
        {
            _context.Response.BodyWriter.Write(_staged.WrittenSpan);
            _staged.Truncate(0);
            await _context.Response.BodyWriter.FlushAsync(cancellationToken);
        }
    }

    /// <summary>Ends the array (an empty one when no record came) and flushes.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        Start();
        _staged.Write("]"u8);
        await FlushAsync(cancellationToken);
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _staged.Dispose();
    }

    private void Start()
    {
        if (_started)
        {
            return;
        }

        _started = true;
        _context.Response.StatusCode = 200;
        _context.Response.ContentType = _context.Rest().ResponseContentType;
        _staged.Write("["u8);
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
