using System.Text.Json;
using Wharf.RestProxy.Formats;

namespace Wharf.RestProxy.Http;

/// <summary>
/// The original's answers to well-formed JSON of the wrong shape: Jackson's mapping messages, with the Java type
/// shortened as rest-utils' JsonMappingExceptionMapper shortens it (400).
/// </summary>
public static class JacksonMessages
{
    /// <summary>"Cannot deserialize value of type `T` from Object value (token `JsonToken.START_OBJECT`)", for the current token.</summary>
    public static RestException WrongType(ref Utf8JsonReader reader, string type)
    {
        var (shape, token) = reader.TokenType switch
        {
            JsonTokenType.StartObject => ("Object", "START_OBJECT"),
            JsonTokenType.StartArray => ("Array", "START_ARRAY"),
            JsonTokenType.String => ("String", "VALUE_STRING"),
            JsonTokenType.True => ("Boolean", "VALUE_TRUE"),
            JsonTokenType.False => ("Boolean", "VALUE_FALSE"),
            JsonTokenType.Null => ("Null", "VALUE_NULL"),
            _ when IsInteger(reader.ValueSpan) => ("Integer", "VALUE_NUMBER_INT"),
            _ => ("Floating-point", "VALUE_NUMBER_FLOAT"),
        };
        return RestException.MalformedJson("Cannot deserialize value of type `" + type + "` from " + shape + " value (token `JsonToken." + token + "`)");
    }

    /// <summary>A scalar or an array where an object built by a creator (a request, a record) is expected.</summary>
    public static RestException NotAnObject(ref Utf8JsonReader reader, string type)
    {
        var prefix = "Cannot construct instance of `" + type + "` (although at least one Creator exists): no ";
        var raw = System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
        return reader.TokenType switch
        {
            JsonTokenType.String => RestException.MalformedJson(prefix + "String-argument constructor/factory method to deserialize from String value ('" + reader.GetString() + "')"),
            JsonTokenType.True or JsonTokenType.False => RestException.MalformedJson(prefix + "boolean/Boolean-argument constructor/factory method to deserialize from boolean value (" + raw + ")"),
            JsonTokenType.Number when !IsInteger(reader.ValueSpan) => RestException.MalformedJson(prefix + "double/Double-argument constructor/factory method to deserialize from Number value (" + CompactJson.ToText(reader.ValueSpan) + ")"),
            JsonTokenType.Number => RestException.MalformedJson(prefix + (reader.TryGetInt32(out _) ? "int/Int" : "long/Long") + "-argument constructor/factory method to deserialize from Number value (" + raw + ")"),
            _ => WrongType(ref reader, type),
        };
    }

    private static bool IsInteger(ReadOnlySpan<byte> number) => number.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0;
}
