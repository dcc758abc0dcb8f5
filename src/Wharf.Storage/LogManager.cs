using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;
using Wharf.Protocol.Primitives;
using Wharf.Storage.IO;

namespace Wharf.Storage;

/// <summary>
/// All topics of one log directory: loads and recovers them at start, creates, deletes and reconfigures them,
/// runs retention, compaction and interval flushes in the background, and shuts down cleanly. One process owns a
/// log directory at a time (a lock file, as Kafka's <c>.lock</c>).
/// </summary>
public sealed partial class LogManager : IAsyncDisposable
{
    /// <summary>Written at clean shutdown, removed at start (Kafka's .kafka_cleanshutdown): its presence lets loading skip verification.</summary>
    internal const string CleanShutdownFile = ".wharf_cleanshutdown";

    private const string LockFile = ".lock";
    private const string DeletedSuffix = "-delete";

    private readonly ConcurrentDictionary<string, TopicLog> _topics = new(StringComparer.Ordinal);
    private readonly Lock _metadataLock = new();
    private readonly CancellationTokenSource _disposing = new();
    private readonly LogManagerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ILogger _partitionLogger;
    private readonly TopicMetadataStore _store;
    private readonly SafeFileHandle _directoryLock;
    private bool _disposed;

    private LogManager(LogManagerOptions options, string directory, SafeFileHandle directoryLock, TimeProvider time, ILoggerFactory loggers)
    {
        _options = options;
        Directory = directory;
        _directoryLock = directoryLock;
        _time = time;
        _logger = loggers.CreateLogger<LogManager>();
        _partitionLogger = loggers.CreateLogger<PartitionLog>();
        _store = new TopicMetadataStore(directory);
    }

    /// <summary>The log directory (absolute).</summary>
    public string Directory { get; }

    public BrokerLogDefaults Defaults => _options.Defaults;

    /// <summary>A snapshot of the topics.</summary>
    public IReadOnlyCollection<TopicLog> Topics => [.. _topics.Values];

    public bool TryGetTopic(string name, [MaybeNullWhen(false)] out TopicLog topic) => _topics.TryGetValue(name, out topic);

    /// <summary>
    /// Opens (creating if needed) a log directory and loads every partition, recovering after an unclean shutdown:
    /// torn tails cut to the last whole batch, indexes rebuilt, producer state restored, leftovers of interrupted
    /// operations removed. Each step is logged in words. Throws <see cref="IOException"/> when another process
    /// holds the directory, <see cref="InvalidDataException"/> when the topic metadata is damaged.
    /// </summary>
    public static LogManager Open(LogManagerOptions options, TimeProvider time, ILoggerFactory loggers)
    {
        var directory = Path.GetFullPath(options.LogDirectory);
        System.IO.Directory.CreateDirectory(directory);
        SafeFileHandle directoryLock;
        try
        {
            directoryLock = File.OpenHandle(Path.Combine(directory, LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new IOException($"The log directory {directory} is in use by another broker process.", e);
        }

        try
        {
            var manager = new LogManager(options, directory, directoryLock, time, loggers);
            var marker = Path.Combine(directory, CleanShutdownFile);
            var clean = File.Exists(marker);
            if (clean)
            {
                File.Delete(marker);
                DirectorySync.Sync(directory);
            }

            manager.LoadTopics(clean);
            StorageLog.DirectoryOpened(manager._logger, directory, clean ? "after a clean shutdown" : "after an unclean shutdown (or for the first time)", manager._topics.Count, manager._topics.Values.Sum(t => t.Partitions.Count));
            return manager;
        }
        catch
        {
            directoryLock.Dispose();
            throw;
        }
    }

    private void LoadTopics(bool cleanShutdown)
    {
        var expected = new Dictionary<string, KafkaUuid>(StringComparer.Ordinal);
        var topics = new List<(TopicLog Topic, int Partitions)>();
        foreach (var record in _store.Load().Topics)
        {
            if (TopicNames.Validate(record.Name) is not null || !KafkaUuid.TryParse(record.TopicId, out var topicId))
            {
                throw new InvalidDataException($"The topic metadata names an invalid topic '{record.Name}' ({record.TopicId}).");
            }

            var overrides = (record.Configs ?? []).ToDictionary(kv => kv.Key, kv => (string?)kv.Value, StringComparer.Ordinal);
            if (!TopicConfig.TryCreate(overrides, _options.Defaults, out var config, out var error))
            {
                throw new InvalidDataException($"The stored configuration of topic {record.Name} is invalid: {error}");
            }

            var topic = new TopicLog(record.Name, topicId, config);
            topics.Add((topic, record.Partitions));
            for (var p = 0; p < record.Partitions; p++)
            {
                expected[PartitionLog.DirectoryName(record.Name, p)] = topicId;
            }
        }

        // Without topic metadata this is not a directory Wharf wrote (perhaps Kafka's own): delete nothing in it.
        if (_store.Exists)
        {
            RemoveOrphanDirectories(expected);
        }
        foreach (var (topic, count) in topics)
        {
            var partitions = new PartitionLog[count];
            for (var p = 0; p < count; p++)
            {
                var directory = Path.Combine(Directory, PartitionLog.DirectoryName(topic.Name, p));
                if (System.IO.Directory.Exists(directory))
                {
                    partitions[p] = PartitionLog.Load(topic, p, directory, cleanShutdown, _time, _partitionLogger);
                }
                else
                {
                    StorageLog.PartitionDirectoryMissing(_logger, topic.Name, p);
                    partitions[p] = PartitionLog.Create(topic, p, directory, _time, _partitionLogger);
                }
            }

            topic.SetPartitions(partitions);
            _topics[topic.Name] = topic;
        }
    }

    /// <summary>
    /// Removes directories left by interrupted deletions (<c>-delete</c>), partition directories of topics that no
    /// longer exist, and those of a deleted namesake (another topic id). Directories that are not partitions of
    /// this broker are left alone.
    /// </summary>
    private void RemoveOrphanDirectories(Dictionary<string, KafkaUuid> expected)
    {
        foreach (var path in System.IO.Directory.EnumerateDirectories(Directory))
        {
            var name = Path.GetFileName(path);
            if (name.EndsWith(DeletedSuffix, StringComparison.Ordinal))
            {
                StorageLog.OrphanRemoved(_logger, path);
                System.IO.Directory.Delete(path, recursive: true);
                continue;
            }

            var owner = ReadTopicId(path);
            if (expected.TryGetValue(name, out var topicId) && owner == topicId)
            {
                continue;
            }

            if (owner is null && !expected.ContainsKey(name))
            {
                StorageLog.UnknownDirectory(_logger, path);
                continue;
            }

            StorageLog.OrphanRemoved(_logger, path);
            RemoveDirectory(path);
        }
    }

    /// <summary>The topic id in a directory's partition.metadata, or null when it has none.</summary>
    private static KafkaUuid? ReadTopicId(string directory)
    {
        var content = AtomicFile.ReadAll(Path.Combine(directory, PartitionLog.PartitionMetadataFile), 4096);
        if (content is null)
        {
            return null;
        }

        foreach (var line in System.Text.Encoding.UTF8.GetString(content).Split('\n'))
        {
            if (line.StartsWith("topic_id:", StringComparison.Ordinal) && KafkaUuid.TryParse(line["topic_id:".Length..].Trim(), out var id))
            {
                return id;
            }
        }

        return null;
    }

    /// <summary>
    /// Deletes a partition directory as Kafka does: rename it to <c>name.&lt;random&gt;-delete</c> first (atomic), then
    /// delete its content, so a crash never leaves half a partition under a live name.
    /// </summary>
    private void RemoveDirectory(string path)
    {
        var doomed = path + "." + Guid.NewGuid().ToString("N") + DeletedSuffix;
        System.IO.Directory.Move(path, doomed);
        DirectorySync.Sync(Directory);
        try
        {
            System.IO.Directory.Delete(doomed, recursive: true);
        }
        catch (IOException e)
        {
            // The rename committed the deletion; the next start removes what is left.
            StorageLog.BackgroundTaskFailed(_logger, "removing " + doomed, e);
        }
    }

    /// <summary>
    /// Stops the background tasks (waiting for a pass in progress), closes every partition (final fsync of each
    /// active segment, producer state snapshots) and marks the directory clean, so the next start skips
    /// verification.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        Task? background;
        lock (_metadataLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _disposing.Cancel();
            background = _background;
        }

        if (background is not null)
        {
            await background.ConfigureAwait(false);
        }

        lock (_metadataLock)
        {
            foreach (var topic in _topics.Values)
            {
                foreach (var partition in topic.Partitions)
                {
                    partition.Close(deleting: false);
                }
            }

            AtomicFile.Write(Path.Combine(Directory, CleanShutdownFile), []);
        }

        _directoryLock.Dispose();
        _disposing.Dispose();
    }
}
