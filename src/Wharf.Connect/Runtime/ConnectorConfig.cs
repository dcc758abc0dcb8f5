using Wharf.Connect.Api.Config;
using Wharf.Connect.Runtime.Errors;

namespace Wharf.Connect.Runtime;

/// <summary>The keys every connector configuration has, defined by the framework (Apache's ConnectorConfig and SinkConnectorConfig).</summary>
internal static class ConnectorConfig
{
    public const string Name = "name";
    public const string ConnectorClass = "connector.class";
    public const string TasksMax = "tasks.max";
    public const string KeyConverter = "key.converter";
    public const string ValueConverter = "value.converter";
    public const string HeaderConverter = "header.converter";
    public const string Transforms = "transforms";
    public const string Predicates = "predicates";
    public const string Topics = "topics";
    public const string TopicsRegex = "topics.regex";
    public const string TaskClass = "task.class";

    private const string Common = "Common";
    private const string TransformsGroup = "Transforms";
    private const string PredicatesGroup = "Predicates";
    private const string ErrorHandling = "Error Handling";

    private static readonly IConfigValidator DistinctAliases = ConfigValidators.From(
        (_, value) => value is IReadOnlyList<string> list && list.Count != list.Distinct(StringComparer.Ordinal).Count() ? "Duplicate alias provided." : null,
        "list of unique aliases");

    public static ConfigDef Source { get; } = Base();

    public static ConfigDef Sink { get; } = ErrorHandlingConfig.DefineSink(SinkTopics(), ErrorHandling);

    private static ConfigDef SinkTopics() => new ConfigDef(Base())
        .Define(Topics, ConfigType.List, string.Empty, null, Importance.High, "List of topics to consume, separated by commas", Common, 4, Width.Long, "Topics")
        .Define(TopicsRegex, ConfigType.String, string.Empty, null, Importance.High, "Regular expression giving topics to consume. Under the hood, the regex is compiled to a Pattern. Only one of topics or topics.regex should be specified.", Common, 4, Width.Long, "Topics regex");

    private static ConfigDef Base() => ErrorHandlingConfig.DefineCommon(FrameworkKeys(), ErrorHandling);

    private static ConfigDef FrameworkKeys() => new ConfigDef()
        .DefineRequired(Name, ConfigType.String, ConfigValidators.NonEmptyStringWithoutControlChars, Importance.High, "Globally unique name to use for this connector.", Common, 1, Width.Medium, "Connector name")
        .DefineRequired(ConnectorClass, ConfigType.String, null, Importance.High, "Name or alias of the class for this connector. Must be a subclass of Connector.", Common, 2, Width.Long, "Connector class")
        .Define(TasksMax, ConfigType.Int, 1, ConfigValidators.AtLeast(1), Importance.High, "Maximum number of tasks to use for this connector.", Common, 3, Width.Short, "Tasks max")
        .Define(KeyConverter, ConfigType.Class, null, null, Importance.Low, "Converter class used to convert between Kafka Connect format and the serialized form that is written to Kafka. Overrides the worker's key.converter.", Common, 5, Width.Short, "Key converter class")
        .Define(ValueConverter, ConfigType.Class, null, null, Importance.Low, "Converter class used to convert between Kafka Connect format and the serialized form that is written to Kafka. Overrides the worker's value.converter.", Common, 6, Width.Short, "Value converter class")
        .Define(HeaderConverter, ConfigType.Class, null, null, Importance.Low, "HeaderConverter class (accepted; headers are converted as strings and bytes by this worker).", Common, 7, Width.Short, "Header converter class")
        .Define(Transforms, ConfigType.List, string.Empty, DistinctAliases, Importance.Low, "Aliases for the transformations to be applied to records.", TransformsGroup, 0, Width.Long, "Transforms")
        .Define(Predicates, ConfigType.List, string.Empty, DistinctAliases, Importance.Low, "Aliases for the predicates used by transformations.", PredicatesGroup, 0, Width.Long, "Predicates");
}
