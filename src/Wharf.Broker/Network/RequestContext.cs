using System.Net;
using Wharf.Protocol.Messages;

namespace Wharf.Broker.Network;

/// <summary>What a handler knows about the request it is answering and the connection it came on.</summary>
public sealed class RequestContext
{
    private List<IDisposable>? _resources;

    public RequestContext(RequestHeader header, ApiDescriptor api, EndPoint? remoteEndPoint, CancellationToken connectionClosed)
    {
        Header = header;
        Api = api;
        RemoteEndPoint = remoteEndPoint;
        ConnectionClosed = connectionClosed;
    }

    public RequestHeader Header { get; }

    public ApiDescriptor Api { get; }

    public short ApiVersion => Header.ApiVersion;

    public string? ClientId => Header.ClientId;

    public EndPoint? RemoteEndPoint { get; }

    /// <summary>Fires when the client goes away or the broker stops; long waits (fetch, join) end on it.</summary>
    public CancellationToken ConnectionClosed { get; }

    /// <summary>Set when the handler decided the connection must close once this request is done.</summary>
    public string? CloseReason { get; private set; }

    /// <summary>
    /// Closes the connection after this request, the way Kafka tells an acks=0 producer that a produce failed
    /// (it has no response to carry the error, so the client notices the disconnect and refreshes metadata).
    /// </summary>
    public void CloseConnection(string reason) => CloseReason ??= reason;

    /// <summary>Keeps <paramref name="resource"/> (a pooled buffer the response refers to) alive until the response is written.</summary>
    public void RegisterForDispose(IDisposable resource) => (_resources ??= []).Add(resource);

    internal void ReleaseResources()
    {
        if (_resources is null)
        {
            return;
        }

        foreach (var resource in _resources)
        {
            resource.Dispose();
        }

        _resources = null;
    }
}
