using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Wharf.Clients.Consuming;
using Wharf.RestProxy.Formats;
using Wharf.RestProxy.Http;
using Wharf.RestProxy.Logging;

namespace Wharf.RestProxy.Consumers;

/// <summary>
/// One records read (kafka-rest KafkaConsumerReadTask), without a thread of its own: it polls the instance's
/// consumer with a zero timeout, writes what is ready, and awaits consumer.iterator.backoff.ms between empty polls,
/// until one of
/// <list type="bullet">
/// <item>the effective timeout passes: min(<c>timeout</c>, the instance's consumer.request.timeout.ms or the
/// proxy's), the query value only shortening it (absent or ≤ 0: the instance's);</item>
/// <item>the next record would take the unencoded key and value bytes past the effective maximum, min(<c>max_bytes</c>,
/// consumer.request.max.bytes) — that record is kept for the next read; but the first record of a read is always
/// answered, however large, so one record over the limit cannot make every read return <c>[]</c> (kafka-rest #1413);</item>
/// <item>more than fetch.min.bytes have been gathered (instance or proxy setting; -1 disables this);</item>
/// <item>the proxy is stopping.</item>
/// </list>
/// A v1 read of a topic the instance has not received an assignment for yet first waits (up to
/// <see cref="V1AssignmentWait"/>) for the group assignment, as the v1 consumer's subscribe did, so the legacy
/// "create, read once, delete" flow gets the topic's records.
/// </summary>
internal sealed class RecordsReader(RestProxyOptions options, TimeProvider time, ILoggerFactory loggers)
{
    /// <summary>The old consumer's subscribe rebalanced synchronously for up to rebalance.max.retries × rebalance.backoff.ms (4 × 2 s).</summary>
    internal static readonly TimeSpan V1AssignmentWait = TimeSpan.FromSeconds(10);

    private readonly ILogger _logger = loggers.CreateLogger("Wharf.RestProxy.Consumers");
    private readonly TimeSpan _backoff = TimeSpan.FromMilliseconds(options.ConsumerIteratorBackoffMs);

    public async Task ReadAsync(HttpContext context, ConsumerInstance instance, RecordShape shape, long timeoutMs, long maxBytes, CancellationToken stopping)
    {
        var instanceTimeout = TimeSpan.FromMilliseconds(instance.Settings.RequestTimeoutMs ?? options.ConsumerRequestTimeoutMs);
        var timeout = timeoutMs <= 0 ? instanceTimeout : TimeSpan.FromMilliseconds(Math.Min(timeoutMs, (long)instanceTimeout.TotalMilliseconds));
        var maxResponseBytes = Math.Min(maxBytes <= 0 ? long.MaxValue : maxBytes, options.ConsumerRequestMaxBytes);
        long minBytes = instance.Settings.FetchMinBytes ?? options.FetchMinBytes;
        var cancellationToken = context.RequestAborted;

        using var use = instance.Use();
        using var response = new RecordsResponse(context, instance.Format, shape);
        var awaitingAssignment = shape == RecordShape.V1 && !instance.EverAssigned;
        var started = time.GetTimestamp();
        long bytes = 0;
        var done = false;
        while (!done)
        {
            if (!await instance.TryEnterAsync(cancellationToken))
            {
                break;
            }

            var drained = false;
            try
            {
                while (true)
                {
                    PolledRecord? record;
                    try
                    {
                        record = instance.Next();
                    }
                    catch (ConsumeException exception) when (response.Count > 0)
                    {
                        RestProxyLog.ReadEndedByError(_logger, instance.Id.Group, instance.Id.Name, exception.Error.Reason);
                        done = true;
                        break;
                    }
                    catch (ConsumeException exception)
                    {
                        throw ConsumerErrors.FromKafka(exception.Error);
                    }

                    if (record is null)
                    {
                        drained = true;
                        break;
                    }

                    var size = record.Size;
                    if (response.Count > 0 && bytes + size > maxResponseBytes)
                    {
                        instance.PutBack(record);
                        done = true;
                        break;
                    }

                    bool written;
                    try
                    {
                        var (keySchemaId, valueSchemaId) = SchemaIds.Of(record);
                        await instance.Format.PrepareToWriteAsync(keySchemaId, valueSchemaId, cancellationToken);
                        written = response.TryWrite(record);
                    }
                    catch (RestException) when (response.Count > 0)
                    {
                        // The record's schema could not be fetched: the records before it are answered, it comes next time.
                        written = false;
                    }
                    catch
                    {
                        instance.PutBack(record);
                        throw;
                    }

                    if (!written)
                    {
                        instance.PutBack(record);
                        done = true;
                        break;
                    }

                    instance.Delivered(record);
                    record.Dispose();
                    bytes += size;
                    if ((minBytes >= 0 && bytes > minBytes) || bytes >= maxResponseBytes)
                    {
                        done = true;
                        break;
                    }

                    if (response.NeedsFlush)
                    {
                        break;
                    }
                }
            }
            finally
            {
                instance.Exit();
            }

            if (response.NeedsFlush)
            {
                await response.FlushAsync(cancellationToken);
            }

            if (awaitingAssignment && instance.EverAssigned)
            {
                // The v1 read's own wait starts once the consumer has its partitions.
                awaitingAssignment = false;
                started = time.GetTimestamp();
            }

            var elapsed = time.GetElapsedTime(started);
            var limit = awaitingAssignment ? V1AssignmentWait : timeout;
            if (done || stopping.IsCancellationRequested || elapsed >= limit)
            {
                break;
            }

            if (!drained)
            {
                continue; // stopped only to flush: more records are ready
            }

            var pause = limit - elapsed;
            await Task.Delay(pause < _backoff ? pause : _backoff, time, cancellationToken);
        }

        await response.CompleteAsync(cancellationToken);
    }
}
