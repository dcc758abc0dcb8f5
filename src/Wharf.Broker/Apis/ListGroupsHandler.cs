using Wharf.Broker.Dispatch;
using Wharf.Broker.Groups;
using Wharf.Broker.Network;
using Wharf.Protocol.Messages;

namespace Wharf.Broker.Apis;

/// <summary>ListGroups v0-4 (v4 filters by state).</summary>
internal sealed class ListGroupsHandler(GroupCoordinator coordinator) : IApiHandler<ListGroupsRequest, ListGroupsResponse>
{
    public ValueTask<ListGroupsResponse?> HandleAsync(RequestContext context, ListGroupsRequest request) =>
        ValueTask.FromResult<ListGroupsResponse?>(coordinator.ListGroups(request));
}
