using System.Text;
using Wharf.Connect.Api.Config;
using Wharf.Connect.Api.Data;
using Wharf.Connect.Api.Plugins;
using Wharf.Connect.Api.Records;
using Wharf.Connect.Plugins;

namespace Wharf.Connect.Runtime;

/// <summary>
/// Builds what a task needs besides its own class: the key and value converters (the connector's key.converter /
/// value.converter with their prefixed settings, else the worker's) and the transformation chain.
/// </summary>
internal sealed class ConnectorPlugins(PluginRegistry plugins, ConnectWorkerOptions worker)
{
    public IConverter KeyConverter(IReadOnlyDictionary<string, string> config) =>
        Converter(config, ConnectorConfig.KeyConverter, worker.KeyConverter, worker.KeyConverterConfig, isKey: true);

    public IConverter ValueConverter(IReadOnlyDictionary<string, string> config) =>
        Converter(config, ConnectorConfig.ValueConverter, worker.ValueConverter, worker.ValueConverterConfig, isKey: false);

    public TransformationChain Transformations(IReadOnlyDictionary<string, string> config)
    {
        var aliases = Aliases(config, ConnectorConfig.Transforms);
        if (aliases.Count == 0)
        {
            return TransformationChain.Empty;
        }

        var predicates = Aliases(config, ConnectorConfig.Predicates).ToDictionary(
            alias => alias,
            alias => Configure<IPredicate>(config, "predicates." + alias + ".", PluginKind.Predicate),
            StringComparer.Ordinal);
        var stages = new List<TransformationStage>();
        foreach (var alias in aliases)
        {
            var prefix = "transforms." + alias + ".";
            var transformation = Configure<ITransformation>(config, prefix, PluginKind.Transformation);
            IPredicate? predicate = null;
            if (config.TryGetValue(prefix + "predicate", out var predicateAlias) && !string.IsNullOrWhiteSpace(predicateAlias))
            {
                predicate = predicates.GetValueOrDefault(predicateAlias.Trim())
                    ?? throw new ConfigException(prefix + "predicate", predicateAlias, "Predicate '" + predicateAlias.Trim() + "' is not listed in predicates");
            }

            var negate = config.TryGetValue(prefix + "negate", out var negateText) && (bool)ConfigDef.ParseType(prefix + "negate", negateText, ConfigType.Boolean)!;
            stages.Add(new TransformationStage(transformation, predicate, negate));
        }

        return new TransformationChain(stages);
    }

    /// <summary>Connect headers as Kafka header bytes: bytes as they are, anything else as its text in UTF-8.</summary>
    public static byte[]? FromConnectHeader(ConnectHeader header) => header.Value switch
    {
        null => null,
        byte[] bytes => bytes,
        string text => Encoding.UTF8.GetBytes(text),
        var other => Encoding.UTF8.GetBytes(ValueEquality.Format(other)),
    };

    private IConverter Converter(IReadOnlyDictionary<string, string> config, string key, string workerClass, IReadOnlyDictionary<string, string> workerSettings, bool isKey)
    {
        var own = config.TryGetValue(key, out var name) && !string.IsNullOrWhiteSpace(name);
        var className = own ? name! : workerClass;
        var plugin = plugins.Find(className, PluginKind.Converter)
            ?? throw new ConfigException(key, className, "Class " + className.Trim() + " could not be found.");
        var converter = PluginRegistry.Create<IConverter>(plugin);
        var settings = own
            ? config.Where(kv => kv.Key.StartsWith(key + ".", StringComparison.Ordinal)).ToDictionary(kv => kv.Key[(key.Length + 1)..], kv => kv.Value, StringComparer.Ordinal)
            : new Dictionary<string, string>(workerSettings, StringComparer.Ordinal);
        converter.Configure(settings, isKey);
        return converter;
    }

    private T Configure<T>(IReadOnlyDictionary<string, string> config, string prefix, PluginKind kind)
        where T : class
    {
        var typeName = config.GetValueOrDefault(prefix + "type") ?? throw new ConfigException("Missing required configuration \"" + prefix + "type\" which has no default value.");
        var plugin = plugins.Find(typeName, kind) ?? throw new ConfigException(prefix + "type", typeName, "Class " + typeName.Trim() + " could not be found.");
        var instance = PluginRegistry.Create<T>(plugin);
        var settings = config.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value, StringComparer.Ordinal);
        switch (instance)
        {
            case ITransformation transformation:
                transformation.Configure(settings);
                break;
            case IPredicate predicate:
                predicate.Configure(settings);
                break;
            default:
                break;
        }

        return instance;
    }

    private static List<string> Aliases(IReadOnlyDictionary<string, string> config, string key) =>
        config.TryGetValue(key, out var list) ? [.. list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)] : [];
}
