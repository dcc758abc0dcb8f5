using System.Globalization;
using Wharf.Storage.Config;

namespace Wharf.Broker.Configs;

/// <summary>
/// DescribeConfigs for the broker resource: the broker's own settings with their effective values, marked as
/// set in server.properties (STATIC_BROKER_CONFIG) or Kafka's default, the log defaults every topic inherits
/// (log.retention.ms, log.segment.bytes, message.max.bytes ...), and every other key the configuration file sets.
/// Broker configs cannot be changed at run time here (no dynamic broker configuration).
/// </summary>
public sealed class BrokerConfigDescription(BrokerOptions options, BrokerIdentity identity)
{
    private readonly IReadOnlyList<ConfigEntry> _logDefaults = options.Log.Defaults.DescribeBrokerKeys();

    public IReadOnlyList<ConfigEntry> Describe()
    {
        var settings = options.Settings;
        var entries = _logDefaults.ToDictionary(e => e.Name, StringComparer.Ordinal);
        void Add(string name, string value, ConfigType type)
        {
            var set = settings.Contains(name);
            entries[name] = new ConfigEntry(
                name,
                set ? settings.GetString(name) : value,
                set ? ConfigSource.StaticBrokerConfig : ConfigSource.Default,
                IsDefault: !set,
                IsSensitive: false,
                ReadOnly: true,
                type,
                []);
        }

        Add("node.id", identity.NodeId.ToString(CultureInfo.InvariantCulture), ConfigType.Int);
        Add("broker.id", identity.NodeId.ToString(CultureInfo.InvariantCulture), ConfigType.Int);
        Add("listeners", BrokerOptions.DefaultListener, ConfigType.String);
        Add("advertised.listeners", "PLAINTEXT://" + identity.BootstrapServers, ConfigType.String);
        Add("log.dirs", options.LogDirectory, ConfigType.String);
        Add("num.partitions", options.NumPartitions.ToString(CultureInfo.InvariantCulture), ConfigType.Int);
        Add("default.replication.factor", "1", ConfigType.Int);
        Add("auto.create.topics.enable", options.AutoCreateTopics ? "true" : "false", ConfigType.Boolean);
        Add("delete.topic.enable", options.DeleteTopicEnable ? "true" : "false", ConfigType.Boolean);
        Add("socket.request.max.bytes", options.SocketRequestMaxBytes.ToString(CultureInfo.InvariantCulture), ConfigType.Int);
        foreach (var (key, _) in settings.Values)
        {
            if (!entries.ContainsKey(key))
            {
                Add(key, string.Empty, ConfigType.String);
            }
        }

        return entries.Values.OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
    }
}
