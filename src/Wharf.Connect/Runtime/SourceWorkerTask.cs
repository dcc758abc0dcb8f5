using Microsoft.Extensions.Logging;
using Wharf.Clients;
using Wharf.Connect.Api;
using Wharf.Connect.Api.Connectors;
using Wharf.Connect.Api.Plugins;
using Wharf.Connect.Api.Records;
using Wharf.Connect.Logging;
using Wharf.Connect.Runtime.Errors;
using Wharf.Connect.Runtime.Monitoring;
using Wharf.Connect.Runtime.Sending;
using Wharf.Connect.Storage;

namespace Wharf.Connect.Runtime;

/// <summary>
/// Runs a <see cref="SourceTask"/> (Apache's WorkerSourceTask): polls it, transforms and converts each record,
/// hands each poll's records to its <see cref="ISourceRecordSender"/> (Wharf's own protocol client, or librdkafka
/// for settings only librdkafka implements), and every offset.flush.interval.ms (and when stopping) waits for the
/// sender to deliver everything handed over so far, then stores the latest source offset of each partition. Offsets are only stored for
/// delivered records: after a crash the task resumes after the last stored offset, possibly re-reading records
/// produced since (at least once), never skipping. Transformations and converters run under error handling
/// (KIP-298, <see cref="RetryWithToleranceOperator"/>); a poll that throws a RetriableException is polled again;
/// with errors.tolerance=all a record Kafka refuses is skipped (KIP-779).
/// </summary>
internal sealed class SourceWorkerTask(
    TaskId id,
    IReadOnlyDictionary<string, string> config,
    Type taskType,
    ConnectorPlugins plugins,
    KafkaClientFactory clients,
    IReadOnlyDictionary<string, string> producerSettings,
    OffsetStore offsets,
    TimeSpan commitInterval,
    StatusStore statuses,
    string workerId,
    TaskMetrics metrics,
    ILogger logger) : WorkerTask(id, config, statuses, workerId, metrics, logger), ISourceTaskContext, IOffsetStorageReader
{
    private readonly Dictionary<string, StoredOffset> _unstored = new(StringComparer.Ordinal);
    private readonly ProcessingContext _context = new();
    private RetryWithToleranceOperator? _errors;
    private SourceTask? _task;
    private IConverter? _keyConverter;
    private IConverter? _valueConverter;
    private TransformationChain _transformations = TransformationChain.Empty;
    private ISourceRecordSender? _sender;
    private SourceSendFailures? _failures;
    private IReadOnlyDictionary<string, object?>? _lastPartition;
    private string? _lastPartitionKey;
    private string? _batchTopic;
    private IReadOnlyDictionary<string, object?>? _pollPartition;
    private IReadOnlyDictionary<string, object?>? _pollOffset;

    public IReadOnlyDictionary<string, string> Configs => Config;

    ILogger ISourceTaskContext.Logger => Logger;

    public IOffsetStorageReader OffsetStorageReader => this;

    public IReadOnlyDictionary<string, object?>? Offset(IReadOnlyDictionary<string, object?> partition) => offsets.Get(Id.Connector, partition);

    protected override Task InitializeAsync(CancellationToken cancellationToken)
    {
        var errorHandling = ErrorHandlingConfig.From(Config);
        _errors = new RetryWithToleranceOperator(errorHandling, Metrics, errorHandling.LogEnable ? [new LogErrorReporter(Id, errorHandling.LogIncludeMessages, Logger, Metrics)] : [], Stopping);
        _keyConverter = plugins.KeyConverter(Config);
        _valueConverter = plugins.ValueConverter(Config);
        _transformations = plugins.Transformations(Config);
        _failures = new SourceSendFailures(Id, _errors, _context, Metrics, Logger);
        _sender = SourceRecordSenders.Create(Id, clients, producerSettings, _failures, Metrics, Logger);
        _task = (SourceTask)Activator.CreateInstance(taskType)!;
        _task.Initialize(this);
        _task.Start(Config);
        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        var nextCommit = DateTime.UtcNow + commitInterval;
        while (!cancellationToken.IsCancellationRequested)
        {
            await WaitWhilePausedAsync(cancellationToken);
            IReadOnlyList<SourceRecord> records;
            try
            {
                records = await _task!.PollAsync(cancellationToken);
            }
            catch (RetriableException exception)
            {
                // Apache's AbstractWorkerSourceTask polls again at once.
                Metrics.RecordFailure();
                Metrics.RecordRetry();
                ErrorLog.PollRetried(Logger, Id.ToString(), exception.Message);
                continue;
            }

            if (records.Count > 0)
            {
                Metrics.RecordPolled(records.Count);
            }

            _batchTopic = null;
            foreach (var record in records)
            {
                Send(record);
            }

            KeepPollOffset();
            await _sender!.EndPollAsync();

            if (DateTime.UtcNow >= nextCommit)
            {
                await CommitAsync(cancellationToken);
                nextCommit = DateTime.UtcNow + commitInterval;
            }
        }
    }

    protected override async Task CloseAsync(bool failed)
    {
        try
        {
            if (!failed && _sender is not null)
            {
                await CommitAsync(CancellationToken.None);
            }
        }
        catch (ConnectException exception)
        {
            ConnectLog.CommitFailed(Logger, Id.ToString(), exception.Message);
        }
        finally
        {
            _task?.Stop();
            DisposePlugins(_task, _keyConverter, _valueConverter);
            if (_sender is not null)
            {
                await _sender.DisposeAsync();
            }
        }
    }

    private void Send(SourceRecord original)
    {
        _failures!.ThrowIfFailed();
        _context.Reset(original);
        if (_transformations.TryApply(original, _errors!, _context, out var transformed) && transformed is not null
            && _errors!.TryExecute(_context, ErrorStage.KeyConverter, _keyConverter!.GetType(), (Converter: _keyConverter, Record: transformed), static s => s.Converter.FromConnectData(s.Record.Topic, s.Record.Headers, s.Record.KeySchema, s.Record.Key), out var key)
            && _errors.TryExecute(_context, ErrorStage.ValueConverter, _valueConverter!.GetType(), (Converter: _valueConverter, Record: transformed), static s => s.Converter.FromConnectData(s.Record.Topic, s.Record.Headers, s.Record.ValueSchema, s.Record.Value), out var value))
        {
            _sender!.Send(original, transformed.Topic, transformed.KafkaPartition, key, value, transformed.Headers, transformed.Timestamp);
            if (!string.Equals(transformed.Topic, _batchTopic, StringComparison.Ordinal))
            {
                // Once per poll batch and topic (records of a batch usually share one), not per record.
                RecordTopic(transformed.Topic);
                _batchTopic = transformed.Topic;
            }
        }

        if (original.SourcePartition is { } partition && original.SourceOffset is { } offset)
        {
            if (!ReferenceEquals(partition, _pollPartition))
            {
                KeepPollOffset();
                _pollPartition = partition;
            }

            _pollOffset = offset;
        }
    }

    /// <summary>
    /// Moves the latest offset of the poll's current source partition to the pending offsets. A poll's records
    /// usually share one partition map, so this runs once per poll and partition rather than once per record.
    /// </summary>
    private void KeepPollOffset()
    {
        if (_pollPartition is not null)
        {
            _unstored[PartitionKey(_pollPartition)] = new StoredOffset(Id.Connector, _pollPartition, _pollOffset);
            _pollPartition = null;
        }
    }

    /// <summary>
    /// The pending-offsets key of a source partition: its JSON text, computed once per partition object. Tasks
    /// usually give every record of a partition the same map (FileStreamSource does), and the map is only read:
    /// the stored offset keeps the same reference and serializes it at commit time.
    /// </summary>
    private string PartitionKey(IReadOnlyDictionary<string, object?> partition)
    {
        if (!ReferenceEquals(partition, _lastPartition))
        {
            _lastPartitionKey = InternalJson.Text(InternalJson.ToObject(partition));
            _lastPartition = partition;
        }

        return _lastPartitionKey!;
    }

    /// <summary>Waits for every record sent so far, then stores their offsets.</summary>
    private async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (_unstored.Count == 0)
        {
            return;
        }

        // The offsets stay pending until written: a commit cancelled while flushing (the task is stopping) leaves
        // them for the final commit in CloseAsync instead of dropping them.
        var batch = _unstored.ToList();
        await _sender!.FlushAsync(cancellationToken);
        try
        {
            await offsets.WriteAsync(batch.ConvertAll(entry => entry.Value), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Metrics.RecordCommit(succeeded: false);
            throw;
        }

        Metrics.RecordCommit(succeeded: true);
        foreach (var (partition, offset) in batch)
        {
            if (_unstored.TryGetValue(partition, out var current) && ReferenceEquals(current, offset))
            {
                _unstored.Remove(partition);
            }
        }

        ConnectLog.OffsetsCommitted(Logger, Id.ToString(), batch.Count);
        _task!.Commit();
    }
}
