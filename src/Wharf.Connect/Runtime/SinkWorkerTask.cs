using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Wharf.Clients;
using Wharf.Connect.Api.Connectors;
using Wharf.Connect.Api.Plugins;
using Wharf.Connect.Api.Records;
using Wharf.Connect.Logging;
using Wharf.Connect.Storage;
using ApiTopicPartition = Wharf.Connect.Api.Records.TopicPartition;

namespace Wharf.Connect.Runtime;

/// <summary>
/// Runs a <see cref="SinkTask"/> (Apache's WorkerSinkTask) as a member of consumer group connect-&lt;connector&gt;:
/// consumes batches, converts and transforms them, gives them to Put, and every offset.flush.interval.ms (and on
/// partition revocation and stop) commits what the task's PreCommit returns.
/// </summary>
internal sealed class SinkWorkerTask(
    TaskId id,
    IReadOnlyDictionary<string, string> config,
    Type taskType,
    ConnectorPlugins plugins,
    KafkaClientFactory clients,
    IReadOnlyDictionary<string, string> consumerSettings,
    TimeSpan commitInterval,
    StatusStore statuses,
    string workerId,
    ILogger logger) : WorkerTask(id, config, statuses, workerId, logger), ISinkTaskContext
{
    private const int MaxBatch = 500;

    private readonly Dictionary<ApiTopicPartition, long> _current = [];
    private SinkTask? _task;
    private IConverter? _keyConverter;
    private IConverter? _valueConverter;
    private TransformationChain _transformations = TransformationChain.Empty;
    private IConsumer<byte[]?, byte[]?>? _consumer;
    private bool _consumerPaused;
    private volatile bool _commitRequested;

    public IReadOnlyDictionary<string, string> Configs => Config;

    ILogger ISinkTaskContext.Logger => Logger;

    public IReadOnlyCollection<ApiTopicPartition> Assignment =>
        _consumer?.Assignment.Select(tp => new ApiTopicPartition(tp.Topic, tp.Partition.Value)).ToList() ?? [];

    public void RequestCommit() => _commitRequested = true;

    protected override Task InitializeAsync(CancellationToken cancellationToken)
    {
        _keyConverter = plugins.KeyConverter(Config);
        _valueConverter = plugins.ValueConverter(Config);
        _transformations = plugins.Transformations(Config);
        _task = (SinkTask)Activator.CreateInstance(taskType)!;
        _task.Initialize(this);
        _task.Start(Config);
        _consumer = clients.ConsumerBuilder(consumerSettings)
            .SetPartitionsAssignedHandler((_, partitions) => _task.Open(partitions.Select(p => new ApiTopicPartition(p.Topic, p.Partition.Value)).ToList()))
            .SetPartitionsRevokedHandler((consumer, partitions) =>
            {
                Commit(consumer);
                var revoked = partitions.Select(p => new ApiTopicPartition(p.Topic, p.Partition.Value)).ToList();
                _task.Close(revoked);
                foreach (var partition in revoked)
                {
                    _current.Remove(partition);
                }
            })
            .Build();
        if (Config.TryGetValue(ConnectorConfig.TopicsRegex, out var regex) && !string.IsNullOrWhiteSpace(regex))
        {
            _consumer.Subscribe("^" + regex.Trim().TrimStart('^'));
        }
        else
        {
            _consumer.Subscribe(Config.GetValueOrDefault(ConnectorConfig.Topics, string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        }

        return Task.CompletedTask;
    }

    protected override Task ExecuteAsync(CancellationToken cancellationToken)
    {
        var nextCommit = DateTime.UtcNow + commitInterval;
        var batch = new List<SinkRecord>();
        while (!cancellationToken.IsCancellationRequested)
        {
            SyncPause();
            batch.Clear();
            var result = Consume(TimeSpan.FromMilliseconds(100));
            while (result is not null)
            {
                if (!result.IsPartitionEOF)
                {
                    Add(result, batch);
                }

                result = batch.Count < MaxBatch ? Consume(TimeSpan.Zero) : null;
            }

            if (batch.Count > 0)
            {
                _task!.Put(batch.ToList());
            }

            if (DateTime.UtcNow >= nextCommit || _commitRequested)
            {
                _commitRequested = false;
                Commit(_consumer!);
                nextCommit = DateTime.UtcNow + commitInterval;
            }
        }

        return Task.CompletedTask;
    }

    protected override Task CloseAsync(bool failed)
    {
        try
        {
            if (!failed && _consumer is not null)
            {
                Commit(_consumer!);
            }
        }
        finally
        {
            _task?.Stop();
            (_task as IDisposable)?.Dispose();
            _consumer?.Close();
            _consumer?.Dispose();
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The next record, or null. Errors librdkafka recovers from on its own (a subscribed topic that does not
    /// exist yet, a broker restarting) are not failures: the Java consumer waits through them too.
    /// </summary>
    private ConsumeResult<byte[]?, byte[]?>? Consume(TimeSpan timeout)
    {
        try
        {
            return _consumer!.Consume(timeout);
        }
        catch (ConsumeException exception) when (!exception.Error.IsFatal && exception.Error.Code is ErrorCode.UnknownTopicOrPart or ErrorCode.Local_UnknownTopic or ErrorCode.Local_UnknownPartition or ErrorCode.Local_Transport or ErrorCode.Local_AllBrokersDown)
        {
            ConnectLog.ConsumerWaiting(Logger, Id.ToString(), exception.Error.Reason);
            return null;
        }
    }

    private void SyncPause()
    {
        if (IsPaused != _consumerPaused && _consumer!.Assignment.Count > 0)
        {
            if (IsPaused)
            {
                _consumer.Pause(_consumer.Assignment);
            }
            else
            {
                _consumer.Resume(_consumer.Assignment);
            }

            _consumerPaused = IsPaused;
        }
    }

    private void Add(ConsumeResult<byte[]?, byte[]?> result, List<SinkRecord> batch)
    {
        var message = result.Message;
        var headers = ConnectorPlugins.ToConnectHeaders((message.Headers ?? []).Select(h => (h.Key, (byte[]?)h.GetValueBytes())));
        var key = _keyConverter!.ToConnectData(result.Topic, headers, message.Key);
        var value = _valueConverter!.ToConnectData(result.Topic, headers, message.Value);
        var timestampType = message.Timestamp.Type switch
        {
            Confluent.Kafka.TimestampType.CreateTime => Api.Records.TimestampType.CreateTime,
            Confluent.Kafka.TimestampType.LogAppendTime => Api.Records.TimestampType.LogAppendTime,
            _ => Api.Records.TimestampType.NoTimestampType,
        };
        var record = new SinkRecord(result.Topic, result.Partition.Value, key.Schema, key.Value, value.Schema, value.Value, result.Offset.Value,
            timestampType == Api.Records.TimestampType.NoTimestampType ? null : message.Timestamp.UnixTimestampMs, timestampType, headers);
        _current[new ApiTopicPartition(result.Topic, result.Partition.Value)] = result.Offset.Value + 1;
        RecordTopic(result.Topic);
        if (_transformations.Apply(record) is SinkRecord transformed)
        {
            batch.Add(transformed);
        }
    }

    private void Commit(IConsumer<byte[]?, byte[]?> consumer)
    {
        if (_current.Count == 0)
        {
            return;
        }

        var committable = _task!.PreCommit(new Dictionary<ApiTopicPartition, long>(_current));
        if (committable.Count > 0)
        {
            consumer.Commit(committable.Select(kv => new TopicPartitionOffset(kv.Key.Topic, kv.Key.Partition, kv.Value)));
        }
    }
}
