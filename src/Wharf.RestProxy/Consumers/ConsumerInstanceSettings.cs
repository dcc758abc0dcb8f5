using System.Globalization;
using Wharf.RestProxy.Formats;
using Wharf.RestProxy.Http;

namespace Wharf.RestProxy.Consumers;

/// <summary>A consumer instance's address: its group and its name (unique per group within one proxy).</summary>
public readonly record struct ConsumerInstanceId(string Group, string Name);

/// <summary>
/// The settings of one consumer instance, from its create request (kafka-rest CreateConsumerInstanceRequest):
/// the name, the embedded format its reads answer in, the API version that created it (v1 or v2), and the
/// per-instance overrides of the proxy's read settings and of two Kafka consumer settings.
/// </summary>
public sealed record ConsumerInstanceSettings
{
    /// <summary>Kafka's and the original v1 consumer's names for auto.offset.reset, as librdkafka spells them.</summary>
    private static readonly Dictionary<string, string> OffsetResets = new(StringComparer.Ordinal)
    {
        ["earliest"] = "earliest",
        ["latest"] = "latest",
        ["none"] = "error",
    };

    /// <summary>The old (v1) consumer's values, which v1 clients such as seed 003's scripts still send.</summary>
    private static readonly Dictionary<string, string> LegacyOffsetResets = new(StringComparer.Ordinal)
    {
        ["smallest"] = "earliest",
        ["largest"] = "latest",
    };

    /// <summary>The instance name; null means "generate one" (rest-consumer-[id-]uuid).</summary>
    public string? Name { get; init; }

    public required IRecordFormat Format { get; init; }

    public int ApiVersion { get; init; } = 2;

    /// <summary>auto.offset.reset as given (checked when the consumer is built, after the name, as in the original).</summary>
    public string? AutoOffsetReset { get; init; }

    /// <summary>auto.commit.enable as given, a string ("true"/"false").</summary>
    public string? AutoCommitEnable { get; init; }

    /// <summary>fetch.min.bytes for this instance's reads (-1 disables the early return); null: the proxy's setting.</summary>
    public int? FetchMinBytes { get; init; }

    /// <summary>consumer.request.timeout.ms for this instance's reads; null: the proxy's setting.</summary>
    public int? RequestTimeoutMs { get; init; }

    /// <summary>
    /// Reads a create request. Checked here, before the name is looked at, as the original's entity does: the
    /// format (422 "Invalid format type.", or 42207 when it needs a Schema Registry that is not configured) and
    /// fetch.min.bytes (40001). The 'id' field is the deprecated alias of the name and wins over it.
    /// </summary>
    internal static ConsumerInstanceSettings From(CreateConsumerDocument document, int apiVersion, RecordFormats formats)
    {
        var format = EmbeddedFormat.Binary;
        if (document.Format is { } name && !MediaType.TryParseFormat(name, out format))
        {
            throw ConsumerErrors.InvalidFormat();
        }

        if (!formats.IsAvailable(format))
        {
            throw SchemaRegistryMissingFormat.NotConfigured();
        }

        var fetchMinBytes = document.FetchMinBytes ?? document.ResponseMinBytes;
        if (fetchMinBytes is < -1 or > 10_000_000)
        {
            var bound = fetchMinBytes < -1 ? "Value must be at least -1" : "Value must be no more than 10000000";
            throw ConsumerErrors.ConfigConstraint("Invalid value " + fetchMinBytes.Value.ToString(CultureInfo.InvariantCulture) + " for configuration fetch.min.bytes: " + bound);
        }

        var requestTimeoutMs = document.RequestTimeoutMs ?? document.RequestWaitMs;
        if (requestTimeoutMs < 0)
        {
            throw ConsumerErrors.InvalidConfig("Invalid value " + requestTimeoutMs.Value.ToString(CultureInfo.InvariantCulture) + " for configuration consumer.request.timeout.ms: Value must be at least 0");
        }

        return new ConsumerInstanceSettings
        {
            Name = string.IsNullOrEmpty(document.Id) ? (string.IsNullOrEmpty(document.Name) ? null : document.Name) : document.Id,
            Format = formats.Get(format),
            ApiVersion = apiVersion,
            AutoOffsetReset = document.AutoOffsetReset,
            AutoCommitEnable = document.AutoCommitEnable,
            FetchMinBytes = fetchMinBytes,
            RequestTimeoutMs = requestTimeoutMs,
        };
    }

    /// <summary>
    /// The Kafka consumer settings this instance adds to the proxy's consumer.* ones, with the Java client's
    /// messages for bad values (42204). v1 instances take the old consumer's smallest/largest and do not
    /// auto-commit unless asked (the v1 consumer's default); v2 ones keep Kafka's default (auto-commit on).
    /// </summary>
    internal IEnumerable<KeyValuePair<string, string>> KafkaSettings()
    {
        if (AutoOffsetReset is { } reset)
        {
            if (!OffsetResets.TryGetValue(reset, out var librdkafkaValue) && !(ApiVersion == 1 && LegacyOffsetResets.TryGetValue(reset, out librdkafkaValue)))
            {
                var allowed = ApiVersion == 1 ? "latest, earliest, none, smallest, largest" : "latest, earliest, none";
                throw ConsumerErrors.InvalidConfig("Invalid value " + reset + " for configuration auto.offset.reset: String must be one of: " + allowed);
            }

            yield return new("auto.offset.reset", librdkafkaValue);
        }

        if (AutoCommitEnable is { } text)
        {
            var trimmed = text.Trim();
            var enabled = trimmed.Equals("true", StringComparison.OrdinalIgnoreCase) ? true
                : trimmed.Equals("false", StringComparison.OrdinalIgnoreCase) ? false
                : throw ConsumerErrors.InvalidConfig("Invalid value " + text + " for configuration enable.auto.commit: Expected value to be either true or false");
            yield return new("enable.auto.commit", enabled ? "true" : "false");
        }
        else if (ApiVersion == 1)
        {
            yield return new("enable.auto.commit", "false");
        }
    }
}
