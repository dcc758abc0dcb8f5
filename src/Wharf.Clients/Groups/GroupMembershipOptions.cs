namespace Wharf.Clients.Groups;

/// <summary>
/// Where and how a member joins a classic Kafka group: the bootstrap servers (<c>host:port,…</c>), the group id,
/// and the timeouts Kafka's group protocol is built on (session.timeout.ms, rebalance.timeout.ms,
/// heartbeat.interval.ms, retry.backoff.ms; defaults are Connect's).
/// </summary>
public sealed record GroupMembershipOptions
{
    public required string BootstrapServers { get; init; }

    public required string GroupId { get; init; }

    public string ClientId { get; init; } = "wharf-group-member";

    /// <summary>How long the coordinator keeps a silent member before it rebalances without it.</summary>
    public TimeSpan SessionTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the coordinator waits for every member to rejoin once a rebalance began.</summary>
    public TimeSpan RebalanceTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(3);

    public TimeSpan RetryBackoff { get; init; } = TimeSpan.FromMilliseconds(250);
}
