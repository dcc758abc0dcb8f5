using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Wharf.SchemaRegistry.Client;

/// <summary>
/// Talks to a Schema Registry over Confluent's REST API (schema.registry.url: one or more comma-separated base URLs,
/// tried in order until one answers). Schemas by id and the ids of (subject, schema) pairs never change once
/// known, so both are cached for the client's life; a request for an id already being fetched joins that fetch.
/// </summary>
public sealed class SchemaRegistryClient : IDisposable
{
    private const string MediaType = "application/vnd.schemaregistry.v1+json";

    private readonly HttpClient _http;
    private readonly IReadOnlyList<Uri> _baseUrls;
    private readonly ConcurrentDictionary<int, Task<RegisteredSchema>> _byId = new();
    private readonly ConcurrentDictionary<(string Subject, string SchemaType, string Schema), int> _ids = new();
    private readonly ConcurrentDictionary<(string Subject, int Version), Task<RegisteredSchema>> _byVersion = new();

    public SchemaRegistryClient(IReadOnlyList<Uri> baseUrls, HttpMessageHandler? handler = null)
    {
        if (baseUrls.Count == 0)
        {
            throw new ArgumentException("At least one Schema Registry URL is needed.", nameof(baseUrls));
        }

        _baseUrls = baseUrls;
        _http = handler is null ? new HttpClient() : new HttpClient(handler);
        _http.Timeout = TimeSpan.FromSeconds(30);
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue(MediaType));
    }

    /// <summary>The base URLs of a schema.registry.url value ("http://a:8081,http://b:8081"); each must be absolute http(s).</summary>
    public static IReadOnlyList<Uri> ParseUrls(string urls) =>
        urls.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(url => Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? uri
                : throw new FormatException("Not an http or https URL: " + url))
            .ToList();

    /// <summary>GET /schemas/ids/{id}.</summary>
    public Task<RegisteredSchema> GetByIdAsync(int id, CancellationToken cancellationToken)
    {
        var fetch = _byId.GetOrAdd(id, FetchByIdAsync);

        // A failed fetch is forgotten, so that the next request asks again (the registry may have been down).
        if (fetch.IsFaulted || fetch.IsCanceled)
        {
            _byId.TryRemove(new KeyValuePair<int, Task<RegisteredSchema>>(id, fetch));
        }

        return fetch.WaitAsync(cancellationToken);
    }

    /// <summary>A schema already fetched by <see cref="GetByIdAsync"/>, without a request.</summary>
    public bool TryGetCached(int id, out RegisteredSchema schema)
    {
        if (_byId.TryGetValue(id, out var fetch) && fetch.IsCompletedSuccessfully)
        {
            schema = fetch.Result;
            return true;
        }

        schema = null!;
        return false;
    }

    /// <summary>
    /// The id of <paramref name="schema"/> under <paramref name="subject"/>: looked up first (POST /subjects/{subject}),
    /// registered (POST /subjects/{subject}/versions) when the subject does not have it, as Confluent's REST Proxy does.
    /// </summary>
    public async Task<int> GetOrRegisterAsync(string subject, string schemaType, string schema, CancellationToken cancellationToken)
    {
        if (_ids.TryGetValue((subject, schemaType, schema), out var known))
        {
            return known;
        }

        var body = Body(schemaType, schema);
        int id;
        try
        {
            id = ReadId(await SendAsync(HttpMethod.Post, "subjects/" + Uri.EscapeDataString(subject), body, cancellationToken));
        }
        catch (SchemaRegistryException exception) when (exception.IsNotFound)
        {
            id = ReadId(await SendAsync(HttpMethod.Post, "subjects/" + Uri.EscapeDataString(subject) + "/versions", body, cancellationToken));
        }

        _ids[(subject, schemaType, schema)] = id;
        return id;
    }

    /// <summary>
    /// The id and version of <paramref name="schema"/> under <paramref name="subject"/> (POST /subjects/{subject}), without
    /// registering it: a <see cref="SchemaRegistryException"/> with 40401/40403 when the subject does not hold it.
    /// </summary>
    public async Task<(int Id, int Version)> LookupAsync(string subject, string schemaType, string schema, CancellationToken cancellationToken)
    {
        using var answer = await SendAsync(HttpMethod.Post, "subjects/" + Uri.EscapeDataString(subject), Body(schemaType, schema), cancellationToken);
        return (answer.RootElement.GetProperty("id").GetInt32(), answer.RootElement.GetProperty("version").GetInt32());
    }

    /// <summary>The latest version of a subject (GET /subjects/{subject}/versions/latest) and its number.</summary>
    public async Task<(RegisteredSchema Schema, int Version)> GetLatestAsync(string subject, CancellationToken cancellationToken)
    {
        using var answer = await SendAsync(HttpMethod.Get, "subjects/" + Uri.EscapeDataString(subject) + "/versions/latest", null, cancellationToken);
        var root = answer.RootElement;
        return (ReadSchema(root, root.GetProperty("id").GetInt32()), root.GetProperty("version").GetInt32());
    }

    /// <summary>
    /// The texts of every schema <paramref name="schema"/> references, directly or through its references, each once,
    /// a schema's own references before it (the order the Avro parser needs). A version is fixed once registered, so
    /// each is fetched once (GET /subjects/{subject}/versions/{version}).
    /// </summary>
    public async Task<IReadOnlyList<ReferencedText>> ResolveReferencesAsync(RegisteredSchema schema, CancellationToken cancellationToken)
    {
        var resolved = new List<ReferencedText>();
        var seen = new HashSet<(string Subject, int Version)>();
        await AddReferencesAsync(schema.References, resolved, seen, cancellationToken);
        return resolved;
    }

    private async Task AddReferencesAsync(IReadOnlyList<SchemaReference> references, List<ReferencedText> resolved, HashSet<(string, int)> seen, CancellationToken cancellationToken)
    {
        foreach (var reference in references)
        {
            if (!seen.Add((reference.Subject, reference.Version)))
            {
                continue;
            }

            var referenced = await _byVersion.GetOrAdd((reference.Subject, reference.Version), FetchVersionAsync).WaitAsync(cancellationToken);
            await AddReferencesAsync(referenced.References, resolved, seen, cancellationToken);
            resolved.Add(new ReferencedText(reference.Name, referenced.Schema));
        }
    }

    private async Task<RegisteredSchema> FetchVersionAsync((string Subject, int Version) key)
    {
        try
        {
            using var document = await SendAsync(HttpMethod.Get, "subjects/" + Uri.EscapeDataString(key.Subject) + "/versions/" + key.Version.ToString(CultureInfo.InvariantCulture), null, CancellationToken.None);
            return ReadSchema(document.RootElement, document.RootElement.GetProperty("id").GetInt32());
        }
        catch
        {
            _byVersion.TryRemove(key, out _); // asked again next time: the registry may have been down
            throw;
        }
    }

    /// <summary>A schema answer's type (AVRO when absent, as the registry omits it for Avro), text and references.</summary>
    private static RegisteredSchema ReadSchema(JsonElement root, int id)
    {
        var type = root.TryGetProperty("schemaType", out var schemaType) && schemaType.ValueKind == JsonValueKind.String ? schemaType.GetString()! : RegisteredSchema.Avro;
        var references = new List<SchemaReference>();
        if (root.TryGetProperty("references", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var reference in list.EnumerateArray())
            {
                references.Add(new SchemaReference(reference.GetProperty("name").GetString() ?? string.Empty, reference.GetProperty("subject").GetString() ?? string.Empty, reference.GetProperty("version").GetInt32()));
            }
        }

        return new RegisteredSchema(id, type, root.GetProperty("schema").GetString() ?? string.Empty) { References = references };
    }

    public void Dispose() => _http.Dispose();

    private async Task<RegisteredSchema> FetchByIdAsync(int id)
    {
        using var document = await SendAsync(HttpMethod.Get, "schemas/ids/" + id.ToString(CultureInfo.InvariantCulture), null, CancellationToken.None);
        return ReadSchema(document.RootElement, id);
    }

    private static string Body(string schemaType, string schema)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("schema", schema);

            // Older registries know only Avro and refuse the field; Confluent's client leaves it out for Avro too.
            if (schemaType != RegisteredSchema.Avro)
            {
                writer.WriteString("schemaType", schemaType);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static int ReadId(JsonDocument answer)
    {
        using (answer)
        {
            return answer.RootElement.GetProperty("id").GetInt32();
        }
    }

    /// <summary>Sends to each base URL in turn until one answers; an error answer is thrown as the registry gave it.</summary>
    private async Task<JsonDocument> SendAsync(HttpMethod method, string path, string? body, CancellationToken cancellationToken)
    {
        Exception? unreachable = null;
        foreach (var baseUrl in _baseUrls)
        {
            using var request = new HttpRequestMessage(method, new Uri(baseUrl, path));
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, MediaType);
            }

            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException exception)
            {
                unreachable = exception;
                continue;
            }
            catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
            {
                unreachable = exception;
                continue;
            }

            using (response)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                JsonDocument? document = null;
                try
                {
                    document = JsonDocument.Parse(text);
                }
                catch (JsonException)
                {
                    // Not the registry's JSON (a proxy's error page): reported below with the status.
                }

                if (response.IsSuccessStatusCode && document is not null)
                {
                    return document;
                }

                using (document)
                {
                    var status = (int)response.StatusCode;
                    var root = document?.RootElement;
                    var code = root is { ValueKind: JsonValueKind.Object } error && error.TryGetProperty("error_code", out var c) && c.TryGetInt32(out var value) ? value : status;
                    var message = root is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty("message", out var m) ? m.GetString() ?? text : text;
                    throw new SchemaRegistryException(status, code, message + "; error code: " + code.ToString(CultureInfo.InvariantCulture));
                }
            }
        }

        throw new SchemaRegistryException(0, SchemaRegistryException.Unreachable, "No Schema Registry answered at " + string.Join(", ", _baseUrls) + ": " + unreachable?.Message, unreachable);
    }
}
