namespace Wharf.Broker;

/// <summary>
/// Who this broker is to clients: its node id, the cluster id kept in the data directory, and the address
/// written into Metadata and FindCoordinator answers (advertised.listeners). The port becomes known only once
/// the listener is bound when the configuration asks for port 0 (tests), hence the setter.
/// </summary>
public sealed class BrokerIdentity(int nodeId, string clusterId, string advertisedHost, int advertisedPort)
{
    public int NodeId { get; } = nodeId;

    public string ClusterId { get; } = clusterId;

    public string AdvertisedHost { get; } = advertisedHost;

    public int AdvertisedPort { get; internal set; } = advertisedPort;

    /// <summary>host:port, as a client's bootstrap.servers would name this broker.</summary>
    public string BootstrapServers => AdvertisedHost + ":" + AdvertisedPort;
}
