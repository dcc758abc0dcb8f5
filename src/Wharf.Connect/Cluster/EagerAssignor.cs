using Wharf.Connect.Runtime;

namespace Wharf.Connect.Cluster;

/// <summary>
/// The leader's assignment for Connect protocol v0 (Apache's EagerAssignor): members sorted by id are walked in a
/// circle, first handing out every connector (sorted by name), then, continuing the same walk, every task of
/// every connector; so that work spreads evenly rather than connectors and their tasks pairing up.
/// </summary>
internal static class EagerAssignor
{
    /// <param name="leaderId">The leader's member id.</param>
    /// <param name="members">Every member's metadata, by member id.</param>
    /// <param name="leaderOffset">How far the leader has read the config topic.</param>
    /// <param name="taskCounts">The connectors the leader knows of and how many tasks each has.</param>
    public static Dictionary<string, ConnectAssignment> Assign(string leaderId, IReadOnlyDictionary<string, WorkerMetadata> members, long leaderOffset, IReadOnlyDictionary<string, int> taskCounts)
    {
        var leaderUrl = members.TryGetValue(leaderId, out var leader) ? leader.Url : string.Empty;
        var maxOffset = members.Values.Select(m => m.ConfigOffset).DefaultIfEmpty(leaderOffset).Max();
        var ids = members.Keys.Order(StringComparer.Ordinal).ToList();
        if (maxOffset > leaderOffset)
        {
            // A member has read configuration the leader has not: assigning now would be stale (CONFIG_MISMATCH).
            return ids.ToDictionary(id => id, _ => new ConnectAssignment(ConnectAssignment.ConfigMismatch, leaderId, leaderUrl, maxOffset, [], []), StringComparer.Ordinal);
        }

        var connectors = ids.ToDictionary(id => id, _ => new List<string>(), StringComparer.Ordinal);
        var tasks = ids.ToDictionary(id => id, _ => new List<TaskId>(), StringComparer.Ordinal);
        var sorted = taskCounts.Keys.Order(StringComparer.Ordinal).ToList();
        var next = 0;
        foreach (var connector in sorted)
        {
            connectors[ids[next++ % ids.Count]].Add(connector);
        }

        foreach (var connector in sorted)
        {
            for (var task = 0; task < taskCounts[connector]; task++)
            {
                tasks[ids[next++ % ids.Count]].Add(new TaskId(connector, task));
            }
        }

        return ids.ToDictionary(id => id, id => new ConnectAssignment(ConnectAssignment.NoError, leaderId, leaderUrl, leaderOffset, connectors[id], tasks[id]), StringComparer.Ordinal);
    }
}
