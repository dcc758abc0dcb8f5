using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Wharf.Bench;

/// <summary>
/// The REST side: produce requests (v2, binary format, one fixed body of <c>batch</c> records sent over several
/// keep-alive connections at once) and a consumer instance reading with <c>max_bytes</c>. Answers are checked by
/// counting, not parsed: every produce answer must hold one <c>"error":null</c> per record, and consumed records
/// are counted by their <c>"offset":</c> fields, so the client's own CPU stays small next to the proxy's.
/// </summary>
internal sealed class RestClient : IDisposable
{
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(60);
    private static readonly MediaTypeHeaderValue Binary = new("application/vnd.kafka.binary.v2+json");
    private static readonly MediaTypeHeaderValue V2 = new("application/vnd.kafka.v2+json");

    private readonly HttpClient _http;
    private readonly int _brokerPid;
    private readonly int _proxyPid;

    public RestClient(Uri proxy, int connections, int brokerPid, int proxyPid)
    {
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = proxy,
            Timeout = StallTimeout,
        };
        _brokerPid = brokerPid;
        _proxyPid = proxyPid;
    }

    /// <summary>Produces <paramref name="count"/> records (rounded up to whole requests) in requests of <paramref name="batch"/> over <paramref name="connections"/> connections.</summary>
    public async Task<RestMeasurement> ProduceAsync(string phase, string topic, long count, int batch, int connections)
    {
        var body = ProduceBody(batch);
        var requests = (count + batch - 1) / batch;
        long next = 0;
        async Task SendAsync()
        {
            while (Interlocked.Increment(ref next) <= requests)
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = Binary;
                using var response = await _http.PostAsync("topics/" + topic, content);
                var answer = await response.Content.ReadAsByteArrayAsync();
                if (response.StatusCode != HttpStatusCode.OK || answer.AsSpan().Count("\"error\":null"u8) != batch)
                {
                    throw new InvalidOperationException($"{phase}: produce answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(answer.AsSpan(0, Math.Min(answer.Length, 500)))}");
                }
            }
        }

        var clock = RestClock.Start(_brokerPid, _proxyPid);
        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(SendAsync)));
        return clock.Stop(phase, requests * batch, RestBenchOptions.RecordSize);
    }

    /// <summary>
    /// Reads <paramref name="count"/> records of partition 0 of <paramref name="topic"/> from the beginning through a
    /// consumer instance assigned that partition at its beginning (no group join, as the native consumer's assign), with GETs of
    /// <paramref name="maxBytes"/>; the instance is deleted afterwards.
    /// </summary>
    public async Task<RestMeasurement> ConsumeAsync(string phase, string topic, long count, long maxBytes)
    {
        var group = "bench-rest-" + Guid.NewGuid().ToString("N")[..8];
        var created = await SendJsonAsync(HttpMethod.Post, "consumers/" + group, """{"name":"bench","format":"binary","auto.offset.reset":"earliest","auto.commit.enable":"false"}""");
        var baseUri = JsonDocument.Parse(created).RootElement.GetProperty("base_uri").GetString()!;
        try
        {
            // Assigned, then moved to the beginning, as the native consumer is assigned Offset.Beginning: without the
            // move the first read would first wait for the group's committed offset (none), then for the reset.
            var partitions = $$"""{"partitions":[{"topic":"{{topic}}","partition":0}]}""";
            await SendJsonAsync(HttpMethod.Post, baseUri + "/assignments", partitions);
            await SendJsonAsync(HttpMethod.Post, baseUri + "/positions/beginning", partitions);
            var clock = RestClock.Start(_brokerPid, _proxyPid);
            long received = 0;
            var lastProgress = Environment.TickCount64;
            while (received < count)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"{baseUri}/records?max_bytes={maxBytes}");
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(Binary.MediaType!));
                using var response = await _http.SendAsync(request);
                var answer = await response.Content.ReadAsByteArrayAsync();
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"{phase}: records answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(answer)}");
                }

                var records = answer.AsSpan().Count("\"offset\":"u8);
                if (records > 0)
                {
                    received += records;
                    lastProgress = Environment.TickCount64;
                }
                else if (Environment.TickCount64 - lastProgress > StallTimeout.TotalMilliseconds)
                {
                    throw new TimeoutException($"{phase}: {received} of {count} records after {StallTimeout.TotalSeconds} s without progress.");
                }
            }

            return clock.Stop(phase, received, RestBenchOptions.RecordSize);
        }
        finally
        {
            using var deleted = await _http.DeleteAsync(baseUri);
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<byte[]> SendJsonAsync(HttpMethod method, string uri, string json)
    {
        using var request = new HttpRequestMessage(method, uri) { Content = new StringContent(json, Encoding.UTF8) };
        request.Content.Headers.ContentType = V2;
        using var response = await _http.SendAsync(request);
        var answer = await response.Content.ReadAsByteArrayAsync();
        return response.IsSuccessStatusCode
            ? answer
            : throw new InvalidOperationException($"{method} {uri} answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(answer)}");
    }

    /// <summary><c>{"records":[{"value":"&lt;base64 of the 100 B payload&gt;"}, ...]}</c>, null keys as the native phases.</summary>
    private static byte[] ProduceBody(int batch)
    {
        var record = "{\"value\":\"" + Convert.ToBase64String(ConfluentClient.Payload(RestBenchOptions.RecordSize)) + "\"}";
        return Encoding.UTF8.GetBytes("{\"records\":[" + string.Join(',', Enumerable.Repeat(record, batch)) + "]}");
    }
}
