using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Wharf.Clients;
using Wharf.Clients.Consuming;
using Wharf.Connect.Api;
using Wharf.Connect.Api.Connectors;
using Wharf.Connect.Api.Plugins;
using Wharf.Connect.Api.Records;
using Wharf.Connect.Logging;
using Wharf.Connect.Runtime.Errors;
using Wharf.Connect.Runtime.Monitoring;
using Wharf.Connect.Storage;
using ApiTopicPartition = Wharf.Connect.Api.Records.TopicPartition;

namespace Wharf.Connect.Runtime;

/// <summary>
/// Runs a <see cref="SinkTask"/> (Apache's WorkerSinkTask) as a member of consumer group connect-&lt;connector&gt;:
/// consumes batches, converts and transforms them under error handling (KIP-298: retries, errors.tolerance, the
/// dead letter queue), gives them to Put, and every offset.flush.interval.ms (and on partition revocation and
/// stop) commits what the task's PreCommit returns. Offsets count as consumed once their batch was put (records
/// skipped by error handling included). A Put that throws a RetriableException gets the same batch again with
/// every partition paused meanwhile; any other exception fails the task.
/// </summary>
internal sealed class SinkWorkerTask(
    TaskId id,
    IReadOnlyDictionary<string, string> config,
    Type taskType,
    ConnectorPlugins plugins,
    KafkaClientFactory clients,
    IReadOnlyDictionary<string, string> consumerSettings,
    IReadOnlyDictionary<string, string> adminSettings,
    IReadOnlyDictionary<string, string> deadLetterQueueProducerSettings,
    TimeSpan commitInterval,
    StatusStore statuses,
    string workerId,
    TaskMetrics metrics,
    ILogger logger) : WorkerTask(id, config, statuses, workerId, metrics, logger), ISinkTaskContext
{
    private const int MaxBatch = 500;
    private static readonly TimeSpan LagRefresh = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan DeadLetterQueueFlushTimeout = TimeSpan.FromSeconds(30);

    private readonly Dictionary<ApiTopicPartition, long> _current = [];
    private readonly Dictionary<ApiTopicPartition, long> _pending = [];
    private readonly Dictionary<ApiTopicPartition, long> _committed = [];
    private readonly ProcessingContext _context = new();
    private SinkTask? _task;
    private IConverter? _keyConverter;
    private IConverter? _valueConverter;
    private TransformationChain _transformations = TransformationChain.Empty;
    private RetryWithToleranceOperator? _errors;
    private DeadLetterQueueReporter? _deadLetterQueue;
    private IConsumer<byte[]?, byte[]?>? _consumer;
    private NativeRecordPoller? _poller;
    private bool _consumerPaused;
    private bool _redelivering;
    private volatile bool _commitRequested;

    public IReadOnlyDictionary<string, string> Configs => Config;

    ILogger ISinkTaskContext.Logger => Logger;

    public IReadOnlyCollection<ApiTopicPartition> Assignment =>
        _consumer?.Assignment.Select(tp => new ApiTopicPartition(tp.Topic, tp.Partition.Value)).ToList() ?? [];

    public void RequestCommit() => _commitRequested = true;

    protected override async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var errorHandling = ErrorHandlingConfig.From(Config);
        var reporters = new List<IErrorReporter>();
        if (errorHandling.HasDeadLetterQueue)
        {
            _deadLetterQueue = await DeadLetterQueueReporter.CreateAsync(errorHandling, Id, clients, adminSettings, deadLetterQueueProducerSettings, Metrics, Logger, cancellationToken);
            reporters.Add(_deadLetterQueue);
        }

        if (errorHandling.LogEnable)
        {
            reporters.Add(new LogErrorReporter(Id, errorHandling.LogIncludeMessages, Logger, Metrics));
        }

        _errors = new RetryWithToleranceOperator(errorHandling, Metrics, reporters, Stopping);
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
                    _committed.Remove(partition);
                }
            })
            .Build();
        _poller = NativeRecordPoller.For(_consumer) ?? throw new InvalidOperationException("This Confluent.Kafka version does not expose its librdkafka handle.");
        if (Config.TryGetValue(ConnectorConfig.TopicsRegex, out var regex) && !string.IsNullOrWhiteSpace(regex))
        {
            _consumer.Subscribe("^" + regex.Trim().TrimStart('^'));
        }
        else
        {
            _consumer.Subscribe(Config.GetValueOrDefault(ConnectorConfig.Topics, string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        }
    }

    protected override Task ExecuteAsync(CancellationToken cancellationToken)
    {
        var nextCommit = DateTime.UtcNow + commitInterval;
        var nextLag = DateTime.UtcNow;
        var batch = new List<SinkRecord>();
        while (!cancellationToken.IsCancellationRequested)
        {
            if (_redelivering)
            {
                // Apache keeps polling with every partition paused (membership, rebalances), then puts the same batch again.
                var wait = nextCommit - DateTime.UtcNow;
                using var early = Poll(wait < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10) : wait > TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait);
                if (early is not null)
                {
                    _consumer!.Seek(new TopicPartitionOffset(early.Topic, early.Partition, early.Offset));
                }
            }
            else
            {
                SyncPause();
                batch.Clear();
                ConsumeBatch(batch);
            }

            if (batch.Count > 0 || _pending.Count > 0)
            {
                Deliver(batch);
            }

            if (DateTime.UtcNow >= nextCommit || _commitRequested)
            {
                _commitRequested = false;
                Commit(_consumer!);
                nextCommit = DateTime.UtcNow + commitInterval;
            }

            if (DateTime.UtcNow >= nextLag)
            {
                UpdateLag();
                nextLag = DateTime.UtcNow + LagRefresh;
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
            DisposePlugins(_task, _keyConverter, _valueConverter);
            _poller?.Dispose();
            _consumer?.Close();
            _consumer?.Dispose();
            _deadLetterQueue?.Dispose();
        }

        return Task.CompletedTask;
    }

    private void ConsumeBatch(List<SinkRecord> batch)
    {
        var read = 0;
        var run = default(PartitionRun);
        var record = Poll(TimeSpan.FromMilliseconds(100));
        while (record is not null)
        {
            using (record)
            {
                read++;
                run.Track(this, record);
                Add(record, batch);
            }

            record = read < MaxBatch ? Poll(TimeSpan.Zero) : null;
        }

        run.End(this);
        if (read > 0)
        {
            Metrics.RecordRead(read);
        }
    }

    /// <summary>Puts the batch; on success its offsets (and those of skipped records) become committable.</summary>
    private void Deliver(List<SinkRecord> batch)
    {
        if (batch.Count > 0)
        {
            try
            {
                // A copy: the task may keep the list, and the batch is reused.
                _task!.Put(batch.ToList());
            }
            catch (RetriableException exception)
            {
                Metrics.RecordFailure();
                Metrics.RecordRetry();
                ErrorLog.PutRetried(Logger, Id.ToString(), batch.Count, exception.Message);
                if (!_redelivering && _consumer!.Assignment.Count > 0)
                {
                    _consumer.Pause(_consumer.Assignment);
                    _consumerPaused = true;
                }

                _redelivering = true;
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                Metrics.RecordFailure();
                var first = batch[0];
                throw new SinkPutException(exception, batch.Count, (first.Topic, first.KafkaPartition ?? 0, first.KafkaOffset));
            }

            Metrics.RecordPut(batch.Count);
        }

        _redelivering = false;
        foreach (var (partition, offset) in _pending)
        {
            _current[partition] = offset;
        }

        _pending.Clear();
    }

    /// <summary>
    /// The next record, or null. Errors librdkafka recovers from on its own (a subscribed topic that does not
    /// exist yet, a broker restarting) are not failures: the Java consumer waits through them too.
    /// </summary>
    private PolledRecord? Poll(TimeSpan timeout)
    {
        try
        {
            return _poller!.Poll(timeout);
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

    /// <summary>
    /// Converts and transforms a consumed record into the batch, unless error handling skips it. The converters
    /// read the key and value in librdkafka's buffer (converters that need arrays copy them); headers are read
    /// only when the record has some.
    /// </summary>
    private void Add(PolledRecord polled, List<SinkRecord> batch)
    {
        _context.Reset(polled);
        try
        {
            var headers = ReadHeaders(polled);
            var topic = polled.Topic;
            if (!_errors!.TryExecute(_context, ErrorStage.KeyConverter, _keyConverter!.GetType(), (Converter: _keyConverter, Topic: topic, Headers: headers, Record: polled), static s => s.Converter.ToConnectData(s.Topic, s.Headers, s.Record.Key, !s.Record.HasKey), out var key)
                || !_errors.TryExecute(_context, ErrorStage.ValueConverter, _valueConverter!.GetType(), (Converter: _valueConverter, Topic: topic, Headers: headers, Record: polled), static s => s.Converter.ToConnectData(s.Topic, s.Headers, s.Record.Value, !s.Record.HasValue), out var value))
            {
                return;
            }

            var timestamp = polled.Timestamp;
            var timestampType = timestamp.Type switch
            {
                Confluent.Kafka.TimestampType.CreateTime => Api.Records.TimestampType.CreateTime,
                Confluent.Kafka.TimestampType.LogAppendTime => Api.Records.TimestampType.LogAppendTime,
                _ => Api.Records.TimestampType.NoTimestampType,
            };
            var record = new SinkRecord(topic, polled.Partition, key.Schema, key.Value, value.Schema, value.Value, polled.Offset,
                timestampType == Api.Records.TimestampType.NoTimestampType ? null : timestamp.UnixTimestampMs, timestampType, headers);
            if (_transformations.TryApply(record, _errors, _context, out var transformed) && transformed is SinkRecord sinkRecord)
            {
                batch.Add(sinkRecord);
            }
        }
        finally
        {
            _context.Release();
        }
    }

    /// <summary>Kafka header bytes as Connect headers: UTF-8 strings (Apache's SimpleHeaderConverter infers more types).</summary>
    private static ConnectHeaders ReadHeaders(PolledRecord polled)
    {
        var headers = new ConnectHeaders();
        var count = polled.HeaderCount;
        for (var i = 0; i < count; i++)
        {
            var name = polled.HeaderAt(i, out var value, out var isNull);
            headers.AddString(name, isNull ? null : Encoding.UTF8.GetString(value));
        }

        return headers;
    }

    /// <summary>
    /// The consecutive records of one partition within a consumed batch (usually all of it): their topic is
    /// recorded as active and the offset after the last one becomes pending once per run, not per record.
    /// </summary>
    private struct PartitionRun
    {
        private string? _topic;
        private int _partition;
        private long _next;

        public void Track(SinkWorkerTask task, PolledRecord record)
        {
            var partition = record.Partition;
            if (_topic is null || partition != _partition || !string.Equals(record.Topic, _topic, StringComparison.Ordinal))
            {
                End(task);
                _topic = record.Topic;
                _partition = partition;
                task.RecordTopic(_topic);
            }

            _next = record.Offset + 1;
        }

        public void End(SinkWorkerTask task)
        {
            if (_topic is not null)
            {
                task._pending[new ApiTopicPartition(_topic, _partition)] = _next;
            }
        }
    }

    private void Commit(IConsumer<byte[]?, byte[]?> consumer)
    {
        // Records skipped into the dead letter queue are committed with the rest: they must be in it first.
        _deadLetterQueue?.Flush(DeadLetterQueueFlushTimeout);
        if (_current.Count == 0)
        {
            return;
        }

        var committable = _task!.PreCommit(new Dictionary<ApiTopicPartition, long>(_current));
        if (committable.Count == 0)
        {
            return;
        }

        try
        {
            consumer.Commit(committable.Select(kv => new TopicPartitionOffset(kv.Key.Topic, kv.Key.Partition, kv.Value)));
        }
        catch (KafkaException)
        {
            Metrics.RecordCommit(succeeded: false);
            throw;
        }

        Metrics.RecordCommit(succeeded: true);
        foreach (var (partition, offset) in committable)
        {
            _committed[partition] = offset;
        }
    }

    /// <summary>
    /// The lag of each assigned partition: the end offset from the consumer's cached high watermark (asked of the
    /// broker only while unknown), the consumed offset from the consumer's position, else the last commit, else
    /// the partition's start.
    /// </summary>
    private void UpdateLag()
    {
        var assignment = _consumer!.Assignment;
        var partitions = new PartitionLag[assignment.Count];
        for (var i = 0; i < assignment.Count; i++)
        {
            var partition = assignment[i];
            var committed = _committed.TryGetValue(new ApiTopicPartition(partition.Topic, partition.Partition.Value), out var c) ? c : -1;
            var watermarks = _consumer.GetWatermarkOffsets(partition);
            var position = _consumer.Position(partition).Value;
            if (watermarks.High.Value < 0 || (position < 0 && committed < 0))
            {
                watermarks = QueryWatermarks(partition) ?? watermarks;
            }

            var end = Math.Max(watermarks.High.Value, 0);
            var consumed = position >= 0 ? position : committed >= 0 ? committed : Math.Max(watermarks.Low.Value, 0);
            partitions[i] = new PartitionLag(partition.Topic, partition.Partition.Value, end, consumed, committed);
        }

        Metrics.SetPartitions(partitions);
    }

    private WatermarkOffsets? QueryWatermarks(Confluent.Kafka.TopicPartition partition)
    {
        try
        {
            return _consumer!.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(1));
        }
        catch (KafkaException)
        {
            return null;
        }
    }
}
