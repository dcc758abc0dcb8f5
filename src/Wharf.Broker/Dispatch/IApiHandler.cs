using Wharf.Broker.Network;
using Wharf.Protocol.Messages;

namespace Wharf.Broker.Dispatch;

/// <summary>Answers one Kafka API. A null response means "send nothing" (Produce with acks=0).</summary>
public interface IApiHandler<in TRequest, TResponse>
    where TRequest : class, IKafkaRequest<TRequest, TResponse>
    where TResponse : class, IKafkaMessage<TResponse>
{
    ValueTask<TResponse?> HandleAsync(RequestContext context, TRequest request);
}
