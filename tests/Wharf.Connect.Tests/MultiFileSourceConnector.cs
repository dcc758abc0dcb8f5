using Wharf.Connect.Api.Config;
using Wharf.Connect.Api.Connectors;
using Wharf.Connectors.File;

namespace Wharf.Connect.Tests;

/// <summary>
/// A test plugin like FileStreamSource but with a task per file: <c>files</c> (comma-separated) are dealt out to
/// at most <c>tasks.max</c> tasks, each a FileStreamSourceTask with its own file (so offsets are per file).
/// </summary>
public sealed class MultiFileSourceConnector : SourceConnector
{
    private Dictionary<string, string> _props = [];

    public override ConfigDef Config { get; } = new ConfigDef()
        .DefineRequired("files", ConfigType.String, ConfigValidators.NonEmptyString, Importance.High, "The files to read, one task each.")
        .DefineRequired(FileStreamSourceConnector.TopicConfig, ConfigType.String, ConfigValidators.NonEmptyString, Importance.High, "The topic to publish data to");

    public override Type TaskType => typeof(FileStreamSourceTask);

    public override void Start(IReadOnlyDictionary<string, string> props) => _props = new Dictionary<string, string>(props);

    public override IReadOnlyList<IReadOnlyDictionary<string, string>> TaskConfigs(int maxTasks) =>
        _props["files"].Split(',').Take(maxTasks).Select(file => (IReadOnlyDictionary<string, string>)new Dictionary<string, string>
        {
            [FileStreamSourceConnector.FileConfig] = file,
            [FileStreamSourceConnector.TopicConfig] = _props[FileStreamSourceConnector.TopicConfig],
        }).ToList();

    public override void Stop()
    {
    }
}
