using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Wharf.Connect.Api;
using Wharf.Connect.Logging;
using Wharf.Connect.Runtime;

namespace Wharf.Connect.Rest;

/// <summary>
/// Answers every failure in Apache's error shape <c>{"error_code": n, "message": "…"}</c>, mapped as its
/// ConnectExceptionMapper maps them: the REST exceptions with their status (400, 404, 409), unknown paths 404
/// "HTTP 404 Not Found", wrong methods 405, a body that is not JSON 415, and everything else (a body that does not
/// parse, an unknown connector class, a bug) 500 with the reason.
/// </summary>
internal sealed class ConnectErrorMiddleware(RequestDelegate next, ILogger<ConnectErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            if (HasUnsupportedBody(context))
            {
                await WriteAsync(context, 415, "HTTP 415 Unsupported Media Type");
                return;
            }

            await next(context);
            if (!context.Response.HasStarted && context.GetEndpoint() is null && context.Response.StatusCode is 404 or 405)
            {
                await WriteAsync(context, context.Response.StatusCode, context.Response.StatusCode == 404 ? "HTTP 404 Not Found" : "HTTP 405 Method Not Allowed");
            }
            else if (!context.Response.HasStarted && context.Response.StatusCode == 405)
            {
                await WriteAsync(context, 405, "HTTP 405 Method Not Allowed");
            }
        }
        catch (ConnectRestException exception) when (!context.Response.HasStarted)
        {
            await WriteAsync(context, exception.Status, exception.Message);
        }
        catch (ConnectException exception) when (!context.Response.HasStarted)
        {
            await WriteAsync(context, 500, exception.Message);
        }
        catch (BadHttpRequestException exception) when (!context.Response.HasStarted)
        {
            await WriteAsync(context, exception.StatusCode, exception.Message);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (Exception exception) when (!context.Response.HasStarted)
        {
            ConnectLog.UnexpectedError(logger, exception, context.Request.Method, context.Request.Path);
            await WriteAsync(context, 500, exception.Message);
        }
    }

    /// <summary>Every resource consumes application/json: a body of another declared type is refused (JAX-RS @Consumes).</summary>
    private static bool HasUnsupportedBody(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method) && !HttpMethods.IsPut(context.Request.Method) && !HttpMethods.IsPatch(context.Request.Method))
        {
            return false;
        }

        var type = context.Request.ContentType;
        var hasBody = context.Request.ContentLength is > 0 || context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true && context.Request.ContentLength is null;
        return hasBody && !string.IsNullOrWhiteSpace(type)
            && !type.Split(';')[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase);
    }

    private static Task WriteAsync(HttpContext context, int status, string message) =>
        ConnectJson.WriteAsync(context, status, w => ConnectJson.Error(w, status, message));
}
