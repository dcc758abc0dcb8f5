using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Wharf.Protocol.Records;

namespace Wharf.Clients.Producing;

/// <summary>
/// The producer settings <see cref="WireProducer"/> honours, read from librdkafka-style keys (the services'
/// <c>producer.*</c> passthrough). <see cref="TryRead"/> refuses settings it cannot honour (TLS or SASL, acks=0,
/// idempotence, a partitioner other than Java's, or any key it does not know), naming the key, so that the caller
/// keeps librdkafka for them: a setting is never silently dropped. Keys that only tune librdkafka's own queueing
/// and lingering are accepted and have nothing to tune here, because a <see cref="WireProducer"/> call is sent as
/// its own batch at once.
/// </summary>
public sealed record WireProducerSettings
{
    /// <summary>Keys accepted with no effect: they size librdkafka's queues and linger, which this producer does not have.</summary>
    private static readonly HashSet<string> QueueingKeys = new(StringComparer.Ordinal)
    {
        "linger.ms", "queue.buffering.max.ms", "batch.size", "batch.num.messages", "queue.buffering.max.messages",
        "queue.buffering.max.kbytes", "socket.nagle.disable", "api.version.request", "log.connection.close",
        "sticky.partitioning.linger.ms",
    };

    private static readonly Dictionary<string, CompressionType> Compressions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["none"] = CompressionType.None, ["gzip"] = CompressionType.Gzip, ["snappy"] = CompressionType.Snappy,
        ["lz4"] = CompressionType.Lz4, ["zstd"] = CompressionType.Zstd,
    };

    public required string BootstrapServers { get; init; }

    public string ClientId { get; init; } = "wharf";

    /// <summary>-1 (all in-sync replicas) or 1 (the leader).</summary>
    public short Acks { get; init; } = -1;

    public CompressionType Compression { get; init; }

    public int? CompressionLevel { get; init; }

    /// <summary>The largest record batch sent (librdkafka's message.max.bytes); a larger record alone fails.</summary>
    public int MaxBatchBytes { get; init; } = 1_000_000;

    /// <summary>How long a record may take from the call to its acknowledgement, retries included.</summary>
    public TimeSpan DeliveryTimeout { get; init; } = TimeSpan.FromMilliseconds(300_000);

    /// <summary>How long the broker may take to answer one produce request (sent to it as the request's timeout).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMilliseconds(30_000);

    public int Retries { get; init; } = int.MaxValue;

    public TimeSpan RetryBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a topic's partitions and leaders are trusted before they are asked again.</summary>
    public TimeSpan MetadataMaxAge { get; init; } = TimeSpan.FromMilliseconds(300_000);

    public bool AllowAutoTopicCreation { get; init; } = true;

    /// <summary>Reads <paramref name="settings"/>; false with the first key it cannot honour (and why) otherwise.</summary>
    public static bool TryRead(IReadOnlyDictionary<string, string> settings, [NotNullWhen(true)] out WireProducerSettings? read, [NotNullWhen(false)] out string? refused)
    {
        read = null;
        var bootstrap = Get(settings, "bootstrap.servers") ?? Get(settings, "metadata.broker.list");
        if (string.IsNullOrWhiteSpace(bootstrap))
        {
            refused = "bootstrap.servers is not set";
            return false;
        }

        var result = new WireProducerSettings { BootstrapServers = bootstrap };
        foreach (var (key, value) in settings)
        {
            if (!TryApply(ref result, key, value.Trim()))
            {
                refused = key + "=" + value;
                return false;
            }
        }

        read = result;
        refused = null;
        return true;
    }

    private static bool TryApply(ref WireProducerSettings settings, string key, string value)
    {
        switch (key)
        {
            case "bootstrap.servers" or "metadata.broker.list":
                return true;
            case "client.id":
                settings = settings with { ClientId = value };
                return true;
            case "acks" or "request.required.acks":
                return TryAcks(value, out var acks) && Set(ref settings, settings with { Acks = acks });
            case "compression.type" or "compression.codec":
                return TryCompression(value, out var compression) && Set(ref settings, settings with { Compression = compression });
            case "compression.level":
                return TryInt(value, out var level) && Set(ref settings, settings with { CompressionLevel = level < 0 ? null : level });
            case "message.max.bytes":
                return TryInt(value, out var maxBytes) && maxBytes > 0 && Set(ref settings, settings with { MaxBatchBytes = maxBytes });
            case "message.timeout.ms" or "delivery.timeout.ms":
                return TryInt(value, out var delivery) && delivery > 0 && Set(ref settings, settings with { DeliveryTimeout = TimeSpan.FromMilliseconds(delivery) });
            case "request.timeout.ms":
                return TryInt(value, out var request) && request > 0 && Set(ref settings, settings with { RequestTimeout = TimeSpan.FromMilliseconds(request) });
            case "retries" or "message.send.max.retries":
                return TryInt(value, out var retries) && retries >= 0 && Set(ref settings, settings with { Retries = retries });
            case "retry.backoff.ms":
                return TryInt(value, out var backoff) && backoff >= 0 && Set(ref settings, settings with { RetryBackoff = TimeSpan.FromMilliseconds(backoff) });
            case "topic.metadata.refresh.interval.ms" or "metadata.max.age.ms":
                return TryInt(value, out var age) && age > 0 && Set(ref settings, settings with { MetadataMaxAge = TimeSpan.FromMilliseconds(age) });
            case "allow.auto.create.topics":
                return bool.TryParse(value, out var create) && Set(ref settings, settings with { AllowAutoTopicCreation = create });
            case "security.protocol":
                return value.Equals("plaintext", StringComparison.OrdinalIgnoreCase);
            case "enable.idempotence":
                return value.Equals("false", StringComparison.OrdinalIgnoreCase);
            case "partitioner":
                // Keyed records go where Java's partitioner puts them; librdkafka's murmur2 partitioners agree.
                return value is "murmur2_random" or "murmur2";
            default:
                return QueueingKeys.Contains(key);
        }
    }

    private static bool Set(ref WireProducerSettings settings, WireProducerSettings updated)
    {
        settings = updated;
        return true;
    }

    private static string? Get(IReadOnlyDictionary<string, string> settings, string key) => settings.TryGetValue(key, out var value) ? value : null;

    private static bool TryInt(string value, out int number) => int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number);

    private static bool TryAcks(string value, out short acks)
    {
        acks = value.ToLowerInvariant() switch
        {
            "all" or "-1" => -1,
            "1" => 1,
            _ => 0, // acks=0 has no answer to report offsets from: librdkafka's path handles it
        };
        return acks != 0;
    }

    private static bool TryCompression(string value, out CompressionType compression) =>
        Compressions.TryGetValue(value, out compression);
}
