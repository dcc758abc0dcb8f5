using Wharf.Configuration;

namespace Wharf.Connect.Runtime;

/// <summary>Whether configurations live in memory and a file (standalone) or in Kafka topics (distributed).</summary>
public enum ConnectMode
{
    Standalone,
    Distributed,
}

/// <summary>
/// The worker's settings, read from a worker.properties with Apache's keys (connect-standalone.properties or
/// connect-distributed.properties) and checked before anything starts.
/// </summary>
public sealed record ConnectWorkerOptions
{
    public required ConnectMode Mode { get; init; }

    public required string BootstrapServers { get; init; }

    public string? GroupId { get; init; }

    public required IReadOnlyList<Uri> Listeners { get; init; }

    /// <summary>host:port shown as worker_id in statuses (rest.advertised.host.name / rest.advertised.port, else the listener).</summary>
    public required string AdvertisedHost { get; init; }

    public int? AdvertisedPort { get; init; }

    public required string KeyConverter { get; init; }

    public required string ValueConverter { get; init; }

    public required IReadOnlyDictionary<string, string> KeyConverterConfig { get; init; }

    public required IReadOnlyDictionary<string, string> ValueConverterConfig { get; init; }

    public long OffsetFlushIntervalMs { get; init; } = 60_000;

    public IReadOnlyList<string> PluginPath { get; init; } = [];

    public string? OffsetStorageFile { get; init; }

    public string ConfigTopic { get; init; } = "connect-configs";

    public string OffsetTopic { get; init; } = "connect-offsets";

    public string StatusTopic { get; init; } = "connect-status";

    public short ConfigReplicationFactor { get; init; } = 3;

    public short OffsetReplicationFactor { get; init; } = 3;

    public short StatusReplicationFactor { get; init; } = 3;

    public int OffsetPartitions { get; init; } = 25;

    public int StatusPartitions { get; init; } = 5;

    public IReadOnlyDictionary<string, string> ProducerConfig { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> ConsumerConfig { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> AdminConfig { get; init; } = new Dictionary<string, string>();

    /// <summary>Distributed mode's group timeouts (session.timeout.ms, heartbeat.interval.ms, rebalance.timeout.ms; Apache's defaults).</summary>
    public int SessionTimeoutMs { get; init; } = 10_000;

    public int HeartbeatIntervalMs { get; init; } = 3_000;

    public int RebalanceTimeoutMs { get; init; } = 60_000;

    /// <summary>Keys of the worker file that nothing reads (reported as the broker reports its unknown keys).</summary>
    public IReadOnlyList<string> UnknownKeys { get; init; } = [];

    /// <summary>Every key the worker reads, for "did you mean" suggestions.</summary>
    public IReadOnlyCollection<string> KnownKeys { get; init; } = [];

    public string WorkerId(int boundPort) => AdvertisedHost + ":" + (AdvertisedPort ?? boundPort);

    public static ConnectWorkerOptions FromSettings(Settings settings, ConnectMode mode, string? bootstrapServers = null)
    {
        var listeners = settings.GetList("listeners") is { Count: > 0 } given ? given : ["http://:8083"];
        var uris = listeners.Select(text => ParseListener(text)).ToList();
        var keyConverter = settings.GetString("key.converter");
        var valueConverter = settings.GetString("value.converter");
        if (string.IsNullOrEmpty(keyConverter))
        {
            throw new ConfigurationException("Missing required configuration \"key.converter\" which has no default value.");
        }

        if (string.IsNullOrEmpty(valueConverter))
        {
            throw new ConfigurationException("Missing required configuration \"value.converter\" which has no default value.");
        }

        string? offsetFile = null;
        string? groupId = null;
        if (mode == ConnectMode.Standalone)
        {
            offsetFile = settings.GetString("offset.storage.file.filename");
            if (string.IsNullOrEmpty(offsetFile))
            {
                throw new ConfigurationException("Missing required configuration \"offset.storage.file.filename\" which has no default value.");
            }
        }
        else
        {
            groupId = settings.GetString("group.id");
            foreach (var key in (string[])["group.id", "config.storage.topic", "offset.storage.topic", "status.storage.topic"])
            {
                if (string.IsNullOrEmpty(settings.GetString(key)))
                {
                    throw new ConfigurationException("Missing required configuration \"" + key + "\" which has no default value.");
                }
            }
        }

        var options = new ConnectWorkerOptions
        {
            Mode = mode,
            BootstrapServers = bootstrapServers ?? settings.GetString("bootstrap.servers", "localhost:9092"),
            GroupId = groupId,
            Listeners = uris,
            AdvertisedHost = settings.GetString("rest.advertised.host.name") is { Length: > 0 } host ? host : HostOf(uris[0]),
            AdvertisedPort = settings.GetString("rest.advertised.port") is { Length: > 0 } ? settings.GetInt32("rest.advertised.port", 8083) : null,
            KeyConverter = keyConverter,
            ValueConverter = valueConverter,
            KeyConverterConfig = settings.WithPrefix("key.converter."),
            ValueConverterConfig = settings.WithPrefix("value.converter."),
            OffsetFlushIntervalMs = settings.GetInt64("offset.flush.interval.ms", 60_000),
            PluginPath = settings.GetList("plugin.path"),
            OffsetStorageFile = offsetFile,
            ConfigTopic = settings.GetString("config.storage.topic", "connect-configs"),
            OffsetTopic = settings.GetString("offset.storage.topic", "connect-offsets"),
            StatusTopic = settings.GetString("status.storage.topic", "connect-status"),
            ConfigReplicationFactor = (short)settings.GetInt32("config.storage.replication.factor", 3),
            OffsetReplicationFactor = (short)settings.GetInt32("offset.storage.replication.factor", 3),
            StatusReplicationFactor = (short)settings.GetInt32("status.storage.replication.factor", 3),
            OffsetPartitions = settings.GetInt32("offset.storage.partitions", 25),
            StatusPartitions = settings.GetInt32("status.storage.partitions", 5),
            ProducerConfig = settings.WithPrefix("producer."),
            ConsumerConfig = settings.WithPrefix("consumer."),
            AdminConfig = settings.WithPrefix("admin."),
            SessionTimeoutMs = settings.GetInt32("session.timeout.ms", 10_000),
            HeartbeatIntervalMs = settings.GetInt32("heartbeat.interval.ms", 3_000),
            RebalanceTimeoutMs = settings.GetInt32("rebalance.timeout.ms", 60_000),
        };

        // Keys of Apache's worker config this worker reads no further (accepted so that existing files start).
        foreach (var key in (string[])["offset.flush.timeout.ms", "task.shutdown.graceful.timeout.ms", "header.converter", "connect.protocol",
            "scheduled.rebalance.max.delay.ms", "topic.tracking.enable",
            "topic.tracking.allow.reset", "exactly.once.source.support", "connector.client.config.override.policy", "admin.listeners",
            "config.providers", "plugin.discovery", "rest.advertised.listener", "access.control.allow.origin", "access.control.allow.methods"])
        {
            settings.Contains(key);
        }

        return options with
        {
            UnknownKeys = settings.Values.Keys.Where(k => !settings.WasConsulted(k)).ToList(),
            KnownKeys = settings.ConsultedKeys,
        };
    }

    private static Uri ParseListener(string text)
    {
        // "http://:8083" (Apache's default) has no host: every interface.
        var normalized = text.Replace("://:", "://0.0.0.0:", StringComparison.Ordinal);
        if (!Uri.TryCreate(normalized, UriKind.Absolute, out var uri) || uri.Scheme != "http")
        {
            throw new ConfigurationException("listeners", text, "Only http listeners of the form http://host:port are supported");
        }

        return uri;
    }

    private static string HostOf(Uri listener) =>
        listener.Host is "0.0.0.0" or "" ? System.Net.Dns.GetHostName() : listener.Host;
}
