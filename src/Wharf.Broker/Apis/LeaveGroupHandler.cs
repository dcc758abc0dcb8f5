using Wharf.Broker.Dispatch;
using Wharf.Broker.Groups;
using Wharf.Broker.Network;
using Wharf.Protocol.Messages;

namespace Wharf.Broker.Apis;

/// <summary>
/// LeaveGroup v0-4. v0-2 name one member and answer with one error code; v3+ (KIP-345) name several, by member id
/// or group instance id, and answer per member. The old shape is turned into the new one and back, as Kafka does
/// (LeaveGroupResponse: before v3 the first member error becomes the top-level error).
/// </summary>
internal sealed class LeaveGroupHandler(GroupCoordinator coordinator) : IApiHandler<LeaveGroupRequest, LeaveGroupResponse>
{
    public ValueTask<LeaveGroupResponse?> HandleAsync(RequestContext context, LeaveGroupRequest request)
    {
        var singleMember = context.ApiVersion < 3;
        if (singleMember)
        {
            request.Members = [new LeaveGroupRequest.Member { MemberId = request.MemberId }];
        }

        var response = coordinator.LeaveGroup(request);
        if (singleMember && response.ErrorCode == 0)
        {
            response.ErrorCode = response.Members.FirstOrDefault(m => m.ErrorCode != 0)?.ErrorCode ?? 0;
        }

        return ValueTask.FromResult<LeaveGroupResponse?>(response);
    }
}
