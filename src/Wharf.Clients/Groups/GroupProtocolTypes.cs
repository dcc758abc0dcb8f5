namespace Wharf.Clients.Groups;

/// <summary>One protocol a member offers in JoinGroup: its name and the member's metadata for it.</summary>
public sealed record GroupProtocol(string Name, byte[] Metadata);

/// <summary>A member as the leader sees it in the JoinGroup answer: its id and the metadata of the chosen protocol.</summary>
public sealed record GroupMemberMetadata(string MemberId, byte[] Metadata);

/// <summary>What SyncGroup gave this member for one generation of the group.</summary>
public sealed record GroupAssignment(int GenerationId, string MemberId, string LeaderId, string Protocol, byte[] Assignment)
{
    public bool IsLeader => MemberId == LeaderId;
}

/// <summary>
/// The caller's side of the group protocol: the protocol type and metadata it joins with, the leader's assignor,
/// and what happens when an assignment arrives or is taken back. Eager semantics: every rejoin first revokes the
/// whole previous assignment.
/// </summary>
public interface IGroupMembershipHandler
{
    /// <summary>The group's protocol type (<c>consumer</c>, <c>connect</c>, …); every member must send the same.</summary>
    string ProtocolType { get; }

    /// <summary>The protocols this member supports, preferred first, with fresh metadata; asked before every join.</summary>
    IReadOnlyList<GroupProtocol> Protocols();

    /// <summary>On the leader only: every member's assignment bytes, by member id.</summary>
    IReadOnlyDictionary<string, byte[]> Assign(string protocol, string leaderId, IReadOnlyList<GroupMemberMetadata> members);

    /// <summary>The assignment of a new generation. Heartbeats continue while this runs.</summary>
    Task OnAssignedAsync(GroupAssignment assignment, CancellationToken cancellationToken);

    /// <summary>Before rejoining or leaving: give up everything the last assignment granted.</summary>
    Task OnRevokedAsync(CancellationToken cancellationToken);
}
