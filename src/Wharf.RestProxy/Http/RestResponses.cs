using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Wharf.RestProxy.Http;

/// <summary>Writes documents with the negotiated content type through source-generated JSON metadata (errors: <see cref="Wharf.Http.JsonAnswers"/>).</summary>
public static class RestResponses
{
    public static async Task WriteJsonAsync<T>(HttpContext context, T value, JsonTypeInfo<T> typeInfo, int statusCode = 200)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = context.Rest().ResponseContentType;
        await JsonSerializer.SerializeAsync(context.Response.Body, value, typeInfo, context.RequestAborted);
    }

    public static void NoContent(HttpContext context) => context.Response.StatusCode = 204;
}
