using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Wharf.Http;

/// <summary>JSON answers as the Java originals write them: Jackson's escaping and the <c>{"error_code", "message"}</c> error body.</summary>
public static class JsonAnswers
{
    /// <summary>
    /// Jackson's escaping: only what JSON requires (quote, backslash, control characters); everything else, such as
    /// '&lt;', '&amp;' or 'é', as is (System.Text.Json's default would write \u003C, \u0026, \u00E9).
    /// </summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

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
