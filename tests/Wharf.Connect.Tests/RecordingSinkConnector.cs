using System.Collections.Concurrent;
using Wharf.Connect.Api.Config;
using Wharf.Connect.Api.Connectors;
using Wharf.Connect.Api.Records;

namespace Wharf.Connect.Tests;

/// <summary>A test sink that keeps every record it is given, by connector name, to check what the worker delivers.</summary>
public sealed class RecordingSinkConnector : SinkConnector
{
    private Dictionary<string, string> _props = [];

    public override ConfigDef Config { get; } = new ConfigDef();

    public override Type TaskType => typeof(RecordingSinkTask);

    public override void Start(IReadOnlyDictionary<string, string> props) => _props = new Dictionary<string, string>(props);

    public override IReadOnlyList<IReadOnlyDictionary<string, string>> TaskConfigs(int maxTasks) => [_props];

    public override void Stop()
    {
    }
}

public sealed class RecordingSinkTask : SinkTask
{
    public static readonly ConcurrentDictionary<string, ConcurrentQueue<SinkRecord>> Received = new();

    private string _name = string.Empty;

    public override void Start(IReadOnlyDictionary<string, string> props) => _name = props["name"];

    public override void Put(IReadOnlyCollection<SinkRecord> records)
    {
        var received = Received.GetOrAdd(_name, _ => new ConcurrentQueue<SinkRecord>());
        foreach (var record in records)
        {
            received.Enqueue(record);
        }
    }

    public override void Stop()
    {
    }
}
