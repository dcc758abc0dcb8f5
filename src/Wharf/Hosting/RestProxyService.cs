using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wharf.Configuration;
using Wharf.RestProxy;

namespace Wharf.Hosting;

/// <summary>Runs the REST Proxy for the lifetime of the host, against the embedded broker or any cluster.</summary>
internal sealed class RestProxyService(RestProxyOptions options, ILoggerFactory loggers, TimeProvider time, EmbeddedBrokerService? broker = null) : IHostedService
{
    private RestProxyServer? _server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Started after the embedded broker (services start in registration order), whose address it then uses.
        var effective = broker?.BootstrapServers is { } bootstrap ? options with { BootstrapServers = bootstrap } : options;
        _server = await RestProxyServer.StartAsync(effective, loggers, time, cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

internal static class RestProxyServiceExtensions
{
    /// <summary>Adds the REST Proxy; its options are read and checked here, before anything starts.</summary>
    public static RestProxyOptions AddRestProxy(this IServiceCollection services, Settings settings, string? bootstrapServers, Uri? schemaRegistryUrl = null)
    {
        var options = RestProxyOptions.FromSettings(settings, bootstrapServers, schemaRegistryUrl);
        services.AddSingleton(options);
        services.AddHostedService<RestProxyService>();
        return options;
    }
}
