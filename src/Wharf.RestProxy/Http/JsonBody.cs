using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Wharf.RestProxy.Http;

/// <summary>
/// Reads request documents with the original's answers to bad ones: malformed JSON is 400, a missing or empty
/// body where one is required is 422, and an unknown field is 422 "Unrecognized field: name" (rest-utils'
/// Jackson provider fails on unknown properties).
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
            return JsonSerializer.Deserialize(utf8, typeInfo) ?? (required ? throw RestException.Unprocessable("Request body is empty. Data is required.") : new T());
        }
        catch (JsonException exception) when (UnrecognizedField(exception) is { } field)
        {
            throw RestException.Unprocessable("Unrecognized field: " + field);
        }
        catch (JsonException exception)
        {
            throw new RestException(400, RestErrorCodes.BadRequest, "Unexpected character or malformed JSON in the request body" + Where(exception));
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

    private static string Where(JsonException exception) =>
        exception.LineNumber is { } line ? " (line " + (line + 1) + ", position " + ((exception.BytePositionInLine ?? 0) + 1) + ")" : string.Empty;
}
