using System.Buffers;
using System.Text.Json;
using Wharf.Http;

namespace Wharf.SchemaRegistry.Http;

/// <summary>Writes answers with the negotiated content type, as Jackson writes them (NON_EMPTY entities are shaped by the callers).</summary>
public static class RegistryAnswers
{
    /// <summary>Writes the document whole before answering, so that a failure while writing it is still answered as an error.</summary>
    public static Task JsonAsync(HttpContext context, Action<Utf8JsonWriter> write, int statusCode = 200) =>
        JsonAsync(context, Serialize(write), statusCode);

    /// <summary>A document serialized before (<see cref="Serialize"/>), answered with the negotiated content type.</summary>
    public static async Task JsonAsync(HttpContext context, ReadOnlyMemory<byte> document, int statusCode = 200)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = ResponseType(context);
        await context.Response.Body.WriteAsync(document, context.RequestAborted);
    }

    /// <summary>The document <paramref name="write"/> writes, as Jackson would write it.</summary>
    public static ReadOnlyMemory<byte> Serialize(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, JsonAnswers.WriterOptions))
        {
            write(writer);
        }

        return buffer.WrittenMemory;
    }

    /// <summary>The /schema endpoints: the schema text itself, not a JSON string.</summary>
    public static async Task RawAsync(HttpContext context, string text)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = ResponseType(context);
        await context.Response.WriteAsync(text, context.RequestAborted);
    }

    public static Task ErrorAsync(HttpContext context, int statusCode, int errorCode, string message, string contentType) =>
        JsonAnswers.WriteErrorAsync(context, statusCode, errorCode, message, contentType);

    private static string ResponseType(HttpContext context) => context.Features.Get<NegotiatedType>()?.ContentType ?? RegistryMediaTypes.V1;
}

/// <summary>The content type negotiated for a request's answer.</summary>
public sealed record NegotiatedType(string ContentType);
