using Wharf.Connect.Api.Config;
using Wharf.Connect.Api.Data;
using Wharf.Connect.Api.Plugins;
using Wharf.Connect.Api.Records;

namespace Wharf.Connect.Transforms;

/// <summary>Filter: drops every record (used with a predicate to drop some).</summary>
[PluginName("org.apache.kafka.connect.transforms.Filter")]
public sealed class Filter : ITransformation
{
    public ConfigDef Config { get; } = new();

    public void Configure(IReadOnlyDictionary<string, string> configs)
    {
    }

    public ConnectRecord? Apply(ConnectRecord record) => null;
}

/// <summary>DropHeaders: removes every header called one of <c>headers</c>.</summary>
[PluginName("org.apache.kafka.connect.transforms.DropHeaders")]
public sealed class DropHeaders : ITransformation
{
    private IReadOnlyList<string> _headers = [];

    public ConfigDef Config { get; } = new ConfigDef()
        .DefineRequired("headers", ConfigType.List, ConfigValidators.From((_, v) => v is IReadOnlyList<string> { Count: > 0 } ? null : "Empty list is not allowed", "non-empty list"), Importance.High, "The name of the headers to be removed.");

    public void Configure(IReadOnlyDictionary<string, string> configs) => _headers = new ParsedConfig(Config, configs).GetList("headers");

    public ConnectRecord? Apply(ConnectRecord record)
    {
        var headers = new ConnectHeaders(record.Headers.Where(h => !_headers.Contains(h.Key)));
        return record.NewRecord(record.Topic, record.KafkaPartition, record.KeySchema, record.Key, record.ValueSchema, record.Value, record.Timestamp, headers);
    }
}

/// <summary>InsertHeader: adds header <c>header</c> with the literal string <c>value.literal</c>.</summary>
[PluginName("org.apache.kafka.connect.transforms.InsertHeader")]
public sealed class InsertHeader : ITransformation
{
    private string _header = string.Empty;
    private string _value = string.Empty;

    public ConfigDef Config { get; } = new ConfigDef()
        .DefineRequired("header", ConfigType.String, ConfigValidators.NonNull, Importance.High, "The name of the header.")
        .DefineRequired("value.literal", ConfigType.String, ConfigValidators.NonNull, Importance.High, "The literal value that is to be set as the header value on all records.");

    public void Configure(IReadOnlyDictionary<string, string> configs)
    {
        var config = new ParsedConfig(Config, configs);
        _header = config.GetString("header")!;
        _value = config.GetString("value.literal")!;
    }

    public ConnectRecord? Apply(ConnectRecord record)
    {
        var headers = record.Headers.Duplicate().Add(_header, Schema.String, _value);
        return record.NewRecord(record.Topic, record.KafkaPartition, record.KeySchema, record.Key, record.ValueSchema, record.Value, record.Timestamp, headers);
    }
}
