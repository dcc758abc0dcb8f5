namespace Wharf.Connect.Cluster;

/// <summary>What the worker group needs from the herder: its view of the config topic and the eager rebalance callbacks.</summary>
internal interface IClusterWorker
{
    /// <summary>How far this worker has read the config topic.</summary>
    long ConfigOffset { get; }

    /// <summary>The connectors in the config topic and how many (committed) tasks each has.</summary>
    IReadOnlyDictionary<string, int> TaskCounts();

    /// <summary>Reads the config topic up to its current end.</summary>
    Task CatchUpAsync(CancellationToken cancellationToken);

    /// <summary>Starts what the assignment gives this worker.</summary>
    Task AssignAsync(ConnectAssignment assignment, int generation, CancellationToken cancellationToken);

    /// <summary>Stops every connector and task this worker runs (commiting source offsets), before the group rebalances.</summary>
    Task RevokeAsync(CancellationToken cancellationToken);
}
