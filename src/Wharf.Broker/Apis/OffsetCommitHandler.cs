using Wharf.Broker.Dispatch;
using Wharf.Broker.Groups;
using Wharf.Broker.Network;
using Wharf.Protocol.Messages;

namespace Wharf.Broker.Apis;

/// <summary>OffsetCommit v0-8. Version differences (v1's per-partition timestamp, v2-4's retention time) are fields the coordinator reads with their defaults.</summary>
internal sealed class OffsetCommitHandler(GroupCoordinator coordinator) : IApiHandler<OffsetCommitRequest, OffsetCommitResponse>
{
    public ValueTask<OffsetCommitResponse?> HandleAsync(RequestContext context, OffsetCommitRequest request) =>
        ValueTask.FromResult<OffsetCommitResponse?>(coordinator.CommitOffsets(request));
}
