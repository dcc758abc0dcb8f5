using Wharf.Broker.Dispatch;
using Wharf.Broker.Groups;
using Wharf.Broker.Network;
using Wharf.Protocol.Messages;

namespace Wharf.Broker.Apis;

/// <summary>DeleteGroups v0-2.</summary>
internal sealed class DeleteGroupsHandler(GroupCoordinator coordinator) : IApiHandler<DeleteGroupsRequest, DeleteGroupsResponse>
{
    public ValueTask<DeleteGroupsResponse?> HandleAsync(RequestContext context, DeleteGroupsRequest request) =>
        ValueTask.FromResult<DeleteGroupsResponse?>(coordinator.DeleteGroups(request));
}
