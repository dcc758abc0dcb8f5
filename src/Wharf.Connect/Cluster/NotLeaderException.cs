using Wharf.Connect.Runtime;

namespace Wharf.Connect.Cluster;

/// <summary>
/// A change asked of a worker that does not lead its cluster (Apache's NotLeaderException): the REST layer forwards
/// the request to <see cref="LeaderUrl"/>; when it may not forward any more it answers 409, as Apache does.
/// </summary>
internal sealed class NotLeaderException(string leaderUrl)
    : ConnectRestException(409, "Cannot complete request because of a conflicting operation (e.g. worker rebalance)")
{
    public string LeaderUrl { get; } = leaderUrl;
}
