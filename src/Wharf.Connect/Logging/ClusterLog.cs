using Microsoft.Extensions.Logging;

namespace Wharf.Connect.Logging;

/// <summary>Log lines of the worker cluster (group membership, assignments, forwarding): event ids 5xx.</summary>
internal static partial class ClusterLog
{
    [LoggerMessage(500, LogLevel.Warning, "Following {Topic} failed for a moment: {Reason}")]
    public static partial void FollowFailed(ILogger logger, string topic, string reason);

    [LoggerMessage(501, LogLevel.Information, "Generation {Generation}: assigned connectors [{Connectors}] and tasks [{Tasks}] (leader {Leader} at {LeaderUrl})")]
    public static partial void Assigned(ILogger logger, int generation, string connectors, string tasks, string leader, string leaderUrl);

    [LoggerMessage(502, LogLevel.Information, "Rebalance: stopping every connector and task of this worker")]
    public static partial void Revoked(ILogger logger);

    [LoggerMessage(503, LogLevel.Warning, "Assignment of generation {Generation} failed ({Error}): reading the config topic to its end and rejoining")]
    public static partial void AssignmentFailed(ILogger logger, int generation, string error);

    [LoggerMessage(504, LogLevel.Debug, "Forwarding {Method} {Path} to {TargetUrl} (the leader, or the worker running what it names)")]
    public static partial void Forwarding(ILogger logger, string method, string path, string targetUrl);

    [LoggerMessage(505, LogLevel.Warning, "Task configurations of connector {Connector} not yet stored by the leader at {LeaderUrl} ({Reason}, attempt {Attempt}); retrying")]
    public static partial void TaskConfigsNotPublished(ILogger logger, string connector, string leaderUrl, string reason, int attempt);
}
