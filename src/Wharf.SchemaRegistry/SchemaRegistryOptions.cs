using System.Globalization;
using Wharf.Configuration;
using Wharf.SchemaRegistry.Registry;

namespace Wharf.SchemaRegistry;

/// <summary>
/// The Schema Registry's settings, read from schema-registry.properties keys with Confluent 7.x's defaults
/// (SchemaRegistryConfig, rest-utils RestConfig), except the listener: without <c>listeners</c> or <c>port</c>,
/// Wharf listens on loopback only (http://127.0.0.1:8081), as its broker and REST Proxy do.
/// </summary>
public sealed record SchemaRegistryOptions
{
    public const int DefaultPort = 8081;
    public const string DefaultListener = "http://127.0.0.1:8081";

    /// <summary>listeners: http://host:port entries (port 0 picks a free port). The first one is this instance's identity.</summary>
    public required IReadOnlyList<Uri> Listeners { get; init; }

    /// <summary>The first listener as a client on this machine reaches it: a wildcard host (0.0.0.0, [::]) becomes 127.0.0.1.</summary>
    public Uri LocalUrl => Listeners[0].Host is "0.0.0.0" or "[::]" or "::" ? new UriBuilder(Listeners[0]) { Host = "127.0.0.1" }.Uri : Listeners[0];

    /// <summary>host.name: the host other instances forward writes to (Confluent: the machine's canonical host name).</summary>
    public string? HostName { get; init; }

    /// <summary>leader.eligibility (master.eligibility before 7.0): whether this instance may become the leader.</summary>
    public bool LeaderEligibility { get; init; } = true;

    /// <summary>kafkastore.bootstrap.servers.</summary>
    public required string BootstrapServers { get; init; }

    /// <summary>kafkastore.topic: the compacted topic holding every schema, config and mode (_schemas).</summary>
    public string Topic { get; init; } = "_schemas";

    /// <summary>kafkastore.topic.replication.factor: 3, capped at the number of live brokers when the topic is created.</summary>
    public int TopicReplicationFactor { get; init; } = 3;

    /// <summary>kafkastore.topic.skip.validation: start even when the topic has several partitions or is not compacted.</summary>
    public bool SkipTopicValidation { get; init; }

    /// <summary>kafkastore.init.timeout.ms: how long the start may take to create and read the topic (60 s).</summary>
    public int InitTimeoutMs { get; init; } = 60_000;

    /// <summary>kafkastore.timeout.ms: how long a write waits until this instance has read it back (500 ms).</summary>
    public int StoreTimeoutMs { get; init; } = 500;

    /// <summary>kafkastore.write.max.retries: attempts of a write that lost a race with another writer (5).</summary>
    public int WriteMaxRetries { get; init; } = 5;

    /// <summary>schema.registry.group.id: the group in which instances elect their leader (schema-registry).</summary>
    public string GroupId { get; init; } = "schema-registry";

    /// <summary>
    /// wharf.leader.election.topic: the one-partition topic the election group subscribes to; its owner is the
    /// leader and announces its URL there (default: the kafkastore.topic name + "_leader"). Wharf's own key.
    /// </summary>
    public required string ElectionTopic { get; init; }

    /// <summary>schema.compatibility.level (avro.compatibility.level before 5.5): the level when none is configured (BACKWARD).</summary>
    public CompatibilityLevel CompatibilityLevel { get; init; } = CompatibilityLevel.Backward;

    /// <summary>mode.mutability: whether PUT/DELETE /mode are allowed (true since 7.0).</summary>
    public bool ModeMutability { get; init; } = true;

    /// <summary>avro.validate.defaults: check field defaults of new Avro schemas (false; always on with normalize).</summary>
    public bool AvroValidateDefaults { get; init; }

    /// <summary>kafkastore.* settings that are not registry keys, passed to the store's Kafka clients (security, SASL ...).</summary>
    public IReadOnlyDictionary<string, string> ClientConfig { get; init; } = new Dictionary<string, string>();

    /// <summary>debug: append exception details to 500 messages.</summary>
    public bool Debug { get; init; }

    /// <summary>wharf.request.max.bytes: the largest request body accepted (16 MiB). Wharf's own key.</summary>
    public long MaxRequestBodyBytes { get; init; } = 16L * 1024 * 1024;

    public IReadOnlyList<string> UnknownKeys { get; init; } = [];

    public IReadOnlyCollection<string> KnownKeys { get; init; } = [];

    /// <summary>The registry's own kafkastore.* keys, which are not client settings.</summary>
    private static readonly string[] StoreKeys =
    [
        "bootstrap.servers", "topic", "topic.replication.factor", "topic.skip.validation", "init.timeout.ms", "timeout.ms",
        "write.max.retries", "group.id", "connection.url", "zk.session.timeout.ms", "update.handlers", "checkpoint.dir", "checkpoint.version",
    ];

    /// <summary>
    /// Keys accepted without effect: settings of the Java server (Jetty, Jersey, metrics, security extensions,
    /// schema providers and caches) that have no counterpart here.
    /// </summary>
    private static readonly string[] KeysWithoutEffect =
    [
        "kafkastore.connection.url", "kafkastore.zk.session.timeout.ms", "kafkastore.update.handlers", "kafkastore.checkpoint.dir",
        "kafkastore.checkpoint.version", "schema.providers", "schema.registry.resource.extension.class", "resource.extension.class",
        "schema.cache.size", "schema.cache.expiry.secs", "metrics.jmx.prefix", "metrics.num.samples", "metrics.sample.window.ms",
        "access.control.allow.origin", "access.control.allow.methods", "access.control.allow.headers", "inter.instance.protocol",
        "response.mediatype.default", "response.mediatype.preferred", "shutdown.graceful.ms", "request.logger.name", "authentication.method",
        "schema.registry.inter.instance.protocol", "leader.election.delay", "idle.timeout.ms", "compression.enable",
    ];

    public static SchemaRegistryOptions FromSettings(Settings settings, string? defaultBootstrapServers = null)
    {
        var bootstrap = settings.GetString("kafkastore.bootstrap.servers") ?? defaultBootstrapServers;
        if (string.IsNullOrWhiteSpace(bootstrap))
        {
            throw new ConfigurationException("kafkastore.bootstrap.servers", string.Empty, "the Schema Registry needs the Kafka cluster's kafkastore.bootstrap.servers");
        }

        var listeners = settings.GetList("listeners").Select(l => ParseListener("listeners", l)).ToList();
        if (listeners.Count == 0)
        {
            listeners.Add(settings.Contains("port")
                ? new Uri("http://0.0.0.0:" + settings.GetInt32("port", DefaultPort).ToString(CultureInfo.InvariantCulture))
                : new Uri(DefaultListener));
        }

        var levelText = settings.GetString("schema.compatibility.level") ?? settings.GetString("avro.compatibility.level") ?? "backward";
        if (!CompatibilityLevels.TryParse(levelText, out var level))
        {
            throw new ConfigurationException("schema.compatibility.level", levelText, "Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive");
        }

        var topic = settings.GetString("kafkastore.topic", "_schemas");
        var client = settings.WithPrefix("kafkastore.").Where(kv => !StoreKeys.Contains(kv.Key)).ToDictionary(StringComparer.Ordinal);
        return new SchemaRegistryOptions
        {
            Listeners = listeners,
            HostName = settings.GetString("host.name") is { Length: > 0 } host ? host : null,
            LeaderEligibility = settings.GetBoolean("leader.eligibility", settings.GetBoolean("master.eligibility", true)),
            BootstrapServers = bootstrap,
            Topic = topic,
            TopicReplicationFactor = Positive(settings, "kafkastore.topic.replication.factor", 3),
            SkipTopicValidation = settings.GetBoolean("kafkastore.topic.skip.validation", false),
            InitTimeoutMs = Positive(settings, "kafkastore.init.timeout.ms", 60_000),
            StoreTimeoutMs = Positive(settings, "kafkastore.timeout.ms", 500),
            WriteMaxRetries = Positive(settings, "kafkastore.write.max.retries", 5),
            GroupId = settings.GetString("schema.registry.group.id", "schema-registry"),
            ElectionTopic = settings.GetString("wharf.leader.election.topic", topic + "_leader"),
            CompatibilityLevel = level,
            ModeMutability = settings.GetBoolean("mode.mutability", true),
            AvroValidateDefaults = settings.GetBoolean("avro.validate.defaults", false),
            ClientConfig = client,
            Debug = settings.GetBoolean("debug", false),
            MaxRequestBodyBytes = settings.GetInt64("wharf.request.max.bytes", 16L * 1024 * 1024) is > 0 and var max ? max
                : throw new ConfigurationException("wharf.request.max.bytes", settings.GetString("wharf.request.max.bytes") ?? string.Empty, "Value must be at least 1"),
            UnknownKeys = settings.Values.Keys
                .Where(key => !settings.ConsultedKeys.Contains(key) && !KeysWithoutEffect.Contains(key) && !key.StartsWith("kafkastore.", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .ToList(),
            KnownKeys = settings.ConsultedKeys.Concat(KeysWithoutEffect).ToHashSet(StringComparer.Ordinal),
        };
    }

    private static int Positive(Settings settings, string key, int defaultValue)
    {
        var value = settings.GetInt32(key, defaultValue);
        return value > 0 ? value : throw new ConfigurationException(key, value.ToString(CultureInfo.InvariantCulture), "Value must be at least 1");
    }

    private static Uri ParseListener(string key, string text) =>
        Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http"
            ? uri
            : throw new ConfigurationException(key, text, "expected http://host:port (https is not supported yet)");
}
