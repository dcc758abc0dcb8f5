namespace Wharf.Broker.Groups;

/// <summary>
/// The states of a classic group (Kafka's ClassicGroupState; the names are what DescribeGroups and ListGroups
/// return). Empty → PreparingRebalance → CompletingRebalance → Stable, back to PreparingRebalance on any change
/// of membership; Dead once deleted.
/// </summary>
internal enum GroupState
{
    /// <summary>No members; may still hold committed offsets.</summary>
    Empty,

    /// <summary>Waiting for members to (re)join; joins are parked.</summary>
    PreparingRebalance,

    /// <summary>Joins answered; waiting for the leader's assignment; followers' syncs are parked.</summary>
    CompletingRebalance,

    /// <summary>Assignment handed out.</summary>
    Stable,

    /// <summary>Deleted (or the coordinator stopped); whoever still holds the object must look the group up again.</summary>
    Dead,
}

internal static class GroupStateNames
{
    public static string Name(this GroupState state) => state switch
    {
        GroupState.Empty => "Empty",
        GroupState.PreparingRebalance => "PreparingRebalance",
        GroupState.CompletingRebalance => "CompletingRebalance",
        GroupState.Stable => "Stable",
        _ => "Dead",
    };
}
