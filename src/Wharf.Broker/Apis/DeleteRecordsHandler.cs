using Wharf.Broker.Dispatch;
using Wharf.Broker.Network;
using Wharf.Broker.Topics;
using Wharf.Protocol;
using Wharf.Protocol.Messages;

namespace Wharf.Broker.Apis;

/// <summary>
/// DeleteRecords: moves a partition's log start offset forward (offset -1 means the high watermark); records
/// below it are no longer readable and whole segments below it are deleted. The answer is the new low watermark.
/// </summary>
internal sealed class DeleteRecordsHandler(TopicManager topics) : IApiHandler<DeleteRecordsRequest, DeleteRecordsResponse>
{
    public ValueTask<DeleteRecordsResponse?> HandleAsync(RequestContext context, DeleteRecordsRequest request)
    {
        var response = new DeleteRecordsResponse();
        foreach (var topic in request.Topics)
        {
            var topicResult = new DeleteRecordsResponse.Topic { Name = topic.Name };
            response.Topics.Add(topicResult);
            foreach (var partition in topic.Partitions)
            {
                var result = new DeleteRecordsResponse.Partition { PartitionIndex = partition.PartitionIndex, LowWatermark = -1 };
                topicResult.Partitions.Add(result);
                var error = topics.FindPartition(topic.Name, partition.PartitionIndex, out var log);
                if (error == ErrorCode.None)
                {
                    var target = partition.Offset == -1 ? log!.HighWatermark : partition.Offset;
                    error = target < 0 ? ErrorCode.OffsetOutOfRange : log!.DeleteRecordsBefore(target);
                    if (error == ErrorCode.None)
                    {
                        result.LowWatermark = log!.LogStartOffset;
                    }
                }

                result.ErrorCode = (short)error;
            }
        }

        return ValueTask.FromResult<DeleteRecordsResponse?>(response);
    }
}
