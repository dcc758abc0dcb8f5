using System.Text.RegularExpressions;
using Wharf.Connect.Api.Config;
using Wharf.Connect.Api.Plugins;
using Wharf.Connect.Api.Records;

namespace Wharf.Connect.Transforms;

/// <summary>True when the whole topic name matches <c>pattern</c>.</summary>
[PluginName("org.apache.kafka.connect.transforms.predicates.TopicNameMatches")]
public sealed class TopicNameMatches : IPredicate
{
    private Regex? _pattern;

    public ConfigDef Config { get; } = new ConfigDef()
        .DefineRequired("pattern", ConfigType.String, ConfigValidators.NonEmptyString, Importance.Medium, "A Java regular expression for matching against the name of a record's topic.");

    public void Configure(IReadOnlyDictionary<string, string> configs) =>
        _pattern = new Regex("^(?:" + new ParsedConfig(Config, configs).GetString("pattern") + ")$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    public bool Test(ConnectRecord record) => _pattern!.IsMatch(record.Topic);
}

/// <summary>True when the record has at least one header called <c>name</c>.</summary>
[PluginName("org.apache.kafka.connect.transforms.predicates.HasHeaderKey")]
public sealed class HasHeaderKey : IPredicate
{
    private string _name = string.Empty;

    public ConfigDef Config { get; } = new ConfigDef()
        .DefineRequired("name", ConfigType.String, ConfigValidators.NonEmptyString, Importance.Medium, "The header name.");

    public void Configure(IReadOnlyDictionary<string, string> configs) => _name = new ParsedConfig(Config, configs).GetString("name")!;

    public bool Test(ConnectRecord record) => record.Headers.AllWithName(_name).Any();
}

/// <summary>True for tombstones (null value).</summary>
[PluginName("org.apache.kafka.connect.transforms.predicates.RecordIsTombstone")]
public sealed class RecordIsTombstone : IPredicate
{
    public ConfigDef Config { get; } = new();

    public void Configure(IReadOnlyDictionary<string, string> configs)
    {
    }

    public bool Test(ConnectRecord record) => record.Value is null;
}
