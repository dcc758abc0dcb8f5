namespace Wharf.RestProxy.Consumers;

/// <summary>
/// The base_uri of a consumer instance: the address of this proxy, since the instance lives here (kafka-rest
/// UrlFactoryImpl). The authority is the advertised listener for the request's scheme, else host.name (with this
/// listener's port when the request named a port), else the request's own Host; the path keeps the request's base.
/// </summary>
internal static class ConsumerBaseUri
{
    public static string For(RestProxyOptions options, HttpRequest request, ConsumerInstanceId id)
    {
        string authority;
        if (options.AdvertisedListener is { } advertised && advertised.Scheme.Equals(request.Scheme, StringComparison.OrdinalIgnoreCase))
        {
            authority = advertised.Authority;
        }
        else if (options.HostName is { } host)
        {
            authority = request.Host.Port is null ? host : host + ":" + request.HttpContext.Connection.LocalPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else
        {
            authority = request.Host.Value ?? request.HttpContext.Connection.LocalIpAddress + ":" + request.HttpContext.Connection.LocalPort;
        }

        return request.Scheme + "://" + authority + request.PathBase + "/consumers/" + Uri.EscapeDataString(id.Group) + "/instances/" + Uri.EscapeDataString(id.Name);
    }
}
