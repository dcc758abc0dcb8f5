using Wharf.Connect.Api.Config;
using Wharf.Connect.Api.Data;
using Wharf.Connect.Api.Plugins;
using Wharf.Connect.Api.Records;

namespace Wharf.Connect.Transforms;

/// <summary>
/// HeaderFrom: copies or moves (<c>operation</c>) the key/value fields named in <c>fields</c> into headers named by
/// the same position of <c>headers</c>, with the field's schema (no schema for schemaless maps).
/// </summary>
public abstract class HeaderFrom : ITransformation
{
    private readonly Dictionary<Schema, Schema> _movedSchemas = [];
    private IReadOnlyList<string> _fields = [];
    private IReadOnlyList<string> _headers = [];
    private bool _move;
    private bool _replaceNullWithDefault = true;

    private protected HeaderFrom()
    {
    }

    private protected abstract bool IsKey { get; }

    private static IConfigValidator NonEmptyList => ConfigValidators.From((_, v) => v is IReadOnlyList<string> { Count: > 0 } ? null : "Empty list is not allowed", "non-empty list");

    public ConfigDef Config { get; } = new ConfigDef()
        .DefineRequired("fields", ConfigType.List, NonEmptyList, Importance.High, "Field names in the record whose values are to be copied or moved to headers.")
        .DefineRequired("headers", ConfigType.List, NonEmptyList, Importance.High, "Header names, in the same order as the field names listed in the fields configuration property.")
        .DefineRequired("operation", ConfigType.String, ConfigValidators.OneOf("move", "copy"), Importance.High, "Either <code>move</code> if the fields are to be moved to the headers (removed from the key/value), or <code>copy</code> if the fields are to be copied to the headers (retained in the key/value).")
        .Define("replace.null.with.default", ConfigType.Boolean, true, Importance.Medium, "Whether to replace fields that have a default value and that are null to the default value. When set to true, the default value is used, otherwise null is used.");

    public void Configure(IReadOnlyDictionary<string, string> configs)
    {
        var config = new ParsedConfig(Config, configs);
        _fields = config.GetList("fields");
        _headers = config.GetList("headers");
        if (_fields.Count != _headers.Count)
        {
            throw new ConfigException("'fields' config must have the same number of elements as 'headers' config.");
        }

        _move = config.GetString("operation") == "move";
        _replaceNullWithDefault = config.GetBoolean("replace.null.with.default");
        lock (_movedSchemas)
        {
            _movedSchemas.Clear();
        }
    }

    public ConnectRecord? Apply(ConnectRecord record)
    {
        var schema = RecordParts.SchemaOf(record, IsKey);
        var value = RecordParts.ValueOf(record, IsKey);
        var purpose = "header " + (_move ? "move" : "copy");
        var headers = record.Headers.Duplicate();
        Schema? updatedSchema;
        object? updatedValue;
        if (schema is null)
        {
            var map = RecordParts.RequireMap(value, purpose);
            var updated = new Dictionary<string, object?>(map, StringComparer.Ordinal);
            for (var i = 0; i < _fields.Count; i++)
            {
                if (_move)
                {
                    updated.Remove(_fields[i]);
                }

                headers.Add(_headers[i], null, map.GetValueOrDefault(_fields[i]));
            }

            updatedSchema = null;
            updatedValue = RecordParts.ToMap(updated);
        }
        else
        {
            var s = RecordParts.RequireStruct(value, purpose);
            if (_move)
            {
                updatedSchema = MovedSchema(schema);
                var moved = new Struct(updatedSchema);
                foreach (var field in updatedSchema.Fields)
                {
                    moved.Put(field, FieldValue(s, field.Name));
                }

                updatedValue = moved;
            }
            else
            {
                updatedSchema = schema;
                updatedValue = s;
            }

            for (var i = 0; i < _fields.Count; i++)
            {
                var field = schema.Field(_fields[i]) ?? throw new Api.DataException(_fields[i] + " is not a valid field name");
                headers.Add(_headers[i], field.Schema, FieldValue(s, field.Name));
            }
        }

        return IsKey
            ? record.NewRecord(record.Topic, record.KafkaPartition, updatedSchema, updatedValue, record.ValueSchema, record.Value, record.Timestamp, headers)
            : record.NewRecord(record.Topic, record.KafkaPartition, record.KeySchema, record.Key, updatedSchema, updatedValue, record.Timestamp, headers);
    }

    private object? FieldValue(Struct value, string name) => _replaceNullWithDefault ? value.Get(name) : value.GetWithoutDefault(name);

    private Schema MovedSchema(Schema schema)
    {
        lock (_movedSchemas)
        {
            if (!_movedSchemas.TryGetValue(schema, out var moved))
            {
                var builder = RecordParts.CopyMetadata(schema);
                foreach (var field in schema.Fields.Where(f => !_fields.Contains(f.Name)))
                {
                    builder.Field(field.Name, field.Schema);
                }

                moved = builder.Build();
                _movedSchemas[schema] = moved;
            }

            return moved;
        }
    }
}

[PluginName("org.apache.kafka.connect.transforms.HeaderFrom$Key")]
public sealed class HeaderFromKey : HeaderFrom
{
    private protected override bool IsKey => true;
}

[PluginName("org.apache.kafka.connect.transforms.HeaderFrom$Value")]
public sealed class HeaderFromValue : HeaderFrom
{
    private protected override bool IsKey => false;
}
