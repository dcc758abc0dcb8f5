namespace Wharf.SchemaRegistry.Election;

/// <summary>What an instance knows about the leader: whether it is the leader, and the URL of the one that is.</summary>
public interface ILeadership
{
    /// <summary>This instance's URL, as other instances reach it (host.name or the listener's host, and its port).</summary>
    Uri Identity { get; }

    bool IsLeader { get; }

    /// <summary>The URL the leader announced last; null before any leader was elected.</summary>
    Uri? LeaderUrl { get; }
}
