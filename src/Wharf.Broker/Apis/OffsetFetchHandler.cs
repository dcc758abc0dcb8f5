using Wharf.Broker.Dispatch;
using Wharf.Broker.Groups;
using Wharf.Broker.Network;
using Wharf.Protocol.Messages;

namespace Wharf.Broker.Apis;

/// <summary>OffsetFetch v0-7. v0-1 have no top-level error; the coordinator also puts group errors on every partition for them.</summary>
internal sealed class OffsetFetchHandler(GroupCoordinator coordinator) : IApiHandler<OffsetFetchRequest, OffsetFetchResponse>
{
    public ValueTask<OffsetFetchResponse?> HandleAsync(RequestContext context, OffsetFetchRequest request) =>
        ValueTask.FromResult<OffsetFetchResponse?>(coordinator.FetchOffsets(request));
}
