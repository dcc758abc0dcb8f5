using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Wharf.Configuration;
using Wharf.Connect.Runtime;
using Wharf.Connectors.File;
using Wharf.Testing;

namespace Wharf.Connect.Tests;

/// <summary>A Connect worker started in-process on 127.0.0.1 with an ephemeral port, logs captured, an HttpClient pointed at it.</summary>
public sealed class EmbeddedWorker : IAsyncDisposable
{
    private readonly ILoggerFactory _loggers;

    private EmbeddedWorker(ConnectWorker worker, CapturedLogs logs, ILoggerFactory loggers)
    {
        Worker = worker;
        Logs = logs;
        _loggers = loggers;
        Http = new HttpClient { BaseAddress = worker.Addresses[0], Timeout = TimeSpan.FromSeconds(90) };
    }

    public ConnectWorker Worker { get; }

    public CapturedLogs Logs { get; }

    public HttpClient Http { get; }

    /// <summary>The connectors of Wharf.Connectors.File and of this test assembly, as if on the classpath.</summary>
    public static IReadOnlyList<Assembly> DefaultPlugins { get; } = [typeof(FileStreamSourceConnector).Assembly, typeof(EmbeddedWorker).Assembly];

    public static Task<EmbeddedWorker> StandaloneAsync(string bootstrapServers, string offsetFile, IReadOnlyDictionary<string, string>? overrides = null, IReadOnlyList<Assembly>? plugins = null, IReadOnlyList<IReadOnlyDictionary<string, string>>? connectors = null) =>
        StartAsync(ConnectMode.Standalone, bootstrapServers, new Dictionary<string, string>(overrides ?? new Dictionary<string, string>()) { ["offset.storage.file.filename"] = offsetFile }, plugins, connectors);

    public static Task<EmbeddedWorker> DistributedAsync(string bootstrapServers, string groupId, IReadOnlyDictionary<string, string>? overrides = null) =>
        StartAsync(ConnectMode.Distributed, bootstrapServers, new Dictionary<string, string>(overrides ?? new Dictionary<string, string>())
        {
            ["group.id"] = groupId,
            ["config.storage.topic"] = groupId + "-configs",
            ["offset.storage.topic"] = groupId + "-offsets",
            ["status.storage.topic"] = groupId + "-status",
            ["config.storage.replication.factor"] = "1",
            ["offset.storage.replication.factor"] = "1",
            ["status.storage.replication.factor"] = "1",
            ["offset.storage.partitions"] = "3",
            ["status.storage.partitions"] = "2",

            // Workers of one cluster notice a rebalance at their next heartbeat: soon, in tests.
            ["heartbeat.interval.ms"] = "250",
            ["session.timeout.ms"] = "6000",
        }, null, null);

    private static async Task<EmbeddedWorker> StartAsync(ConnectMode mode, string bootstrapServers, Dictionary<string, string> overrides, IReadOnlyList<Assembly>? plugins, IReadOnlyList<IReadOnlyDictionary<string, string>>? connectors)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["listeners"] = "http://127.0.0.1:0",
            ["bootstrap.servers"] = bootstrapServers,
            ["key.converter"] = "org.apache.kafka.connect.json.JsonConverter",
            ["value.converter"] = "org.apache.kafka.connect.json.JsonConverter",
            ["offset.flush.interval.ms"] = "500",
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        var logs = new CapturedLogs();
        var loggers = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
        var options = ConnectWorkerOptions.FromSettings(new Settings(settings), mode);
        var worker = await ConnectWorker.StartAsync(options, plugins ?? DefaultPlugins, connectors ?? [], loggers, CancellationToken.None);
        return new EmbeddedWorker(worker, logs, loggers);
    }

    public async Task<HttpResponseMessage> SendJsonAsync(HttpMethod method, string path, string json) =>
        await Http.SendAsync(new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") }, TestContext.Current.CancellationToken);

    public async Task<JsonNode?> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(path, TestContext.Current.CancellationToken);
        return await response.Content.ReadFromJsonAsync<JsonNode>(TestContext.Current.CancellationToken);
    }

    /// <summary>Creates a connector with POST /connectors and checks that it was created (201).</summary>
    public async Task CreateConnectorAsync(string name, IReadOnlyDictionary<string, string> config)
    {
        var body = new JsonObject { ["name"] = name, ["config"] = new JsonObject(config.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))) };
        using var created = await SendJsonAsync(HttpMethod.Post, "/connectors", body.ToJsonString());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    /// <summary>Asks <paramref name="path"/> every 100 ms, at most <paramref name="attempts"/> times, until its answer satisfies <paramref name="done"/>; returns that answer.</summary>
    public async Task<JsonNode> WaitForJsonAsync(string path, Func<JsonNode, bool> done, int attempts = 300)
    {
        JsonNode? last = null;
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            last = await GetJsonAsync(path);
            if (last is not null && done(last))
            {
                return last;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        throw new InvalidOperationException(path + " did not get there; last answer: " + last?.ToJsonString());
    }

    /// <summary>Waits until the connector's task 0 reports <paramref name="state"/>; returns its status.</summary>
    public Task<JsonNode> WaitForTaskStateAsync(string connector, string state, int attempts = 300) =>
        WaitForJsonAsync("/connectors/" + connector + "/tasks/0/status", task => (string?)task["state"] == state, attempts);

    /// <summary>Waits until the connector's status (and every task's) is <paramref name="state"/>; returns the status document.</summary>
    public async Task<JsonNode> WaitForStateAsync(string connector, string state, int tasks = 1)
    {
        JsonNode? last = null;
        for (var attempt = 0; attempt < 300; attempt++)
        {
            using var response = await Http.GetAsync("/connectors/" + connector + "/status", TestContext.Current.CancellationToken);
            if (response.IsSuccessStatusCode)
            {
                last = await response.Content.ReadFromJsonAsync<JsonNode>(TestContext.Current.CancellationToken);
                var taskStates = last!["tasks"]!.AsArray().Select(t => (string?)t!["state"]).ToList();
                if ((string?)last["connector"]!["state"] == state && taskStates.Count == tasks && taskStates.All(s => s == state))
                {
                    return last;
                }
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        throw new InvalidOperationException("Connector " + connector + " did not reach " + state + "; last status: " + last?.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Worker.DisposeAsync();
        _loggers.Dispose();
    }
}
