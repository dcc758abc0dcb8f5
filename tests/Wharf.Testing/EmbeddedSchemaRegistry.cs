using Microsoft.Extensions.Logging;
using Wharf.Configuration;
using Wharf.SchemaRegistry;

namespace Wharf.Testing;

/// <summary>
/// The Schema Registry started in-process on 127.0.0.1 with an ephemeral port, against a broker (usually an
/// <see cref="EmbeddedBroker"/>), with its logs captured and an HttpClient pointed at it. Writes wait up to 30 s
/// to be read back (kafkastore.timeout.ms), instead of the original's 500 ms, so that a busy test machine does not
/// turn into 50002 answers; <c>overrides</c> may say otherwise.
/// </summary>
public sealed class EmbeddedSchemaRegistry : IAsyncDisposable
{
    private readonly ILoggerFactory _loggers;
    private bool _disposed;

    private EmbeddedSchemaRegistry(SchemaRegistryServer server, CapturedLogs logs, ILoggerFactory loggers)
    {
        Server = server;
        Logs = logs;
        _loggers = loggers;
        BaseAddress = server.Addresses[0];
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(90) };
    }

    public SchemaRegistryServer Server { get; }

    public CapturedLogs Logs { get; }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public static async Task<EmbeddedSchemaRegistry> StartAsync(string bootstrapServers, IReadOnlyDictionary<string, string>? overrides = null)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["listeners"] = "http://127.0.0.1:0",
            ["kafkastore.bootstrap.servers"] = bootstrapServers,
            ["kafkastore.timeout.ms"] = "30000",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        var logs = new CapturedLogs();
        FailOnServerErrorsAttribute.Track(logs);
        var loggers = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
        var server = await SchemaRegistryServer.StartAsync(SchemaRegistryOptions.FromSettings(new Settings(settings)), loggers, TimeProvider.System, CancellationToken.None);
        return new EmbeddedSchemaRegistry(server, logs, loggers);
    }

    /// <summary>Waits until this instance leads (a single instance leads once it has joined the election group).</summary>
    public async Task WaitUntilLeaderAsync(TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        while (!Server.IsLeader)
        {
            await Task.Delay(50, deadline.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Http.Dispose();
        await Server.DisposeAsync();
        FailOnServerErrorsAttribute.Untrack(Logs);
        _loggers.Dispose();
    }
}
