using Confluent.Kafka;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Wharf.Http;
using Wharf.RestProxy.Logging;

namespace Wharf.RestProxy.Http;

/// <summary>
/// The REST Proxy's request pipeline, run after routing: content negotiation as the original does it (415 with
/// an error body for a request type the endpoint does not consume; 406 with no body for an Accept it cannot
/// satisfy), and every failure answered in the original's error shape — from handlers (<see cref="RestException"/>),
/// from their Kafka calls (<see cref="KafkaException"/>, mapped as rest-utils' KafkaExceptionMapper maps them),
/// from Kestrel (a body over the size limit), from routing (unknown path 404, wrong method 405), and from bugs
/// (500, logged).
/// </summary>
internal sealed class RestPipelineMiddleware(RequestDelegate next, ILogger<RestPipelineMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var mediaTypes = context.GetEndpoint()?.Metadata.GetMetadata<RestMediaTypes>();
        string? responseType = null;
        try
        {
            if (mediaTypes is not null)
            {
                responseType = Negotiate(context, mediaTypes);
                if (responseType is null)
                {
                    return;
                }
            }

            await next(context);
            if (!context.Response.HasStarted && context.Response.StatusCode is 404 or 405 && mediaTypes is null)
            {
                var status = context.Response.StatusCode;
                await JsonAnswers.WriteErrorAsync(context, status, status, status == 404 ? "HTTP 404 Not Found" : "HTTP 405 Method Not Allowed", RestMediaTypes.ErrorContentType(context.Request.Headers.Accept));
            }
        }
        catch (RestException exception) when (!context.Response.HasStarted)
        {
            await JsonAnswers.WriteErrorAsync(context, exception.StatusCode, exception.ErrorCode, exception.Message, responseType ?? RestMediaTypes.ErrorContentType(context.Request.Headers.Accept));
        }
        catch (KafkaException exception) when (!context.Response.HasStarted)
        {
            // A Kafka call of the handler failed (a metadata lookup, a topic deleted meanwhile, the cluster away).
            var answer = KafkaErrorCodes.ToRestException(exception.Error);
            await JsonAnswers.WriteErrorAsync(context, answer.StatusCode, answer.ErrorCode, answer.Message, responseType ?? RestMediaTypes.ErrorContentType(context.Request.Headers.Accept));
        }
        catch (BadHttpRequestException exception) when (!context.Response.HasStarted)
        {
            // Kestrel's own refusals, e.g. a body larger than the limit (413) or one that ended early (400).
            var message = exception.StatusCode == 413
                ? "Request Entity Too Large: the body is larger than the " + context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize + " bytes this proxy accepts"
                : "Bad Request: " + exception.Message;
            await JsonAnswers.WriteErrorAsync(context, exception.StatusCode, exception.StatusCode, message, responseType ?? RestMediaTypes.ErrorContentType(context.Request.Headers.Accept));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
        catch (Exception exception) when (!context.Response.HasStarted)
        {
            RestProxyLog.UnexpectedError(logger, exception, context.Request.Method, context.Request.Path);
            await JsonAnswers.WriteErrorAsync(context, 500, RestErrorCodes.InternalServerError, "Internal Server Error", responseType ?? RestMediaTypes.ErrorContentType(context.Request.Headers.Accept));
        }
    }

    /// <summary>The response content type, or null when the request was answered here (406).</summary>
    private static string? Negotiate(HttpContext context, RestMediaTypes mediaTypes)
    {
        // As JAX-RS matches @Consumes: a request that names a content type must name one the endpoint takes,
        // body or not; one without a Content-Type is taken (a produce request is then read as binary).
        var contentType = context.Request.ContentType;
        MediaType? requestType = null;
        if (!string.IsNullOrWhiteSpace(contentType))
        {
            var bare = contentType.Split(';')[0].Trim();
            if (mediaTypes.Consumes.Count > 0 && !mediaTypes.Consumes.Contains(bare, StringComparer.OrdinalIgnoreCase))
            {
                throw new RestException(415, RestErrorCodes.UnsupportedMediaType, "HTTP 415 Unsupported Media Type");
            }

            if (MediaType.TryParse(bare, out var parsed))
            {
                requestType = parsed;
            }
        }

        var selected = ContentNegotiation.Select(context.Request.Headers.Accept, mediaTypes.Produces);
        if (selected is null)
        {
            context.Response.StatusCode = 406;
            return null;
        }

        // A v1 client is answered in v1 types even when its Accept header allows v2.
        if (requestType is { ApiVersion: 1 } && MediaType.TryParse(selected, out var chosen) && chosen.ApiVersion == 2
            && mediaTypes.Produces.Any(p => p.ContentType == (chosen with { ApiVersion = 1 }).ToString())
            && ContentNegotiation.Select(context.Request.Headers.Accept, [new MediaTypeOffer((chosen with { ApiVersion = 1 }).ToString(), 1)]) is { } v1)
        {
            selected = v1;
        }

        context.Features.Set(new RestRequest { ResponseContentType = selected, RequestMediaType = requestType });
        return selected;
    }
}
