using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wharf.Broker;
using Wharf.Configuration;

namespace Wharf.Hosting;

/// <summary>Runs the embedded broker for the lifetime of the host.</summary>
internal sealed class EmbeddedBrokerService(BrokerOptions options, ILoggerFactory loggers, TimeProvider time) : IHostedService
{
    private KafkaBroker? _broker;

    /// <summary>The broker's address for the services of the same process, once it is started.</summary>
    public string? BootstrapServers => _broker?.Identity.BootstrapServers;

    public async Task StartAsync(CancellationToken cancellationToken) =>
        _broker = await KafkaBroker.StartAsync(options, loggers, time, cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }
}

internal static class EmbeddedBrokerServiceExtensions
{
    /// <summary>Adds the broker; returns its options (read and checked here, before anything starts).</summary>
    public static BrokerOptions AddEmbeddedBroker(this IServiceCollection services, Settings settings, string dataDirectory)
    {
        var options = BrokerOptions.FromSettings(settings, dataDirectory);
        services.AddSingleton(options);
        services.AddSingleton<EmbeddedBrokerService>();
        services.AddHostedService(provider => provider.GetRequiredService<EmbeddedBrokerService>());
        return options;
    }
}
