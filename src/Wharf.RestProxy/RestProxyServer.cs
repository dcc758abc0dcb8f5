using System.Net;
using Confluent.Kafka;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wharf.Clients;
using Wharf.Configuration;
using Wharf.RestProxy.Consumers;
using Wharf.RestProxy.Formats;
using Wharf.RestProxy.Http;
using Wharf.RestProxy.Logging;
using Wharf.RestProxy.Metadata;
using Wharf.RestProxy.Produce;
using Wharf.SchemaRegistry.Client;

namespace Wharf.RestProxy;

/// <summary>
/// The REST Proxy: an ASP.NET Core application on Kestrel, a Kafka client to any cluster. <see cref="StartAsync"/>
/// binds the listeners; disposing stops accepting requests, closes the consumer instances and flushes the
/// producers.
/// </summary>
public sealed class RestProxyServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ILogger _logger;

    private RestProxyServer(WebApplication app, ILogger logger)
    {
        _app = app;
        _logger = logger;
    }

    /// <summary>The addresses actually bound (ports known when the listeners asked for port 0).</summary>
    public IReadOnlyList<Uri> Addresses =>
        _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();

    public static async Task<RestProxyServer> StartAsync(RestProxyOptions options, ILoggerFactory loggers, TimeProvider time, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "wharf-rest-proxy" });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers);
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(options);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            kestrel.AddServerHeader = false;
            foreach (var listener in options.Listeners)
            {
                kestrel.Listen(ToEndPoint(listener));
            }
        });

        var clients = new KafkaClientFactory(loggers);
        builder.Services.AddSingleton(clients);
        var sender = RecordSenders.Create(clients, WithBootstrap(options, ProducerSettings(options)), loggers, out var librdkafkaReason);
        builder.Services.AddSingleton<IRecordSender>(_ => sender); // made by a factory so that the container disposes it
        builder.Services.AddSingleton(_ => new ClusterMetadata(clients, WithBootstrap(options, options.AdminConfig), WithBootstrap(options, options.ConsumerConfig)));
        if (options.SchemaRegistryUrls.Count > 0)
        {
            builder.Services.AddSingleton(_ => new SchemaRegistryClient(options.SchemaRegistryUrls));
        }

        builder.Services.AddSingleton(services => CreateFormats(services.GetService<SchemaRegistryClient>()));
        builder.Services.AddSingleton<MetadataEndpoints>();
        builder.Services.AddSingleton<ProduceEndpoint>();

        // The container disposes the manager when the app is disposed, after Kestrel stopped: every consumer
        // instance is closed then. Reads in progress end as soon as the app starts stopping.
        builder.Services.AddSingleton(services => new ConsumerManager(options, clients, time, loggers, services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping));
        builder.Services.AddSingleton<RecordsReader>();
        builder.Services.AddSingleton<ConsumerEndpoints>();

        var app = builder.Build();
        app.UseRouting();
        app.UseMiddleware<RestPipelineMiddleware>();
        if (options.V2Enabled)
        {
            RestProxyRoutes.Map(app);
        }

        await app.StartAsync(cancellationToken);
        var server = new RestProxyServer(app, loggers.CreateLogger("Wharf.RestProxy"));
        RestProxyLog.Listening(server._logger, string.Join(", ", server.Addresses), options.BootstrapServers);
        RestProxyLog.ProducingThrough(server._logger, sender.Description, librdkafkaReason is null ? "it honours every producer setting" : "a setting needs librdkafka: " + librdkafkaReason);
        return server;
    }

    /// <summary>binary and json always; avro, jsonschema and protobuf once a Schema Registry is configured.</summary>
    private static RecordFormats CreateFormats(SchemaRegistryClient? registry)
    {
        var formats = new RecordFormats();
        if (registry is not null)
        {
            formats.Add(new AvroFormat(registry));
            formats.Add(new JsonSchemaFormat(registry));
            formats.Add(new ProtobufFormat(registry));
        }

        return formats;
    }

    /// <summary>
    /// producer.* and client.* pass through, except that the original forces idempotence off for its shared
    /// producers. A record is given up after 2 minutes unless configured otherwise: the Java producer's
    /// delivery.timeout.ms, which bounds the original's answers, instead of librdkafka's 5 minutes. Keys are
    /// partitioned as the original's Java producer does (murmur2) unless another partitioner is configured.
    /// </summary>
    private static Dictionary<string, string> ProducerSettings(RestProxyOptions options)
    {
        var settings = new Dictionary<string, string>(options.ProducerConfig) { ["enable.idempotence"] = "false" };
        settings.TryAdd("partitioner", "murmur2_random");
        if (!settings.ContainsKey("message.timeout.ms") && !settings.ContainsKey("delivery.timeout.ms"))
        {
            settings["message.timeout.ms"] = "120000";
        }

        return settings;
    }

    private static Dictionary<string, string> WithBootstrap(RestProxyOptions options, IReadOnlyDictionary<string, string> settings) =>
        new(settings) { ["bootstrap.servers"] = options.BootstrapServers };

    private static IPEndPoint ToEndPoint(Uri listener) =>
        listener.Host is "0.0.0.0" or "" ? new IPEndPoint(IPAddress.Any, listener.Port)
        : IPAddress.TryParse(listener.Host, out var address) ? new IPEndPoint(address, listener.Port)
        : new IPEndPoint(Dns.GetHostAddresses(listener.Host).First(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork), listener.Port);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        RestProxyLog.Stopped(_logger);
    }
}
