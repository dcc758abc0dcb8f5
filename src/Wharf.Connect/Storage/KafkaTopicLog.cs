using System.Collections.Concurrent;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;
using Wharf.Clients;
using Wharf.Connect.Logging;

namespace Wharf.Connect.Storage;

/// <summary>
/// One compacted internal topic (Apache's KafkaBasedLog): created if missing, read from the beginning to its end
/// at start, written with keyed records. Keys are partitioned with murmur2, as the Java producer does, so that a
/// key lands in the partition Apache's workers would use. In a cluster of workers the log is then followed
/// (<see cref="Follow"/>): every record any worker writes reaches every worker, in offset order, and
/// <see cref="ReadToEndAsync"/> waits until what was in the topic when it was called has been seen.
/// </summary>
internal sealed class KafkaTopicLog(KafkaClientFactory clients, string bootstrapServers, string topic, int partitions, short replicationFactor, IReadOnlyDictionary<string, string> producerSettings, IReadOnlyDictionary<string, string> adminSettings, ILogger logger) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<int, long> _positions = new();
    private readonly List<TaskCompletionSource> _waiters = [];
    private IProducer<byte[]?, byte[]?>? _producer;
    private Thread? _follower;
    private volatile bool _stopFollowing;

    public string Topic => topic;

    /// <summary>Creates the topic if needed and returns every record in it, partition by partition, in offset order.</summary>
    public async Task<IReadOnlyList<(byte[] Key, byte[]? Value)>> StartAsync(CancellationToken cancellationToken)
    {
        await EnsureTopicAsync();
        var producer = new Dictionary<string, string>(producerSettings, StringComparer.Ordinal)
        {
            ["bootstrap.servers"] = bootstrapServers,
            ["acks"] = "all",
            ["partitioner"] = "murmur2_random",
            ["enable.idempotence"] = "false",
        };
        _producer = clients.CreateProducer(producer);
        return await Task.Run(ReadAll, cancellationToken);
    }

    public async Task WriteAsync(byte[] key, byte[]? value, CancellationToken cancellationToken)
    {
        var producer = _producer ?? throw new InvalidOperationException("The log is not started.");
        await producer.ProduceAsync(topic, new Message<byte[]?, byte[]?> { Key = key, Value = value }, cancellationToken);
    }

    /// <summary>Writes without waiting (statuses); a failure is logged, as a later status overwrites it anyway.</summary>
    public void Send(byte[] key, byte[]? value)
    {
        var producer = _producer ?? throw new InvalidOperationException("The log is not started.");
        producer.Produce(topic, new Message<byte[]?, byte[]?> { Key = key, Value = value }, report =>
        {
            if (report.Error.IsError)
            {
                ConnectLog.StatusNotWritten(logger, topic, report.Error.Reason);
            }
        });
    }

    /// <summary>The next offset to read in a partition (after <see cref="StartAsync"/>, advanced while following).</summary>
    public long Position(int partition) => _positions.GetValueOrDefault(partition);

    /// <summary>Hands every record written after <see cref="StartAsync"/>'s read to <paramref name="onRecord"/>, on a thread of its own.</summary>
    public void Follow(Action<byte[], byte[]?> onRecord)
    {
        _follower = new Thread(() => FollowLoop(onRecord)) { IsBackground = true, Name = "connect-log-" + topic };
        _follower.Start();
    }

    /// <summary>Completes once every record in the topic at the time of the call has been handed to the follower's callback.</summary>
    public Task ReadToEndAsync(CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            _waiters.Add(done);
        }

        return done.Task.WaitAsync(cancellationToken);
    }

    public void Dispose()
    {
        _stopFollowing = true;
        _follower?.Join();
        lock (_waiters)
        {
            _waiters.ForEach(w => w.TrySetCanceled());
            _waiters.Clear();
        }

        _producer?.Flush(TimeSpan.FromSeconds(10));
        _producer?.Dispose();
    }

    private async Task EnsureTopicAsync()
    {
        using var admin = clients.CreateAdmin(new Dictionary<string, string>(adminSettings, StringComparer.Ordinal) { ["bootstrap.servers"] = bootstrapServers });
        try
        {
            await admin.CreateTopicsAsync(
            [
                new TopicSpecification
                {
                    Name = topic,
                    NumPartitions = partitions,
                    ReplicationFactor = replicationFactor,
                    Configs = new Dictionary<string, string> { ["cleanup.policy"] = "compact" },
                },
            ]);
            ConnectLog.TopicCreated(logger, topic, partitions);
        }
        catch (CreateTopicsException exception) when (exception.Results.All(r => r.Error.Code == ErrorCode.TopicAlreadyExists))
        {
            // Made by an earlier run: its records are read below.
        }
    }

    private List<(byte[] Key, byte[]? Value)> ReadAll()
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["bootstrap.servers"] = bootstrapServers,
            ["group.id"] = "wharf-connect-" + topic,
            ["enable.auto.commit"] = "false",
            ["enable.partition.eof"] = "true",
        };
        using var consumer = clients.ConsumerBuilder(settings).Build();
        var metadata = WaitForMetadata();
        var ends = new Dictionary<int, long>();
        foreach (var partition in metadata)
        {
            var high = consumer.QueryWatermarkOffsets(new TopicPartition(topic, partition), Timeout).High.Value;
            if (high > 0)
            {
                ends[partition] = high;
            }
        }

        foreach (var partition in metadata)
        {
            _positions[partition] = ends.GetValueOrDefault(partition);
        }

        var records = new List<(byte[] Key, byte[]? Value)>();
        if (ends.Count == 0)
        {
            return records;
        }

        consumer.Assign(ends.Keys.Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var deadline = DateTime.UtcNow + Timeout;
        while (ends.Count > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Reading topic " + topic + " to its end took longer than " + Timeout.TotalSeconds + " s");
            }

            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null)
            {
                continue;
            }

            if (!result.IsPartitionEOF && result.Message.Key is { } key)
            {
                records.Add((key, result.Message.Value));
            }

            var partition = result.TopicPartition.Partition.Value;
            if (ends.TryGetValue(partition, out var end) && (result.IsPartitionEOF || result.Offset.Value + 1 >= end))
            {
                ends.Remove(partition);
            }
        }

        consumer.Close();
        return records;
    }

    private void FollowLoop(Action<byte[], byte[]?> onRecord)
    {
        using var consumer = clients.ConsumerBuilder(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["bootstrap.servers"] = bootstrapServers,
            ["group.id"] = "wharf-connect-" + topic,
            ["enable.auto.commit"] = "false",
            ["fetch.wait.max.ms"] = "50",
        }).Build();
        consumer.Assign(_positions.Select(kv => new TopicPartitionOffset(topic, kv.Key, kv.Value)));
        List<TaskCompletionSource> serving = [];
        Dictionary<int, long>? target = null;
        while (!_stopFollowing)
        {
            try
            {
                if (target is null)
                {
                    lock (_waiters)
                    {
                        serving = [.. _waiters];
                        _waiters.Clear();
                    }

                    if (serving.Count > 0)
                    {
                        target = _positions.Keys.ToDictionary(p => p, p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), Timeout).High.Value);
                    }
                }

                if (target is not null && target.All(kv => _positions.GetValueOrDefault(kv.Key) >= kv.Value))
                {
                    serving.ForEach(w => w.TrySetResult());
                    target = null;
                    continue;
                }

                var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
                if (result is null || result.IsPartitionEOF)
                {
                    continue;
                }

                if (result.Message.Key is { } key)
                {
                    onRecord(key, result.Message.Value);
                }

                _positions[result.Partition.Value] = result.Offset.Value + 1;
            }
            catch (KafkaException exception)
            {
                // The broker is unreachable for a while: keep following from the same positions.
                ClusterLog.FollowFailed(logger, topic, exception.Message);
                Thread.Sleep(200);
            }
        }

        serving.ForEach(w => w.TrySetCanceled());
        consumer.Close();
    }

    private List<int> WaitForMetadata()
    {
        using var admin = clients.CreateAdmin(new Dictionary<string, string>(adminSettings, StringComparer.Ordinal) { ["bootstrap.servers"] = bootstrapServers });
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var metadata = admin.GetMetadata(topic, Timeout).Topics.FirstOrDefault(t => t.Topic == topic);
            if (metadata is { Error.Code: ErrorCode.NoError, Partitions.Count: > 0 })
            {
                return metadata.Partitions.Select(p => p.PartitionId).ToList();
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Topic " + topic + " has no partitions after " + Timeout.TotalSeconds + " s");
            }

            Thread.Sleep(100);
        }
    }
}
