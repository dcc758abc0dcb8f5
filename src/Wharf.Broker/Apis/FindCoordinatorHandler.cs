using Wharf.Broker.Dispatch;
using Wharf.Broker.Network;
using Wharf.Protocol;
using Wharf.Protocol.Messages;

namespace Wharf.Broker.Apis;

/// <summary>
/// FindCoordinator: this single node coordinates every group (key type 0, the only one before v1). Transactions
/// (key type 1) are not implemented, so their coordinator is reported unavailable; producers then fail their
/// transactional init rather than talk to a coordinator that does not exist.
/// </summary>
internal sealed class FindCoordinatorHandler(BrokerIdentity identity) : IApiHandler<FindCoordinatorRequest, FindCoordinatorResponse>
{
    private const sbyte GroupKey = 0;
    private const sbyte TransactionKey = 1;

    public ValueTask<FindCoordinatorResponse?> HandleAsync(RequestContext context, FindCoordinatorRequest request)
    {
        var response = request.KeyType switch
        {
            GroupKey => new FindCoordinatorResponse
            {
                ErrorMessage = null,
                NodeId = identity.NodeId,
                Host = identity.AdvertisedHost,
                Port = identity.AdvertisedPort,
            },
            TransactionKey => Error(ErrorCode.CoordinatorNotAvailable, "Transactions are not supported by this broker."),
            _ => Error(ErrorCode.InvalidRequest, "Unknown coordinator key type " + request.KeyType + "."),
        };
        return ValueTask.FromResult<FindCoordinatorResponse?>(response);
    }

    private static FindCoordinatorResponse Error(ErrorCode error, string message) => new()
    {
        ErrorCode = (short)error,
        ErrorMessage = message,
        NodeId = -1,
        Host = string.Empty,
        Port = -1,
    };
}
