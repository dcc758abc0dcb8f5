using System.CommandLine;
using Wharf.Hosting;

namespace Wharf.Commands;

/// <summary><c>wharf start</c>: every Wharf service in one process, with the embedded broker.</summary>
internal static class StartCommand
{
    public static Command Create()
    {
        var common = new CommonOptions("The broker's server.properties (Kafka's keys); -o overrides apply to it.");
        var restProxyConfig = new Option<FileInfo?>("--rest-proxy-config")
        {
            Description = "A kafka-rest.properties file for the REST Proxy (its bootstrap.servers is the embedded broker).",
        };
        var schemaRegistryConfig = new Option<FileInfo?>("--schema-registry-config")
        {
            Description = "A schema-registry.properties file for the Schema Registry (its kafkastore.bootstrap.servers is the embedded broker).",
        };
        var connectConfig = new Option<FileInfo?>("--connect-config")
        {
            Description = "A connect-distributed.properties file for the Kafka Connect worker (its bootstrap.servers is the embedded broker).",
        };
        var command = new Command("start", "Start everything in the foreground: the embedded Kafka broker (127.0.0.1:9092), the REST Proxy (127.0.0.1:8082), the Schema Registry (127.0.0.1:8081) and a Kafka Connect worker (127.0.0.1:8083); Ctrl-C stops it cleanly.");
        common.AddTo(command);
        command.Options.Add(restProxyConfig);
        command.Options.Add(schemaRegistryConfig);
        command.Options.Add(connectConfig);
        command.SetAction((result, cancellationToken) => ServiceHost.RunAsync(result, common, (services, settings, dataDirectory) =>
        {
            var broker = services.AddEmbeddedBroker(settings, dataDirectory);
            var registry = services.AddSchemaRegistry(ServiceSettings.ReadFile(result.GetValue(schemaRegistryConfig)), broker.AdvertisedHost + ":" + broker.AdvertisedPort);
            var proxy = services.AddRestProxy(ServiceSettings.ReadFile(result.GetValue(restProxyConfig)), broker.AdvertisedHost + ":" + broker.AdvertisedPort, registry.LocalUrl);
            var connect = services.AddConnect(ConnectServiceExtensions.WithEmbeddedDefaults(ServiceSettings.ReadFile(result.GetValue(connectConfig))), Connect.Runtime.ConnectMode.Distributed, broker.AdvertisedHost + ":" + broker.AdvertisedPort);
            return new SettingsUse(broker.UnknownKeys, broker.KnownKeys)
            {
                OtherFiles =
                [
                    (result.GetValue(schemaRegistryConfig)?.FullName ?? "the Schema Registry's defaults", registry.UnknownKeys),
                    (result.GetValue(restProxyConfig)?.FullName ?? "the REST Proxy's defaults", proxy.UnknownKeys),
                    (result.GetValue(connectConfig)?.FullName ?? "the Connect worker's defaults", connect.UnknownKeys),
                ],
            };
        }, cancellationToken));
        return command;
    }
}
