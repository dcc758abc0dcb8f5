using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wharf.Configuration;
using Wharf.Connect;
using Wharf.Connect.Runtime;
using Wharf.Connectors.File;

namespace Wharf.Hosting;

/// <summary>The connectors a standalone worker creates at start (connect-standalone's connector files).</summary>
internal sealed record InitialConnectors(IReadOnlyList<IReadOnlyDictionary<string, string>> Configs);

/// <summary>Runs a Kafka Connect worker for the lifetime of the host, against the embedded broker or any cluster.</summary>
internal sealed class ConnectService(ConnectWorkerOptions options, InitialConnectors connectors, ILoggerFactory loggers, EmbeddedBrokerService? broker = null) : IHostedService
{
    private ConnectWorker? _worker;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Started after the embedded broker (services start in registration order), whose address it then uses.
        var effective = broker?.BootstrapServers is { } bootstrap ? options with { BootstrapServers = bootstrap } : options;
        _worker = await ConnectWorker.StartAsync(effective, [typeof(FileStreamSourceConnector).Assembly], connectors.Configs, loggers, cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
        }
    }
}

internal static class ConnectServiceExtensions
{
    /// <summary>Adds a Connect worker; its options (and connector files) are read and checked here, before anything starts.</summary>
    public static ConnectWorkerOptions AddConnect(this IServiceCollection services, Settings settings, ConnectMode mode, string? bootstrapServers, IReadOnlyList<FileInfo>? connectorFiles = null)
    {
        var options = ConnectWorkerOptions.FromSettings(settings, mode, bootstrapServers);
        var connectors = (connectorFiles ?? []).Select(file => file.Exists
            ? ConnectorConfigFiles.Read(file.FullName)
            : throw new ConfigurationException("The connector configuration file " + file.FullName + " does not exist.")).ToList();
        services.AddSingleton(options);
        services.AddSingleton(new InitialConnectors(connectors));
        services.AddHostedService<ConnectService>();
        return options;
    }

    /// <summary>
    /// The settings of the worker `wharf start` runs beside the embedded broker: distributed, one replica per
    /// internal topic (one node), JSON converters and port 8083 on 127.0.0.1, unless the file says otherwise.
    /// </summary>
    public static Settings WithEmbeddedDefaults(Settings settings)
    {
        var defaults = new Dictionary<string, string>
        {
            ["listeners"] = "http://127.0.0.1:8083",
            ["group.id"] = "connect-cluster",
            ["config.storage.topic"] = "connect-configs",
            ["offset.storage.topic"] = "connect-offsets",
            ["status.storage.topic"] = "connect-status",
            ["config.storage.replication.factor"] = "1",
            ["offset.storage.replication.factor"] = "1",
            ["status.storage.replication.factor"] = "1",
            ["key.converter"] = "org.apache.kafka.connect.json.JsonConverter",
            ["value.converter"] = "org.apache.kafka.connect.json.JsonConverter",
            ["offset.flush.interval.ms"] = "10000",
        };
        return new Settings(defaults).With(settings.Values);
    }
}
