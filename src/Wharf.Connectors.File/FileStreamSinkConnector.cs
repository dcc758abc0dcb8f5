using Wharf.Connect.Api.Config;
using Wharf.Connect.Api.Connectors;
using Wharf.Connect.Api.Plugins;

namespace Wharf.Connectors.File;

/// <summary>
/// Appends the value of every consumed record as a line to a file (or standard output when <c>file</c> is
/// empty), Apache's FileStreamSinkConnector; tasks.max copies of the same task.
/// </summary>
[PluginName("org.apache.kafka.connect.file.FileStreamSinkConnector")]
public sealed class FileStreamSinkConnector : SinkConnector
{
    public const string FileConfig = "file";

    private static readonly ConfigDef Definition = new ConfigDef()
        .Define(FileConfig, ConfigType.String, null, null, Importance.High, "Destination filename. If not specified, the standard output will be used");

    private Dictionary<string, string> _props = [];

    public override ConfigDef Config => Definition;

    public override Type TaskType => typeof(FileStreamSinkTask);

    public override void Start(IReadOnlyDictionary<string, string> props)
    {
        _ = new ParsedConfig(Definition, props);
        _props = new Dictionary<string, string>(props);
    }

    public override IReadOnlyList<IReadOnlyDictionary<string, string>> TaskConfigs(int maxTasks) =>
        Enumerable.Range(0, maxTasks).Select(_ => (IReadOnlyDictionary<string, string>)new Dictionary<string, string>(_props)).ToList();

    public override void Stop()
    {
    }
}
