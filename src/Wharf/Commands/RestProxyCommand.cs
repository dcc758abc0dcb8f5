using System.CommandLine;
using Wharf.Hosting;

namespace Wharf.Commands;

/// <summary><c>wharf rest-proxy --config kafka-rest.properties</c>: only the REST Proxy, against any Kafka cluster.</summary>
internal static class RestProxyCommand
{
    public static Command Create()
    {
        var common = new CommonOptions("A kafka-rest.properties file (listeners, bootstrap.servers, consumer.*, producer.*, client.* ...).");
        var command = new Command("rest-proxy", "Run only the Kafka REST Proxy (Confluent's v2 API, default port 8082) against the cluster named by bootstrap.servers.");
        common.AddTo(command);
        command.SetAction((result, cancellationToken) => ServiceHost.RunAsync(result, common, (services, settings, _) =>
        {
            var proxy = services.AddRestProxy(settings, bootstrapServers: null);
            return new SettingsUse(proxy.UnknownKeys, proxy.KnownKeys);
        }, cancellationToken));
        return command;
    }
}
