using System.Text.Json;
using Wharf.RestProxy.Formats;
using Wharf.RestProxy.Http;

namespace Wharf.RestProxy.Produce;

/// <summary>One record of a produce request: its key and value as raw JSON, and the partition it names, if any.</summary>
public readonly record struct ProduceRecord(RawJson? Key, RawJson? Value, int? Partition);

/// <summary>A produce request document: the schema fields and the records.</summary>
public sealed record ProduceRequest(ProduceSchemas Schemas, IReadOnlyList<ProduceRecord> Records);

/// <summary>
/// Reads a produce request body in one pass with <see cref="Utf8JsonReader"/>, keeping each key and value as a
/// slice of the body (no per-record document or string is built here). The original's answers to bad
/// documents: malformed JSON 400; not an object, a missing or empty <c>records</c>, an unknown field or a
/// wrongly typed one 422.
/// </summary>
public static class ProduceRequestReader
{
    public static ProduceRequest Read(ReadOnlyMemory<byte> body)
    {
        try
        {
            return ReadDocument(body);
        }
        catch (JsonException exception)
        {
            throw new RestException(400, RestErrorCodes.BadRequest, "Unexpected character or malformed JSON in the request body (line " + ((exception.LineNumber ?? 0) + 1) + ")");
        }
    }

    private static ProduceRequest ReadDocument(ReadOnlyMemory<byte> body)
    {
        var reader = new Utf8JsonReader(body.Span, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        if (!reader.Read())
        {
            throw RestException.Unprocessable("Request body is empty. Data is required.");
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw RestException.Unprocessable("The request body must be a JSON object with a \"records\" array.");
        }

        string? keySchema = null, valueSchema = null;
        int? keySchemaId = null, valueSchemaId = null;
        List<ProduceRecord>? records = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            switch (name)
            {
                case "key_schema":
                    keySchema = ReadNullableString(ref reader, name);
                    break;
                case "value_schema":
                    valueSchema = ReadNullableString(ref reader, name);
                    break;
                case "key_schema_id":
                    keySchemaId = ReadNullableInt(ref reader, name);
                    break;
                case "value_schema_id":
                    valueSchemaId = ReadNullableInt(ref reader, name);
                    break;
                case "records":
                    records = ReadRecords(ref reader, body);
                    break;
                default:
                    throw RestException.Unprocessable("Unrecognized field: " + name);
            }
        }

        if (records is not { Count: > 0 })
        {
            throw RestException.Unprocessable("records may not be empty");
        }

        return new ProduceRequest(new ProduceSchemas(keySchema, keySchemaId, valueSchema, valueSchemaId), records);
    }

    private static List<ProduceRecord> ReadRecords(ref Utf8JsonReader reader, ReadOnlyMemory<byte> body)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return [];
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw RestException.Unprocessable("records must be an array of records.");
        }

        var records = new List<ProduceRecord>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw RestException.Unprocessable("Each record must be a JSON object.");
            }

            RawJson? key = null, value = null;
            int? partition = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                switch (name)
                {
                    case "key":
                        key = Slice(ref reader, body);
                        break;
                    case "value":
                        value = Slice(ref reader, body);
                        break;
                    case "partition":
                        partition = ReadNullableInt(ref reader, name);
                        break;
                    default:
                        throw RestException.Unprocessable("Unrecognized field: " + name);
                }
            }

            records.Add(new ProduceRecord(key, value, partition));
        }

        return records;
    }

    /// <summary>The current value (a scalar, or a whole object/array) as a slice of the body.</summary>
    private static RawJson Slice(ref Utf8JsonReader reader, ReadOnlyMemory<byte> body)
    {
        var start = (int)reader.TokenStartIndex;
        var type = reader.TokenType;
        var escaped = type == JsonTokenType.String && reader.ValueIsEscaped;
        if (type is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            reader.Skip();
        }

        var end = (int)reader.BytesConsumed;
        return new RawJson(body[start..end], type, escaped);
    }

    private static string? ReadNullableString(ref Utf8JsonReader reader, string name) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => reader.GetString(),
        _ => throw RestException.Unprocessable(name + " must be a string."),
    };

    private static int? ReadNullableInt(ref Utf8JsonReader reader, string name) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.Number when reader.TryGetInt32(out var value) => value,
        _ => throw RestException.Unprocessable(name + " must be an integer."),
    };
}
