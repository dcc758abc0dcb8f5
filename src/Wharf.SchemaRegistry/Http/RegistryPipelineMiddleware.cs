using Microsoft.Extensions.Logging;
using Wharf.SchemaRegistry.Election;
using Wharf.SchemaRegistry.Logging;

namespace Wharf.SchemaRegistry.Http;

/// <summary>
/// The registry's request pipeline, run after routing: content negotiation as Jersey does it for the original
/// (415 for a body type the API does not take, 406 for an Accept it cannot satisfy, both in the error shape with
/// the HTTP status as error_code), writes sent to the leader by followers, and every failure answered as
/// <c>{"error_code","message"}</c> — from handlers (<see cref="RegistryException"/>), Kestrel (a body over the
/// limit), routing (unknown path 404 "HTTP 404 Not Found", wrong method 405) and bugs (500, logged).
/// </summary>
internal sealed class RegistryPipelineMiddleware(RequestDelegate next, LeaderForwarder forwarder, ILogger<RegistryPipelineMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        var errorType = RegistryMediaTypes.Negotiate(context.Request.Headers.Accept) ?? RegistryMediaTypes.Json;
        try
        {
            if (endpoint is not null)
            {
                CheckRequestType(context);
                var responseType = RegistryMediaTypes.Negotiate(context.Request.Headers.Accept) ?? throw new RegistryException(406, 406, "HTTP 406 Not Acceptable");
                context.Features.Set(new NegotiatedType(responseType));
                if (endpoint.Metadata.GetMetadata<LeaderOnly>() is { } write && await forwarder.TryForwardAsync(context, write.Messages))
                {
                    return;
                }
            }

            await next(context);
            if (!context.Response.HasStarted && context.Response.StatusCode is 404 or 405)
            {
                var status = context.Response.StatusCode;
                await RegistryAnswers.ErrorAsync(context, status, status, status == 404 ? "HTTP 404 Not Found" : "HTTP 405 Method Not Allowed", errorType);
            }
        }
        catch (RegistryException exception) when (!context.Response.HasStarted)
        {
            await RegistryAnswers.ErrorAsync(context, exception.StatusCode, exception.ErrorCode, exception.Message, exception.StatusCode == 406 ? RegistryMediaTypes.Json : errorType);
        }
        catch (BadHttpRequestException exception) when (!context.Response.HasStarted)
        {
            var message = exception.StatusCode == 413 ? "HTTP 413 Request Entity Too Large" : "HTTP 400 Bad Request";
            await RegistryAnswers.ErrorAsync(context, exception.StatusCode, exception.StatusCode, message, errorType);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
        catch (Exception exception) when (!context.Response.HasStarted)
        {
            RegistryLog.UnexpectedError(logger, exception, context.Request.Method, context.Request.Path);
            await RegistryAnswers.ErrorAsync(context, 500, 500, "Internal Server Error", errorType);
        }
    }

    /// <summary>As JAX-RS matches @Consumes: a body sent with a content type must be one the registry reads.</summary>
    private static void CheckRequestType(HttpContext context)
    {
        var contentType = context.Request.ContentType;
        if (string.IsNullOrWhiteSpace(context.Request.ContentType) || HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        var bare = contentType!.Split(';')[0].Trim();
        if (!RegistryMediaTypes.Consumes.Contains(bare, StringComparer.OrdinalIgnoreCase))
        {
            throw new RegistryException(415, 415, "HTTP 415 Unsupported Media Type");
        }
    }
}
