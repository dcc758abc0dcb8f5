using Wharf.Connect.Api.Connectors;
using Wharf.Connect.Api.Plugins;
using Wharf.Connect.Plugins;
using Wharf.Connect.Runtime;

namespace Wharf.Connect.Rest;

/// <summary>/connector-plugins (Apache's ConnectorPluginsResource): listing, config definitions, validation.</summary>
internal sealed class PluginsEndpoints(ConnectHerder herder)
{
    public Task ListAsync(HttpContext context)
    {
        var connectorsOnly = !(context.Request.Query["connectorsOnly"].FirstOrDefault() is { } text && bool.TryParse(text, out var only) && !only);
        var plugins = herder.Plugins.All
            .Where(p => !connectorsOnly || p.Kind is PluginKind.Source or PluginKind.Sink)
            .OrderBy(p => p.Kind).ThenBy(p => p.ClassName, StringComparer.Ordinal)
            .ToList();
        return ConnectJson.WriteAsync(context, 200, w =>
        {
            w.WriteStartArray();
            foreach (var plugin in plugins)
            {
                ConnectJson.Plugin(w, plugin);
            }

            w.WriteEndArray();
        });
    }

    /// <summary>The keys a plugin accepts; for connectors the framework's keys come first.</summary>
    public Task ConfigAsync(HttpContext context, string plugin)
    {
        var found = herder.Plugins.Find(plugin, Enum.GetValues<PluginKind>()) ?? throw new NotFoundException("Unknown plugin " + plugin + ".");
        var keys = found.Kind switch
        {
            PluginKind.Source => ConnectorConfig.Source.Keys.Values.Concat(PluginRegistry.Create<Connector>(found).Config.Keys.Values),
            PluginKind.Sink => ConnectorConfig.Sink.Keys.Values.Concat(PluginRegistry.Create<Connector>(found).Config.Keys.Values),
            PluginKind.Converter => PluginRegistry.Create<IConverter>(found).Config.Keys.Values,
            PluginKind.Transformation => PluginRegistry.Create<ITransformation>(found).Config.Keys.Values,
            _ => PluginRegistry.Create<IPredicate>(found).Config.Keys.Values,
        };
        var list = keys.ToList();
        return ConnectJson.WriteAsync(context, 200, w =>
        {
            w.WriteStartArray();
            foreach (var key in list)
            {
                ConnectJson.KeyInfo(w, key);
            }

            w.WriteEndArray();
        });
    }

    /// <summary>Validates a configuration; 200 even with errors (error_count says how many).</summary>
    public async Task ValidateAsync(HttpContext context, string plugin)
    {
        var config = RequestBodies.NonNull(RequestBodies.Config(await RequestBodies.ReadAsync(context)));
        var requested = herder.Plugins.Find(plugin, PluginKind.Source, PluginKind.Sink);
        if (config.TryGetValue(ConnectorConfig.ConnectorClass, out var included) && requested is not null
            && herder.Plugins.Find(included, PluginKind.Source, PluginKind.Sink) is { } includedPlugin && includedPlugin != requested)
        {
            throw new BadRequestException("Included connector type " + included + " does not match request type " + plugin);
        }

        config.TryAdd(ConnectorConfig.ConnectorClass, plugin);
        var infos = herder.Validate(config);
        await ConnectJson.WriteAsync(context, 200, w => ConnectJson.ConfigInfos(w, infos));
    }
}
