using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Wharf.Clients;
using Wharf.SchemaRegistry.Logging;

namespace Wharf.SchemaRegistry.Storage;

/// <summary>
/// The _schemas topic as the registry's store (Confluent's KafkaStore): one reader applies every record, in offset
/// order, to the <see cref="RegistryState"/>; writes go through an idempotent producer with acks=all and are
/// complete when the reader has applied them (read-your-writes, as KafkaStore waits for its own offset). The start
/// reads to the end of the topic before anything is served.
/// </summary>
internal sealed class KafkaStore : IAsyncDisposable
{
    private readonly SchemaRegistryOptions _options;
    private readonly ILogger _logger;
    private readonly IProducer<byte[]?, byte[]?> _producer;
    private string? _clusterId;
    private readonly IConsumer<byte[]?, byte[]?> _consumer;

    /// <summary>
    /// Asks for the topic's end only, never fetches. A broker answers a connection's requests in order, so the end
    /// asked through the reader's connection waited behind its long-polling fetch (fetch.wait.max.ms, 100 ms): every
    /// write paid that wait before it started (bench/README.md, registry benchmark).
    /// </summary>
    private readonly IConsumer<byte[]?, byte[]?> _watermarks;
    private readonly TopicPartition _partition;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private TaskCompletionSource _advanced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _applied;
    private Task _reader = Task.CompletedTask;

    private KafkaStore(SchemaRegistryOptions options, KafkaClientFactory clients, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _partition = new TopicPartition(options.Topic, 0);
        var common = new Dictionary<string, string>(options.ClientConfig, StringComparer.Ordinal) { ["bootstrap.servers"] = options.BootstrapServers };
        _producer = clients.CreateProducer(new Dictionary<string, string>(common)
        {
            ["acks"] = "all",
            ["enable.idempotence"] = "true",
            ["linger.ms"] = "0",
        });
        _consumer = clients.ConsumerBuilder(new Dictionary<string, string>(common)
        {
            ["group.id"] = "schema-registry-reader-" + Guid.NewGuid().ToString("N"),
            ["enable.auto.commit"] = "false",
            ["enable.partition.eof"] = "true",
            ["auto.offset.reset"] = "earliest",
            ["fetch.wait.max.ms"] = "100",
        }).Build();
        _watermarks = clients.ConsumerBuilder(new Dictionary<string, string>(common)
        {
            ["group.id"] = "schema-registry-watermarks-" + Guid.NewGuid().ToString("N"),
            ["enable.auto.commit"] = "false",
        }).Build();
    }

    public RegistryState State { get; } = new();

    /// <summary>Creates or verifies the topic, then reads it to its end (within kafkastore.init.timeout.ms).</summary>
    /// <summary>The id of the Kafka cluster holding the store (/v1/metadata/id), asked once; null when it cannot be told.</summary>
    public string? KafkaClusterId() => _clusterId ??= Wharf.Clients.KafkaClusterId.Of(_producer);

    public static async Task<KafkaStore> StartAsync(SchemaRegistryOptions options, KafkaClientFactory clients, ILogger logger, CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromMilliseconds(options.InitTimeoutMs);
        using (var admin = clients.CreateAdmin(new Dictionary<string, string>(options.ClientConfig, StringComparer.Ordinal) { ["bootstrap.servers"] = options.BootstrapServers }))
        {
            await SchemasTopic.EnsureAsync(admin, options.Topic, options.TopicReplicationFactor, options.SkipTopicValidation, logger, timeout);
        }

        var store = new KafkaStore(options, clients, logger);
        try
        {
            store._consumer.Assign(new TopicPartitionOffset(store._partition, Offset.Beginning));
            store._reader = Task.Factory.StartNew(store.ReadLoop, TaskCreationOptions.LongRunning);
            if (!await store.CatchUpAsync(timeout, cancellationToken))
            {
                throw new TimeoutException($"Reading the schemas topic {options.Topic} to its end took longer than kafkastore.init.timeout.ms ({options.InitTimeoutMs} ms).");
            }

            RegistryLog.Replayed(logger, options.Topic, store.AppliedOffset, store.State.SubjectNames().Count);
            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    /// <summary>The offset up to which records are applied (the next one to read).</summary>
    public long AppliedOffset
    {
        get
        {
            lock (_gate)
            {
                return _applied;
            }
        }
    }

    /// <summary>Waits until every record written before this call is applied; false on timeout.</summary>
    public async Task<bool> CatchUpAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        WatermarkOffsets end;
        try
        {
            end = await Task.Run(() => _watermarks.QueryWatermarkOffsets(_partition, timeout), cancellationToken);
        }
        catch (KafkaException exception)
        {
            throw new StoreFailureException(StoreFailureKind.Store, "Could not find the end of the schemas topic: " + exception.Error.Reason, exception);
        }

        return await WaitForAsync(end.High.Value, timeout, cancellationToken);
    }

    /// <summary>
    /// Writes the records in order and waits until they are applied. Throws <see cref="StoreFailureException"/> when
    /// Kafka refuses them or they are not read back within kafkastore.timeout.ms.
    /// </summary>
    public async Task WriteAsync(IReadOnlyList<StoreWrite> writes, CancellationToken cancellationToken)
    {
        long last = -1;
        foreach (var write in writes)
        {
            try
            {
                var delivery = await _producer.ProduceAsync(_partition, new Message<byte[]?, byte[]?> { Key = write.Key, Value = write.Value }, cancellationToken);
                last = delivery.Offset.Value;
            }
            catch (ProduceException<byte[]?, byte[]?> exception) when (exception.Error.Code is ErrorCode.MsgSizeTooLarge)
            {
                throw new StoreFailureException(StoreFailureKind.TooLarge, exception.Error.Reason, exception);
            }
            catch (KafkaException exception)
            {
                throw new StoreFailureException(StoreFailureKind.Store, exception.Error.Reason, exception);
            }
        }

        if (last >= 0 && !await WaitForAsync(last + 1, TimeSpan.FromMilliseconds(_options.StoreTimeoutMs), cancellationToken))
        {
            throw new StoreFailureException(StoreFailureKind.Timeout, "The write was not read back in time");
        }
    }

    private async Task<bool> WaitForAsync(long offset, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            Task advanced;
            lock (_gate)
            {
                if (_applied >= offset)
                {
                    return true;
                }

                advanced = _advanced.Task;
            }

            try
            {
                await advanced.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }
    }

    private void ReadLoop()
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            ConsumeResult<byte[]?, byte[]?>? result;
            try
            {
                result = _consumer.Consume(token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ConsumeException exception)
            {
                RegistryLog.ReadFailed(_logger, _options.Topic, exception.Error.Reason);
                token.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(500));
                continue;
            }

            if (result is null)
            {
                continue;
            }

            if (!result.IsPartitionEOF)
            {
                Apply(result.Offset.Value, result.Message.Key, result.Message.Value);
                Advance(result.Offset.Value + 1);
            }
            else
            {
                Advance(result.Offset.Value);
            }
        }
    }

    private void Apply(long offset, byte[]? key, byte[]? value)
    {
        if (key is null)
        {
            RegistryLog.RecordSkipped(_logger, offset, _options.Topic, "no key");
            return;
        }

        if (!StoreCodec.TryDecodeKey(key, out var storeKey, out var error) || !StoreCodec.TryDecodeValue(storeKey, value, out var storeValue, out error))
        {
            RegistryLog.RecordSkipped(_logger, offset, _options.Topic, error);
            return;
        }

        if (State.Apply(storeKey, storeValue) is { } refusal)
        {
            RegistryLog.RecordRefused(_logger, offset, _options.Topic, refusal);
        }
    }

    private void Advance(long offset)
    {
        TaskCompletionSource advanced;
        lock (_gate)
        {
            if (offset <= _applied)
            {
                return;
            }

            _applied = offset;
            advanced = _advanced;
            _advanced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        advanced.SetResult();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _reader;
        _consumer.Close();
        _consumer.Dispose();
        _watermarks.Dispose();
        _producer.Flush(TimeSpan.FromSeconds(5));
        _producer.Dispose();
        _stop.Dispose();
    }
}
