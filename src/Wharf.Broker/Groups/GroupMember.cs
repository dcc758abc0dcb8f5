using Wharf.Protocol.Messages;

namespace Wharf.Broker.Groups;

/// <summary>One member of a classic group, with the requests of it parked until a rebalance step completes.
/// Only touched under the group's lock.</summary>
internal sealed class GroupMember
{
    public GroupMember(ClassicGroup group, string memberId, string? instanceId, GroupClient client, string protocolType)
    {
        MemberId = memberId;
        InstanceId = instanceId;
        Client = client;
        ProtocolType = protocolType;
        Session = new Deadline(group, () => group.OnSessionExpired(this));
    }

    public string MemberId { get; }

    /// <summary>group.instance.id of a static member (KIP-345), else null.</summary>
    public string? InstanceId { get; }

    public GroupClient Client { get; }

    public string ProtocolType { get; }

    public int SessionTimeoutMs { get; set; }

    public int RebalanceTimeoutMs { get; set; }

    /// <summary>The protocols the member supports, in its order of preference, with its metadata for each.</summary>
    public List<JoinGroupRequest.Protocol> Protocols { get; set; } = [];

    public byte[] Assignment { get; set; } = [];

    /// <summary>Its parked JoinGroup, while it waits for the join phase to complete.</summary>
    public TaskCompletionSource<JoinGroupResponse>? AwaitingJoin { get; set; }

    /// <summary>Its parked SyncGroup, while it waits for the leader's assignment.</summary>
    public TaskCompletionSource<SyncGroupResponse>? AwaitingSync { get; set; }

    /// <summary>Joined but not yet part of a generation: its session does not count as kept by waiting.</summary>
    public bool IsNew { get; set; }

    /// <summary>Expires the member when no heartbeat (or join, sync, commit) arrives in time.</summary>
    public Deadline Session { get; }

    /// <summary>
    /// Kafka's ClassicGroupMember.hasSatisfiedHeartbeat: a member parked in a join or sync keeps its session,
    /// except a new one, so that clients that vanish during their first join do not stall the group.
    /// </summary>
    public bool HasSatisfiedHeartbeat => !IsNew && (AwaitingJoin is not null || AwaitingSync is not null);

    public byte[] MetadataFor(string? protocol)
    {
        foreach (var candidate in Protocols)
        {
            if (candidate.Name == protocol)
            {
                return candidate.Metadata;
            }
        }

        return [];
    }

    /// <summary>Same protocols, in the same order, with the same metadata.</summary>
    public bool Matches(List<JoinGroupRequest.Protocol> protocols)
    {
        if (protocols.Count != Protocols.Count)
        {
            return false;
        }

        for (var i = 0; i < protocols.Count; i++)
        {
            if (protocols[i].Name != Protocols[i].Name || !protocols[i].Metadata.AsSpan().SequenceEqual(Protocols[i].Metadata))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The member's most preferred protocol among <paramref name="candidates"/>.</summary>
    public string? Vote(IReadOnlySet<string> candidates)
    {
        foreach (var protocol in Protocols)
        {
            if (candidates.Contains(protocol.Name))
            {
                return protocol.Name;
            }
        }

        return null;
    }
}
