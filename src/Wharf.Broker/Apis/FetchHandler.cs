using Wharf.Broker.Dispatch;
using Wharf.Broker.Network;
using Wharf.Broker.Topics;
using Wharf.Protocol;
using Wharf.Protocol.Messages;
using Wharf.Storage;

namespace Wharf.Broker.Apis;

/// <summary>
/// Fetch: whole record batches from each requested partition, starting with the batch that holds the fetch
/// offset, bounded by PartitionMaxBytes per partition and MaxBytes in all (the first batch found is returned
/// even if larger, KIP-74). When fewer than MinBytes are available the request waits, up to MaxWaitMs, for an
/// append to any of its partitions. read_committed reads up to the last stable offset, which equals the high
/// watermark because this broker has no transactions. Fetch sessions (KIP-227) are not kept: every answer
/// carries session id 0, so clients keep sending full fetches.
/// </summary>
internal sealed class FetchHandler(TopicManager topics, TimeProvider time) : IApiHandler<FetchRequest, FetchResponse>
{
    private const sbyte ReadCommitted = 1;

    public async ValueTask<FetchResponse?> HandleAsync(RequestContext context, FetchRequest request)
    {
        var deadline = time.GetTimestamp() + (long)(Math.Max(0, request.MaxWaitMs) * (time.TimestampFrequency / 1000.0));
        while (true)
        {
            var (response, bytes, mustAnswer, reads, watched) = Read(request);
            var remaining = time.GetElapsedTime(time.GetTimestamp(), deadline);
            // ReplicaManager.fetchMessages answers at once when no partition can be waited on (none was asked for).
            if (mustAnswer || watched.Count == 0 || bytes >= request.MinBytes || remaining <= TimeSpan.Zero || context.ConnectionClosed.IsCancellationRequested)
            {
                foreach (var read in reads)
                {
                    context.RegisterForDispose(read);
                }

                return response;
            }

            foreach (var read in reads)
            {
                read.Dispose();
            }

            await WaitForAppendAsync(watched, remaining, context.ConnectionClosed);
        }
    }

    /// <summary>
    /// Reads every requested partition. <c>Watched</c> pairs each partition read with its log end offset as it was
    /// just before the read, so that a wait after this read wakes for any append the read did not see.
    /// </summary>
    private (FetchResponse Response, long Bytes, bool MustAnswer, List<LogReadResult> Reads, List<(PartitionLog Log, long KnownEnd)> Watched) Read(FetchRequest request)
    {
        var response = new FetchResponse();
        var reads = new List<LogReadResult>();
        var watched = new List<(PartitionLog Log, long KnownEnd)>();
        var budget = request.MaxBytes <= 0 ? int.MaxValue : request.MaxBytes;
        long total = 0;
        var mustAnswer = false;
        foreach (var topic in request.Topics)
        {
            var topicResponse = new FetchResponse.TopicData { Topic = topic.Topic };
            response.Responses.Add(topicResponse);
            foreach (var partition in topic.Partitions)
            {
                var data = new FetchResponse.PartitionData
                {
                    PartitionIndex = partition.Partition,
                    Records = ReadOnlyMemory<byte>.Empty,
                    AbortedTransactions = request.IsolationLevel == ReadCommitted ? [] : null,
                };
                topicResponse.Partitions.Add(data);
                var error = topics.FindPartition(topic.Topic, partition.Partition, out var log);
                if (error == ErrorCode.None && partition.CurrentLeaderEpoch > KafkaBroker.LeaderEpoch)
                {
                    error = ErrorCode.UnknownLeaderEpoch;
                }

                if (error != ErrorCode.None || log is null)
                {
                    data.ErrorCode = (short)error;
                    data.HighWatermark = -1;
                    data.LastStableOffset = -1;
                    data.LogStartOffset = -1;
                    mustAnswer = true;
                    continue;
                }

                watched.Add((log, log.LogEndOffset));
                var upperBound = request.IsolationLevel == ReadCommitted ? log.LastStableOffset : log.HighWatermark;
                var limit = (int)Math.Min(Math.Max(0, partition.PartitionMaxBytes), budget);
                var read = log.Read(partition.FetchOffset, limit, minOneBatch: total == 0, upperBound);
                data.ErrorCode = (short)read.Error;
                data.HighWatermark = log.HighWatermark;
                data.LastStableOffset = log.LastStableOffset;
                data.LogStartOffset = log.LogStartOffset;
                if (read.Error != ErrorCode.None)
                {
                    mustAnswer = true;
                    read.Dispose();
                    continue;
                }

                reads.Add(read);
                data.Records = read.Records;
                total += read.Records.Length;
                budget = (int)Math.Max(0, budget - read.Records.Length);
            }
        }

        return (response, total, mustAnswer, reads, watched);
    }

    /// <summary>Waits until any partition read grows past the end it had when it was read, or the time left runs out.</summary>
    private async Task WaitForAppendAsync(List<(PartitionLog Log, long KnownEnd)> watched, TimeSpan remaining, CancellationToken connectionClosed)
    {
        using var timeout = new CancellationTokenSource(remaining, time);
        using var closed = connectionClosed.Register(static state => ((CancellationTokenSource)state!).Cancel(), timeout);
        var waits = watched.Select(w => w.Log.WaitForAppendAsync(w.KnownEnd, timeout.Token)).ToList();
        try
        {
            await Task.WhenAny(waits);
        }
        finally
        {
            await timeout.CancelAsync();
        }
    }
}
