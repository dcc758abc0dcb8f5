using Wharf.Connect.Api.Config;
using Wharf.Connect.Api.Connectors;
using Wharf.Connect.Api.Plugins;

namespace Wharf.Connectors.File;

/// <summary>
/// Reads lines of a file (or standard input when <c>file</c> is empty) into a topic, one STRING record per line
/// (Apache's FileStreamSourceConnector; always one task). Offsets: partition <c>{"filename": file}</c>, offset
/// <c>{"position": byte offset after the line}</c>, so a restarted task resumes exactly after the last stored line.
/// </summary>
[PluginName("org.apache.kafka.connect.file.FileStreamSourceConnector")]
public sealed class FileStreamSourceConnector : SourceConnector
{
    public const string FileConfig = "file";
    public const string TopicConfig = "topic";
    public const string BatchSizeConfig = "batch.size";
    public const int DefaultBatchSize = 2000;

    private static readonly ConfigDef Definition = new ConfigDef()
        .Define(FileConfig, ConfigType.String, null, null, Importance.High, "Source filename. If not specified, the standard input will be used")
        .DefineRequired(TopicConfig, ConfigType.String, ConfigValidators.NonEmptyString, Importance.High, "The topic to publish data to")
        .Define(BatchSizeConfig, ConfigType.Int, DefaultBatchSize, null, Importance.Low, "The maximum number of records the source task can read from the file each time it is polled");

    private Dictionary<string, string> _props = [];

    public override ConfigDef Config => Definition;

    public override Type TaskType => typeof(FileStreamSourceTask);

    public override void Start(IReadOnlyDictionary<string, string> props)
    {
        _ = new ParsedConfig(Definition, props);
        _props = new Dictionary<string, string>(props);
    }

    public override IReadOnlyList<IReadOnlyDictionary<string, string>> TaskConfigs(int maxTasks) => [new Dictionary<string, string>(_props)];

    public override void Stop()
    {
    }

    /// <summary>Offsets may be reset (null) or set to a non-negative <c>position</c> for a <c>filename</c> partition.</summary>
    public override bool AlterOffsets(IReadOnlyDictionary<string, string> connectorConfig, IReadOnlyDictionary<IReadOnlyDictionary<string, object?>, IReadOnlyDictionary<string, object?>?> offsets)
    {
        foreach (var (partition, offset) in offsets)
        {
            if (offset is null)
            {
                continue;
            }

            if (!partition.ContainsKey(FileStreamSourceTask.FilenameField))
            {
                throw new Connect.Api.ConnectException("Partition objects for source offsets must contain the key '" + FileStreamSourceTask.FilenameField + "'");
            }

            if (!offset.TryGetValue(FileStreamSourceTask.PositionField, out var position))
            {
                throw new Connect.Api.ConnectException("Offset objects should either be null or contain the key '" + FileStreamSourceTask.PositionField + "'");
            }

            if (position is not long value)
            {
                throw new Connect.Api.ConnectException("The value for the '" + FileStreamSourceTask.PositionField + "' key in the offset is expected to be a Long value");
            }

            if (value < 0)
            {
                throw new Connect.Api.ConnectException("The value for the '" + FileStreamSourceTask.PositionField + "' key in the offset should be a non-negative value");
            }
        }

        return true;
    }
}
