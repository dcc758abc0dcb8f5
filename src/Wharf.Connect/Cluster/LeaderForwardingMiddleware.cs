using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Wharf.Connect.Api;
using Wharf.Connect.Logging;

namespace Wharf.Connect.Cluster;

/// <summary>
/// Forwards a request this worker may not serve (Apache's HerderRequestHandler) to the leader, or to the worker
/// running what it names: the same method, path and JSON body go there with <c>forward=true</c> (or, from a worker
/// that was itself forwarded to, <c>forward=false</c>), and that worker's answer — status, body, Location — is the
/// answer. A request that arrived with <c>forward=false</c> is not forwarded again (409). A worker that cannot be
/// reached is a 500 "IO Error trying to forward REST request". Before its first assignment a worker holds changes
/// back until it knows its cluster.
/// </summary>
internal sealed class LeaderForwardingMiddleware(RequestDelegate next, Runtime.ConnectHerder herder, ILogger<LeaderForwardingMiddleware> logger)
{
    /// <summary>Apache's REST request timeout.</summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(90);

    private static readonly HttpClient Client = new() { Timeout = RequestTimeout };

    public async Task InvokeAsync(HttpContext context)
    {
        // Changes wait until the worker is a member of its cluster (the REST server starts first, to learn its port).
        if (!HttpMethods.IsGet(context.Request.Method) && !herder.Ready.IsCompleted)
        {
            try
            {
                await herder.Ready.WaitAsync(RequestTimeout, context.RequestAborted);
            }
            catch (TimeoutException)
            {
                throw new ConnectException("Request timed out. The worker is currently ensuring membership in the cluster");
            }
        }

        // The body is read again when the request has to be forwarded.
        context.Request.EnableBuffering();
        try
        {
            await next(context);
        }
        catch (RequestTargetException exception) when (!context.Response.HasStarted && context.Request.Query["forward"] != "false")
        {
            await ForwardAsync(context, exception.TargetUrl);
        }
    }

    private async Task ForwardAsync(HttpContext context, string targetUrl)
    {
        var request = context.Request;
        var query = request.Query.Where(q => q.Key != "forward").ToDictionary(q => q.Key, q => q.Value);
        query["forward"] = request.Query.ContainsKey("forward") ? "false" : "true";
        var target = targetUrl.TrimEnd('/') + request.PathBase + request.Path
            + Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(string.Empty, query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v))));
        ClusterLog.Forwarding(logger, request.Method, request.Path, targetUrl);

        using var forwarded = new HttpRequestMessage(new HttpMethod(request.Method), target);
        forwarded.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        forwarded.Headers.UserAgent.ParseAdd("kafka-connect");
        if (request.Headers.Authorization is { Count: > 0 } authorization)
        {
            forwarded.Headers.TryAddWithoutValidation("Authorization", (IEnumerable<string?>)authorization);
        }

        if (request.Body.CanSeek && request.Body.Length > 0)
        {
            request.Body.Position = 0;
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, context.RequestAborted);
            forwarded.Content = new ByteArrayContent(buffer.ToArray());
            forwarded.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        HttpResponseMessage answer;
        try
        {
            answer = await Client.SendAsync(forwarded, context.RequestAborted);
        }
        catch (HttpRequestException exception)
        {
            throw new ConnectException("IO Error trying to forward REST request: " + exception.Message, exception);
        }

        using (answer)
        {
            context.Response.StatusCode = (int)answer.StatusCode;
            if (answer.Headers.Location is { } location)
            {
                // The leader's relative Location (HttpClient resolves it against the leader's URL) as this worker would send it.
                context.Response.Headers.Location = location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
            }

            if (answer.Content.Headers.ContentType is { } type)
            {
                context.Response.ContentType = type.ToString();
            }

            var body = await answer.Content.ReadAsByteArrayAsync(context.RequestAborted);
            if (body.Length > 0)
            {
                await context.Response.Body.WriteAsync(body, context.RequestAborted);
            }
        }
    }
}
