using System.Text.RegularExpressions;
using Wharf.Broker.Dispatch;
using Wharf.Broker.Network;
using Wharf.Protocol;
using Wharf.Protocol.Messages;

namespace Wharf.Broker.Apis;

/// <summary>
/// ApiVersions (KIP-35, KIP-511): the APIs this broker answers and their version ranges. v3 carries the client's
/// software name and version, which Kafka validates; an invalid one gets INVALID_REQUEST and the client falls
/// back to v0.
/// </summary>
internal sealed partial class ApiVersionsHandler(RequestDispatcher dispatcher) : IApiHandler<ApiVersionsRequest, ApiVersionsResponse>
{
    private List<ApiVersionsResponse.ApiVersion>? _advertised;

    public ValueTask<ApiVersionsResponse?> HandleAsync(RequestContext context, ApiVersionsRequest request)
    {
        if (context.ApiVersion >= 3 && !(SoftwareField().IsMatch(request.ClientSoftwareName) && SoftwareField().IsMatch(request.ClientSoftwareVersion)))
        {
            return ValueTask.FromResult<ApiVersionsResponse?>(new ApiVersionsResponse { ErrorCode = (short)ErrorCode.InvalidRequest });
        }

        // Handlers are all registered before the listener starts, so the list is computed once.
        _advertised ??= KafkaConnection.AdvertisedVersions(dispatcher);
        return ValueTask.FromResult<ApiVersionsResponse?>(new ApiVersionsResponse { ApiKeys = _advertised });
    }

    // Kafka's rule for ClientSoftwareName and ClientSoftwareVersion (ApiVersionsRequest.isValid).
    [GeneratedRegex("^[a-zA-Z0-9](?:[a-zA-Z0-9\\-.]*[a-zA-Z0-9])?$")]
    private static partial Regex SoftwareField();
}
