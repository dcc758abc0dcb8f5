using System.CommandLine;
using Wharf.Hosting;

namespace Wharf.Commands;

/// <summary><c>wharf schema-registry --config schema-registry.properties</c>: only the Schema Registry, against any Kafka cluster.</summary>
internal static class SchemaRegistryCommand
{
    public static Command Create()
    {
        var common = new CommonOptions("A schema-registry.properties file (listeners, kafkastore.bootstrap.servers, kafkastore.topic, schema.compatibility.level ...).");
        var command = new Command("schema-registry", "Run only the Schema Registry (Confluent's REST API, default port 8081) against the cluster named by kafkastore.bootstrap.servers.");
        common.AddTo(command);
        command.SetAction((result, cancellationToken) => ServiceHost.RunAsync(result, common, (services, settings, _) =>
        {
            var registry = services.AddSchemaRegistry(settings, bootstrapServers: null);
            return new SettingsUse(registry.UnknownKeys, registry.KnownKeys);
        }, cancellationToken));
        return command;
    }
}
