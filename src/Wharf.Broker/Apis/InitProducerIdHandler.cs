using Microsoft.Extensions.Logging;
using Wharf.Broker.Dispatch;
using Wharf.Broker.Logging;
using Wharf.Broker.Network;
using Wharf.Broker.Producers;
using Wharf.Protocol;
using Wharf.Protocol.Messages;

namespace Wharf.Broker.Apis;

/// <summary>
/// InitProducerId for idempotent producers (KIP-98): a new producer id with epoch 0 on every call, as Kafka
/// does when no transactional id is given (a producer re-initialising after a fatal error also gets a fresh
/// id). Transactions are not implemented by the embedded broker (their APIs are not advertised), so a
/// transactional id is refused with INVALID_REQUEST, which clients report as fatal rather than retry forever.
/// </summary>
internal sealed class InitProducerIdHandler(ProducerIdAllocator ids, ILogger<InitProducerIdHandler> logger) : IApiHandler<InitProducerIdRequest, InitProducerIdResponse>
{
    public ValueTask<InitProducerIdResponse?> HandleAsync(RequestContext context, InitProducerIdRequest request)
    {
        if (request.TransactionalId is not null)
        {
            BrokerLog.TransactionsNotSupported(logger, context.ClientId, request.TransactionalId);
            return ValueTask.FromResult<InitProducerIdResponse?>(new InitProducerIdResponse { ErrorCode = (short)ErrorCode.InvalidRequest });
        }

        return ValueTask.FromResult<InitProducerIdResponse?>(new InitProducerIdResponse { ProducerId = ids.Next(), ProducerEpoch = 0 });
    }
}
