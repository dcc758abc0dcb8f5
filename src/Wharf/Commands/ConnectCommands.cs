using System.CommandLine;
using Wharf.Configuration;
using Wharf.Connect.Runtime;
using Wharf.Hosting;

namespace Wharf.Commands;

/// <summary>
/// <c>wharf connect-standalone worker.properties [connector.properties|connector.json ...]</c> and
/// <c>wharf connect-distributed worker.properties</c>: a Kafka Connect worker against any cluster, invoked as
/// Apache's connect-standalone.sh / connect-distributed.sh are.
/// </summary>
internal static class ConnectCommands
{
    public static Command Standalone()
    {
        var common = new CommonOptions("Not used: give the worker properties as the first argument.");
        var worker = new Argument<FileInfo>("worker.properties") { Description = "The worker's properties (bootstrap.servers, key.converter, value.converter, offset.storage.file.filename ...)." };
        var connectors = new Argument<FileInfo[]>("connector") { Description = "Connector configurations (properties, or JSON as a POST /connectors body) to create at start.", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("connect-standalone", "Run a standalone Kafka Connect worker (REST API on port 8083), offsets in offset.storage.file.filename.");
        common.AddTo(command);
        command.Arguments.Add(worker);
        command.Arguments.Add(connectors);
        command.SetAction((result, cancellationToken) => ServiceHost.RunAsync(result, common, (services, overrides, _) =>
        {
            var settings = WorkerSettings(result.GetValue(worker)!, overrides);
            var options = services.AddConnect(settings, ConnectMode.Standalone, bootstrapServers: null, result.GetValue(connectors));
            return new SettingsUse(options.UnknownKeys, options.KnownKeys);
        }, cancellationToken));
        return command;
    }

    public static Command Distributed()
    {
        var common = new CommonOptions("Not used: give the worker properties as the argument.");
        var worker = new Argument<FileInfo>("worker.properties") { Description = "The worker's properties (bootstrap.servers, group.id, config/offset/status.storage.topic, converters ...)." };
        var command = new Command("connect-distributed", "Run a distributed Kafka Connect worker (REST API on port 8083), state in the config, offset and status topics.");
        common.AddTo(command);
        command.Arguments.Add(worker);
        command.SetAction((result, cancellationToken) => ServiceHost.RunAsync(result, common, (services, overrides, _) =>
        {
            var settings = WorkerSettings(result.GetValue(worker)!, overrides);
            var options = services.AddConnect(settings, ConnectMode.Distributed, bootstrapServers: null);
            return new SettingsUse(options.UnknownKeys, options.KnownKeys);
        }, cancellationToken));
        return command;
    }

    /// <summary>The worker file with any -o overrides on top.</summary>
    private static Settings WorkerSettings(FileInfo file, Settings overrides) =>
        ServiceSettings.ReadFile(file).With(overrides.Values);
}
