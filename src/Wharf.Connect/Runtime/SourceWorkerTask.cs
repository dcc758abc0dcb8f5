using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Wharf.Clients;
using Wharf.Connect.Api;
using Wharf.Connect.Api.Connectors;
using Wharf.Connect.Api.Plugins;
using Wharf.Connect.Api.Records;
using Wharf.Connect.Logging;
using Wharf.Connect.Storage;

namespace Wharf.Connect.Runtime;

/// <summary>
/// Runs a <see cref="SourceTask"/> (Apache's WorkerSourceTask): polls it, transforms and converts each record,
/// produces it, and every offset.flush.interval.ms (and when stopping) waits for the producer to deliver
/// everything sent so far, then stores the latest source offset of each partition. Offsets are only stored for
/// delivered records: after a crash the task resumes after the last stored offset, possibly re-reading records
/// produced since (at least once), never skipping.
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
    ILogger logger) : WorkerTask(id, config, statuses, workerId, logger), ISourceTaskContext, IOffsetStorageReader
{
    private readonly Dictionary<string, StoredOffset> _unstored = new(StringComparer.Ordinal);
    private SourceTask? _task;
    private IConverter? _keyConverter;
    private IConverter? _valueConverter;
    private TransformationChain _transformations = TransformationChain.Empty;
    private IProducer<byte[]?, byte[]?>? _producer;
    private volatile Error? _sendError;

    public IReadOnlyDictionary<string, string> Configs => Config;

    ILogger ISourceTaskContext.Logger => Logger;

    public IOffsetStorageReader OffsetStorageReader => this;

    public IReadOnlyDictionary<string, object?>? Offset(IReadOnlyDictionary<string, object?> partition) => offsets.Get(Id.Connector, partition);

    protected override Task InitializeAsync(CancellationToken cancellationToken)
    {
        _keyConverter = plugins.KeyConverter(Config);
        _valueConverter = plugins.ValueConverter(Config);
        _transformations = plugins.Transformations(Config);
        _producer = clients.CreateProducer(producerSettings);
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
            var records = await _task!.PollAsync(cancellationToken);
            foreach (var record in records)
            {
                Send(record);
            }

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
            if (!failed && _producer is not null)
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
            (_task as IDisposable)?.Dispose();
            _producer?.Dispose();
        }
    }

    private void Send(SourceRecord original)
    {
        if (_sendError is { } error)
        {
            throw new ConnectException("Unrecoverable exception from producer send callback: " + error.Reason);
        }

        var transformed = _transformations.Apply(original);
        if (transformed is not null)
        {
            var headers = new Headers();
            foreach (var header in transformed.Headers)
            {
                headers.Add(header.Key, ConnectorPlugins.FromConnectHeader(header));
            }

            var message = new Message<byte[]?, byte[]?>
            {
                Key = _keyConverter!.FromConnectData(transformed.Topic, transformed.Headers, transformed.KeySchema, transformed.Key),
                Value = _valueConverter!.FromConnectData(transformed.Topic, transformed.Headers, transformed.ValueSchema, transformed.Value),
                Headers = headers,
                Timestamp = transformed.Timestamp is { } ms ? new Timestamp(ms, Confluent.Kafka.TimestampType.CreateTime) : Timestamp.Default,
            };
            Produce(transformed.Topic, transformed.KafkaPartition, message);
            RecordTopic(transformed.Topic);
        }

        if (original.SourcePartition is { } partition && original.SourceOffset is { } offset)
        {
            _unstored[InternalJson.Text(InternalJson.ToObject(partition))] = new StoredOffset(Id.Connector, partition, offset);
        }
    }

    private void Produce(string topic, int? partition, Message<byte[]?, byte[]?> message)
    {
        while (true)
        {
            try
            {
                void Report(DeliveryReport<byte[]?, byte[]?> report)
                {
                    if (report.Error.IsError)
                    {
                        _sendError ??= report.Error;
                    }
                }

                if (partition is { } p)
                {
                    _producer!.Produce(new Confluent.Kafka.TopicPartition(topic, p), message, Report);
                }
                else
                {
                    _producer!.Produce(topic, message, Report);
                }

                return;
            }
            catch (ProduceException<byte[]?, byte[]?> exception) when (exception.Error.Code == ErrorCode.Local_QueueFull)
            {
                _producer!.Poll(TimeSpan.FromMilliseconds(100));
            }
        }
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
        while (_producer!.Flush(TimeSpan.FromMilliseconds(500)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }

        if (_sendError is { } error)
        {
            throw new ConnectException("Unrecoverable exception from producer send callback: " + error.Reason);
        }

        await offsets.WriteAsync(batch.ConvertAll(entry => entry.Value), cancellationToken);
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
