using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Wharf.RestProxy.Tests;

/// <summary>An HTTP answer of the proxy, read whole: status, Content-Type (null when absent) and body.</summary>
public sealed record RestAnswer(HttpStatusCode Status, string? ContentType, string Body, HttpResponseHeaders Headers)
{
    public JsonElement Json
    {
        get
        {
            using var document = JsonDocument.Parse(Body);
            return document.RootElement.Clone();
        }
    }

    /// <summary>Asserts the original's error shape: exactly {"error_code", "message"}, with this status, code, type and (if given) message.</summary>
    public void AssertError(HttpStatusCode status, int errorCode, string? message = null, string contentType = "application/vnd.kafka.v2+json")
    {
        Assert.True(status == Status, "expected " + (int)status + ", got " + (int)Status + ": " + Body);
        Assert.Equal(contentType, ContentType);
        var json = Json;
        Assert.Equal(["error_code", "message"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(errorCode, json.GetProperty("error_code").GetInt32());
        if (message is not null)
        {
            Assert.Equal(message, json.GetProperty("message").GetString());
        }
    }

    public void AssertOk(string contentType = "application/vnd.kafka.v2+json")
    {
        Assert.True(Status == HttpStatusCode.OK, "expected 200, got " + (int)Status + ": " + Body);
        Assert.Equal(contentType, ContentType);
    }
}

/// <summary>Requests with exactly the headers a test names (no charset added, no Content-Type unless given).</summary>
public static class RestCalls
{
    public static Task<RestAnswer> RestGetAsync(this HttpClient http, string path, string? accept = null, string? contentType = null) =>
        http.RestSendAsync(HttpMethod.Get, path, null, contentType, accept);

    public static Task<RestAnswer> RestPostAsync(this HttpClient http, string path, string? body, string? contentType, string? accept = null) =>
        http.RestSendAsync(HttpMethod.Post, path, body is null ? null : Encoding.UTF8.GetBytes(body), contentType, accept);

    public static async Task<RestAnswer> RestSendAsync(this HttpClient http, HttpMethod method, string path, byte[]? body, string? contentType, string? accept)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null || contentType is not null)
        {
            request.Content = new ByteArrayContent(body ?? []);
            if (contentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return new RestAnswer(response.StatusCode, response.Content.Headers.ContentType?.ToString(), text, response.Headers);
    }

    /// <summary>POSTs records to /topics/{topic} (or a partition) and returns the answer.</summary>
    public static Task<RestAnswer> ProduceAsync(this HttpClient http, string path, string body, string contentType = "application/vnd.kafka.binary.v2+json") =>
        http.RestPostAsync(path, body, contentType);

    public static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
