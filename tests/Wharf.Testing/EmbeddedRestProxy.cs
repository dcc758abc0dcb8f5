using Microsoft.Extensions.Logging;
using Wharf.Configuration;
using Wharf.RestProxy;

namespace Wharf.Testing;

/// <summary>
/// The REST Proxy started in-process on 127.0.0.1 with an ephemeral port, against a broker (usually an
/// <see cref="EmbeddedBroker"/>), with its logs captured and an HttpClient pointed at it.
/// </summary>
public sealed class EmbeddedRestProxy : IAsyncDisposable
{
    private readonly ILoggerFactory _loggers;

    private EmbeddedRestProxy(RestProxyServer server, CapturedLogs logs, ILoggerFactory loggers)
    {
        Server = server;
        Logs = logs;
        _loggers = loggers;
        BaseAddress = server.Addresses[0];
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(90) };
    }

    public RestProxyServer Server { get; }

    public CapturedLogs Logs { get; }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public static async Task<EmbeddedRestProxy> StartAsync(string bootstrapServers, IReadOnlyDictionary<string, string>? overrides = null, TimeProvider? time = null)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["listeners"] = "http://127.0.0.1:0",
            ["bootstrap.servers"] = bootstrapServers,
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        var logs = new CapturedLogs();
        FailOnServerErrorsAttribute.Track(logs);
        var loggers = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
        var server = await RestProxyServer.StartAsync(RestProxyOptions.FromSettings(new Settings(settings)), loggers, time ?? TimeProvider.System, CancellationToken.None);
        return new EmbeddedRestProxy(server, logs, loggers);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        FailOnServerErrorsAttribute.Untrack(Logs);
        _loggers.Dispose();
    }
}
