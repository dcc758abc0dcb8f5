using System.Net;
using Wharf.Broker.Network;
using Wharf.Configuration;
using Wharf.Storage;

namespace Wharf.Broker;

/// <summary>
/// The broker's settings, read from server.properties keys (Kafka's names and defaults, except where Wharf
/// must differ and says why). Storage settings (log.*) are read by the storage layer from the same keys.
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

    /// <summary>Every key as given, for the components that read their own (storage, groups).</summary>
    public required Settings Settings { get; init; }

    /// <summary>The storage layer's options: the log directory and the log.* defaults of every topic.</summary>
    public LogManagerOptions ToLogManagerOptions()
    {
        var properties = Settings.Values.ToDictionary(kv => kv.Key, kv => (string?)kv.Value, StringComparer.Ordinal);
        if (!BrokerLogDefaults.TryParse(properties, out var defaults, out var error))
        {
            throw new ConfigurationException(error);
        }

        return new LogManagerOptions { LogDirectory = LogDirectory, Defaults = defaults };
    }

    /// <summary>Reads the options; <paramref name="dataDirectory"/> supplies the default log directory.</summary>
    public static BrokerOptions FromSettings(Settings settings, string dataDirectory)
    {
        var listener = ListenerAddress.Parse("listeners", settings.GetList("listeners") is [var first, ..] ? first : DefaultListener);
        var advertised = settings.GetList("advertised.listeners") is [var adv, ..] ? ListenerAddress.Parse("advertised.listeners", adv) : listener;
        var advertisedHost = string.IsNullOrEmpty(advertised.Host) || advertised.Host is "0.0.0.0" or "::" ? Dns.GetHostName() : advertised.Host;
        var nodeId = settings.GetInt32("node.id", settings.GetInt32("broker.id", 0));
        if (nodeId < 0)
        {
            throw new ConfigurationException("node.id", nodeId.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be 0 or more");
        }

        var logDirs = settings.GetList("log.dirs");
        var logDirectory = logDirs.Count > 0 ? logDirs[0] : settings.GetString("log.dir") ?? Path.Combine(dataDirectory, "kafka-logs");
        var numPartitions = settings.GetInt32("num.partitions", 1);
        if (numPartitions < 1)
        {
            throw new ConfigurationException("num.partitions", numPartitions.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be at least 1");
        }

        return new BrokerOptions
        {
            NodeId = nodeId,
            ListenEndPoint = listener.ToEndPoint(),
            AdvertisedHost = advertisedHost,
            AdvertisedPort = advertised.Port,
            LogDirectory = Path.GetFullPath(logDirectory),
            NumPartitions = numPartitions,
            AutoCreateTopics = settings.GetBoolean("auto.create.topics.enable", true),
            DeleteTopicEnable = settings.GetBoolean("delete.topic.enable", true),
            SocketRequestMaxBytes = settings.GetInt32("socket.request.max.bytes", KafkaServerOptions.DefaultMaxRequestBytes),
            Settings = settings,
        };
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
        if (colon < 0 || !int.TryParse(hostPort.AsSpan(colon + 1), System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 0 or > 65535)
        {
            throw new ConfigurationException(key, text, "expected a port number after the host");
        }

        var host = hostPort[..colon].Trim('[', ']');
        return new ListenerAddress(host, port);
    }

    public IPEndPoint ToEndPoint()
    {
        if (string.IsNullOrEmpty(Host) || Host == "0.0.0.0")
        {
            return new IPEndPoint(IPAddress.Any, Port);
        }

        if (IPAddress.TryParse(Host, out var address))
        {
            return new IPEndPoint(address, Port);
        }

        var resolved = Dns.GetHostAddresses(Host);
        return new IPEndPoint(resolved.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork) ?? resolved[0], Port);
    }
}
