using System.Net;
using Microsoft.Extensions.Logging;
using Wharf.Broker;
using Wharf.Configuration;

namespace Wharf.Testing;

/// <summary>
/// The embedded broker started in-process on 127.0.0.1 with an ephemeral port and a temporary data directory
/// (deleted at the end), with its logs captured. The first group rebalance is not delayed (Kafka's 3 s
/// group.initial.rebalance.delay.ms would only slow tests down); anything else comes from <c>overrides</c>.
/// </summary>
public sealed class EmbeddedBroker : IAsyncDisposable
{
    private readonly Dictionary<string, string> _settings;
    private readonly ILoggerFactory _loggers;
    private readonly TimeProvider _time;
    private KafkaBroker? _broker;

    private EmbeddedBroker(TemporaryDirectory directory, Dictionary<string, string> settings, TimeProvider time)
    {
        Directory = directory;
        _settings = settings;
        _time = time;
        Logs = new CapturedLogs();
        FailOnServerErrorsAttribute.Track(Logs);
        _loggers = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Debug).AddProvider(Logs));
    }

    public TemporaryDirectory Directory { get; }

    public CapturedLogs Logs { get; }

    public KafkaBroker Broker => _broker ?? throw new InvalidOperationException("The broker is stopped.");

    public IPEndPoint EndPoint => Broker.EndPoint;

    /// <summary>host:port for a client's bootstrap.servers.</summary>
    public string BootstrapServers => Broker.Identity.BootstrapServers;

    public static async Task<EmbeddedBroker> StartAsync(IReadOnlyDictionary<string, string>? overrides = null, TimeProvider? time = null)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["listeners"] = "PLAINTEXT://127.0.0.1:0",
            ["group.initial.rebalance.delay.ms"] = "0",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        var broker = new EmbeddedBroker(TemporaryDirectory.Create("broker"), settings, time ?? TimeProvider.System);
        await broker.StartBrokerAsync(port: 0);
        return broker;
    }

    /// <summary>Stops the broker cleanly and starts it again on the same port and data directory.</summary>
    public async Task RestartAsync()
    {
        var port = EndPoint.Port;
        await StopAsync();
        await StartBrokerAsync(port);
    }

    public async Task StopAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
            _broker = null;
        }
    }

    private async Task StartBrokerAsync(int port)
    {
        var settings = new Dictionary<string, string>(_settings) { ["listeners"] = "PLAINTEXT://127.0.0.1:" + port };
        var options = BrokerOptions.FromSettings(new Settings(settings), Directory.Path);
        _broker = await KafkaBroker.StartAsync(options, _loggers, _time, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        FailOnServerErrorsAttribute.Untrack(Logs);
        _loggers.Dispose();
        Directory.Dispose();
    }
}
