using Confluent.Kafka;

namespace Wharf.Bench;

/// <summary>
/// The client settings a throughput-minded user would choose, shared by Confluent.Kafka and kcat (both run on
/// librdkafka, so the same keys mean the same thing). Printed with the results; -X key=value adds or replaces any.
/// </summary>
internal sealed class ClientSettings
{
    /// <summary>Producer: big batches (up to message.max.bytes, 1 MB), a short linger, a deep local queue, no compression.</summary>
    public static readonly IReadOnlyList<KeyValuePair<string, string>> ProducerDefaults =
    [
        new("linger.ms", "5"),
        new("batch.size", "1000000"),
        new("batch.num.messages", "100000"),
        new("queue.buffering.max.messages", "1000000"),
        new("queue.buffering.max.kbytes", "1048576"),
        new("compression.type", "none"),
        new("enable.idempotence", "false"),
        new("socket.nagle.disable", "true"),
    ];

    /// <summary>Consumer: large fetches, a deep prefetch queue, no group (partitions are assigned), nothing committed.</summary>
    public static readonly IReadOnlyList<KeyValuePair<string, string>> ConsumerDefaults =
    [
        new("fetch.max.bytes", "52428800"),
        new("max.partition.fetch.bytes", "8388608"),
        new("fetch.wait.max.ms", "100"),
        new("fetch.min.bytes", "1"),
        new("queued.min.messages", "1000000"),
        new("queued.max.messages.kbytes", "262144"),
        new("enable.auto.commit", "false"),
        new("enable.partition.eof", "false"),
    ];

    /// <summary>Settings of the .NET wrapper only (not librdkafka's): skip marshalling what the benchmark does not read.</summary>
    public static readonly IReadOnlyList<KeyValuePair<string, string>> DotnetProducer =
    [
        new("dotnet.producer.delivery.report.fields", "status"),
    ];

    public static readonly IReadOnlyList<KeyValuePair<string, string>> DotnetConsumer =
    [
        new("dotnet.consumer.consume.result.fields", "none"),
    ];

    private readonly IReadOnlyDictionary<string, string> _extra;

    public ClientSettings(IReadOnlyDictionary<string, string> extra) => _extra = extra;

    public IReadOnlyList<KeyValuePair<string, string>> Producer(string acks) => Merge([.. ProducerDefaults, new("acks", acks)], "producer.");

    public IReadOnlyList<KeyValuePair<string, string>> Consumer() => Merge(ConsumerDefaults, "consumer.");

    public ProducerConfig ProducerConfig(string bootstrapServers, string acks)
    {
        var config = new ProducerConfig { BootstrapServers = bootstrapServers };
        foreach (var (key, value) in Producer(acks).Concat(DotnetProducer))
        {
            config.Set(key, value);
        }

        return config;
    }

    public ConsumerConfig ConsumerConfig(string bootstrapServers)
    {
        var config = new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "wharf-bench" };
        foreach (var (key, value) in Consumer().Concat(DotnetConsumer))
        {
            config.Set(key, value);
        }

        return config;
    }

    /// <summary>-X key=value pairs as a dictionary; a pair without '=' is refused.</summary>
    public static IReadOnlyDictionary<string, string> ParseOverrides(IEnumerable<string>? pairs) =>
        (pairs ?? []).Select(Split).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    private static KeyValuePair<string, string> Split(string pair)
    {
        var equals = pair.IndexOf('=', StringComparison.Ordinal);
        return equals <= 0
            ? throw new ArgumentException("-X expects key=value, got '" + pair + "'.")
            : new(pair[..equals], pair[(equals + 1)..]);
    }

    /// <summary>The defaults with -X overrides applied: "key=value" for both clients, "producer.key" / "consumer.key" for one.</summary>
    private List<KeyValuePair<string, string>> Merge(IReadOnlyList<KeyValuePair<string, string>> defaults, string prefix)
    {
        var merged = defaults.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        foreach (var (key, value) in _extra)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                merged[key[prefix.Length..]] = value;
            }
            else if (!key.StartsWith("producer.", StringComparison.Ordinal) && !key.StartsWith("consumer.", StringComparison.Ordinal))
            {
                merged[key] = value;
            }
        }

        return [.. merged];
    }
}
