using Wharf.Protocol;
using Wharf.Protocol.Primitives;
using Wharf.Storage.IO;

namespace Wharf.Storage;

public sealed partial class LogManager
{
    /// <summary>
    /// The most partitions one topic may have. Kafka has no hard limit; on one node each partition is a directory
    /// with open files, so a request for millions is refused instead of exhausting the machine.
    /// </summary>
    public const int MaxPartitionsPerTopic = 10_000;

    /// <summary>
    /// CreateTopics for one topic. Errors, checked in Kafka's order: INVALID_TOPIC_EXCEPTION (illegal name, or one
    /// that collides with an existing topic when '.' and '_' are confused), TOPIC_ALREADY_EXISTS,
    /// INVALID_PARTITIONS, INVALID_CONFIG. With <paramref name="validateOnly"/> nothing is created. On success the
    /// directories exist and the metadata is on disk before the topic becomes visible.
    /// </summary>
    public TopicOperationResult CreateTopic(string name, int partitions, IReadOnlyDictionary<string, string?> configs, bool validateOnly)
    {
        if (TopicNames.Validate(name) is { } invalidName)
        {
            return Fail(ErrorCode.InvalidTopicException, invalidName);
        }

        lock (_metadataLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_topics.ContainsKey(name))
            {
                return Fail(ErrorCode.TopicAlreadyExists, $"Topic '{name}' already exists.");
            }

            var unified = TopicNames.Unify(name);
            if (_topics.Keys.FirstOrDefault(existing => TopicNames.Unify(existing) == unified) is { } collision)
            {
                return Fail(ErrorCode.InvalidTopicException, $"Topic '{name}' collides with existing topic: {collision}");
            }

            if (CheckPartitionCount(partitions) is { } invalidCount)
            {
                return invalidCount;
            }

            if (!TopicConfig.TryCreate(configs, _options.Defaults, out var config, out var error))
            {
                return Fail(ErrorCode.InvalidConfig, error);
            }

            if (validateOnly)
            {
                return TopicOperationResult.Ok with { Config = config };
            }

            var topic = new TopicLog(name, KafkaUuid.NewRandom(), config);
            topic.SetPartitions(CreatePartitionLogs(topic, 0, partitions));
            _store.Save([.. OtherTopics(name), TopicMetadataStore.Describe(topic, partitions, config)]);
            _topics[name] = topic;
            StorageLog.TopicCreated(_logger, name, topic.TopicId.ToString(), partitions);
            return TopicOperationResult.Ok with { Config = config };
        }
    }

    /// <summary>
    /// DeleteTopics for one topic: the metadata change is the commit point; then the partitions close (appends and
    /// reads answer UNKNOWN_TOPIC_OR_PARTITION, waiters are released) and their directories are renamed and removed.
    /// </summary>
    public TopicOperationResult DeleteTopic(string name)
    {
        lock (_metadataLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_topics.TryGetValue(name, out var topic))
            {
                return UnknownTopic();
            }

            _store.Save(OtherTopics(name));
            _topics.TryRemove(name, out _);
            foreach (var partition in topic.Partitions)
            {
                partition.Close(deleting: true);
            }

            foreach (var partition in topic.Partitions)
            {
                try
                {
                    RemoveDirectory(partition.Directory);
                }
                catch (IOException e)
                {
                    // The metadata change committed the deletion; the next start removes what is left.
                    StorageLog.BackgroundTaskFailed(_logger, "removing " + partition.Directory, e);
                }
            }

            StorageLog.TopicDeleted(_logger, name, topic.TopicId.ToString());
            return TopicOperationResult.Ok;
        }
    }

    /// <summary>
    /// CreatePartitions: grows the topic to <paramref name="newTotalCount"/> partitions. INVALID_PARTITIONS when the
    /// count does not grow (Kafka's messages), UNKNOWN_TOPIC_OR_PARTITION for an unknown topic.
    /// </summary>
    public TopicOperationResult CreatePartitions(string name, int newTotalCount, bool validateOnly)
    {
        lock (_metadataLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_topics.TryGetValue(name, out var topic))
            {
                return UnknownTopic();
            }

            var current = topic.Partitions.Count;
            if (newTotalCount < current)
            {
                return Fail(ErrorCode.InvalidPartitions, $"Topic currently has {current} partitions, which is higher than the requested {newTotalCount}.");
            }

            if (newTotalCount == current)
            {
                return Fail(ErrorCode.InvalidPartitions, $"Topic already has {current} partitions.");
            }

            if (CheckPartitionCount(newTotalCount) is { } invalidCount)
            {
                return invalidCount;
            }

            if (validateOnly)
            {
                return TopicOperationResult.Ok;
            }

            var added = CreatePartitionLogs(topic, current, newTotalCount);
            _store.Save([.. OtherTopics(name), TopicMetadataStore.Describe(topic, newTotalCount, topic.Config)]);
            topic.SetPartitions([.. topic.Partitions, .. added]);
            StorageLog.PartitionsAdded(_logger, name, newTotalCount);
            return TopicOperationResult.Ok;
        }
    }

    /// <summary>
    /// AlterConfigs (<paramref name="incremental"/> false: the given set replaces every override) and
    /// IncrementalAlterConfigs (true: each entry sets an override, a null value removes it, others stay).
    /// INVALID_CONFIG for unknown names or invalid values; nothing changes unless everything is valid. The new
    /// configuration is persisted, then applies to the next append, roll, flush and retention pass.
    /// </summary>
    public TopicOperationResult AlterConfigs(string name, IReadOnlyDictionary<string, string?> set, bool incremental, bool validateOnly)
    {
        lock (_metadataLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_topics.TryGetValue(name, out var topic))
            {
                return UnknownTopic();
            }

            var merged = incremental
                ? topic.Config.Overrides.ToDictionary(kv => kv.Key, kv => (string?)kv.Value, StringComparer.Ordinal)
                : new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var (key, value) in set)
            {
                if (!TopicConfig.IsKnown(key))
                {
                    return Fail(ErrorCode.InvalidConfig, $"Unknown topic config name: {key}");
                }

                if (value is null)
                {
                    merged.Remove(key);
                }
                else
                {
                    merged[key] = value;
                }
            }

            if (!TopicConfig.TryCreate(merged, _options.Defaults, out var config, out var error))
            {
                return Fail(ErrorCode.InvalidConfig, error);
            }

            if (validateOnly)
            {
                return TopicOperationResult.Ok with { Config = config };
            }

            _store.Save([.. OtherTopics(name), TopicMetadataStore.Describe(topic, topic.Partitions.Count, config)]);
            topic.SetConfig(config);
            StorageLog.TopicConfigChanged(_logger, name, string.Join(", ", config.Overrides.Select(kv => $"{kv.Key}={kv.Value}")));
            return TopicOperationResult.Ok with { Config = config };
        }
    }

    private static TopicOperationResult Fail(ErrorCode error, string message) => new(error, message);

    private static TopicOperationResult UnknownTopic() =>
        Fail(ErrorCode.UnknownTopicOrPartition, "This server does not host this topic-partition.");

    private static TopicOperationResult? CheckPartitionCount(int partitions) =>
        partitions < 1 ? Fail(ErrorCode.InvalidPartitions, "Number of partitions must be larger than 0.")
        : partitions > MaxPartitionsPerTopic ? Fail(ErrorCode.InvalidPartitions, $"Number of partitions must not exceed {MaxPartitionsPerTopic}.")
        : null;

    private IEnumerable<TopicRecord> OtherTopics(string name) =>
        _topics.Values.Where(t => t.Name != name).Select(t => TopicMetadataStore.Describe(t, t.Partitions.Count, t.Config));

    /// <summary>Creates partitions [from, to) of a topic; on failure removes what was created and rethrows.</summary>
    private PartitionLog[] CreatePartitionLogs(TopicLog topic, int from, int to)
    {
        var created = new List<PartitionLog>(to - from);
        try
        {
            for (var p = from; p < to; p++)
            {
                var directory = Path.Combine(Directory, PartitionLog.DirectoryName(topic.Name, p));
                if (System.IO.Directory.Exists(directory))
                {
                    // Left by a creation the last process did not finish: it holds no acknowledged data.
                    RemoveDirectory(directory);
                }

                created.Add(PartitionLog.Create(topic, p, directory, _time, _partitionLogger));
            }

            DirectorySync.Sync(Directory);
            return [.. created];
        }
        catch
        {
            foreach (var partition in created)
            {
                partition.Close(deleting: true);
                RemoveDirectory(partition.Directory);
            }

            throw;
        }
    }
}
