using Microsoft.Extensions.Logging;

namespace Wharf.Storage;

/// <summary>Every log line of the storage layer, with its event id (one table, as Npgsql's LogMessages).</summary>
internal static partial class StorageLog
{
    [LoggerMessage(1, LogLevel.Information, "Opened log directory {Directory} {Shutdown}: {Topics} topic(s), {Partitions} partition(s)")]
    public static partial void DirectoryOpened(ILogger logger, string directory, string shutdown, int topics, int partitions);

    [LoggerMessage(2, LogLevel.Information, "Loaded {Topic}-{Partition}: {Segments} segment(s), offsets {Start} to {End}, {Bytes} bytes, {Producers} idempotent producer(s)")]
    public static partial void PartitionLoaded(ILogger logger, string topic, int partition, int segments, long start, long end, long bytes, int producers);

    [LoggerMessage(3, LogLevel.Warning, "{Topic}-{Partition}: cut {Bytes} bytes from segment {Segment} at byte {Position} because {Reason}; the log now ends at offset {NextOffset}, after the last whole batch")]
    public static partial void TailTruncated(ILogger logger, string topic, int partition, long bytes, string segment, long position, string reason, long nextOffset);

    [LoggerMessage(4, LogLevel.Warning, "{Topic}-{Partition}: the indexes of segment {Segment} were missing or inconsistent and were rebuilt from the log")]
    public static partial void IndexesRebuilt(ILogger logger, string topic, int partition, string segment);

    [LoggerMessage(5, LogLevel.Debug, "{Topic}-{Partition}: rolled a new segment at offset {Offset} ({Reason})")]
    public static partial void SegmentRolled(ILogger logger, string topic, int partition, long offset, string reason);

    [LoggerMessage(6, LogLevel.Information, "{Topic}-{Partition}: deleted {Count} segment(s), {Bytes} bytes, by {Reason}; the log now starts at offset {Start}")]
    public static partial void SegmentsDeleted(ILogger logger, string topic, int partition, int count, long bytes, string reason, long start);

    [LoggerMessage(7, LogLevel.Information, "Created topic {Topic} ({TopicId}) with {Partitions} partition(s)")]
    public static partial void TopicCreated(ILogger logger, string topic, string topicId, int partitions);

    [LoggerMessage(8, LogLevel.Information, "Deleted topic {Topic} ({TopicId})")]
    public static partial void TopicDeleted(ILogger logger, string topic, string topicId);

    [LoggerMessage(9, LogLevel.Information, "Changed the configuration of topic {Topic}: {Overrides}")]
    public static partial void TopicConfigChanged(ILogger logger, string topic, string overrides);

    [LoggerMessage(10, LogLevel.Information, "Topic {Topic} now has {Partitions} partition(s)")]
    public static partial void PartitionsAdded(ILogger logger, string topic, int partitions);

    [LoggerMessage(11, LogLevel.Warning, "Removing {Directory}: it belongs to no current topic (left by an interrupted topic creation or deletion)")]
    public static partial void OrphanRemoved(ILogger logger, string directory);

    [LoggerMessage(12, LogLevel.Warning, "{Topic}-{Partition}: the partition directory was missing; starting the partition empty")]
    public static partial void PartitionDirectoryMissing(ILogger logger, string topic, int partition);

    [LoggerMessage(13, LogLevel.Error, "A background storage task ({Task}) failed; it will run again")]
    public static partial void BackgroundTaskFailed(ILogger logger, string task, Exception exception);

    [LoggerMessage(14, LogLevel.Error, "{Topic}-{Partition}: writing to the log failed; the batch was not stored")]
    public static partial void AppendFailed(ILogger logger, string topic, int partition, Exception exception);

    [LoggerMessage(15, LogLevel.Warning, "{Topic}-{Partition}: ignored producer state snapshot {File} ({Reason}); rebuilding the state from the log")]
    public static partial void SnapshotIgnored(ILogger logger, string topic, int partition, string file, string reason);

    [LoggerMessage(16, LogLevel.Error, "{Topic}-{Partition}: fsync failed; acknowledgements waiting for durability fail")]
    public static partial void FlushFailed(ILogger logger, string topic, int partition, Exception exception);

    [LoggerMessage(17, LogLevel.Warning, "{Topic}-{Partition}: ignored the checkpoint file {File} ({Reason})")]
    public static partial void CheckpointIgnored(ILogger logger, string topic, int partition, string file, string reason);

    [LoggerMessage(18, LogLevel.Information, "{Topic}-{Partition}: compacted {Segments} segment(s) from {BytesBefore} to {BytesAfter} bytes, keeping {Kept} of {Records} record(s)")]
    public static partial void Compacted(ILogger logger, string topic, int partition, int segments, long bytesBefore, long bytesAfter, long kept, long records);

    [LoggerMessage(19, LogLevel.Warning, "{Topic}-{Partition}: completed the replacement of segment {Segment} by its compacted copy, interrupted by the last shutdown")]
    public static partial void SwapCompleted(ILogger logger, string topic, int partition, string segment);

    [LoggerMessage(20, LogLevel.Warning, "Left {Directory} in the log directory alone: it is not a partition of this broker")]
    public static partial void UnknownDirectory(ILogger logger, string directory);
}
