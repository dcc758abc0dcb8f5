namespace Wharf.Broker.Groups;

/// <summary>Who sent a group request: the client.id of its header and the address it came from (as DescribeGroups shows them).</summary>
public readonly record struct GroupClient(string ClientId, string ClientHost);
