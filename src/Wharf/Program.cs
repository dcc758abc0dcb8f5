using System.CommandLine;
using Wharf.Commands;

var root = new RootCommand(
    "Wharf: the Confluent streaming edge (Kafka REST Proxy, Schema Registry, Kafka Connect, MQTT proxy) "
    + "with an embedded Kafka-compatible broker, in one process.")
{
    StartCommand.Create(),
    BrokerCommand.Create(),
    RestProxyCommand.Create(),
    SchemaRegistryCommand.Create(),
    ConnectCommands.Standalone(),
    ConnectCommands.Distributed(),
};

// The host's console lifetime handles Ctrl-C and SIGTERM (a clean stop); System.CommandLine must not also.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
