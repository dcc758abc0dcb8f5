namespace Wharf.SchemaRegistry.Election;

/// <summary>
/// The leadership as the HTTP pipeline sees it. The elector can only start once Kestrel has bound its port (the
/// port is part of the identity other instances forward to); until then this instance is not the leader and knows
/// none.
/// </summary>
internal sealed class LeadershipSlot(Uri provisionalIdentity) : ILeadership
{
    private volatile ILeadership? _elector;

    public Uri Identity => _elector?.Identity ?? provisionalIdentity;

    public bool IsLeader => _elector?.IsLeader ?? false;

    public Uri? LeaderUrl => _elector?.LeaderUrl;

    public void Set(ILeadership elector) => _elector = elector;
}
