using Wharf.Connect.Api;
using Wharf.Connect.Api.Config;
using Wharf.Connect.Api.Data;
using Wharf.Connect.Api.Plugins;
using Wharf.Connect.Api.Records;

namespace Wharf.Connect.Transforms;

/// <summary>
/// SetSchemaMetadata: sets the name (<c>schema.name</c>), the version (<c>schema.version</c>) or both of the key or
/// value schema; a struct value is rebuilt on the renamed schema (its fields unchanged).
/// </summary>
public abstract class SetSchemaMetadata : ITransformation
{
    private string? _name;
    private int? _version;
    private bool _replaceNullWithDefault = true;

    private protected SetSchemaMetadata()
    {
    }

    private protected abstract bool IsKey { get; }

    public ConfigDef Config { get; } = new ConfigDef()
        .Define("schema.name", ConfigType.String, null, Importance.High, "Schema name to set.")
        .Define("schema.version", ConfigType.Int, null, Importance.High, "Schema version to set.")
        .Define("replace.null.with.default", ConfigType.Boolean, true, Importance.Medium, "Whether to replace fields that have a default value and that are null to the default value. When set to true, the default value is used, otherwise null is used.");

    public void Configure(IReadOnlyDictionary<string, string> configs)
    {
        var config = new ParsedConfig(Config, configs);
        _name = config.GetString("schema.name");
        _version = (int?)config.Get("schema.version");
        _replaceNullWithDefault = config.GetBoolean("replace.null.with.default");
        if (_name is null && _version is null)
        {
            throw new ConfigException("Neither schema name nor version configured");
        }
    }

    public ConnectRecord? Apply(ConnectRecord record)
    {
        var schema = RecordParts.SchemaOf(record, IsKey);
        var value = RecordParts.ValueOf(record, IsKey);
        if (schema is null && value is null)
        {
            return record;
        }

        if (schema is null)
        {
            throw new DataException("Schema required for [updating schema metadata]");
        }

        var builder = SchemaBuilder.From(schema);
        if (_name is not null)
        {
            builder.Name(_name);
        }

        if (_version is { } version)
        {
            builder.Version(version);
        }

        foreach (var field in schema.Fields)
        {
            builder.Field(field.Name, field.Schema);
        }

        var updated = builder.Build();
        return RecordParts.With(record, IsKey, updated, value is Struct s ? Renamed(s, updated) : value);
    }

    private Struct Renamed(Struct value, Schema updated)
    {
        var result = new Struct(updated);
        foreach (var field in updated.Fields)
        {
            result.Put(field, _replaceNullWithDefault ? value.Get(field.Name) : value.GetWithoutDefault(field.Name));
        }

        return result;
    }
}

[PluginName("org.apache.kafka.connect.transforms.SetSchemaMetadata$Key")]
public sealed class SetSchemaMetadataKey : SetSchemaMetadata
{
    private protected override bool IsKey => true;
}

[PluginName("org.apache.kafka.connect.transforms.SetSchemaMetadata$Value")]
public sealed class SetSchemaMetadataValue : SetSchemaMetadata
{
    private protected override bool IsKey => false;
}
