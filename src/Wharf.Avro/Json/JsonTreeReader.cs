using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace Wharf.Avro.Json;

/// <summary>
/// Reads JSON text into <see cref="AvroJsonValue"/> trees with Jackson's number model: a literal without fraction
/// or exponent is an exact integer, anything else a double (Avro-Java's mapper does not use BigDecimal). Comments
/// are allowed, as Avro-Java's parser enables <c>ALLOW_COMMENTS</c>.
/// </summary>
internal static class JsonTreeReader
{
    /// <summary>Deeper schemas than this are refused rather than risk a stack overflow.</summary>
    public const int DefaultMaxDepth = 256;

    public static AvroJsonValue Parse(ReadOnlySpan<byte> utf8, int maxDepth)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            MaxDepth = maxDepth,
        });
        try
        {
            if (!reader.Read())
            {
                throw new FormatException("The text is empty: no JSON value.");
            }
            var value = ReadValue(ref reader);
            if (reader.Read())
            {
                throw new FormatException($"Dangling content after the end of the JSON value at byte {reader.TokenStartIndex}.");
            }
            return value;
        }
        catch (JsonException e)
        {
            throw new FormatException($"Invalid JSON: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            // Utf8JsonReader reports invalid UTF-8 or lone surrogates inside strings this way.
            throw new FormatException($"Invalid JSON: {e.Message}", e);
        }
    }

    private static AvroJsonValue ReadValue(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return AvroJsonValue.Null;
            case JsonTokenType.True:
                return AvroJsonValue.True;
            case JsonTokenType.False:
                return AvroJsonValue.False;
            case JsonTokenType.String:
                return AvroJsonValue.FromString(reader.GetString()!);
            case JsonTokenType.Number:
                return ReadNumber(ref reader);
            case JsonTokenType.StartArray:
                var items = new List<AvroJsonValue>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadValue(ref reader));
                }
                return AvroJsonValue.FromArray(items);
            case JsonTokenType.StartObject:
                var properties = new List<KeyValuePair<string, AvroJsonValue>>();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var key = reader.GetString()!;
                    reader.Read();
                    properties.Add(new(key, ReadValue(ref reader)));
                }
                return AvroJsonValue.FromObject(properties);
            default:
                throw new FormatException($"Unexpected JSON token {reader.TokenType}.");
        }
    }

    private static AvroJsonValue ReadNumber(ref Utf8JsonReader reader)
    {
        ReadOnlySpan<byte> raw = reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan;
        if (reader.TryGetInt64(out var small))
        {
            return AvroJsonValue.FromInteger(small);
        }
        if (raw.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0)
        {
            return AvroJsonValue.FromInteger(BigInteger.Parse(System.Text.Encoding.UTF8.GetString(raw), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
        }
        // double.Parse rounds correctly and turns overflow into infinity, as Java's Double.parseDouble does.
        return AvroJsonValue.FromDouble(double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture));
    }
}
