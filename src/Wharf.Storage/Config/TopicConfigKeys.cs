using System.Collections.Frozen;
using static Wharf.Storage.Config.ConfigValidators;

namespace Wharf.Storage.Config;

/// <summary>
/// The topic configs Kafka defines (storage/.../LogConfig.java), with their defaults and broker synonyms
/// (server-common/.../ServerTopicConfigSynonyms.java). The three configs Kafka 4.0 removed
/// (message.format.version, message.downconversion.enable, message.timestamp.difference.max.ms) are not here.
/// Replication, tiered storage and compression-level settings are accepted and described so that tools and
/// copied configurations work, but a single node without tiered storage has nothing for them to change.
/// </summary>
internal static class TopicConfigKeys
{
    public const string CleanupPolicy = "cleanup.policy";
    public const string CompressionType = "compression.type";
    public const string DeleteRetentionMs = "delete.retention.ms";
    public const string FlushMessages = "flush.messages";
    public const string FlushMs = "flush.ms";
    public const string IndexIntervalBytes = "index.interval.bytes";
    public const string MaxCompactionLagMs = "max.compaction.lag.ms";
    public const string MaxMessageBytes = "max.message.bytes";
    public const string MessageTimestampAfterMaxMs = "message.timestamp.after.max.ms";
    public const string MessageTimestampBeforeMaxMs = "message.timestamp.before.max.ms";
    public const string MessageTimestampType = "message.timestamp.type";
    public const string MinCleanableDirtyRatio = "min.cleanable.dirty.ratio";
    public const string MinCompactionLagMs = "min.compaction.lag.ms";
    public const string MinInSyncReplicas = "min.insync.replicas";
    public const string RetentionBytes = "retention.bytes";
    public const string RetentionMs = "retention.ms";
    public const string SegmentBytes = "segment.bytes";
    public const string SegmentIndexBytes = "segment.index.bytes";
    public const string SegmentMs = "segment.ms";

    public const string Compact = "compact";
    public const string Delete = "delete";

    private const long Hour = 60 * 60 * 1000;
    private const long Minute = 60 * 1000;
    private const string LongMax = "9223372036854775807";

    public static IReadOnlyList<ConfigKey> All { get; } =
    [
        new(CleanupPolicy, ConfigType.List, Delete, [new("log.cleanup.policy")], ListOf(Compact, Delete)),
        new("compression.gzip.level", ConfigType.Int, "-1", [new("compression.gzip.level")], value => value == "-1" ? null : Int(1, 9)(value)),
        new("compression.lz4.level", ConfigType.Int, "9", [new("compression.lz4.level")], Int(1, 17)),
        new(CompressionType, ConfigType.String, "producer", [new("compression.type")], OneOf("uncompressed", "zstd", "lz4", "snappy", "gzip", "producer")),
        new("compression.zstd.level", ConfigType.Int, "3", [new("compression.zstd.level")], Int(-131072, 22)),
        new(DeleteRetentionMs, ConfigType.Long, "86400000", [new("log.cleaner.delete.retention.ms")], Long(0)),
        new("file.delete.delay.ms", ConfigType.Long, "60000", [new("log.segment.delete.delay.ms")], Long(0)),
        new(FlushMessages, ConfigType.Long, LongMax, [new("log.flush.interval.messages")], Long(1)),
        new(FlushMs, ConfigType.Long, LongMax, [new("log.flush.interval.ms"), new("log.flush.scheduler.interval.ms")], Long(0)),
        new("follower.replication.throttled.replicas", ConfigType.List, "", [], ThrottledReplicas),
        new(IndexIntervalBytes, ConfigType.Int, "4096", [new("log.index.interval.bytes")], Int(0)),
        new("leader.replication.throttled.replicas", ConfigType.List, "", [], ThrottledReplicas),
        new("local.retention.bytes", ConfigType.Long, "-2", [new("log.local.retention.bytes")], Long(-2)),
        new("local.retention.ms", ConfigType.Long, "-2", [new("log.local.retention.ms")], Long(-2)),
        new(MaxCompactionLagMs, ConfigType.Long, LongMax, [new("log.cleaner.max.compaction.lag.ms")], Long(1)),
        new(MaxMessageBytes, ConfigType.Int, "1048588", [new("message.max.bytes")], Int(0)),
        new(MessageTimestampAfterMaxMs, ConfigType.Long, LongMax, [new("log.message.timestamp.after.max.ms")], Long(0)),
        new(MessageTimestampBeforeMaxMs, ConfigType.Long, LongMax, [new("log.message.timestamp.before.max.ms")], Long(0)),
        new(MessageTimestampType, ConfigType.String, "CreateTime", [new("log.message.timestamp.type")], OneOf("CreateTime", "LogAppendTime")),
        new(MinCleanableDirtyRatio, ConfigType.Double, "0.5", [new("log.cleaner.min.cleanable.ratio")], Double(0, 1)),
        new(MinCompactionLagMs, ConfigType.Long, "0", [new("log.cleaner.min.compaction.lag.ms")], Long(0)),
        new(MinInSyncReplicas, ConfigType.Int, "1", [new("min.insync.replicas")], Int(1)),
        new("preallocate", ConfigType.Boolean, "false", [new("log.preallocate")], IsBoolean),
        new("remote.log.copy.disable", ConfigType.Boolean, "false", [], IsBoolean),
        new("remote.log.delete.on.disable", ConfigType.Boolean, "false", [], IsBoolean),
        new("remote.storage.enable", ConfigType.Boolean, "false", [], FalseOnly("Tiered Storage functionality is disabled in the broker. Topic cannot be configured with remote log storage.")),
        new(RetentionBytes, ConfigType.Long, "-1", [new("log.retention.bytes")], Long(long.MinValue)),
        new(RetentionMs, ConfigType.Long, "604800000", [new("log.retention.ms"), new("log.retention.minutes", Minute), new("log.retention.hours", Hour)], Long(-1)),
        new(SegmentBytes, ConfigType.Int, "1073741824", [new("log.segment.bytes")], Int(14)),
        new(SegmentIndexBytes, ConfigType.Int, "10485760", [new("log.index.size.max.bytes")], Int(4)),
        new("segment.jitter.ms", ConfigType.Long, "0", [new("log.roll.jitter.ms"), new("log.roll.jitter.hours", Hour)], Long(0)),
        new(SegmentMs, ConfigType.Long, "604800000", [new("log.roll.ms"), new("log.roll.hours", Hour)], Long(1)),
        new("unclean.leader.election.enable", ConfigType.Boolean, "false", [new("unclean.leader.election.enable")], IsBoolean),
    ];

    public static FrozenDictionary<string, ConfigKey> ByName { get; } = All.ToFrozenDictionary(key => key.Name, StringComparer.Ordinal);
}
