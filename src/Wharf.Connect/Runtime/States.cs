namespace Wharf.Connect.Runtime;

/// <summary>What the user asked a connector to be (Apache's TargetState).</summary>
internal enum TargetState
{
    Started,
    Paused,
    Stopped,
}

/// <summary>The state a connector or task reports (Apache's AbstractStatus.State); the REST API shows it upper case.</summary>
internal enum WorkState
{
    Unassigned,
    Running,
    Paused,
    Failed,
    Restarting,
    Stopped,
}

/// <summary>The status of a connector or task: state, worker, the failure's trace, the generation that wrote it.</summary>
internal sealed record WorkStatus(WorkState State, string WorkerId, string? Trace = null, int Generation = 0)
{
    public string StateName => State.ToString().ToUpperInvariant();
}

/// <summary>A task: its connector and its number (Apache's ConnectorTaskId).</summary>
internal readonly record struct TaskId(string Connector, int Task)
{
    public override string ToString() => Connector + "-" + Task.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
