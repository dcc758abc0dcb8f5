using System.Globalization;
using Wharf.Configuration;
using Wharf.SchemaRegistry.Client;

namespace Wharf.RestProxy;

/// <summary>
/// The REST Proxy's settings, read from kafka-rest.properties keys with the original's defaults
/// (kafka-rest KafkaRestConfig, rest-utils RestConfig), except the listener: without <c>listeners</c> or
/// <c>port</c>, Wharf listens on loopback only, as its broker does.
/// </summary>
public sealed record RestProxyOptions
{
    public const int DefaultPort = 8082;
    public const string DefaultListener = "http://127.0.0.1:8082";

    /// <summary>listeners: http://host:port entries (port 0 picks a free port).</summary>
    public required IReadOnlyList<Uri> Listeners { get; init; }

    /// <summary>advertised.listeners, else host.name: the base of consumer base_uri values; else the request's own host.</summary>
    public Uri? AdvertisedListener { get; init; }

    public string? HostName { get; init; }

    /// <summary>id: this instance's id, part of generated consumer instance names (unique across proxies).</summary>
    public string Id { get; init; } = string.Empty;

    public required string BootstrapServers { get; init; }

    /// <summary>consumer.request.timeout.ms: the longest a records read waits (1 s).</summary>
    public int ConsumerRequestTimeoutMs { get; init; } = 1000;

    /// <summary>consumer.request.max.bytes: the most unencoded key and value bytes one read returns (64 MiB).</summary>
    public long ConsumerRequestMaxBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>consumer.instance.timeout.ms: an instance idle this long is closed (5 minutes).</summary>
    public int ConsumerInstanceTimeoutMs { get; init; } = 300_000;

    /// <summary>consumer.iterator.backoff.ms: the pause between polls inside a read that found nothing (50 ms).</summary>
    public int ConsumerIteratorBackoffMs { get; init; } = 50;

    /// <summary>fetch.min.bytes: a read returns as soon as more than this many bytes are gathered (-1: off).</summary>
    public int FetchMinBytes { get; init; } = -1;

    /// <summary>client.*: Kafka client settings for every client (prefix removed).</summary>
    public IReadOnlyDictionary<string, string> ClientConfig { get; init; } = new Dictionary<string, string>();

    /// <summary>producer.*: settings of the shared producers (prefix removed; client.* underneath).</summary>
    public IReadOnlyDictionary<string, string> ProducerConfig { get; init; } = new Dictionary<string, string>();

    /// <summary>consumer.*: settings of every consumer instance (prefix removed, proxy keys excluded; client.* underneath).</summary>
    public IReadOnlyDictionary<string, string> ConsumerConfig { get; init; } = new Dictionary<string, string>();

    /// <summary>admin.*: settings of the metadata client (prefix removed; client.* underneath).</summary>
    public IReadOnlyDictionary<string, string> AdminConfig { get; init; } = new Dictionary<string, string>();

    /// <summary>api.v2.enable: serve the v1/v2 API.</summary>
    public bool V2Enabled { get; init; } = true;

    /// <summary>
    /// schema.registry.url: the Schema Registry's base URLs (comma-separated) for the avro format; null or empty
    /// leaves the schema formats answering that no registry is configured. (The original defaults to
    /// http://localhost:8081; Wharf asks for it, and <c>wharf start</c> sets it to its own registry.)
    /// </summary>
    public IReadOnlyList<Uri> SchemaRegistryUrls { get; init; } = [];

    /// <summary>debug: append exception details to 500 messages.</summary>
    public bool Debug { get; init; }

    /// <summary>
    /// wharf.request.max.bytes: the largest request body accepted (64 MiB); a larger one is answered 413. Wharf's
    /// own key: the original reads v2 bodies of any size (and refuses records over producer.max.request.size).
    /// </summary>
    public long MaxRequestBodyBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Keys of the configuration no part of the proxy reads (typos, or keys of features it lacks).</summary>
    public IReadOnlyList<string> UnknownKeys { get; init; } = [];

    /// <summary>Every key the proxy reads or accepts without effect, for "did you mean" suggestions.</summary>
    public IReadOnlyCollection<string> KnownKeys { get; init; } = [];

    /// <summary>Prefixes passed through to the Kafka clients (and, later, to the Schema Registry client).</summary>
    private static readonly string[] PassThroughPrefixes = ["client.", "producer.", "consumer.", "admin.", "schema.registry."];

    /// <summary>
    /// Keys of kafka-rest.properties accepted without effect: settings of the Java proxy's thread pools, of its
    /// removed ZooKeeper and v1 simple consumer, and of features Wharf's proxy does not offer yet.
    /// </summary>
    private static readonly string[] KeysWithoutEffect =
    [
        "zookeeper.connect", "producer.threads", "consumer.threads", "consumer.iterator.timeout.ms", "simpleconsumer.pool.size.max",
        "simpleconsumer.pool.timeout.ms", "api.v3.enable", "port", "client.init.timeout.ms", "client.timeout.ms",
    ];

    /// <summary>The proxy's own consumer.* keys, which are not Kafka consumer settings.</summary>
    private static readonly string[] ProxyConsumerKeys = ["request.timeout.ms", "request.max.bytes", "instance.timeout.ms", "iterator.backoff.ms", "iterator.timeout.ms", "threads"];

    /// <summary>
    /// Reads kafka-rest.properties keys. <paramref name="defaultBootstrapServers"/> and <paramref name="defaultSchemaRegistryUrl"/>
    /// apply when the file does not name them (wharf start: the embedded broker and registry).
    /// </summary>
    public static RestProxyOptions FromSettings(Settings settings, string? defaultBootstrapServers = null, Uri? defaultSchemaRegistryUrl = null)
    {
        var bootstrap = settings.GetString("bootstrap.servers") ?? defaultBootstrapServers;
        if (string.IsNullOrWhiteSpace(bootstrap))
        {
            throw new ConfigurationException("bootstrap.servers", string.Empty, "the REST Proxy needs the Kafka cluster's bootstrap.servers");
        }

        var listeners = settings.GetList("listeners").Select(l => ParseListener("listeners", l)).ToList();
        if (listeners.Count == 0)
        {
            listeners.Add(settings.Contains("port")
                ? new Uri("http://0.0.0.0:" + settings.GetInt32("port", DefaultPort).ToString(CultureInfo.InvariantCulture))
                : new Uri(DefaultListener));
        }

        var advertised = settings.GetList("advertised.listeners") is [var first, ..] ? ParseListener("advertised.listeners", first) : null;
        var client = settings.WithPrefix("client.");
        var consumer = settings.WithPrefix("consumer.").Where(kv => !ProxyConsumerKeys.Contains(kv.Key)).ToDictionary();
        var fetchMinBytes = settings.GetInt32("fetch.min.bytes", -1);
        if (fetchMinBytes is < -1 or > 10_000_000)
        {
            throw new ConfigurationException("fetch.min.bytes", fetchMinBytes.ToString(CultureInfo.InvariantCulture), "Value must be in the range [-1, 10000000]");
        }

        return new RestProxyOptions
        {
            Listeners = listeners,
            AdvertisedListener = advertised,
            HostName = settings.GetString("host.name") is { Length: > 0 } host ? host : null,
            Id = settings.GetString("id", string.Empty),
            BootstrapServers = bootstrap,
            ConsumerRequestTimeoutMs = Positive(settings, "consumer.request.timeout.ms", 1000),
            ConsumerRequestMaxBytes = settings.GetInt64("consumer.request.max.bytes", 64L * 1024 * 1024),
            ConsumerInstanceTimeoutMs = Positive(settings, "consumer.instance.timeout.ms", 300_000),
            ConsumerIteratorBackoffMs = Positive(settings, "consumer.iterator.backoff.ms", 50),
            FetchMinBytes = fetchMinBytes,
            ClientConfig = client,
            ProducerConfig = Merge(client, settings.WithPrefix("producer.")),
            ConsumerConfig = Merge(client, consumer),
            AdminConfig = Merge(client, settings.WithPrefix("admin.")),
            V2Enabled = settings.GetBoolean("api.v2.enable", true),
            MaxRequestBodyBytes = PositiveLong(settings, "wharf.request.max.bytes", 64L * 1024 * 1024),
            SchemaRegistryUrls = ReadSchemaRegistryUrls(settings, defaultSchemaRegistryUrl),
            Debug = settings.GetBoolean("debug", false),
            UnknownKeys = settings.Values.Keys
                .Where(key => !settings.ConsultedKeys.Contains(key) && !KeysWithoutEffect.Contains(key) && !PassThroughPrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal)))
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

    private static IReadOnlyList<Uri> ReadSchemaRegistryUrls(Settings settings, Uri? defaultUrl)
    {
        var urls = settings.GetString("schema.registry.url", defaultUrl?.ToString() ?? string.Empty);
        try
        {
            return SchemaRegistryClient.ParseUrls(urls);
        }
        catch (FormatException exception)
        {
            throw new ConfigurationException("schema.registry.url", urls, exception.Message);
        }
    }

    private static long PositiveLong(Settings settings, string key, long defaultValue)
    {
        var value = settings.GetInt64(key, defaultValue);
        return value > 0 ? value : throw new ConfigurationException(key, value.ToString(CultureInfo.InvariantCulture), "Value must be at least 1");
    }

    private static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string> under, IReadOnlyDictionary<string, string> over)
    {
        var merged = new Dictionary<string, string>(under, StringComparer.Ordinal);
        foreach (var (key, value) in over)
        {
            merged[key] = value;
        }

        return merged;
    }

    private static Uri ParseListener(string key, string text) =>
        Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http"
            ? uri
            : throw new ConfigurationException(key, text, "expected http://host:port (https is not supported yet)");
}
