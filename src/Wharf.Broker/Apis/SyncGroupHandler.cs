using Wharf.Broker.Dispatch;
using Wharf.Broker.Groups;
using Wharf.Broker.Network;
using Wharf.Protocol.Messages;

namespace Wharf.Broker.Apis;

/// <summary>SyncGroup v0-5. A follower's response is parked until the leader's assignment arrives or the connection closes.</summary>
internal sealed class SyncGroupHandler(GroupCoordinator coordinator) : IApiHandler<SyncGroupRequest, SyncGroupResponse>
{
    public async ValueTask<SyncGroupResponse?> HandleAsync(RequestContext context, SyncGroupRequest request) =>
        await coordinator.SyncGroupAsync(request, context.ConnectionClosed);
}
