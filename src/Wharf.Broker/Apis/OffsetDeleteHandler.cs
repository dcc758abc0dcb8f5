using Wharf.Broker.Dispatch;
using Wharf.Broker.Groups;
using Wharf.Broker.Network;
using Wharf.Protocol.Messages;

namespace Wharf.Broker.Apis;

/// <summary>OffsetDelete v0.</summary>
internal sealed class OffsetDeleteHandler(GroupCoordinator coordinator) : IApiHandler<OffsetDeleteRequest, OffsetDeleteResponse>
{
    public ValueTask<OffsetDeleteResponse?> HandleAsync(RequestContext context, OffsetDeleteRequest request) =>
        ValueTask.FromResult<OffsetDeleteResponse?>(coordinator.DeleteOffsets(request));
}
