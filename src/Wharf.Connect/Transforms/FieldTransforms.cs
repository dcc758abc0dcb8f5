using Wharf.Connect.Api;
using Wharf.Connect.Api.Config;
using Wharf.Connect.Api.Data;
using Wharf.Connect.Api.Plugins;
using Wharf.Connect.Api.Records;

namespace Wharf.Connect.Transforms;

/// <summary>ReplaceField: keeps fields per <c>include</c>/<c>exclude</c> (exclude wins) and renames per <c>renames</c> (old:new,…).</summary>
public abstract class ReplaceField : ITransformation
{
    private IReadOnlyList<string> _exclude = [];
    private IReadOnlyList<string> _include = [];
    private Dictionary<string, string> _renames = [];

    private protected ReplaceField()
    {
    }

    private protected abstract bool IsKey { get; }

    public ConfigDef Config { get; } = new ConfigDef()
        .Define("exclude", ConfigType.List, string.Empty, Importance.Medium, "Fields to exclude. This takes precedence over the fields to include.")
        .Define("include", ConfigType.List, string.Empty, Importance.Medium, "Fields to include. If specified, only these fields will be used.")
        .Define("renames", ConfigType.List, string.Empty, ConfigValidators.From((_, v) => v is IReadOnlyList<string> list && list.Any(r => r.Split(':').Length != 2) ? "Invalid rename mapping" : null, "list of colon-delimited pairs, e.g. <code>foo:bar,abc:xyz</code>"), Importance.Medium, "Field rename mappings.");

    public void Configure(IReadOnlyDictionary<string, string> configs)
    {
        var config = new ParsedConfig(Config, configs);
        _exclude = config.GetList("exclude");
        _include = config.GetList("include");
        _renames = config.GetList("renames").Select(r => r.Split(':')).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
    }

    public ConnectRecord? Apply(ConnectRecord record)
    {
        var value = RecordParts.ValueOf(record, IsKey);
        var schema = RecordParts.SchemaOf(record, IsKey);
        if (value is null)
        {
            return record;
        }

        if (schema is null)
        {
            var map = RecordParts.RequireMap(value, "field replacement");
            var result = map.Where(kv => Keep(kv.Key)).ToDictionary(kv => (object)Renamed(kv.Key), kv => kv.Value);
            return RecordParts.With(record, IsKey, null, result);
        }

        var original = RecordParts.RequireStruct(value, "field replacement");
        var builder = RecordParts.CopyMetadata(schema);
        foreach (var field in schema.Fields.Where(f => Keep(f.Name)))
        {
            builder.Field(Renamed(field.Name), field.Schema);
        }

        var updatedSchema = builder.Build();
        var updated = new Struct(updatedSchema);
        foreach (var field in schema.Fields.Where(f => Keep(f.Name)))
        {
            updated.Put(Renamed(field.Name), original.Get(field));
        }

        return RecordParts.With(record, IsKey, updatedSchema, updated);
    }

    private bool Keep(string name) => !_exclude.Contains(name) && (_include.Count == 0 || _include.Contains(name));

    private string Renamed(string name) => _renames.GetValueOrDefault(name, name);
}

[PluginName("org.apache.kafka.connect.transforms.ReplaceField$Key")]
public sealed class ReplaceFieldKey : ReplaceField
{
    private protected override bool IsKey => true;
}

[PluginName("org.apache.kafka.connect.transforms.ReplaceField$Value")]
public sealed class ReplaceFieldValue : ReplaceField
{
    private protected override bool IsKey => false;
}

/// <summary>ExtractField: replaces the key or value with one of its fields (<c>field</c>).</summary>
public abstract class ExtractField : ITransformation
{
    private string _field = string.Empty;

    private protected ExtractField()
    {
    }

    private protected abstract bool IsKey { get; }

    public ConfigDef Config { get; } = new ConfigDef()
        .DefineRequired("field", ConfigType.String, null, Importance.Medium, "Field name to extract.");

    public void Configure(IReadOnlyDictionary<string, string> configs) => _field = new ParsedConfig(Config, configs).GetString("field")!;

    public ConnectRecord? Apply(ConnectRecord record)
    {
        var value = RecordParts.ValueOf(record, IsKey);
        var schema = RecordParts.SchemaOf(record, IsKey);
        if (schema is null)
        {
            return value is null ? record : RecordParts.With(record, IsKey, null, RecordParts.RequireMap(value, "field extraction").GetValueOrDefault(_field));
        }

        var field = schema.Field(_field) ?? throw new ArgumentException("Unknown field: " + _field);
        return RecordParts.With(record, IsKey, field.Schema, value is null ? null : RecordParts.RequireStruct(value, "field extraction").Get(field));
    }
}

[PluginName("org.apache.kafka.connect.transforms.ExtractField$Key")]
public sealed class ExtractFieldKey : ExtractField
{
    private protected override bool IsKey => true;
}

[PluginName("org.apache.kafka.connect.transforms.ExtractField$Value")]
public sealed class ExtractFieldValue : ExtractField
{
    private protected override bool IsKey => false;
}

/// <summary>HoistField: wraps the key or value in a struct (with a schema) or map (without) under <c>field</c>.</summary>
public abstract class HoistField : ITransformation
{
    private string _field = string.Empty;

    private protected HoistField()
    {
    }

    private protected abstract bool IsKey { get; }

    public ConfigDef Config { get; } = new ConfigDef()
        .DefineRequired("field", ConfigType.String, null, Importance.Medium, "Field name for the single field that will be created in the resulting Struct or Map.");

    public void Configure(IReadOnlyDictionary<string, string> configs) => _field = new ParsedConfig(Config, configs).GetString("field")!;

    public ConnectRecord? Apply(ConnectRecord record)
    {
        var value = RecordParts.ValueOf(record, IsKey);
        var schema = RecordParts.SchemaOf(record, IsKey);
        if (schema is null)
        {
            return RecordParts.With(record, IsKey, null, new Dictionary<object, object?> { [_field] = value });
        }

        var updatedSchema = SchemaBuilder.Struct().Field(_field, schema).Build();
        return RecordParts.With(record, IsKey, updatedSchema, new Struct(updatedSchema).Put(_field, value));
    }
}

[PluginName("org.apache.kafka.connect.transforms.HoistField$Key")]
public sealed class HoistFieldKey : HoistField
{
    private protected override bool IsKey => true;
}

[PluginName("org.apache.kafka.connect.transforms.HoistField$Value")]
public sealed class HoistFieldValue : HoistField
{
    private protected override bool IsKey => false;
}

/// <summary>ValueToKey: the key becomes a struct (or map) of the value's <c>fields</c>.</summary>
[PluginName("org.apache.kafka.connect.transforms.ValueToKey")]
public sealed class ValueToKey : ITransformation
{
    private IReadOnlyList<string> _fields = [];

    public ConfigDef Config { get; } = new ConfigDef()
        .DefineRequired("fields", ConfigType.List, ConfigValidators.From((_, v) => v is IReadOnlyList<string> { Count: > 0 } ? null : "Empty list is not allowed", "non-empty list"), Importance.High, "Field names on the record value to extract as the record key.");

    public void Configure(IReadOnlyDictionary<string, string> configs) => _fields = new ParsedConfig(Config, configs).GetList("fields");

    public ConnectRecord? Apply(ConnectRecord record)
    {
        if (record.ValueSchema is null)
        {
            var map = RecordParts.RequireMap(record.Value, "copying fields from value to key");
            var key = _fields.ToDictionary(f => (object)f, f => map.GetValueOrDefault(f));
            return record.NewRecord(record.Topic, record.KafkaPartition, null, key, record.ValueSchema, record.Value, record.Timestamp);
        }

        var value = RecordParts.RequireStruct(record.Value, "copying fields from value to key");
        var builder = SchemaBuilder.Struct();
        foreach (var name in _fields)
        {
            var field = record.ValueSchema.Field(name) ?? throw new DataException("Field does not exist: " + name);
            builder.Field(name, field.Schema);
        }

        var keySchema = builder.Build();
        var keyStruct = new Struct(keySchema);
        foreach (var name in _fields)
        {
            keyStruct.Put(name, value.Get(name));
        }

        return record.NewRecord(record.Topic, record.KafkaPartition, keySchema, keyStruct, record.ValueSchema, record.Value, record.Timestamp);
    }
}

/// <summary>MaskField: replaces <c>fields</c> with their type's empty value (0, false, "", empty list/map) or <c>replacement</c>.</summary>
public abstract class MaskField : ITransformation
{
    private IReadOnlyList<string> _fields = [];
    private string? _replacement;

    private protected MaskField()
    {
    }

    private protected abstract bool IsKey { get; }

    public ConfigDef Config { get; } = new ConfigDef()
        .DefineRequired("fields", ConfigType.List, ConfigValidators.From((_, v) => v is IReadOnlyList<string> { Count: > 0 } ? null : "Empty list is not allowed", "non-empty list"), Importance.High, "Names of fields to mask.")
        .Define("replacement", ConfigType.String, null, ConfigValidators.From((_, v) => v is string { Length: 0 } ? "String may not be empty" : null, "non-empty string"), Importance.Low, "Custom value replacement, that will be applied to all 'fields' values (numeric or non-empty string values only).");

    public void Configure(IReadOnlyDictionary<string, string> configs)
    {
        var config = new ParsedConfig(Config, configs);
        _fields = config.GetList("fields");
        _replacement = config.GetString("replacement");
    }

    public ConnectRecord? Apply(ConnectRecord record)
    {
        var value = RecordParts.ValueOf(record, IsKey);
        var schema = RecordParts.SchemaOf(record, IsKey);
        if (value is null)
        {
            return record;
        }

        if (schema is null)
        {
            var map = RecordParts.RequireMap(value, "masking fields");
            foreach (var field in _fields.Where(map.ContainsKey))
            {
                map[field] = Masked(map[field]);
            }

            return RecordParts.With(record, IsKey, null, RecordParts.ToMap(map));
        }

        var original = RecordParts.RequireStruct(value, "masking fields");
        var updated = new Struct(schema);
        foreach (var field in schema.Fields)
        {
            var current = original.Get(field);
            updated.Put(field, _fields.Contains(field.Name) ? Masked(current) : current);
        }

        return RecordParts.With(record, IsKey, schema, updated);
    }

    private object? Masked(object? value)
    {
        var replacement = _replacement;
        try
        {
            return value switch
            {
                null => null,
                bool => false,
                sbyte => replacement is null ? (sbyte)0 : sbyte.Parse(replacement, System.Globalization.CultureInfo.InvariantCulture),
                short => replacement is null ? (short)0 : short.Parse(replacement, System.Globalization.CultureInfo.InvariantCulture),
                int => replacement is null ? 0 : int.Parse(replacement, System.Globalization.CultureInfo.InvariantCulture),
                long => replacement is null ? 0L : long.Parse(replacement, System.Globalization.CultureInfo.InvariantCulture),
                float => replacement is null ? 0f : float.Parse(replacement, System.Globalization.CultureInfo.InvariantCulture),
                double => replacement is null ? 0d : double.Parse(replacement, System.Globalization.CultureInfo.InvariantCulture),
                decimal => replacement is null ? 0m : decimal.Parse(replacement, System.Globalization.CultureInfo.InvariantCulture),
                string => replacement ?? string.Empty,
                DateTime => replacement is null ? DateTime.UnixEpoch : throw new DataException("Cannot mask value of type " + value.GetType().Name + " with custom replacement."),
                System.Collections.IDictionary => replacement is null ? new Dictionary<object, object?>() : throw new DataException("Cannot mask value of type " + value.GetType().Name + " with custom replacement."),
                System.Collections.IList => replacement is null ? new List<object?>() : throw new DataException("Cannot mask value of type " + value.GetType().Name + " with custom replacement."),
                _ => throw new DataException("Cannot mask value of type: " + value.GetType().Name),
            };
        }
        catch (FormatException exception)
        {
            throw new DataException("Unable to convert " + replacement + " (" + replacement?.GetType().Name + ") to number", exception);
        }
    }
}

[PluginName("org.apache.kafka.connect.transforms.MaskField$Key")]
public sealed class MaskFieldKey : MaskField
{
    private protected override bool IsKey => true;
}

[PluginName("org.apache.kafka.connect.transforms.MaskField$Value")]
public sealed class MaskFieldValue : MaskField
{
    private protected override bool IsKey => false;
}
