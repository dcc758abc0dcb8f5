using System.Net;
using Wharf.Broker.Dispatch;
using Wharf.Broker.Groups;
using Wharf.Broker.Network;

namespace Wharf.Broker.Apis;

/// <summary>The consumer group APIs, answered by one <see cref="GroupCoordinator"/> (this node coordinates every group).</summary>
public static class GroupApis
{
    /// <summary>Registers FindCoordinator, JoinGroup, SyncGroup, Heartbeat, LeaveGroup, OffsetCommit, OffsetFetch,
    /// DescribeGroups, ListGroups, DeleteGroups and OffsetDelete.</summary>
    public static void Register(RequestDispatcher dispatcher, GroupCoordinator coordinator, BrokerIdentity identity)
    {
        dispatcher.Register(new FindCoordinatorHandler(identity));
        dispatcher.Register(new JoinGroupHandler(coordinator));
        dispatcher.Register(new SyncGroupHandler(coordinator));
        dispatcher.Register(new HeartbeatHandler(coordinator));
        dispatcher.Register(new LeaveGroupHandler(coordinator));
        dispatcher.Register(new OffsetCommitHandler(coordinator));
        dispatcher.Register(new OffsetFetchHandler(coordinator));
        dispatcher.Register(new DescribeGroupsHandler(coordinator));
        dispatcher.Register(new ListGroupsHandler(coordinator));
        dispatcher.Register(new DeleteGroupsHandler(coordinator));
        dispatcher.Register(new OffsetDeleteHandler(coordinator));
    }

    /// <summary>The caller as DescribeGroups shows it: Kafka prints the client address as Java's InetAddress does ("/127.0.0.1").</summary>
    internal static GroupClient Client(RequestContext context) => new(
        context.ClientId ?? string.Empty,
        context.RemoteEndPoint is IPEndPoint ip ? "/" + ip.Address : context.RemoteEndPoint?.ToString() ?? string.Empty);
}
