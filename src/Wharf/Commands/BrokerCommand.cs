using System.CommandLine;
using Wharf.Hosting;

namespace Wharf.Commands;

/// <summary><c>wharf broker</c>: only the embedded Kafka broker (server.properties keys via --config / -o).</summary>
internal static class BrokerCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var command = new Command("broker", "Run only the embedded Kafka-compatible broker.");
        common.AddTo(command);
        command.SetAction((result, cancellationToken) => ServiceHost.RunAsync(result, common, (services, settings, dataDirectory) =>
        {
            var broker = services.AddEmbeddedBroker(settings, dataDirectory);
            return new SettingsUse(broker.UnknownKeys, broker.KnownKeys);
        }, cancellationToken));
        return command;
    }
}
