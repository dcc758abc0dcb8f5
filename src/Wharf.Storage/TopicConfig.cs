using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Wharf.Protocol.Records;
using Wharf.Storage.Config;
using Keys = Wharf.Storage.Config.TopicConfigKeys;

namespace Wharf.Storage;

/// <summary>
/// A topic's effective configuration: each value is the topic's override, else the broker's default
/// (server.properties), else Kafka's default. Immutable; altering a topic swaps in a new instance, which every
/// partition reads on its next append, roll, flush or retention pass.
/// </summary>
public sealed class TopicConfig
{
    private readonly FrozenDictionary<string, string> _overrides;
    private readonly BrokerLogDefaults _defaults;

    private TopicConfig(FrozenDictionary<string, string> overrides, BrokerLogDefaults defaults)
    {
        _overrides = overrides;
        _defaults = defaults;
        SegmentBytes = ParseInt(Keys.SegmentBytes);
        SegmentMs = ParseLong(Keys.SegmentMs);
        SegmentIndexBytes = ParseInt(Keys.SegmentIndexBytes);
        IndexIntervalBytes = ParseInt(Keys.IndexIntervalBytes);
        FlushMessages = ParseLong(Keys.FlushMessages);
        FlushMs = ParseLong(Keys.FlushMs);
        RetentionBytes = ParseLong(Keys.RetentionBytes);
        RetentionMs = ParseLong(Keys.RetentionMs);
        MaxMessageBytes = ParseInt(Keys.MaxMessageBytes);
        DeleteRetentionMs = ParseLong(Keys.DeleteRetentionMs);
        MinCompactionLagMs = ParseLong(Keys.MinCompactionLagMs);
        MaxCompactionLagMs = ParseLong(Keys.MaxCompactionLagMs);
        MinCleanableDirtyRatio = double.Parse(GetValue(Keys.MinCleanableDirtyRatio), CultureInfo.InvariantCulture);
        var policies = GetValue(Keys.CleanupPolicy).Split(',', StringSplitOptions.TrimEntries);
        Compact = policies.Contains(Keys.Compact, StringComparer.Ordinal);
        Delete = policies.Contains(Keys.Delete, StringComparer.Ordinal);
        MessageTimestampType = GetValue(Keys.MessageTimestampType) == "LogAppendTime" ? TimestampType.LogAppendTime : TimestampType.CreateTime;
        MessageTimestampBeforeMaxMs = ParseLong(Keys.MessageTimestampBeforeMaxMs);
        MessageTimestampAfterMaxMs = ParseLong(Keys.MessageTimestampAfterMaxMs);
        MinInSyncReplicas = ParseInt(Keys.MinInSyncReplicas);
        CompressionType = GetValue(Keys.CompressionType);
    }

    /// <summary>The names of every topic config this broker accepts.</summary>
    public static IReadOnlyCollection<string> Names => Keys.ByName.Keys;

    /// <summary>The values set on the topic itself (trimmed), by config name.</summary>
    public IReadOnlyDictionary<string, string> Overrides => _overrides;

    /// <summary>segment.bytes (1 GiB): the active segment rolls before an append would take it past this size.</summary>
    public int SegmentBytes { get; }

    /// <summary>segment.ms (7 days): the active segment rolls once its first batch is this old.</summary>
    public long SegmentMs { get; }

    /// <summary>segment.index.bytes (10 MiB): index capacity per segment; a full index rolls the segment.</summary>
    public int SegmentIndexBytes { get; }

    /// <summary>index.interval.bytes (4096): bytes of log between two offset index entries.</summary>
    public int IndexIntervalBytes { get; }

    /// <summary>
    /// flush.messages (unlimited): fsync once this many messages are unflushed. 1 means every append is fsynced
    /// (group commit) before <see cref="PartitionLog.WaitForDurableAsync"/> completes, so acknowledged writes survive
    /// a machine crash. Any other value bounds how much can be lost without delaying acknowledgements.
    /// </summary>
    public long FlushMessages { get; }

    /// <summary>flush.ms (unlimited): fsync at least this often while there are unflushed messages (a bounded loss window).</summary>
    public long FlushMs { get; }

    /// <summary>retention.bytes (-1, unlimited): delete the oldest segments while the partition is larger.</summary>
    public long RetentionBytes { get; }

    /// <summary>retention.ms (7 days; -1 keeps forever): delete segments whose newest timestamp is older.</summary>
    public long RetentionMs { get; }

    /// <summary>max.message.bytes (1 MiB + 12): the largest batch accepted.</summary>
    public int MaxMessageBytes { get; }

    /// <summary>delete.retention.ms (1 day): how long compaction keeps tombstones.</summary>
    public long DeleteRetentionMs { get; }

    /// <summary>min.compaction.lag.ms (0): records younger than this are not compacted.</summary>
    public long MinCompactionLagMs { get; }

    /// <summary>max.compaction.lag.ms (unlimited): a log with older uncompacted records is compacted whatever its dirty ratio.</summary>
    public long MaxCompactionLagMs { get; }

    /// <summary>min.cleanable.dirty.ratio (0.5): compact once this share of the log has not been compacted yet.</summary>
    public double MinCleanableDirtyRatio { get; }

    /// <summary>cleanup.policy contains "compact".</summary>
    public bool Compact { get; }

    /// <summary>cleanup.policy contains "delete" (retention by time and size applies).</summary>
    public bool Delete { get; }

    /// <summary>message.timestamp.type (CreateTime): LogAppendTime makes the broker stamp each batch with its append time.</summary>
    public TimestampType MessageTimestampType { get; }

    /// <summary>message.timestamp.before.max.ms (unlimited): how far in the past a CreateTime timestamp may be.</summary>
    public long MessageTimestampBeforeMaxMs { get; }

    /// <summary>message.timestamp.after.max.ms (unlimited): how far in the future a CreateTime timestamp may be.</summary>
    public long MessageTimestampAfterMaxMs { get; }

    /// <summary>min.insync.replicas (1): for the broker's acks=all check (a single node has one replica).</summary>
    public int MinInSyncReplicas { get; }

    /// <summary>compression.type (producer). Batches are stored as produced; the broker does not recompress.</summary>
    public string CompressionType { get; }

    /// <summary>Whether <paramref name="name"/> is a topic config this broker knows.</summary>
    public static bool IsKnown(string name) => Keys.ByName.ContainsKey(name);

    /// <summary>The configuration of a topic with no overrides.</summary>
    public static TopicConfig FromDefaults(BrokerLogDefaults defaults) => new(FrozenDictionary<string, string>.Empty, defaults);

    /// <summary>
    /// Checks overrides and builds the configuration. Unknown names, null values and invalid values fail with
    /// Kafka's wording, for an INVALID_CONFIG answer.
    /// </summary>
    public static bool TryCreate(IReadOnlyDictionary<string, string?> overrides, BrokerLogDefaults defaults, [NotNullWhen(true)] out TopicConfig? config, [NotNullWhen(false)] out string? error)
    {
        config = null;
        var accepted = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in overrides)
        {
            if (!Keys.ByName.TryGetValue(name, out var key))
            {
                error = $"Unknown topic config name: {name}";
                return false;
            }

            if (value is null)
            {
                error = $"Null value not supported for topic configs: {name}";
                return false;
            }

            var trimmed = value.Trim();
            if (key.Validate(trimmed) is { } reason)
            {
                error = $"Invalid value {value} for configuration {name}: {reason}";
                return false;
            }

            accepted[name] = trimmed;
        }

        config = new TopicConfig(accepted.ToFrozenDictionary(StringComparer.Ordinal), defaults);
        error = null;
        return true;
    }

    /// <summary>The effective value of a config (for incremental APPEND/SUBTRACT on lists); unknown names throw.</summary>
    public string GetValue(string name)
    {
        if (_overrides.TryGetValue(name, out var value))
        {
            return value;
        }

        return _defaults.TryGetTopicDefault(name, out _, out var brokerValue, out _) ? brokerValue : Keys.ByName[name].Default;
    }

    /// <summary>Every topic config with its value, source and synonyms, in name order, as DescribeConfigs reports them.</summary>
    public IReadOnlyList<ConfigEntry> Describe()
    {
        var entries = new List<ConfigEntry>(Keys.All.Count);
        foreach (var key in Keys.All)
        {
            var synonyms = new List<ConfigSynonym>(3);
            if (_overrides.TryGetValue(key.Name, out var overridden))
            {
                synonyms.Add(new ConfigSynonym(key.Name, overridden, ConfigSource.TopicOverride));
            }

            // A synonym shows the value as written under its own name (log.retention.hours=24); the entry's value is
            // in the topic config's unit (retention.ms=86400000).
            if (_defaults.TryGetTopicDefault(key.Name, out var brokerKey, out _, out var writtenValue))
            {
                synonyms.Add(new ConfigSynonym(brokerKey, writtenValue, ConfigSource.StaticBrokerConfig));
            }

            synonyms.Add(new ConfigSynonym(key.Synonyms.Count > 0 ? key.Synonyms[0].Name : key.Name, key.Default, ConfigSource.Default));
            var effective = synonyms[0];
            entries.Add(new ConfigEntry(
                key.Name,
                GetValue(key.Name),
                effective.Source,
                IsDefault: effective.Source == ConfigSource.Default,
                IsSensitive: false,
                ReadOnly: false,
                key.Type,
                synonyms));
        }

        return entries;
    }

    private long ParseLong(string name) => long.Parse(GetValue(name), CultureInfo.InvariantCulture);

    private int ParseInt(string name) => int.Parse(GetValue(name), CultureInfo.InvariantCulture);
}
