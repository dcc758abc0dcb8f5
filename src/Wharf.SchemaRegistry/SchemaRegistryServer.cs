using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Wharf.Clients;
using Wharf.SchemaRegistry.Api;
using Wharf.SchemaRegistry.Election;
using Wharf.SchemaRegistry.Http;
using Wharf.SchemaRegistry.Logging;
using Wharf.SchemaRegistry.Registry;
using Wharf.SchemaRegistry.Schemas;
using Wharf.SchemaRegistry.Storage;

namespace Wharf.SchemaRegistry;

/// <summary>
/// The Schema Registry: an ASP.NET Core application on Kestrel whose state lives in the _schemas topic of any Kafka
/// cluster. <see cref="StartAsync"/> creates or verifies the topic, reads it to its end, binds the listeners and
/// joins the leader election; disposing stops accepting requests, leaves the election and closes the store.
/// </summary>
public sealed class SchemaRegistryServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly KafkaStore _store;
    private readonly LeaderElector _elector;
    private readonly ILogger _logger;

    private SchemaRegistryServer(WebApplication app, KafkaStore store, LeaderElector elector, ILogger logger)
    {
        _app = app;
        _store = store;
        _elector = elector;
        _logger = logger;
    }

    /// <summary>The addresses actually bound (ports known when the listeners asked for port 0).</summary>
    public IReadOnlyList<Uri> Addresses => BoundAddresses(_app);

    /// <summary>This instance's URL in the election, where other instances forward writes.</summary>
    public Uri Identity => _elector.Identity;

    public bool IsLeader => _elector.IsLeader;

    public Uri? LeaderUrl => _elector.LeaderUrl;

    public static Task<SchemaRegistryServer> StartAsync(SchemaRegistryOptions options, ILoggerFactory loggers, TimeProvider time, CancellationToken cancellationToken) =>
        StartAsync(options, SchemaProviders.Default, loggers, time, cancellationToken);

    public static async Task<SchemaRegistryServer> StartAsync(SchemaRegistryOptions options, SchemaProviders providers, ILoggerFactory loggers, TimeProvider time, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("Wharf.SchemaRegistry");
        var clients = new KafkaClientFactory(loggers);
        var store = await KafkaStore.StartAsync(options, clients, logger, cancellationToken);
        LeaderElector? elector = null;
        WebApplication? app = null;
        try
        {
            var leadership = new LeadershipSlot(IdentityOf(options, options.Listeners[0]));
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "wharf-schema-registry" });
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton(loggers);
            builder.Services.AddSingleton(time);
            builder.Services.AddSingleton(options);
            builder.Services.AddSingleton(providers);
            builder.Services.AddSingleton(store);
            builder.Services.AddSingleton(store.State);
            builder.Services.AddSingleton<ILeadership>(leadership);
            builder.Services.AddSingleton<LeaderForwarder>();
            builder.Services.AddSingleton<SchemaParsing>();
            builder.Services.AddSingleton<RegistryService>();
            builder.Services.AddSingleton<AnswerCache>();
            builder.Services.AddSingleton<SchemaEndpoints>();
            builder.Services.AddSingleton<SubjectEndpoints>();
            builder.Services.AddSingleton<CompatibilityEndpoints>();
            builder.Services.AddSingleton<ConfigEndpoints>();
            builder.Services.AddSingleton<ModeEndpoints>();
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
                kestrel.AddServerHeader = false;
                foreach (var listener in options.Listeners)
                {
                    kestrel.Listen(ToEndPoint(listener));
                }
            });

            app = builder.Build();
            app.UseMiddleware<ContextPathMiddleware>();
            app.UseRouting();
            app.UseMiddleware<RegistryPipelineMiddleware>();
            RegistryRoutes.Map(app);
            await app.StartAsync(cancellationToken);

            var identity = IdentityOf(options, BoundAddresses(app)[0]);
            elector = await LeaderElector.StartAsync(options, identity, clients, logger);
            leadership.Set(elector);
            RegistryLog.Listening(logger, string.Join(", ", BoundAddresses(app)), identity.ToString(), options.Topic, options.BootstrapServers);
            return new SchemaRegistryServer(app, store, elector, logger);
        }
        catch
        {
            if (elector is not null)
            {
                await elector.DisposeAsync();
            }

            if (app is not null)
            {
                await app.DisposeAsync();
            }

            await store.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The URL other instances reach this one at: host.name when set (Confluent's identity), else the listener's host,
    /// or the machine's name for a wildcard listener; the bound port.
    /// </summary>
    private static Uri IdentityOf(SchemaRegistryOptions options, Uri bound)
    {
        var host = options.HostName ?? (bound.Host is "0.0.0.0" or "[::]" or "+" or "*" ? Dns.GetHostName() : bound.Host);
        return new UriBuilder("http", host, bound.Port).Uri;
    }

    private static List<Uri> BoundAddresses(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();

    private static IPEndPoint ToEndPoint(Uri listener) =>
        listener.Host is "0.0.0.0" or "" ? new IPEndPoint(IPAddress.Any, listener.Port)
        : IPAddress.TryParse(listener.Host, out var address) ? new IPEndPoint(address, listener.Port)
        : new IPEndPoint(Dns.GetHostAddresses(listener.Host).First(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork), listener.Port);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _elector.DisposeAsync();
        await _app.DisposeAsync();
        await _store.DisposeAsync();
        RegistryLog.Stopped(_logger);
    }
}
