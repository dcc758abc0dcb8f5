using Wharf.Connect.Runtime;

namespace Wharf.Connect.Cluster;

/// <summary>
/// A request this worker may not serve itself (Apache's RequestTargetException: NotLeaderException for changes
/// only the leader makes, NotAssignedException for restarts of what another worker runs): the REST layer forwards
/// it to <see cref="TargetUrl"/>; when it may not forward any more it answers 409, as Apache does.
/// </summary>
internal sealed class RequestTargetException(string targetUrl)
    : ConnectRestException(409, "Cannot complete request because of a conflicting operation (e.g. worker rebalance)")
{
    public string TargetUrl { get; } = targetUrl;
}
