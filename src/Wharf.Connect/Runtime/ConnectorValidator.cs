using Wharf.Connect.Api;
using Wharf.Connect.Api.Config;
using Wharf.Connect.Api.Connectors;
using Wharf.Connect.Api.Plugins;
using Wharf.Connect.Plugins;
using Wharf.Connect.Runtime.Errors;

namespace Wharf.Connect.Runtime;

/// <summary>
/// Validates a connector configuration as Apache's AbstractHerder.validateConnectorConfig does: the framework's
/// keys (name, tasks.max, converters, sink topics), each transformation and predicate with its own keys under
/// transforms.&lt;alias&gt;. / predicates.&lt;alias&gt;., and the connector's own keys.
/// </summary>
internal sealed class ConnectorValidator(PluginRegistry plugins)
{
    /// <summary>The connector plugin named by connector.class; a 400 when there is none, a 500 (as Apache) when unknown.</summary>
    public PluginDescriptor ConnectorPlugin(IReadOnlyDictionary<string, string> config)
    {
        if (!config.TryGetValue(ConnectorConfig.ConnectorClass, out var className) || string.IsNullOrWhiteSpace(className))
        {
            throw new BadRequestException("Connector config {" + string.Join(", ", config.Select(kv => kv.Key + "=" + kv.Value)) + "} contains no connector type");
        }

        return plugins.Find(className, PluginKind.Source, PluginKind.Sink)
            ?? throw new ConnectException("Failed to find any class that implements Connector and which name matches " + className.Trim()
                + ", available connectors are: " + string.Join(", ", plugins.All.Where(p => p.Kind is PluginKind.Source or PluginKind.Sink).Select(p => p.ClassName)));
    }

    public ConfigInfos Validate(IReadOnlyDictionary<string, string> config)
    {
        var plugin = ConnectorPlugin(config);
        var framework = plugin.Kind == PluginKind.Sink ? ConnectorConfig.Sink : ConnectorConfig.Source;
        var infos = new List<ConfigInfo>();
        var groups = new List<string>(framework.Groups);
        var values = framework.Validate(config).ToDictionary(v => v.Name, StringComparer.Ordinal);
        if (plugin.Kind == PluginKind.Sink)
        {
            CheckSinkTopics(config, values);
        }

        CheckConverter(config, ConnectorConfig.KeyConverter, values);
        CheckConverter(config, ConnectorConfig.ValueConverter, values);
        infos.AddRange(framework.Keys.Values.Select(k => new ConfigInfo(k, values[k.Name])));
        infos.AddRange(ValidateAliases(config, ConnectorConfig.Transforms, "transforms.", PluginKind.Transformation, groups));
        infos.AddRange(ValidateAliases(config, ConnectorConfig.Predicates, "predicates.", PluginKind.Predicate, groups));

        var connector = PluginRegistry.Create<Connector>(plugin);
        var definition = connector.Config;
        IReadOnlyList<ConfigValue> own;
        try
        {
            own = connector.Validate(config);
        }
        catch (ConfigException exception)
        {
            own = [new ConfigValue(ConnectorConfig.ConnectorClass, config[ConnectorConfig.ConnectorClass]) { Errors = { exception.Message } }];
        }

        foreach (var value in own)
        {
            if (framework.Keys.ContainsKey(value.Name))
            {
                values[value.Name].Errors.AddRange(value.Errors.Except(values[value.Name].Errors));
                continue;
            }

            infos.Add(new ConfigInfo(definition.Keys.GetValueOrDefault(value.Name), value));
        }

        groups.AddRange(definition.Groups.Where(g => !groups.Contains(g)));
        return new ConfigInfos(config[ConnectorConfig.ConnectorClass], groups, infos);
    }

    private static void CheckSinkTopics(IReadOnlyDictionary<string, string> config, Dictionary<string, ConfigValue> values)
    {
        var hasTopics = config.TryGetValue(ConnectorConfig.Topics, out var topics) && !string.IsNullOrWhiteSpace(topics);
        var hasRegex = config.TryGetValue(ConnectorConfig.TopicsRegex, out var regex) && !string.IsNullOrWhiteSpace(regex);
        if (hasTopics == hasRegex)
        {
            var message = hasTopics ? "Only one of topics or topics.regex should be specified." : "Must configure one of topics or topics.regex";
            values[ConnectorConfig.Topics].Errors.Add(message);
            values[ConnectorConfig.TopicsRegex].Errors.Add(message);
        }

        // A sink may not read its own dead letter queue (Apache's SinkConnectorConfig.validate).
        var dlq = config.GetValueOrDefault(ErrorHandlingConfig.DlqTopicName)?.Trim() ?? string.Empty;
        if (dlq.Length == 0)
        {
            return;
        }

        var topicList = hasTopics ? topics!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [];
        if (topicList.Contains(dlq, StringComparer.Ordinal))
        {
            values[ConnectorConfig.Topics].Errors.Add("The DLQ topic '" + dlq + "' may not be included in the list of topics ('" + ConnectorConfig.Topics + "=[" + string.Join(", ", topicList) + "]') consumed by the connector");
        }

        if (hasRegex && IsFullMatch(regex!, dlq))
        {
            values[ConnectorConfig.TopicsRegex].Errors.Add("The DLQ topic '" + dlq + "' may not be matched by the regex for the topics ('" + ConnectorConfig.TopicsRegex + "=" + regex + "') consumed by the connector");
        }
    }

    private static bool IsFullMatch(string pattern, string topic)
    {
        try
        {
            return System.Text.RegularExpressions.Regex.IsMatch(topic, "^(?:" + pattern + ")$", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private void CheckConverter(IReadOnlyDictionary<string, string> config, string key, Dictionary<string, ConfigValue> values)
    {
        if (config.TryGetValue(key, out var name) && !string.IsNullOrWhiteSpace(name) && plugins.Find(name, PluginKind.Converter) is null)
        {
            values[key].Errors.Add("Invalid value " + name.Trim() + " for configuration " + key + ": Class " + name.Trim() + " could not be found.");
        }
    }

    private IEnumerable<ConfigInfo> ValidateAliases(IReadOnlyDictionary<string, string> config, string listKey, string prefix, PluginKind kind, List<string> groups)
    {
        if (!config.TryGetValue(listKey, out var list) || string.IsNullOrWhiteSpace(list))
        {
            yield break;
        }

        foreach (var alias in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal))
        {
            var group = (kind == PluginKind.Transformation ? "Transforms: " : "Predicates: ") + alias;
            groups.Add(group);
            var typeKey = prefix + alias + ".type";
            var typeDefinition = new ConfigKey(typeKey, ConfigType.Class, false, null, null, Importance.High, "Class for the '" + alias + "' " + (kind == PluginKind.Transformation ? "transformation" : "predicate") + ".", group, 0, Width.Long, (kind == PluginKind.Transformation ? "Transformation type for " : "Predicate type for ") + alias);
            var typeValue = new ConfigValue(typeKey, config.GetValueOrDefault(typeKey));
            if (!config.TryGetValue(typeKey, out var typeName) || string.IsNullOrWhiteSpace(typeName))
            {
                typeValue.Errors.Add("Missing required configuration \"" + typeKey + "\" which has no default value.");
                yield return new ConfigInfo(typeDefinition, typeValue);
                continue;
            }

            var plugin = plugins.Find(typeName, kind);
            if (plugin is null)
            {
                typeValue.Errors.Add("Invalid value " + typeName.Trim() + " for configuration " + typeKey + ": Class " + typeName.Trim() + " could not be found.");
                yield return new ConfigInfo(typeDefinition, typeValue);
                continue;
            }

            yield return new ConfigInfo(typeDefinition, typeValue);
            var own = kind == PluginKind.Transformation ? PluginRegistry.Create<ITransformation>(plugin).Config : PluginRegistry.Create<IPredicate>(plugin).Config;
            var ownConfig = config.Where(kv => kv.Key.StartsWith(prefix + alias + ".", StringComparison.Ordinal))
                .ToDictionary(kv => kv.Key[(prefix.Length + alias.Length + 1)..], kv => kv.Value, StringComparer.Ordinal);
            foreach (var value in own.Validate(ownConfig))
            {
                var key = own.Keys[value.Name];
                var prefixed = new ConfigValue(prefix + alias + "." + value.Name, value.Value);
                prefixed.Errors.AddRange(value.Errors.Select(e => e.Replace("configuration " + value.Name, "configuration " + prefixed.Name, StringComparison.Ordinal).Replace("\"" + value.Name + "\"", "\"" + prefixed.Name + "\"", StringComparison.Ordinal)));
                yield return new ConfigInfo(key with { Name = prefixed.Name, Group = group }, prefixed);
            }
        }
    }
}
