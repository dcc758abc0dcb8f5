using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Wharf.RestProxy.Http;

/// <summary>Writes answers with the negotiated content type: documents through source-generated JSON metadata, errors in the original's shape.</summary>
public static class RestResponses
{
    /// <summary>
    /// Jackson's escaping: only what JSON requires (quote, backslash, control characters); everything else, such as
    /// '&lt;', '&amp;' or 'é', as is (System.Text.Json's default would write \u003C, \u0026, \u00E9).
    /// </summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteJsonAsync<T>(HttpContext context, T value, JsonTypeInfo<T> typeInfo, int statusCode = 200)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = context.Rest().ResponseContentType;
        await JsonSerializer.SerializeAsync(context.Response.Body, value, typeInfo, context.RequestAborted);
    }

    public static void NoContent(HttpContext context) => context.Response.StatusCode = 204;

    public static async Task WriteErrorAsync(HttpContext context, int statusCode, int errorCode, string message, string contentType)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = contentType;
        await using var writer = new Utf8JsonWriter(context.Response.Body, WriterOptions);
        writer.WriteStartObject();
        writer.WriteNumber("error_code", errorCode);
        writer.WriteString("message", message);
        writer.WriteEndObject();
    }
}
