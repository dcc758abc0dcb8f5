using System.Globalization;
using Microsoft.Extensions.Logging;
using Wharf.Storage.IO;
using Wharf.Storage.Producers;
using Wharf.Storage.Segments;

namespace Wharf.Storage;

/// <summary>
/// One partition's log: a directory <c>&lt;topic&gt;-&lt;partition&gt;</c> of segments (section 6.1). Appends,
/// rolls, retention and DeleteRecords take the partition lock; reads never do (they work on a snapshot of the
/// segment list and lease the segment they read). On a single node the high watermark is the log end offset and,
/// without transactions, the last stable offset is the high watermark.
/// </summary>
public sealed partial class PartitionLog
{
    internal const string LogStartCheckpointFile = "log-start-offset";
    internal const string PartitionMetadataFile = "partition.metadata";

    private readonly TopicLog _topic;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly ProducerStateTable _producers = new();
    private LogSegment[] _segments = [];
    private long _logEndOffset;
    private long _logStartOffset;
    private bool _closed;
    private TaskCompletionSource? _appendSignal;

    private PartitionLog(TopicLog topic, int partition, string directory, TimeProvider time, ILogger logger)
    {
        _topic = topic;
        Partition = partition;
        Directory = directory;
        _time = time;
        _logger = logger;
        _lastFlushMs = NowMs();
    }

    public string Topic => _topic.Name;

    public int Partition { get; }

    /// <summary>The first offset still in the log; moves with retention and DeleteRecords.</summary>
    public long LogStartOffset => Volatile.Read(ref _logStartOffset);

    /// <summary>The offset the next appended record gets.</summary>
    public long LogEndOffset => Volatile.Read(ref _logEndOffset);

    /// <summary>Equal to <see cref="LogEndOffset"/>: one node is every in-sync replica.</summary>
    public long HighWatermark => LogEndOffset;

    /// <summary>Equal to <see cref="HighWatermark"/>: this broker has no transactions.</summary>
    public long LastStableOffset => HighWatermark;

    /// <summary>Bytes of all segments (DescribeLogDirs' partition size).</summary>
    public long Size
    {
        get
        {
            long total = 0;
            foreach (var segment in Volatile.Read(ref _segments))
            {
                total += segment.Size;
            }

            return total;
        }
    }

    internal string Directory { get; }

    internal static string DirectoryName(string topic, int partition) =>
        topic + "-" + partition.ToString(CultureInfo.InvariantCulture);

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private LogSegment Active => _segments[^1];

    /// <summary>Creates the directory and first segment of a new partition.</summary>
    internal static PartitionLog Create(TopicLog topic, int partition, string directory, TimeProvider time, ILogger logger)
    {
        System.IO.Directory.CreateDirectory(directory);
        WritePartitionMetadata(directory, topic);
        var log = new PartitionLog(topic, partition, directory, time, logger);
        log._segments = [LogSegment.Create(directory, 0, topic.Config.SegmentIndexBytes, log.NowMs())];
        DirectorySync.Sync(directory);
        return log;
    }

    /// <summary>Kafka's partition.metadata: which topic id the directory belongs to, so a stale directory of a deleted namesake is recognised.</summary>
    internal static void WritePartitionMetadata(string directory, TopicLog topic) =>
        AtomicFile.Write(Path.Combine(directory, PartitionMetadataFile), System.Text.Encoding.UTF8.GetBytes($"version: 0\ntopic_id: {topic.TopicId}\n"));

    /// <summary>Stops the partition: later calls answer UNKNOWN_TOPIC_OR_PARTITION, waiters are released.</summary>
    /// <param name="deleting">The files are about to be deleted: skip the final fsync and producer snapshot.</param>
    internal void Close(bool deleting)
    {
        LogSegment[] segments;
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            segments = _segments;
            if (!deleting)
            {
                Active.Seal();
                WriteProducerSnapshot(_logEndOffset);
                Volatile.Write(ref _durableEndOffset, _logEndOffset);
            }
        }

        foreach (var segment in segments)
        {
            segment.Retire(deleteFiles: false);
        }

        Interlocked.Exchange(ref _appendSignal, null)?.TrySetResult();
    }
}
