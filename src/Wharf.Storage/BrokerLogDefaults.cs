using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Wharf.Storage.Config;

namespace Wharf.Storage;

/// <summary>
/// The broker-level log settings of server.properties: the defaults of every topic config under their broker names
/// (log.retention.hours, log.segment.bytes, message.max.bytes, log.flush.interval.messages ... with Kafka's
/// synonym order, so log.retention.ms wins over log.retention.minutes over log.retention.hours), plus the few
/// settings that only the broker has (log.retention.check.interval.ms, log.cleaner.backoff.ms, log.cleaner.enable,
/// producer.id.expiration.ms). Properties it does not know are left to the caller.
/// </summary>
public sealed class BrokerLogDefaults
{
    public const string RetentionCheckIntervalKey = "log.retention.check.interval.ms";
    public const string CleanerBackoffKey = "log.cleaner.backoff.ms";
    public const string CleanerEnableKey = "log.cleaner.enable";
    public const string ProducerIdExpirationKey = "producer.id.expiration.ms";

    private readonly Dictionary<string, (string BrokerKey, string Value, string WrittenValue)> _topicDefaults;

    /// <summary>Every broker property <see cref="TryParse"/> reads: the topic configs' broker synonyms and the keys above.</summary>
    public static IReadOnlySet<string> Keys { get; } =
        TopicConfigKeys.All.SelectMany(key => key.Synonyms.Select(synonym => synonym.Name))
            .Concat([RetentionCheckIntervalKey, CleanerBackoffKey, CleanerEnableKey, ProducerIdExpirationKey])
            .ToFrozenSet(StringComparer.Ordinal);

    private BrokerLogDefaults(Dictionary<string, (string, string, string)> topicDefaults, long retentionCheckIntervalMs, long cleanerBackoffMs, bool cleanerEnabled, long producerIdExpirationMs)
    {
        _topicDefaults = topicDefaults;
        RetentionCheckIntervalMs = retentionCheckIntervalMs;
        CleanerBackoffMs = cleanerBackoffMs;
        CleanerEnabled = cleanerEnabled;
        ProducerIdExpirationMs = producerIdExpirationMs;
    }

    /// <summary>Kafka's own defaults: nothing set in the broker configuration.</summary>
    public static BrokerLogDefaults Kafka { get; } = new([], 300_000, 15_000, cleanerEnabled: true, 86_400_000);

    /// <summary>How often retention (and time-based rolling of idle segments) runs: log.retention.check.interval.ms, 5 minutes.</summary>
    public long RetentionCheckIntervalMs { get; }

    /// <summary>How long the cleaner sleeps when no log needs compaction: log.cleaner.backoff.ms, 15 seconds.</summary>
    public long CleanerBackoffMs { get; }

    /// <summary>log.cleaner.enable, true: whether compacted topics are compacted at all.</summary>
    public bool CleanerEnabled { get; }

    /// <summary>How long an idle producer id's state is kept: producer.id.expiration.ms, 1 day.</summary>
    public long ProducerIdExpirationMs { get; }

    /// <summary>
    /// Reads the log settings from broker properties. Returns false with Kafka's message ("Invalid value x for
    /// configuration y: reason") when a value is malformed or out of range.
    /// </summary>
    public static bool TryParse(IReadOnlyDictionary<string, string?> properties, [NotNullWhen(true)] out BrokerLogDefaults? defaults, [NotNullWhen(false)] out string? error)
    {
        defaults = null;
        var topicDefaults = new Dictionary<string, (string, string, string)>(StringComparer.Ordinal);
        foreach (var key in TopicConfigKeys.All)
        {
            foreach (var synonym in key.Synonyms)
            {
                if (!properties.TryGetValue(synonym.Name, out var raw) || raw is null)
                {
                    continue;
                }

                raw = raw.Trim();
                var converted = raw;
                if (synonym.Multiplier != 1)
                {
                    if (!long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var units))
                    {
                        error = $"Invalid value {raw} for configuration {synonym.Name}: Not a number of type INT";
                        return false;
                    }

                    // Negative units keep their meaning (-1 = unlimited retention) rather than being scaled.
                    converted = units < 0 ? raw : checked(units * synonym.Multiplier).ToString(CultureInfo.InvariantCulture);
                }

                if (key.Validate(converted) is { } reason)
                {
                    error = $"Invalid value {raw} for configuration {synonym.Name}: {reason}";
                    return false;
                }

                topicDefaults[key.Name] = (synonym.Name, converted, raw);
                break;
            }
        }

        if (!TryReadLong(properties, RetentionCheckIntervalKey, 300_000, 1, out var retentionCheck, out error)
            || !TryReadLong(properties, CleanerBackoffKey, 15_000, 0, out var cleanerBackoff, out error)
            || !TryReadLong(properties, ProducerIdExpirationKey, 86_400_000, 1, out var producerExpiration, out error))
        {
            return false;
        }

        var cleanerEnabled = true;
        if (properties.TryGetValue(CleanerEnableKey, out var enable) && enable is not null)
        {
            if (ConfigValidators.IsBoolean(enable.Trim()) is { } reason)
            {
                error = $"Invalid value {enable} for configuration {CleanerEnableKey}: {reason}";
                return false;
            }

            cleanerEnabled = bool.Parse(enable.Trim());
        }

        defaults = new BrokerLogDefaults(topicDefaults, retentionCheck, cleanerBackoff, cleanerEnabled, producerExpiration);
        error = null;
        return true;
    }

    /// <summary>
    /// The topic defaults under their broker names, as DescribeConfigs reports the broker: the synonym server.properties
    /// sets, with its value as written there, or else the most specific synonym with Kafka's default in the topic
    /// config's unit (log.retention.ms=604800000). Read-only: there is no dynamic broker configuration.
    /// </summary>
    public IReadOnlyList<ConfigEntry> DescribeBrokerKeys()
    {
        var entries = new List<ConfigEntry>();
        foreach (var key in TopicConfigKeys.All.Where(k => k.Synonyms.Count > 0))
        {
            entries.Add(_topicDefaults.TryGetValue(key.Name, out var set)
                ? new ConfigEntry(set.BrokerKey, set.WrittenValue, ConfigSource.StaticBrokerConfig, IsDefault: false, IsSensitive: false, ReadOnly: true, key.Type, [])
                : new ConfigEntry(key.Synonyms[0].Name, key.Default, ConfigSource.Default, IsDefault: true, IsSensitive: false, ReadOnly: true, key.Type, []));
        }

        return entries;
    }

    /// <summary>
    /// The broker-level default of a topic config, when server.properties sets one: the broker key that set it, the
    /// value in the topic config's unit, and the value as written under the broker key (log.retention.hours=24 gives
    /// 86400000 for retention.ms, written as 24).
    /// </summary>
    internal bool TryGetTopicDefault(string topicConfig, out string brokerKey, out string value, out string writtenValue)
    {
        if (_topicDefaults.TryGetValue(topicConfig, out var found))
        {
            (brokerKey, value, writtenValue) = found;
            return true;
        }

        brokerKey = value = writtenValue = string.Empty;
        return false;
    }

    private static bool TryReadLong(IReadOnlyDictionary<string, string?> properties, string key, long fallback, long min, out long value, [NotNullWhen(false)] out string? error)
    {
        value = fallback;
        error = null;
        if (!properties.TryGetValue(key, out var raw) || raw is null)
        {
            return true;
        }

        if (ConfigValidators.Long(min)(raw.Trim()) is { } reason)
        {
            error = $"Invalid value {raw} for configuration {key}: {reason}";
            return false;
        }

        value = long.Parse(raw.Trim(), CultureInfo.InvariantCulture);
        return true;
    }
}
