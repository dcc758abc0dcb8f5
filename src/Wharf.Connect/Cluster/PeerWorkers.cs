using System.Text.Json;

namespace Wharf.Connect.Cluster;

/// <summary>
/// Asks another worker of the cluster, by the worker id its statuses carry (its advertised host:port), what it holds
/// itself: the request goes with <c>forward=false</c>, which a worker answers from its own state without forwarding
/// or gathering further. An unreachable worker or a failed answer is null: a gathered view leaves it out.
/// </summary>
internal static class PeerWorkers
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>True when the request came from another worker (or was forwarded): answer with this worker's own state.</summary>
    public static bool IsPeerRequest(HttpContext context) => context.Request.Query.ContainsKey("forward");

    /// <summary>The base URL of the worker with <paramref name="workerId"/>.</summary>
    public static string UrlOf(string workerId) => "http://" + workerId;

    public static async Task<JsonElement?> GetAsync(string workerId, string pathAndQuery, CancellationToken cancellationToken)
    {
        var separator = pathAndQuery.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        try
        {
            using var answer = await Client.GetAsync(new Uri(UrlOf(workerId) + pathAndQuery + separator + "forward=false"), cancellationToken);
            if (!answer.IsSuccessStatusCode)
            {
                return null;
            }

            await using var body = await answer.Content.ReadAsStreamAsync(cancellationToken);
            using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
            return document.RootElement.Clone();
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException or UriFormatException)
        {
            return null;
        }
    }
}
