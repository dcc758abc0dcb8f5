using Wharf.Broker.Dispatch;
using Wharf.Broker.Network;
using Wharf.Broker.Topics;
using Wharf.Protocol;
using Wharf.Protocol.Messages;
using Wharf.Storage;

namespace Wharf.Broker.Apis;

/// <summary>
/// ListOffsets: the earliest (-2), latest (-1) or max-timestamp (-3, v7) offset of a partition, or the first
/// offset whose timestamp is at or after a given time (offset and timestamp -1 when there is none). Latest is
/// the high watermark for read_uncommitted and the last stable offset for read_committed (equal here).
/// v0 answers with a list of offsets instead of one offset and its timestamp.
/// </summary>
internal sealed class ListOffsetsHandler(TopicManager topics) : IApiHandler<ListOffsetsRequest, ListOffsetsResponse>
{
    public const long Latest = -1;
    public const long Earliest = -2;
    public const long MaxTimestamp = -3;

    private const sbyte ReadCommitted = 1;

    public ValueTask<ListOffsetsResponse?> HandleAsync(RequestContext context, ListOffsetsRequest request)
    {
        var response = new ListOffsetsResponse();
        foreach (var topic in request.Topics)
        {
            var topicResponse = new ListOffsetsResponse.Topic { Name = topic.Name };
            response.Topics.Add(topicResponse);
            foreach (var partition in topic.Partitions)
            {
                topicResponse.Partitions.Add(Answer(topic.Name, partition, request.IsolationLevel, context.ApiVersion));
            }
        }

        return ValueTask.FromResult<ListOffsetsResponse?>(response);
    }

    private ListOffsetsResponse.Partition Answer(string topic, ListOffsetsRequest.Partition partition, sbyte isolation, short version)
    {
        var answer = new ListOffsetsResponse.Partition { PartitionIndex = partition.PartitionIndex };
        var error = topics.FindPartition(topic, partition.PartitionIndex, out var log);
        if (error == ErrorCode.None && partition.CurrentLeaderEpoch > KafkaBroker.LeaderEpoch)
        {
            error = ErrorCode.UnknownLeaderEpoch;
        }

        if (error != ErrorCode.None || log is null)
        {
            answer.ErrorCode = (short)error;
            return answer;
        }

        var (offset, timestamp) = partition.Timestamp switch
        {
            Latest => (isolation == ReadCommitted ? log.LastStableOffset : log.HighWatermark, -1L),
            Earliest => (log.LogStartOffset, -1L),
            MaxTimestamp when version >= 7 => log.MaxTimestamp,
            _ when partition.Timestamp < 0 => (-1L, -1L),
            _ => log.FindOffsetByTimestamp(partition.Timestamp) ?? (-1L, -1L),
        };
        answer.Offset = offset;
        answer.Timestamp = timestamp;
        answer.LeaderEpoch = offset >= 0 ? KafkaBroker.LeaderEpoch : -1;
        if (version == 0)
        {
            answer.OldStyleOffsets = offset >= 0 && partition.MaxNumOffsets > 0 ? [offset] : [];
        }

        return answer;
    }
}
