using Wharf.Broker.Dispatch;
using Wharf.Broker.Groups;
using Wharf.Broker.Network;
using Wharf.Protocol.Messages;

namespace Wharf.Broker.Apis;

/// <summary>Heartbeat v0-4.</summary>
internal sealed class HeartbeatHandler(GroupCoordinator coordinator) : IApiHandler<HeartbeatRequest, HeartbeatResponse>
{
    public ValueTask<HeartbeatResponse?> HandleAsync(RequestContext context, HeartbeatRequest request) =>
        ValueTask.FromResult<HeartbeatResponse?>(coordinator.Heartbeat(request));
}
