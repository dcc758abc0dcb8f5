using Wharf.Broker.Network;
using Wharf.Protocol.Messages;
using Wharf.Protocol.Primitives;

namespace Wharf.Broker.Dispatch;

/// <summary>
/// Routes a decoded request header to the handler registered for its API key: decodes the body with the
/// generated codec for that version and runs the handler. A body that does not decode closes the connection,
/// as Kafka does for a request it cannot parse.
/// </summary>
public sealed class RequestDispatcher
{
    private delegate ValueTask<DispatchOutcome> Route(RequestContext context, ReadOnlyMemory<byte> body);

    private readonly Route?[] _routes = new Route?[short.MaxValue + 1];
    private readonly List<ApiDescriptor> _advertised = [];

    /// <summary>The APIs with a handler, in key order: what ApiVersions advertises.</summary>
    public IReadOnlyList<ApiDescriptor> Advertised => _advertised;

    public void Register<TRequest, TResponse>(IApiHandler<TRequest, TResponse> handler)
        where TRequest : class, IKafkaRequest<TRequest, TResponse>
        where TResponse : class, IKafkaMessage<TResponse>
    {
        var key = (int)TRequest.ApiKey;
        if (_routes[key] is not null)
        {
            throw new InvalidOperationException("A handler for " + TRequest.ApiKey + " is already registered.");
        }

        _routes[key] = async (context, body) =>
        {
            var reader = new KafkaReader(body);
            var request = TRequest.Read(ref reader, context.ApiVersion);
            if (reader.Failed)
            {
                return DispatchOutcome.Close("could not decode " + context.Api.Name + " v" + context.ApiVersion + ": " + reader.FailureReason);
            }

            var response = await handler.HandleAsync(context, request);
            if (context.CloseReason is not null)
            {
                return DispatchOutcome.Close(context.CloseReason);
            }

            return response is null ? DispatchOutcome.NoResponse : DispatchOutcome.Respond(response);
        };
        _advertised.Add(KafkaApis.Get(TRequest.ApiKey));
        _advertised.Sort((a, b) => a.Key.CompareTo(b.Key));
    }

    public bool TryGetApi(short apiKey, out ApiDescriptor? api)
    {
        api = null;
        return apiKey >= 0 && _routes[apiKey] is not null && KafkaApis.TryGet(apiKey, out api);
    }

    public ValueTask<DispatchOutcome> DispatchAsync(RequestContext context, ReadOnlyMemory<byte> body) =>
        _routes[(int)context.Api.Key]!(context, body);
}
