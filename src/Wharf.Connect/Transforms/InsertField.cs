using Wharf.Connect.Api;
using Wharf.Connect.Api.Config;
using Wharf.Connect.Api.Data;
using Wharf.Connect.Api.Plugins;
using Wharf.Connect.Api.Records;

namespace Wharf.Connect.Transforms;

/// <summary>
/// InsertField: adds the record's topic, partition, offset (sinks), timestamp and/or a static string as fields
/// of the key or value (a struct or a map). A field name ending in '!' is required, '?' (the default) optional.
/// </summary>
public abstract class InsertField : ITransformation
{
    private Spec? _topic;
    private Spec? _partition;
    private Spec? _offset;
    private Spec? _timestamp;
    private Spec? _static;
    private string? _staticValue;

    private protected InsertField()
    {
    }

    private protected abstract bool IsKey { get; }

    public ConfigDef Config { get; } = new ConfigDef()
        .Define("topic.field", ConfigType.String, null, Importance.Medium, "Field name for Kafka topic. Suffix with <code>!</code> to make this a required field, or <code>?</code> to keep it optional (the default).")
        .Define("partition.field", ConfigType.String, null, Importance.Medium, "Field name for Kafka partition. Suffix with <code>!</code> to make this a required field, or <code>?</code> to keep it optional (the default).")
        .Define("offset.field", ConfigType.String, null, Importance.Medium, "Field name for Kafka offset - only applicable to sink connectors.<br/>Suffix with <code>!</code> to make this a required field, or <code>?</code> to keep it optional (the default).")
        .Define("timestamp.field", ConfigType.String, null, Importance.Medium, "Field name for record timestamp. Suffix with <code>!</code> to make this a required field, or <code>?</code> to keep it optional (the default).")
        .Define("static.field", ConfigType.String, null, Importance.Medium, "Field name for static data field. Suffix with <code>!</code> to make this a required field, or <code>?</code> to keep it optional (the default).")
        .Define("static.value", ConfigType.String, null, Importance.Medium, "Static field value, if field name configured.");

    public void Configure(IReadOnlyDictionary<string, string> configs)
    {
        var config = new ParsedConfig(Config, configs);
        _topic = Spec.Parse(config.GetString("topic.field"));
        _partition = Spec.Parse(config.GetString("partition.field"));
        _offset = Spec.Parse(config.GetString("offset.field"));
        _timestamp = Spec.Parse(config.GetString("timestamp.field"));
        _static = Spec.Parse(config.GetString("static.field"));
        _staticValue = config.GetString("static.value");
        if (_topic is null && _partition is null && _offset is null && _timestamp is null && _static is null)
        {
            throw new ConfigException("No field insertion configured");
        }

        if (_static is not null && _staticValue is null)
        {
            throw new ConfigException("static.value", null, "No value specified for static field: " + _static.Name);
        }
    }

    public ConnectRecord? Apply(ConnectRecord record)
    {
        var value = RecordParts.ValueOf(record, IsKey);
        var schema = RecordParts.SchemaOf(record, IsKey);
        if (value is null)
        {
            return record;
        }

        if (_offset is not null && record is not SinkRecord)
        {
            throw new DataException("Offset insertion is only supported for sink connectors, record is of type: " + record.GetType().Name);
        }

        if (schema is null)
        {
            var map = RecordParts.RequireMap(value, "field insertion");
            Put(_topic, record.Topic, (n, v) => map[n] = v);
            Put(_partition, record.KafkaPartition, (n, v) => map[n] = v);
            Put(_offset, (record as SinkRecord)?.KafkaOffset, (n, v) => map[n] = v);
            Put(_timestamp, record.Timestamp, (n, v) => map[n] = v);
            Put(_static, _staticValue, (n, v) => map[n] = v);
            return RecordParts.With(record, IsKey, null, RecordParts.ToMap(map));
        }

        var original = RecordParts.RequireStruct(value, "field insertion");
        var builder = RecordParts.CopyMetadata(schema);
        foreach (var field in schema.Fields)
        {
            builder.Field(field.Name, field.Schema);
        }

        AddField(builder, _topic, Schema.String);
        AddField(builder, _partition, Schema.Int32);
        AddField(builder, _offset, Schema.Int64);
        AddField(builder, _timestamp, ConnectTimestamp.Schema());
        AddField(builder, _static, Schema.String);
        var updatedSchema = builder.Build();
        var updated = new Struct(updatedSchema);
        foreach (var field in schema.Fields)
        {
            updated.Put(field.Name, original.Get(field));
        }

        Put(_topic, record.Topic, (n, v) => updated.Put(n, v));
        Put(_partition, record.KafkaPartition, (n, v) => updated.Put(n, v));
        Put(_offset, (record as SinkRecord)?.KafkaOffset, (n, v) => updated.Put(n, v));
        Put(_timestamp, record.Timestamp is { } ms ? DateTime.UnixEpoch.AddMilliseconds(ms) : null, (n, v) => updated.Put(n, v));
        Put(_static, _staticValue, (n, v) => updated.Put(n, v));
        return RecordParts.With(record, IsKey, updatedSchema, updated);
    }

    private static void AddField(SchemaBuilder builder, Spec? spec, Schema schema)
    {
        if (spec is not null)
        {
            builder.Field(spec.Name, spec.Optional ? SchemaBuilder.From(schema).Optional().Build() : schema);
        }
    }

    private static void Put(Spec? spec, object? value, Action<string, object?> put)
    {
        if (spec is not null && (value is not null || spec.Optional))
        {
            put(spec.Name, value);
        }
    }

    private sealed record Spec(string Name, bool Optional)
    {
        public static Spec? Parse(string? text) => string.IsNullOrEmpty(text) ? null
            : text.EndsWith('!') ? new Spec(text[..^1], false)
            : text.EndsWith('?') ? new Spec(text[..^1], true)
            : new Spec(text, true);
    }
}

[PluginName("org.apache.kafka.connect.transforms.InsertField$Key")]
public sealed class InsertFieldKey : InsertField
{
    private protected override bool IsKey => true;
}

[PluginName("org.apache.kafka.connect.transforms.InsertField$Value")]
public sealed class InsertFieldValue : InsertField
{
    private protected override bool IsKey => false;
}
