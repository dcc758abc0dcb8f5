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
        var command = new Command("start", "Start everything in the foreground: the embedded Kafka broker (127.0.0.1:9092), the REST Proxy (127.0.0.1:8082) and the Schema Registry (127.0.0.1:8081); Ctrl-C stops it cleanly.");
        common.AddTo(command);
        command.Options.Add(restProxyConfig);
        command.Options.Add(schemaRegistryConfig);
        command.SetAction((result, cancellationToken) => ServiceHost.RunAsync(result, common, (services, settings, dataDirectory) =>
        {
            var broker = services.AddEmbeddedBroker(settings, dataDirectory);
            var registry = services.AddSchemaRegistry(ServiceSettings.ReadFile(result.GetValue(schemaRegistryConfig)), broker.AdvertisedHost + ":" + broker.AdvertisedPort);
            services.AddRestProxy(ServiceSettings.ReadFile(result.GetValue(restProxyConfig)), broker.AdvertisedHost + ":" + broker.AdvertisedPort, registry.LocalUrl);
            return new SettingsUse(broker.UnknownKeys, broker.KnownKeys);
        }, cancellationToken));
        return command;
    }
}
