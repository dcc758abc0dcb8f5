using System.CommandLine;
using Wharf.Hosting;

namespace Wharf.Commands;

/// <summary><c>wharf start</c>: every Wharf service in one process, with the embedded broker.</summary>
internal static class StartCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var command = new Command("start", "Start everything (today: the embedded Kafka broker on 127.0.0.1:9092) in the foreground; Ctrl-C stops it cleanly.");
        common.AddTo(command);
        command.SetAction((result, cancellationToken) => ServiceHost.RunAsync(result, common, (services, settings, dataDirectory) =>
        {
            var broker = services.AddEmbeddedBroker(settings, dataDirectory);
            return new SettingsUse(broker.UnknownKeys, broker.KnownKeys);
        }, cancellationToken));
        return command;
    }
}
