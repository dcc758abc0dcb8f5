using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Wharf.Bench;

/// <summary>
/// One request, the same each time, sent over <c>connections</c> keep-alive connections at once for a while; every
/// answer must be 200 with exactly the expected body, so a fast wrong answer cannot pass for a fast right one.
/// </summary>
internal sealed class HttpLoad : IDisposable
{
    private static readonly MediaTypeHeaderValue RegistryType = new("application/vnd.schemaregistry.v1+json");

    private readonly HttpClient _http;
    private readonly int _connections;

    public HttpLoad(Uri server, int connections)
    {
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = server,
            Timeout = TimeSpan.FromSeconds(60),
        };
        _connections = connections;
    }

    /// <summary>GET (<paramref name="body"/> null) or POST of <paramref name="body"/> to <paramref name="path"/> until <paramref name="duration"/> passed.</summary>
    public Task<HttpRate> RunAsync(string phase, string path, byte[]? body, byte[] expected, TimeSpan duration, int serverPid)
    {
        long requests = 0;
        var clock = Stopwatch.StartNew();
        async Task LoopAsync()
        {
            while (clock.Elapsed < duration)
            {
                using var request = new HttpRequestMessage(body is null ? HttpMethod.Get : HttpMethod.Post, path);
                if (body is not null)
                {
                    request.Content = new ByteArrayContent(body);
                    request.Content.Headers.ContentType = RegistryType;
                }

                using var response = await _http.SendAsync(request);
                var answer = await response.Content.ReadAsByteArrayAsync();
                if (response.StatusCode != HttpStatusCode.OK || !answer.AsSpan().SequenceEqual(expected))
                {
                    throw new InvalidOperationException($"{phase}: {path} answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(answer.AsSpan(0, Math.Min(answer.Length, 500)))}");
                }

                Interlocked.Increment(ref requests);
            }
        }

        return MeasureAsync(phase, serverPid, () => clock.Restart(), LoopAsync, () => Interlocked.Read(ref requests));
    }

    /// <summary>
    /// Requests 0 to <paramref name="count"/>-1, each a POST <paramref name="request"/> makes, over all connections;
    /// <paramref name="check"/> sees every answer (a 2xx: anything else fails the phase).
    /// </summary>
    public Task<HttpRate> RunEachAsync(string phase, long count, Func<long, (string Path, string Json)> request, Action<long, byte[]> check, int serverPid)
    {
        long next = -1;
        async Task LoopAsync()
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                var (path, json) = request(i);
                check(i, await SendAsync(HttpMethod.Post, path, json));
            }
        }

        return MeasureAsync(phase, serverPid, () => { }, LoopAsync, () => count);
    }

    private async Task<HttpRate> MeasureAsync(string phase, int serverPid, Action start, Func<Task> loop, Func<long> requests)
    {
        var server = ProcFs.CpuSeconds(serverPid);
        var client = CpuClock.OwnCpuSeconds();
        var machine = ProcFs.MachineBusySeconds();
        var clock = Stopwatch.StartNew();
        start();
        await Task.WhenAll(Enumerable.Range(0, _connections).Select(_ => Task.Run(loop)));
        var elapsed = clock.Elapsed;
        var serverCpu = ProcFs.CpuSeconds(serverPid) - server;
        var clientCpu = CpuClock.OwnCpuSeconds() - client;
        return new HttpRate(phase, requests(), elapsed, serverCpu, clientCpu, ProcFs.MachineBusySeconds() - machine);
    }

    /// <summary>One request whose answer the caller reads (setup: registering the schema, fetching the bodies).</summary>
    public async Task<byte[]> SendAsync(HttpMethod method, string path, string? json)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = RegistryType;
        }

        using var response = await _http.SendAsync(request);
        var answer = await response.Content.ReadAsByteArrayAsync();
        return response.IsSuccessStatusCode
            ? answer
            : throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(answer)}");
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>A request-rate phase: requests answered in the phase's wall time, and the CPU seconds the server, this client and the machine spent.</summary>
internal sealed record HttpRate(string Phase, long Requests, TimeSpan Elapsed, double ServerCpu, double ClientCpu, double MachineCpu)
{
    public double PerSecond => Requests / Elapsed.TotalSeconds;

    /// <summary>The server's CPU microseconds per request: steadier than the rate on a busy machine.</summary>
    public double ServerMicrosecondsPerRequest => ServerCpu * 1e6 / Math.Max(1, Requests);

    public double ServerPercent => 100 * ServerCpu / Elapsed.TotalSeconds;

    public double ClientPercent => 100 * ClientCpu / Elapsed.TotalSeconds;

    public double OtherPercent => Math.Max(0, 100 * (MachineCpu - ServerCpu - ClientCpu) / Elapsed.TotalSeconds);
}
