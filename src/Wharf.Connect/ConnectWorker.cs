using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Wharf.Clients;
using Wharf.Configuration;
using Wharf.Connect.Api;
using Wharf.Connect.Logging;
using Wharf.Connect.Plugins;
using Wharf.Connect.Rest;
using Wharf.Connect.Runtime;
using Wharf.Connect.Storage;

namespace Wharf.Connect;

/// <summary>
/// A Kafka Connect worker: the REST API on Kestrel (port 8083 by default) and the connectors it runs, with
/// configurations in memory and offsets in a file (standalone) or everything in Kafka topics (distributed, one
/// worker per group). <see cref="StartAsync"/> reads the stores, starts the stored connectors, binds the
/// listeners and creates the given connectors; disposing stops the connectors (committing offsets) and the server.
/// </summary>
public sealed class ConnectWorker : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConnectHerder _herder;
    private readonly ILogger _logger;

    private ConnectWorker(WebApplication app, ConnectHerder herder, ILogger logger)
    {
        _app = app;
        _herder = herder;
        _logger = logger;
    }

    /// <summary>The addresses actually bound (ports known when the listeners asked for port 0).</summary>
    public IReadOnlyList<Uri> Addresses =>
        _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();

    /// <param name="options">The worker's settings.</param>
    /// <param name="pluginAssemblies">Assemblies whose connectors, converters and transformations are available besides plugin.path's.</param>
    /// <param name="connectors">Connector configurations to create at start (standalone's command-line files); a bad one stops the start.</param>
    /// <param name="loggers">Where log lines go.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<ConnectWorker> StartAsync(ConnectWorkerOptions options, IEnumerable<Assembly> pluginAssemblies, IReadOnlyList<IReadOnlyDictionary<string, string>> connectors, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("Wharf.Connect");
        var clients = new KafkaClientFactory(loggers);
        var plugins = new PluginRegistry(pluginAssemblies, options.PluginPath, logger);
        var herder = CreateHerder(options, plugins, clients, loggers, logger);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "wharf-connect" });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers);
        builder.Services.AddRouting();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            foreach (var listener in options.Listeners)
            {
                kestrel.Listen(ToEndPoint(listener));
            }
        });
        var app = builder.Build();
        app.UseMiddleware<ConnectErrorMiddleware>();
        app.UseMiddleware<Cluster.LeaderForwardingMiddleware>(herder);
        app.UseRouting();
        var clusterId = new Lazy<string?>(() => ClusterId(clients, options), LazyThreadSafetyMode.ExecutionAndPublication);
        ConnectRoutes.Map(app, herder, new RootEndpoints(() => clusterId.Value));

        try
        {
            await app.StartAsync(cancellationToken);
            var worker = new ConnectWorker(app, herder, logger);
            await herder.StartAsync(options.WorkerId(worker.Addresses[0].Port), cancellationToken);
            foreach (var config in connectors)
            {
                var name = config.GetValueOrDefault(ConnectorConfig.Name, string.Empty);
                try
                {
                    await herder.PutConnectorAsync(name, config, allowReplace: true, null, cancellationToken);
                }
                catch (ConnectException exception)
                {
                    throw new ConfigurationException("Connector " + name + " could not be created: " + exception.Message, exception);
                }
            }

            ConnectLog.Listening(logger, options.Mode.ToString().ToLowerInvariant(), string.Join(", ", worker.Addresses), options.BootstrapServers);
            return worker;
        }
        catch
        {
            await herder.DisposeAsync();
            await app.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _herder.DisposeAsync();
        await _app.DisposeAsync();
        ConnectLog.Stopped(_logger);
    }

    private static ConnectHerder CreateHerder(ConnectWorkerOptions options, PluginRegistry plugins, KafkaClientFactory clients, ILoggerFactory loggers, ILogger logger)
    {
        if (options.Mode == ConnectMode.Standalone)
        {
            return new ConnectHerder(options, plugins, new MemoryConfigStore(), new FileOffsetStore(options.OffsetStorageFile!), new StatusStore(null), clients, loggers);
        }

        KafkaTopicLog Log(string topic, int partitions, short replication) =>
            new(clients, options.BootstrapServers, topic, partitions, replication, options.ProducerConfig, options.AdminConfig, logger);

        return new ConnectHerder(
            options,
            plugins,
            new KafkaConfigStore(Log(options.ConfigTopic, 1, options.ConfigReplicationFactor), logger),
            new KafkaOffsetStore(Log(options.OffsetTopic, options.OffsetPartitions, options.OffsetReplicationFactor)),
            new StatusStore(Log(options.StatusTopic, options.StatusPartitions, options.StatusReplicationFactor)),
            clients,
            loggers);
    }

    private static string? ClusterId(KafkaClientFactory clients, ConnectWorkerOptions options)
    {
        using var admin = clients.CreateAdmin(new Dictionary<string, string>(options.AdminConfig, StringComparer.Ordinal) { ["bootstrap.servers"] = options.BootstrapServers });
        return KafkaClusterId.Of(admin);
    }

    private static IPEndPoint ToEndPoint(Uri listener) =>
        listener.Host is "0.0.0.0" or "" ? new IPEndPoint(IPAddress.Any, listener.Port)
        : IPAddress.TryParse(listener.Host, out var address) ? new IPEndPoint(address, listener.Port)
        : new IPEndPoint(Dns.GetHostAddresses(listener.Host).First(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork), listener.Port);
}
