using System.Net;
using System.Text;
using System.Text.Json;

namespace Wharf.SchemaRegistry.Tests;

/// <summary>An answer of the registry, read whole: status, Content-Type and body.</summary>
public sealed record RegistryAnswer(HttpStatusCode Status, string? ContentType, string Body)
{
    public const string V1 = "application/vnd.schemaregistry.v1+json";

    public JsonElement Json
    {
        get
        {
            using var document = JsonDocument.Parse(Body);
            return document.RootElement.Clone();
        }
    }

    /// <summary>Asserts the original's error shape: exactly {"error_code","message"}, with this status and code (and message, if given).</summary>
    public void AssertError(HttpStatusCode status, int errorCode, string? message = null)
    {
        Assert.True(status == Status, "expected " + (int)status + ", got " + (int)Status + ": " + Body);
        var json = Json;
        Assert.Equal(["error_code", "message"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(errorCode, json.GetProperty("error_code").GetInt32());
        if (message is not null)
        {
            Assert.Equal(message, json.GetProperty("message").GetString());
        }
    }

    /// <summary>Asserts 200 with the registry's preferred content type, and returns the body as JSON.</summary>
    public JsonElement AssertOk()
    {
        Assert.True(Status == HttpStatusCode.OK, "expected 200, got " + (int)Status + ": " + Body);
        Assert.Equal(V1, ContentType);
        return Json;
    }
}

/// <summary>Requests as curl sends them (exactly the headers a test names), and the usual registry calls.</summary>
public static class RegistryCalls
{
    public const string JsonType = "application/vnd.schemaregistry.v1+json";

    public static Task<RegistryAnswer> RegistryGetAsync(this HttpClient http, string path, string? accept = null) =>
        http.SendAsync(HttpMethod.Get, path, null, null, accept);

    public static Task<RegistryAnswer> RegistryPostAsync(this HttpClient http, string path, string? body, string? contentType = JsonType, string? accept = null) =>
        http.SendAsync(HttpMethod.Post, path, body, contentType, accept);

    public static Task<RegistryAnswer> RegistryPutAsync(this HttpClient http, string path, string? body, string? contentType = JsonType) =>
        http.SendAsync(HttpMethod.Put, path, body, contentType, null);

    public static Task<RegistryAnswer> RegistryDeleteAsync(this HttpClient http, string path) =>
        http.SendAsync(HttpMethod.Delete, path, null, null, null);

    public static async Task<RegistryAnswer> SendAsync(this HttpClient http, HttpMethod method, string path, string? body, string? contentType, string? accept)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
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
        return new RegistryAnswer(response.StatusCode, response.Content.Headers.ContentType?.ToString(), text);
    }

    /// <summary>The request body of register, lookup and compatibility calls: {"schema": "&lt;schema text&gt;"} (plus schemaType/references when given).</summary>
    public static string SchemaBody(string schema, string? schemaType = null, string? referencesJson = null) =>
        "{\"schema\":" + JsonSerializer.Serialize(schema)
        + (schemaType is null ? string.Empty : ",\"schemaType\":" + JsonSerializer.Serialize(schemaType))
        + (referencesJson is null ? string.Empty : ",\"references\":" + referencesJson) + "}";

    /// <summary>Registers and returns the id, asserting success.</summary>
    public static async Task<int> RegisterAsync(this HttpClient http, string subject, string schema, string? query = null, string? schemaType = null, string? referencesJson = null)
    {
        var answer = await http.RegistryPostAsync("/subjects/" + Uri.EscapeDataString(subject) + "/versions" + query, SchemaBody(schema, schemaType, referencesJson));
        return answer.AssertOk().GetProperty("id").GetInt32();
    }

    /// <summary>A record schema with these fields, each a JSON field definition.</summary>
    public static string Record(string name, params string[] fields) =>
        "{\"type\":\"record\",\"name\":\"" + name + "\",\"fields\":[" + string.Join(",", fields) + "]}";
}
