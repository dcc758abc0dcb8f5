using Wharf.Connect.Api.Config;
using Wharf.Connect.Api.Connectors;
using Wharf.Connect.Api.Data;
using Wharf.Connect.Api.Records;

namespace Wharf.Connect.Tests;

/// <summary>
/// A test plugin whose task returns one poll of <see cref="ScriptedSourceTask.Records"/> records across the topics
/// <c>topic.a</c> and <c>topic.b</c>, then nothing: a header and a timestamp, a key, explicit partitions, and a
/// record for partition <see cref="ScriptedSourceTask.MissingPartition"/>, which topic.a does not have.
/// </summary>
public sealed class ScriptedSourceConnector : SourceConnector
{
    private Dictionary<string, string> _props = [];

    public override ConfigDef Config { get; } = new ConfigDef()
        .DefineRequired("topic.a", ConfigType.String, ConfigValidators.NonEmptyString, Importance.High, "The first topic (one partition).")
        .DefineRequired("topic.b", ConfigType.String, ConfigValidators.NonEmptyString, Importance.High, "The second topic.");

    public override Type TaskType => typeof(ScriptedSourceTask);

    public override void Start(IReadOnlyDictionary<string, string> props) => _props = new Dictionary<string, string>(props);

    public override IReadOnlyList<IReadOnlyDictionary<string, string>> TaskConfigs(int maxTasks) => [_props];

    public override void Stop()
    {
    }
}

public sealed class ScriptedSourceTask : SourceTask
{
    public const int MissingPartition = 7;
    public const long Timestamp = 1_600_000_000_000;
    public const int Records = 4;

    private static readonly IReadOnlyDictionary<string, object?> Partition = new Dictionary<string, object?> { ["script"] = "one" };

    private string _topicA = string.Empty;
    private string _topicB = string.Empty;
    private bool _polled;

    public override void Start(IReadOnlyDictionary<string, string> props)
    {
        _topicA = props["topic.a"];
        _topicB = props["topic.b"];
        _polled = Context.OffsetStorageReader.Offset(Partition) is not null;
    }

    public override async ValueTask<IReadOnlyList<SourceRecord>> PollAsync(CancellationToken cancellationToken)
    {
        if (_polled)
        {
            await Task.Delay(100, cancellationToken);
            return [];
        }

        _polled = true;
        return
        [
            new SourceRecord(Partition, Offset(1), _topicA, 0, null, null, Schema.String, "a1", Timestamp, new ConnectHeaders().AddString("origin", "script")),
            new SourceRecord(Partition, Offset(2), _topicB, null, Schema.String, "k", Schema.String, "b1"),
            new SourceRecord(Partition, Offset(3), _topicA, MissingPartition, null, null, Schema.String, "refused"),
            new SourceRecord(Partition, Offset(4), _topicA, 0, null, null, Schema.String, "a2"),
        ];
    }

    public override void Stop()
    {
    }

    private static Dictionary<string, object?> Offset(long n) => new() { ["n"] = n };
}
