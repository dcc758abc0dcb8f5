using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Wharf.SchemaRegistry.Http;
using Wharf.SchemaRegistry.Logging;
using Wharf.SchemaRegistry.Registry;

namespace Wharf.SchemaRegistry.Election;

/// <summary>
/// Sends a write received by a follower to the leader, as the original forwards (same method, path, query and body;
/// Content-Type and Accept passed on), and answers with the leader's answer. While an election is settling (no
/// leader yet, or the announced leader is this very instance, which has just lost the lead) it waits a little;
/// then 50004 "Leader not known.". A leader that cannot be reached is 50003.
/// </summary>
internal sealed class LeaderForwarder(ILeadership leadership, TimeProvider time, ILogger<LeaderForwarder> logger) : IDisposable
{
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(15);
    private static readonly string[] PassedHeaders = ["Accept", "Authorization", "X-Request-ID"];

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>True when the request was answered by the leader; false when this instance is the leader and must handle it.</summary>
    public async Task<bool> TryForwardAsync(HttpContext context, WriteMessages messages)
    {
        var leader = await WaitForLeaderAsync(context.RequestAborted);
        if (leader is null)
        {
            return false;
        }

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        // The request target as received: the decoded path would turn a subject's %2F into a path separator.
        var target = new Uri(leader, context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.ToUriComponent() + context.Request.QueryString);
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), target);
        if (body.Length > 0 || context.Request.ContentType is not null)
        {
            request.Content = new ByteArrayContent(body.ToArray());
            if (context.Request.ContentType is { } contentType)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        foreach (var header in PassedHeaders)
        {
            if (context.Request.Headers.TryGetValue(header, out var values))
            {
                request.Headers.TryAddWithoutValidation(header, (IEnumerable<string?>)values);
            }
        }

        try
        {
            using var response = await _http.SendAsync(request, context.RequestAborted);
            var answer = await response.Content.ReadAsByteArrayAsync(context.RequestAborted);
            context.Response.StatusCode = (int)response.StatusCode;
            if (response.Content.Headers.ContentType is { } type)
            {
                context.Response.ContentType = type.ToString();
            }

            await context.Response.Body.WriteAsync(answer, context.RequestAborted);
            return true;
        }
        catch (HttpRequestException exception)
        {
            RegistryLog.ForwardingFailed(logger, context.Request.Method, context.Request.Path, leader.ToString(), exception.Message);
            throw RegistryErrors.Forwarding(messages.Forwarding);
        }
        catch (TaskCanceledException exception) when (!context.RequestAborted.IsCancellationRequested)
        {
            RegistryLog.ForwardingFailed(logger, context.Request.Method, context.Request.Path, leader.ToString(), exception.Message);
            throw RegistryErrors.Forwarding(messages.Forwarding);
        }
    }

    /// <summary>The leader to forward to, or null when this instance leads.</summary>
    private async Task<Uri?> WaitForLeaderAsync(CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + SettleTime;
        while (true)
        {
            if (leadership.IsLeader)
            {
                return null;
            }

            if (leadership.LeaderUrl is { } leader && leader != leadership.Identity)
            {
                return leader;
            }

            if (time.GetUtcNow() >= deadline)
            {
                throw RegistryErrors.UnknownLeader();
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
        }
    }

    public void Dispose() => _http.Dispose();
}
