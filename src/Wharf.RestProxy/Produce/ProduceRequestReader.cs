using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Wharf.Http;
using Wharf.RestProxy.Formats;
using Wharf.RestProxy.Http;

namespace Wharf.RestProxy.Produce;

/// <summary>One record of a produce request: its key and value as raw JSON, and the partition it names, if any.</summary>
public readonly record struct ProduceRecord(RawJson? Key, RawJson? Value, int? Partition);

/// <summary>
/// A produce request document: the schema fields and the records. The records live in a pooled array (a request of
/// a thousand records would otherwise grow a list through ten copies), returned on dispose; their keys and values
/// are slices of the request body, which must outlive the request.
/// </summary>
public sealed class ProduceRequest : IDisposable
{
    private ProduceRecord[]? _records;
    private readonly int _count;

    internal ProduceRequest(ProduceSchemas schemas, ProduceRecord[] records, int count)
    {
        Schemas = schemas;
        _records = records;
        _count = count;
    }

    public ProduceSchemas Schemas { get; }

    public ReadOnlyMemory<ProduceRecord> Records =>
        _records is null ? throw new ObjectDisposedException(nameof(ProduceRequest)) : _records.AsMemory(0, _count);

    public void Dispose()
    {
        if (_records is { } records)
        {
            _records = null;
            ArrayPool<ProduceRecord>.Shared.Return(records, clearArray: true);
        }
    }
}

/// <summary>
/// Reads a produce request body in one pass with <see cref="Utf8JsonReader"/>, keeping each key and value as a
/// slice of the body (no per-record document, and no string for the field names). It answers bad documents as
/// the original's Jackson + Jersey stack does, first problem in document order first:
/// malformed JSON 400 with Jackson's message; a value of the wrong type 400 with Jackson's mapping message
/// (a number or boolean for a string field is taken as its text, a numeric string or a fraction for an int
/// field as that int, as Jackson coerces them); an unknown field 422 "Unrecognized field: name"; no body 422
/// "produceBinary.arg2 must not be null (was null)" and no records 422 "produceBinary.arg2.records must not be
/// empty (was [])" (Jersey's bean validation of the resource method's parameter).
/// </summary>
public static class ProduceRequestReader
{
    private const string RequestType = "ProduceRequest";
    private const string RecordType = "ProduceRecord";

    /// <summary>How the original names the records list's type in its messages (Java's ArrayList&lt;...ProduceRecord&gt;, shortened by rest-utils).</summary>
    private const string RecordsType = "ProduceRecord>";

    private static readonly JsonReaderOptions Options = new() { MaxDepth = CompactJson.MaxDepth };

    /// <param name="body">The request body.</param>
    /// <param name="parameter">The original's name of the request parameter for validation messages, e.g. "produceBinary.arg2".</param>
    public static ProduceRequest Read(ReadOnlyMemory<byte> body, string parameter)
    {
        if (body.Length == 0)
        {
            throw RestException.Unprocessable(parameter + " must not be null (was null)");
        }

        if (body.Span.StartsWith("\uFEFF"u8))
        {
            body = body[3..];
        }

        if (!body.Span.ContainsAnyExcept(" \t\r\n"u8))
        {
            throw RestException.MalformedJson("No content to map due to end-of-input");
        }

        try
        {
            return ReadDocument(body, parameter);
        }
        catch (JsonException exception)
        {
            throw RestException.MalformedJson(JsonSyntaxError.Find(body.Span) ?? exception.Message);
        }
    }

    private static ProduceRequest ReadDocument(ReadOnlyMemory<byte> body, string parameter)
    {
        var reader = new Utf8JsonReader(body.Span, Options);
        reader.Read();
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                throw RestException.Unprocessable(parameter + " must not be null (was null)");
            case JsonTokenType.StartObject:
                break;
            default:
                throw JacksonMessages.NotAnObject(ref reader, RequestType);
        }

        string? keySchema = null, valueSchema = null;
        int? keySchemaId = null, valueSchemaId = null;
        RecordBuffer? records = null;
        var nullRecord = -1;
        try
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("records"u8))
                {
                    reader.Read();
                    records?.Dispose();
                    records = ReadRecords(ref reader, body, out nullRecord);
                }
                else if (reader.ValueTextEquals("key_schema"u8))
                {
                    reader.Read();
                    keySchema = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("value_schema"u8))
                {
                    reader.Read();
                    valueSchema = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("key_schema_id"u8))
                {
                    reader.Read();
                    keySchemaId = ReadInt(ref reader);
                }
                else if (reader.ValueTextEquals("value_schema_id"u8))
                {
                    reader.Read();
                    valueSchemaId = ReadInt(ref reader);
                }
                else
                {
                    throw Unrecognized(ref reader);
                }
            }

            if (nullRecord >= 0)
            {
                // The original's creator copies the records into an ImmutableList, which refuses a null element.
                throw RestException.MalformedJson("Cannot construct instance of `" + RequestType + "`, problem: at index " + nullRecord.ToString(CultureInfo.InvariantCulture));
            }

            if (records is not { Count: > 0 })
            {
                throw RestException.Unprocessable(parameter + ".records must not be empty (was [])");
            }

            return records.ToRequest(new ProduceSchemas(keySchema, keySchemaId, valueSchema, valueSchemaId));
        }
        finally
        {
            records?.Dispose();
        }
    }

    private static RecordBuffer? ReadRecords(ref Utf8JsonReader reader, ReadOnlyMemory<byte> body, out int nullRecord)
    {
        nullRecord = -1;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw JacksonMessages.WrongType(ref reader, RecordsType);
        }

        var records = new RecordBuffer();
        try
        {
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType == JsonTokenType.Null)
                {
                    nullRecord = nullRecord < 0 ? records.Count : nullRecord;
                    records.Add(default);
                    continue;
                }

                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw JacksonMessages.NotAnObject(ref reader, RecordType);
                }

                RawJson? key = null, value = null;
                int? partition = null;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("value"u8))
                    {
                        reader.Read();
                        value = Slice(ref reader, body);
                    }
                    else if (reader.ValueTextEquals("key"u8))
                    {
                        reader.Read();
                        key = Slice(ref reader, body);
                    }
                    else if (reader.ValueTextEquals("partition"u8))
                    {
                        reader.Read();
                        partition = ReadInt(ref reader);
                    }
                    else
                    {
                        throw Unrecognized(ref reader);
                    }
                }

                records.Add(new ProduceRecord(key, value, partition));
            }
        }
        catch
        {
            records.Dispose();
            throw;
        }

        return records;
    }

    /// <summary>The current value (a scalar, or a whole object/array) as a slice of the body; JSON null is absent.</summary>
    private static RawJson? Slice(ref Utf8JsonReader reader, ReadOnlyMemory<byte> body)
    {
        var type = reader.TokenType;
        if (type == JsonTokenType.Null)
        {
            return null;
        }

        var start = (int)reader.TokenStartIndex;
        var escaped = type == JsonTokenType.String && reader.ValueIsEscaped;
        if (type is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            reader.Skip();
        }

        var end = (int)reader.BytesConsumed;
        return new RawJson(body[start..end], type, escaped);
    }

    /// <summary>A String field: a scalar is taken as its text, as Jackson coerces it.</summary>
    private static string? ReadString(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
        _ => throw JacksonMessages.WrongType(ref reader, "String"),
    };

    /// <summary>An Integer field: a fraction is truncated, a numeric string parsed, an empty string null, as Jackson coerces them.</summary>
    private static int? ReadInt(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                if (reader.TryGetInt32(out var value))
                {
                    return value;
                }

                var number = reader.GetDouble();
                return number is >= int.MinValue and <= int.MaxValue
                    ? (int)number
                    : throw RestException.MalformedJson("Numeric value (" + System.Text.Encoding.UTF8.GetString(reader.ValueSpan) + ") out of range of int (-2147483648 - 2147483647)");
            case JsonTokenType.String:
                var text = reader.GetString()!.Trim();
                if (text.Length == 0)
                {
                    return null;
                }

                return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)
                    ? parsed
                    : throw RestException.MalformedJson("Cannot deserialize value of type `Integer` from String \"" + text + "\": not a valid `java.lang.Integer` value");
            default:
                throw JacksonMessages.WrongType(ref reader, "Integer");
        }
    }

    /// <summary>Records gathered into a rented array that doubles as it fills; its array goes to the request, or back to the pool.</summary>
    private sealed class RecordBuffer : IDisposable
    {
        private ProduceRecord[]? _items = ArrayPool<ProduceRecord>.Shared.Rent(16);

        public int Count { get; private set; }

        public void Add(in ProduceRecord record)
        {
            var items = _items!;
            if (Count == items.Length)
            {
                var larger = ArrayPool<ProduceRecord>.Shared.Rent(items.Length * 2);
                items.AsSpan(0, Count).CopyTo(larger);
                ArrayPool<ProduceRecord>.Shared.Return(items, clearArray: true);
                _items = items = larger;
            }

            items[Count++] = record;
        }

        /// <summary>Hands the records to a request, which returns the array when disposed.</summary>
        public ProduceRequest ToRequest(ProduceSchemas schemas)
        {
            var request = new ProduceRequest(schemas, _items!, Count);
            _items = null;
            return request;
        }

        public void Dispose()
        {
            if (_items is { } items)
            {
                _items = null;
                ArrayPool<ProduceRecord>.Shared.Return(items, clearArray: true);
            }
        }
    }

    private static RestException Unrecognized(ref Utf8JsonReader reader) => RestException.Unprocessable("Unrecognized field: " + reader.GetString());
}
