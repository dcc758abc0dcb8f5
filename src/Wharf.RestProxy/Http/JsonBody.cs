using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Wharf.Http;

namespace Wharf.RestProxy.Http;

/// <summary>
/// Reads request documents with the original's answers to bad ones: malformed JSON is 400 with Jackson's message
/// (<see cref="JsonSyntaxError"/>), a value of the wrong type 400, a missing or empty body where one is required
/// 422, and an unknown field 422 "Unrecognized field: name" (rest-utils' Jackson provider fails on unknown
/// properties).
/// </summary>
public static class JsonBody
{
    public static async Task<T> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> typeInfo, bool required = true)
        where T : class, new()
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        return Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), typeInfo, required);
    }

    public static T Parse<T>(ReadOnlySpan<byte> utf8, JsonTypeInfo<T> typeInfo, bool required = true)
        where T : class, new()
    {
        if (IsBlank(utf8))
        {
            return required ? throw RestException.Unprocessable("Request body is empty. Data is required.") : new T();
        }

        try
        {
            // Jackson reads the first value and ignores whatever follows it; so does the reader here.
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { AllowMultipleValues = true, MaxDepth = 1000 });
            return JsonSerializer.Deserialize(ref reader, typeInfo) ?? (required ? throw RestException.Unprocessable("Request body is empty. Data is required.") : new T());
        }
        catch (JsonException exception) when (UnrecognizedField(exception) is { } field)
        {
            throw RestException.Unprocessable("Unrecognized field: " + field);
        }
        catch (JsonException exception)
        {
            throw RestException.MalformedJson(JsonSyntaxError.Find(utf8) ?? "Cannot deserialize the request body" + Where(exception));
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> utf8)
    {
        foreach (var b in utf8)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>System.Text.Json reports an unmapped member with its path ("$.records[0].foo"); the field is its last segment.</summary>
    private static string? UnrecognizedField(JsonException exception)
    {
        if (!exception.Message.Contains("could not be mapped", StringComparison.Ordinal) || exception.Path is not { } path)
        {
            return null;
        }

        var last = path.LastIndexOfAny(['.', '[']);
        var field = last >= 0 ? path[(last + 1)..] : path;
        return field.Trim('\'', ']', '[');
    }

    private static string Where(JsonException exception) => exception.Path is { Length: > 1 } path ? " at " + path : string.Empty;
}
