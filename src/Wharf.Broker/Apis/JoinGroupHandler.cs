using Wharf.Broker.Dispatch;
using Wharf.Broker.Groups;
using Wharf.Broker.Network;
using Wharf.Protocol.Messages;

namespace Wharf.Broker.Apis;

/// <summary>JoinGroup v0-7. The response is parked until the group's join phase completes or the connection closes.</summary>
internal sealed class JoinGroupHandler(GroupCoordinator coordinator) : IApiHandler<JoinGroupRequest, JoinGroupResponse>
{
    public async ValueTask<JoinGroupResponse?> HandleAsync(RequestContext context, JoinGroupRequest request)
    {
        var response = await coordinator.JoinGroupAsync(request, context.ApiVersion, GroupApis.Client(context), context.ConnectionClosed);
        if (context.ApiVersion < 7)
        {
            // The protocol name is nullable only from v7; before, Kafka writes an empty string.
            response.ProtocolName ??= string.Empty;
        }

        return response;
    }
}
