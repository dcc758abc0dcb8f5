using System.Collections.Frozen;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Wharf.Broker.Groups;
using Wharf.Broker.Network;
using Wharf.Configuration;
using Wharf.Storage;

namespace Wharf.Broker;

/// <summary>
/// The broker's settings, read from server.properties keys (Kafka's names and defaults, except where Wharf
/// must differ and says why). Storage settings (log.*) are read by the storage layer from the same keys, group
/// settings by the coordinator's options; <see cref="FromSettings"/> reads and checks them all at once, so a bad
/// value is reported before anything is written to the data directory.
/// </summary>
public sealed record BrokerOptions
{
    /// <summary>The default listener: loopback only, so a laptop never exposes an unauthenticated broker.</summary>
    public const string DefaultListener = "PLAINTEXT://127.0.0.1:9092";

    /// <summary>node.id (KRaft) or broker.id: the one node of this cluster.</summary>
    public int NodeId { get; init; }

    /// <summary>listeners: where the Kafka protocol is served (only PLAINTEXT is supported).</summary>
    public required IPEndPoint ListenEndPoint { get; init; }

    /// <summary>advertised.listeners: the host clients are told to connect to; defaults to the listener's.</summary>
    public required string AdvertisedHost { get; init; }

    /// <summary>The advertised port; 0 means "whatever port the listener was given".</summary>
    public int AdvertisedPort { get; init; }

    /// <summary>log.dirs / log.dir: where partition logs and the cluster's meta.properties live.</summary>
    public required string LogDirectory { get; init; }

    /// <summary>num.partitions: partitions of an auto-created topic, and of CreateTopics asking for -1.</summary>
    public int NumPartitions { get; init; } = 1;

    /// <summary>auto.create.topics.enable: Metadata for an unknown topic creates it (Kafka's default, true).</summary>
    public bool AutoCreateTopics { get; init; } = true;

    /// <summary>delete.topic.enable: when false, DeleteTopics answers TOPIC_DELETION_DISABLED.</summary>
    public bool DeleteTopicEnable { get; init; } = true;

    /// <summary>socket.request.max.bytes: largest request frame accepted (100 MiB).</summary>
    public int SocketRequestMaxBytes { get; init; } = KafkaServerOptions.DefaultMaxRequestBytes;

    /// <summary>The storage layer's options: the log directory and the log.* defaults of every topic.</summary>
    public required LogManagerOptions Log { get; init; }

    /// <summary>The group coordinator's options (group.*, offsets.*).</summary>
    public GroupCoordinatorOptions Groups { get; init; } = new();

    /// <summary>Every key as given (DescribeConfigs shows them).</summary>
    public required Settings Settings { get; init; }

    /// <summary>
    /// The given keys that neither the broker, its storage nor its group coordinator reads, and that are not among
    /// <see cref="KafkaKeysWithoutEffect"/> (sorted). Kafka logs such keys as "supplied but isn't a known config".
    /// </summary>
    public IReadOnlyList<string> UnknownKeys { get; init; } = [];

    /// <summary>Every key the broker knows (reads, or accepts without effect): for "did you mean" suggestions.</summary>
    public IReadOnlyCollection<string> KnownKeys { get; init; } = [];

    /// <summary>
    /// Keys of the configuration files Kafka ships (config/server.properties, config/kraft/*.properties) that have
    /// nothing to change in one embedded node without controllers, replicas, ZooKeeper or thread pools to size:
    /// accepted, so that Kafka's own files start the broker without complaint, and ignored.
    /// </summary>
    public static IReadOnlySet<string> KafkaKeysWithoutEffect { get; } = new[]
    {
        "process.roles", "controller.quorum.voters", "controller.quorum.bootstrap.servers", "controller.listener.names",
        "inter.broker.listener.name", "listener.security.protocol.map", "num.network.threads", "num.io.threads",
        "socket.send.buffer.bytes", "socket.receive.buffer.bytes", "num.recovery.threads.per.data.dir",
        "offsets.topic.replication.factor", "offsets.topic.num.partitions", "default.replication.factor",
        "transaction.state.log.replication.factor", "transaction.state.log.min.isr",
        "share.coordinator.state.topic.replication.factor", "share.coordinator.state.topic.min.isr",
        "zookeeper.connect", "zookeeper.connection.timeout.ms",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Reads the options; <paramref name="dataDirectory"/> supplies the default log directory.</summary>
    public static BrokerOptions FromSettings(Settings settings, string dataDirectory)
    {
        var listener = ListenerAddress.Parse("listeners", settings.GetList("listeners") is [var first, ..] ? first : DefaultListener);
        var advertised = settings.GetList("advertised.listeners") is [var adv, ..] ? ListenerAddress.Parse("advertised.listeners", adv) : listener;
        var advertisedHost = string.IsNullOrEmpty(advertised.Host) || advertised.Host is "0.0.0.0" or "::" ? Dns.GetHostName() : advertised.Host;
        var nodeId = settings.GetInt32("node.id", settings.GetInt32("broker.id", 0));
        if (nodeId < 0)
        {
            throw new ConfigurationException("node.id", nodeId.ToString(CultureInfo.InvariantCulture), "must be 0 or more");
        }

        var logDirs = settings.GetList("log.dirs");
        var logDir = settings.GetString("log.dir"); // read even when log.dirs wins, so that it counts as a known key
        var logDirectory = logDirs.Count > 0 ? logDirs[0] : logDir ?? Path.Combine(dataDirectory, "kafka-logs");
        var numPartitions = AtLeast(settings, "num.partitions", 1, 1);
        var fullLogDirectory = Path.GetFullPath(logDirectory);
        var properties = settings.Values.ToDictionary(kv => kv.Key, kv => (string?)kv.Value, StringComparer.Ordinal);
        if (!BrokerLogDefaults.TryParse(properties, out var logDefaults, out var error))
        {
            throw new ConfigurationException(error);
        }

        var options = new BrokerOptions
        {
            NodeId = nodeId,
            ListenEndPoint = listener.ToEndPoint("listeners"),
            AdvertisedHost = advertisedHost,
            AdvertisedPort = advertised.Port,
            LogDirectory = fullLogDirectory,
            NumPartitions = numPartitions,
            AutoCreateTopics = settings.GetBoolean("auto.create.topics.enable", true),
            DeleteTopicEnable = settings.GetBoolean("delete.topic.enable", true),
            SocketRequestMaxBytes = AtLeast(settings, "socket.request.max.bytes", KafkaServerOptions.DefaultMaxRequestBytes, 1),
            Log = new LogManagerOptions { LogDirectory = fullLogDirectory, Defaults = logDefaults },
            Groups = GroupCoordinatorOptions.FromSettings(settings),
            Settings = settings,
        };

        // Every reader above has now asked the settings for its keys.
        bool IsKnown(string key) => settings.WasConsulted(key) || BrokerLogDefaults.Keys.Contains(key) || KafkaKeysWithoutEffect.Contains(key);
        return options with
        {
            UnknownKeys = settings.Values.Keys.Where(key => !IsKnown(key)).Order(StringComparer.Ordinal).ToList(),
            KnownKeys = settings.ConsultedKeys.Concat(BrokerLogDefaults.Keys).Concat(KafkaKeysWithoutEffect).ToHashSet(StringComparer.Ordinal),
        };
    }

    private static int AtLeast(Settings settings, string key, int defaultValue, int minimum)
    {
        var value = settings.GetInt32(key, defaultValue);
        return value >= minimum
            ? value
            : throw new ConfigurationException(key, value.ToString(CultureInfo.InvariantCulture), "must be at least " + minimum.ToString(CultureInfo.InvariantCulture));
    }
}

/// <summary>One entry of listeners / advertised.listeners: <c>PLAINTEXT://host:port</c> (host may be empty).</summary>
internal readonly record struct ListenerAddress(string Host, int Port)
{
    public static ListenerAddress Parse(string key, string text)
    {
        var separator = text.IndexOf("://", StringComparison.Ordinal);
        if (separator < 0)
        {
            throw new ConfigurationException(key, text, "expected PLAINTEXT://host:port");
        }

        var protocol = text[..separator];
        if (!protocol.Equals("PLAINTEXT", StringComparison.OrdinalIgnoreCase))
        {
            throw new ConfigurationException(key, text, "only PLAINTEXT listeners are supported by the embedded broker");
        }

        var hostPort = text[(separator + 3)..];
        var colon = hostPort.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(hostPort.AsSpan(colon + 1), CultureInfo.InvariantCulture, out var port) || port is < 0 or > 65535)
        {
            throw new ConfigurationException(key, text, "expected a port number after the host");
        }

        var host = hostPort[..colon].Trim('[', ']');
        return new ListenerAddress(host, port);
    }

    /// <summary>The address to bind; a host name that does not resolve is a configuration error of <paramref name="key"/>.</summary>
    public IPEndPoint ToEndPoint(string key)
    {
        if (string.IsNullOrEmpty(Host) || Host == "0.0.0.0")
        {
            return new IPEndPoint(IPAddress.Any, Port);
        }

        if (IPAddress.TryParse(Host, out var address))
        {
            return new IPEndPoint(address, Port);
        }

        IPAddress[] resolved;
        try
        {
            resolved = Dns.GetHostAddresses(Host);
        }
        catch (SocketException e)
        {
            throw new ConfigurationException(key, "PLAINTEXT://" + Host + ":" + Port.ToString(CultureInfo.InvariantCulture), "the host name does not resolve (" + e.Message + ")");
        }

        if (resolved.Length == 0)
        {
            throw new ConfigurationException(key, "PLAINTEXT://" + Host + ":" + Port.ToString(CultureInfo.InvariantCulture), "the host name has no address");
        }

        return new IPEndPoint(resolved.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? resolved[0], Port);
    }
}
