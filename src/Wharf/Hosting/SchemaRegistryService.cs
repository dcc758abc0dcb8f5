using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wharf.Configuration;
using Wharf.SchemaRegistry;

namespace Wharf.Hosting;

/// <summary>Runs the Schema Registry for the lifetime of the host, against the embedded broker or any cluster.</summary>
internal sealed class SchemaRegistryService(SchemaRegistryOptions options, ILoggerFactory loggers, TimeProvider time, EmbeddedBrokerService? broker = null) : IHostedService
{
    private SchemaRegistryServer? _server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Started after the embedded broker (services start in registration order), whose address it then uses.
        var effective = broker?.BootstrapServers is { } bootstrap ? options with { BootstrapServers = bootstrap } : options;
        _server = await SchemaRegistryServer.StartAsync(effective, loggers, time, cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

internal static class SchemaRegistryServiceExtensions
{
    /// <summary>Adds the Schema Registry; its options are read and checked here, before anything starts.</summary>
    public static SchemaRegistryOptions AddSchemaRegistry(this IServiceCollection services, Settings settings, string? bootstrapServers)
    {
        var options = SchemaRegistryOptions.FromSettings(settings, bootstrapServers);
        services.AddSingleton(options);
        services.AddHostedService<SchemaRegistryService>();
        return options;
    }
}
