namespace Wharf.Connect.Runtime;

/// <summary>A connector as GET /connectors/{c} shows it (Apache's ConnectorInfo); Type is "source", "sink" or "unknown".</summary>
internal sealed record ConnectorInfo(string Name, IReadOnlyDictionary<string, string> Config, IReadOnlyList<TaskId> Tasks, string Type);

/// <summary>A task's configuration (Apache's TaskInfo).</summary>
internal sealed record TaskInfo(TaskId Id, IReadOnlyDictionary<string, string> Config);

/// <summary>A connector's status with its tasks' (Apache's ConnectorStateInfo), tasks ordered by number.</summary>
internal sealed record ConnectorStateInfo(string Name, WorkStatus Connector, IReadOnlyList<(int Id, WorkStatus Status)> Tasks, string Type);

/// <summary>A partition and its offset as the offsets endpoints show them (null offset: reset).</summary>
internal sealed record ConnectorOffset(IReadOnlyDictionary<string, object?> Partition, IReadOnlyDictionary<string, object?>? Offset);
