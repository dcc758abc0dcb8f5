using Wharf.Broker.Dispatch;
using Wharf.Broker.Groups;
using Wharf.Broker.Network;
using Wharf.Protocol.Messages;

namespace Wharf.Broker.Apis;

/// <summary>DescribeGroups v0-5.</summary>
internal sealed class DescribeGroupsHandler(GroupCoordinator coordinator) : IApiHandler<DescribeGroupsRequest, DescribeGroupsResponse>
{
    public ValueTask<DescribeGroupsResponse?> HandleAsync(RequestContext context, DescribeGroupsRequest request) =>
        ValueTask.FromResult<DescribeGroupsResponse?>(coordinator.DescribeGroups(request));
}
