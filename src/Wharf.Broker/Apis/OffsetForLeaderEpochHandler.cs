using Wharf.Broker.Dispatch;
using Wharf.Broker.Network;
using Wharf.Broker.Topics;
using Wharf.Protocol;
using Wharf.Protocol.Messages;

namespace Wharf.Broker.Apis;

/// <summary>
/// OffsetForLeaderEpoch (KIP-101, KIP-320): the end offset of a leader epoch, used by librdkafka 2.x to check a
/// consumer's position after a leader change. A single node never changes leader: epoch 0 is the only epoch,
/// its end offset is the log end offset, and any other epoch is unknown (offset and epoch -1).
/// </summary>
internal sealed class OffsetForLeaderEpochHandler(TopicManager topics) : IApiHandler<OffsetForLeaderEpochRequest, OffsetForLeaderEpochResponse>
{
    public ValueTask<OffsetForLeaderEpochResponse?> HandleAsync(RequestContext context, OffsetForLeaderEpochRequest request)
    {
        var response = new OffsetForLeaderEpochResponse();
        foreach (var topic in request.Topics)
        {
            var result = new OffsetForLeaderEpochResponse.TopicResult { Topic = topic.Topic };
            response.Topics.Add(result);
            foreach (var partition in topic.Partitions)
            {
                var answer = new OffsetForLeaderEpochResponse.EpochEndOffset { Partition = partition.Partition };
                var error = topics.FindPartition(topic.Topic, partition.Partition, out var log);
                if (error == ErrorCode.None && partition.CurrentLeaderEpoch > KafkaBroker.LeaderEpoch)
                {
                    error = ErrorCode.UnknownLeaderEpoch;
                }

                answer.ErrorCode = (short)error;
                if (error == ErrorCode.None && partition.LeaderEpoch == KafkaBroker.LeaderEpoch)
                {
                    answer.LeaderEpoch = KafkaBroker.LeaderEpoch;
                    answer.EndOffset = log!.LogEndOffset;
                }

                result.Partitions.Add(answer);
            }
        }

        return ValueTask.FromResult<OffsetForLeaderEpochResponse?>(response);
    }
}
