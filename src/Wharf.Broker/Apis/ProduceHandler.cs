using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Wharf.Broker.Dispatch;
using Wharf.Broker.Logging;
using Wharf.Broker.Network;
using Wharf.Broker.Topics;
using Wharf.Protocol;
using Wharf.Protocol.Messages;
using Wharf.Protocol.Records;
using Wharf.Storage;

namespace Wharf.Broker.Apis;

/// <summary>
/// Produce: appends each partition's record batch and answers with the offsets assigned. Appends happen
/// synchronously, in request order; with acks=1 or -1 the answer waits until the flush policy is satisfied
/// (at once under Kafka's default, after the group-commit fsync under flush.messages=1). acks=0 gets no
/// answer at all, and a failed acks=0 produce closes the connection so the client notices.
/// </summary>
internal sealed class ProduceHandler(TopicManager topics, ILogger<ProduceHandler> logger) : IApiHandler<ProduceRequest, ProduceResponse>
{
    /// <summary>Produce v7 is the first version allowed to carry zstd batches (KIP-110).</summary>
    private const short FirstZstdVersion = 7;

    /// <summary>
    /// Produce v3 is the first to carry record batches (magic 2), the only format stored. v0-v2 stay advertised
    /// because librdkafka 2.0.2 compresses only when the range starts at 0 (Kafka 4.0 does the same, KAFKA-18659).
    /// </summary>
    private const short FirstRecordBatchVersion = 3;

    /// <summary>Every partition's in-sync replicas: this node alone.</summary>
    private const int InSyncReplicas = 1;

    public async ValueTask<ProduceResponse?> HandleAsync(RequestContext context, ProduceRequest request)
    {
        var version = context.ApiVersion;
        var acksValid = request.Acks is 0 or 1 or -1;
        var response = new ProduceResponse();
        List<(PartitionLog Log, long LastOffset)>? durable = null;
        string? failure = null;
        foreach (var topic in request.TopicData)
        {
            var topicResponse = new ProduceResponse.Topic { Name = topic.Name };
            response.Responses.Add(topicResponse);
            foreach (var partition in topic.PartitionData)
            {
                var result = acksValid
                    ? Append(topic.Name, partition, version, request.Acks, out var log)
                    : Rejected(ErrorCode.InvalidRequiredAcks, "acks must be -1, 0 or 1", out log);
                topicResponse.PartitionResponses.Add(new ProduceResponse.Partition
                {
                    Index = partition.Index,
                    ErrorCode = (short)result.Error,
                    ErrorMessage = result.ErrorMessage,
                    BaseOffset = result.Error == ErrorCode.None ? result.BaseOffset : -1,
                    LogAppendTimeMs = result.LogAppendTime,
                    LogStartOffset = result.LogStartOffset,
                });
                if (result.Error != ErrorCode.None)
                {
                    failure ??= topic.Name + "-" + partition.Index + ": " + result.Error;
                    BrokerLog.ProduceRejected(logger, topic.Name, partition.Index, context.ClientId, result.Error, result.ErrorMessage);
                }
                else if (log is not null && request.Acks != 0)
                {
                    (durable ??= []).Add((log, result.LastOffset));
                }
            }
        }

        if (request.Acks == 0)
        {
            if (failure is not null)
            {
                context.CloseConnection("an acks=0 produce failed (" + failure + ")");
            }

            return null;
        }

        if (durable is not null)
        {
            foreach (var (log, lastOffset) in durable)
            {
                await log.WaitForDurableAsync(lastOffset, context.ConnectionClosed);
            }
        }

        return response;
    }

    private AppendResult Append(string topic, ProduceRequest.Partition partition, short version, short acks, out PartitionLog? log)
    {
        var lookup = topics.FindPartition(topic, partition.Index, out log);
        if (lookup != ErrorCode.None)
        {
            return Rejected(lookup, "This server does not host this topic-partition.", out _);
        }

        if (version < FirstRecordBatchVersion)
        {
            return Rejected(ErrorCode.UnsupportedForMessageFormat, "Produce v" + version + " carries message format v0/v1, which this broker does not store; use Produce v3 or later.", out _);
        }

        if (partition.Records is not { Length: > 0 } records)
        {
            return Rejected(ErrorCode.InvalidRecord, "Produce requests must contain exactly one record batch.", out _);
        }

        // The records are a slice of this request's own frame buffer, which the broker owns until the response
        // is written: the base offset and leader epoch are assigned in place, without a copy.
        var batch = MemoryMarshal.AsMemory(records).Span;

        // ProduceRequest.validateRecords: a batch cut short is no batch at all, and a second batch is one too many.
        // Only the length prefix is read here: the records may be shorter than a batch header.
        var total = RecordBatchHeader.PeekTotalSize(batch);
        if (total > batch.Length || batch.Length < RecordBatchHeader.LogOverhead)
        {
            return Rejected(ErrorCode.InvalidRecord, "Produce requests with version 3 or later must contain at least one whole record batch.", out _);
        }

        if (total >= RecordBatchHeader.Size && total < batch.Length)
        {
            return Rejected(ErrorCode.InvalidRecord, "Produce requests with version 3 or later must contain exactly one record batch.", out _);
        }

        if (version < FirstZstdVersion && batch.Length >= RecordBatchHeader.Size && new RecordBatchHeader(batch).Compression == CompressionType.Zstd)
        {
            return Rejected(ErrorCode.UnsupportedCompressionType, "zstd compression needs Produce v7 or later.", out _);
        }

        // Partition.appendRecordsToLeader: acks=all needs min.insync.replicas in sync, and one node is one replica.
        if (acks == -1 && topics.TryGetTopic(topic, out var found) && found.Config.MinInSyncReplicas > InSyncReplicas)
        {
            return Rejected(
                ErrorCode.NotEnoughReplicas,
                "The size of the current ISR " + InSyncReplicas + " is insufficient to satisfy the min.isr requirement of " + found.Config.MinInSyncReplicas + " for partition " + topic + "-" + partition.Index + ".",
                out _);
        }

        return log!.Append(batch, KafkaBroker.LeaderEpoch, AppendOrigin.Client);
    }

    private static AppendResult Rejected(ErrorCode error, string message, out PartitionLog? log)
    {
        log = null;
        return new AppendResult(error, message, -1, -1, -1, -1);
    }
}
