using System.Buffers;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Wharf.Protocol;
using Wharf.Protocol.Compression;
using Wharf.Protocol.Messages;
using Wharf.Protocol.Records;

namespace Wharf.Clients.Producing;

/// <summary>
/// A producer on Wharf's own protocol codecs for callers that hand over records in groups (a REST request, a
/// source task's poll): each call's records for one partition become one record batch, sent at once in one
/// Produce request to the partition's leader, with no linger and no per-record handles. It costs a record a few
/// varints in a pooled buffer, where librdkafka's per-message produce and delivery report cost microseconds; and a
/// call's records stay together in one batch (split only past <c>message.max.bytes</c>).
/// <para>
/// Retriable failures (a moved leader, a broken connection, a timeout, too few replicas) refresh the route and send
/// again after <c>retry.backoff.ms</c>, until <c>retries</c> or the delivery timeout runs out, as librdkafka does
/// with idempotence off (a batch retried after a lost answer may be written twice). Thread-safe; connections are
/// pipelined, so concurrent calls do not wait for each other.
/// </para>
/// </summary>
public sealed class WireProducer : IAsyncDisposable
{
    private readonly WireProducerSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ClusterRoutes _routes;
    private readonly RecordBatchOptions _batchOptions;

    public WireProducer(WireProducerSettings settings, ILogger logger, TimeProvider? time = null)
    {
        _settings = settings;
        _time = time ?? TimeProvider.System;
        _logger = logger;
        _routes = new ClusterRoutes(settings, _time);
        _batchOptions = RecordBatchOptions.Default with { Compression = settings.Compression, CompressionLevel = settings.CompressionLevel };
    }

    /// <summary>
    /// Produces <paramref name="records"/> to <paramref name="topic"/> and writes each one's outcome, in order, to
    /// <paramref name="deliveries"/> (as long as the records). Completes when every record is acknowledged or
    /// failed; failures are outcomes, not exceptions.
    /// </summary>
    public async Task ProduceAsync(string topic, ReadOnlyMemory<ProducerRecord> records, Memory<RecordDelivery> deliveries, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(deliveries.Length, records.Length, nameof(deliveries));
        var started = _time.GetTimestamp();
        var route = await RouteAsync(topic, started, cancellationToken);
        if (route.Error != ErrorCode.None)
        {
            deliveries.Span[..records.Length].Fill(new RecordDelivery(-1, -1, ToDeliveryError(route.Error)));
            return;
        }

        var partitions = ArrayPool<int>.Shared.Rent(records.Length);
        try
        {
            var targets = AssignPartitions(records.Span, route.PartitionCount, partitions, deliveries.Span);
            if (targets.Count == 1)
            {
                await SendPartitionAsync(topic, targets[0], records, partitions, deliveries, started, cancellationToken);
            }
            else if (targets.Count > 1)
            {
                await Task.WhenAll(targets.Select(partition => SendPartitionAsync(topic, partition, records, partitions, deliveries, started, cancellationToken)));
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(partitions);
        }
    }

    public ValueTask DisposeAsync() => _routes.DisposeAsync();

    /// <summary>
    /// Each record's partition, or -1 with its failure written: an explicit partition the topic lacks, or a record
    /// larger than a whole batch may be. Returns the distinct partitions, in order of first use.
    /// </summary>
    private List<int> AssignPartitions(ReadOnlySpan<ProducerRecord> records, int partitionCount, int[] partitions, Span<RecordDelivery> deliveries)
    {
        var targets = new List<int>(1);
        var sticky = -1;
        for (var i = 0; i < records.Length; i++)
        {
            var record = records[i];
            var partition = record.Partition
                ?? (record.Key is { } key ? JavaPartitioner.PartitionOf(key, partitionCount)
                : sticky >= 0 ? sticky : sticky = Random.Shared.Next(partitionCount));
            partitions[i] = -1;
            if (partition < 0 || partition >= partitionCount)
            {
                deliveries[i] = new RecordDelivery(-1, -1, new DeliveryError(DeliveryErrorKind.UnknownPartition));
            }
            else if (RecordBatchHeader.Size + SizeOf(record) > _settings.MaxBatchBytes)
            {
                deliveries[i] = new RecordDelivery(partition, -1, new DeliveryError(DeliveryErrorKind.RecordTooLarge));
            }
            else
            {
                partitions[i] = partition;
                if (!targets.Contains(partition))
                {
                    targets.Add(partition);
                }
            }
        }

        return targets;
    }

    /// <summary>The records bound for one partition, in batches of at most message.max.bytes, sent one after the other.</summary>
    private async Task SendPartitionAsync(string topic, int partition, ReadOnlyMemory<ProducerRecord> records, int[] partitions, Memory<RecordDelivery> deliveries, long started, CancellationToken cancellationToken)
    {
        using var builder = new RecordBatchBuilder(_batchOptions);
        using var encoded = new PooledBufferWriter();
        var members = new List<int>();
        var next = 0;
        while (next < records.Length)
        {
            builder.Reset();
            members.Clear();
            next = Fill(builder, members, partition, records.Span, partitions, next);
            if (members.Count == 0)
            {
                break;
            }

            encoded.Reset();
            builder.WriteTo(encoded);
            var (error, baseOffset) = await SendBatchAsync(topic, partition, encoded.WrittenMemory, started, cancellationToken);
            var span = deliveries.Span;
            for (var k = 0; k < members.Count; k++)
            {
                span[members[k]] = error.Kind == DeliveryErrorKind.None
                    ? new RecordDelivery(partition, baseOffset + k, DeliveryError.None)
                    : new RecordDelivery(partition, -1, error);
            }
        }
    }

    /// <summary>Appends the partition's records from <paramref name="from"/> on until the batch is full; returns where to go on.</summary>
    private int Fill(RecordBatchBuilder builder, List<int> members, int partition, ReadOnlySpan<ProducerRecord> records, int[] partitions, int from)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        for (var i = from; i < records.Length; i++)
        {
            if (partitions[i] != partition)
            {
                continue;
            }

            var record = records[i];
            var size = SizeOf(record) + 32;
            if (members.Count > 0 && builder.UncompressedSize + size > _settings.MaxBatchBytes)
            {
                return i;
            }

            builder.Append(record.Timestamp > 0 ? record.Timestamp : now, record.Key, record.Value, record.Headers);
            members.Add(i);
        }

        return records.Length;
    }

    private static int SizeOf(in ProducerRecord record)
    {
        var size = (record.Key?.Length ?? 0) + (record.Value?.Length ?? 0);
        foreach (var header in record.Headers ?? [])
        {
            size += header.Key.Length + header.Value.Length + 10; // with two varint lengths, 5 bytes each at most
        }

        return size;
    }

    /// <summary>Sends one batch to the partition's leader until it is acknowledged, fails for good, or runs out of time or retries.</summary>
    private async Task<(DeliveryError Error, long BaseOffset)> SendBatchAsync(string topic, int partition, ReadOnlyMemory<byte> batch, long started, CancellationToken cancellationToken)
    {
        var request = new ProduceRequest
        {
            Acks = _settings.Acks,
            TimeoutMs = (int)_settings.RequestTimeout.TotalMilliseconds,
            TopicData = [new ProduceRequest.Topic { Name = topic, PartitionData = [new ProduceRequest.Partition { Index = partition, Records = batch }] }],
        };

        for (var attempt = 0; ; attempt++)
        {
            var route = await RouteAsync(topic, started, cancellationToken);
            ErrorCode error;
            if (route.Error != ErrorCode.None)
            {
                return (ToDeliveryError(route.Error), -1);
            }

            if (partition >= route.PartitionCount)
            {
                return (new DeliveryError(DeliveryErrorKind.UnknownPartition), -1);
            }

            try
            {
                var leader = route.Leaders[partition];
                if (leader < 0)
                {
                    error = ErrorCode.LeaderNotAvailable;
                }
                else
                {
                    var connection = await _routes.ConnectionToAsync(leader, cancellationToken);
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    timeout.CancelAfter(_settings.RequestTimeout + TimeSpan.FromSeconds(5));
                    var answer = await connection.SendAsync<ProduceRequest, ProduceResponse>(request, timeout.Token);
                    var result = answer.Responses.SelectMany(t => t.PartitionResponses).FirstOrDefault(p => p.Index == partition);
                    if (result is null)
                    {
                        throw new IOException("The broker's produce answer did not mention partition " + partition);
                    }

                    error = (ErrorCode)result.ErrorCode;
                    if (error == ErrorCode.None)
                    {
                        return (DeliveryError.None, result.BaseOffset);
                    }
                }
            }
            catch (Exception exception) when ((exception is IOException or SocketException or OperationCanceledException) && !cancellationToken.IsCancellationRequested)
            {
                ProducerLog.SendFailed(_logger, topic, partition, exception.Message);
                error = ErrorCode.NetworkException;
            }

            if (!IsRetriable(error))
            {
                return (new DeliveryError(DeliveryErrorKind.Broker, error), -1);
            }

            _routes.Forget(topic, route);
            if (attempt >= _settings.Retries || _time.GetElapsedTime(started) + _settings.RetryBackoff >= _settings.DeliveryTimeout)
            {
                return (error == ErrorCode.NetworkException || error == ErrorCode.RequestTimedOut
                    ? new DeliveryError(DeliveryErrorKind.TimedOut)
                    : new DeliveryError(DeliveryErrorKind.Broker, error), -1);
            }

            ProducerLog.Retrying(_logger, topic, partition, error.ToString(), attempt + 1);
            await Task.Delay(_settings.RetryBackoff, _time, cancellationToken);
        }
    }

    /// <summary>The topic's route, waiting out a topic whose partitions are being placed (a moment after auto-creation).</summary>
    private async Task<TopicRoute> RouteAsync(string topic, long started, CancellationToken cancellationToken)
    {
        while (true)
        {
            TopicRoute route;
            try
            {
                route = await _routes.GetAsync(topic, cancellationToken);
            }
            catch (Exception exception) when ((exception is IOException or SocketException or OperationCanceledException) && !cancellationToken.IsCancellationRequested)
            {
                ProducerLog.MetadataFailed(_logger, topic, exception.Message);
                route = new TopicRoute(ErrorCode.NetworkException, [], _time.GetTimestamp());
            }

            var transient = route.Error is ErrorCode.LeaderNotAvailable or ErrorCode.NetworkException or ErrorCode.RequestTimedOut;
            if (!transient || _time.GetElapsedTime(started) + _settings.RetryBackoff >= _settings.DeliveryTimeout)
            {
                return route.Error == ErrorCode.NetworkException ? route with { Error = ErrorCode.RequestTimedOut } : route;
            }

            await Task.Delay(_settings.RetryBackoff, _time, cancellationToken);
        }
    }

    /// <summary>Kafka's RetriableException family as a producer meets it.</summary>
    private static bool IsRetriable(ErrorCode error) => error is ErrorCode.NotLeaderOrFollower or ErrorCode.LeaderNotAvailable
        or ErrorCode.RequestTimedOut or ErrorCode.NetworkException or ErrorCode.NotEnoughReplicas or ErrorCode.NotEnoughReplicasAfterAppend
        or ErrorCode.KafkaStorageError or ErrorCode.CorruptMessage or ErrorCode.UnknownTopicOrPartition;

    private static DeliveryError ToDeliveryError(ErrorCode error) => error switch
    {
        ErrorCode.UnknownTopicOrPartition => new DeliveryError(DeliveryErrorKind.UnknownTopic),
        ErrorCode.RequestTimedOut => new DeliveryError(DeliveryErrorKind.TimedOut),
        _ => new DeliveryError(DeliveryErrorKind.Broker, error),
    };
}

internal static partial class ProducerLog
{
    [LoggerMessage(520, LogLevel.Debug, "Producing to {Topic}-{Partition} failed: {Reason}; the batch is sent again")]
    public static partial void SendFailed(ILogger logger, string topic, int partition, string reason);

    [LoggerMessage(521, LogLevel.Debug, "The broker refused a batch for {Topic}-{Partition} with {Error}; retry {Attempt} after finding the leader again")]
    public static partial void Retrying(ILogger logger, string topic, int partition, string error, int attempt);

    [LoggerMessage(522, LogLevel.Debug, "Looking up topic {Topic} failed: {Reason}; asking again")]
    public static partial void MetadataFailed(ILogger logger, string topic, string reason);
}
