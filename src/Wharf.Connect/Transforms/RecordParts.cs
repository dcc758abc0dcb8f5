using Wharf.Connect.Api;
using Wharf.Connect.Api.Data;
using Wharf.Connect.Api.Records;

namespace Wharf.Connect.Transforms;

/// <summary>Reads and replaces the key or the value of a record, for the transformations with $Key and $Value variants.</summary>
internal static class RecordParts
{
    public static Schema? SchemaOf(ConnectRecord record, bool key) => key ? record.KeySchema : record.ValueSchema;

    public static object? ValueOf(ConnectRecord record, bool key) => key ? record.Key : record.Value;

    public static ConnectRecord With(ConnectRecord record, bool key, Schema? schema, object? value) =>
        key
            ? record.NewRecord(record.Topic, record.KafkaPartition, schema, value, record.ValueSchema, record.Value, record.Timestamp)
            : record.NewRecord(record.Topic, record.KafkaPartition, record.KeySchema, record.Key, schema, value, record.Timestamp);

    /// <summary>A schemaless value as a string-keyed map (Apache's requireMap), or a DataException naming the transformation.</summary>
    public static Dictionary<string, object?> RequireMap(object? value, string purpose) =>
        value is IDictionary<object, object?> map
            ? map.ToDictionary(kv => kv.Key as string ?? throw new DataException("Only Map objects with string keys supported for [" + purpose + "]"), kv => kv.Value, StringComparer.Ordinal)
            : value is IDictionary<string, object?> typed ? new Dictionary<string, object?>(typed, StringComparer.Ordinal)
            : throw new DataException("Only Map objects supported in absence of schema for [" + purpose + "], found: " + (value?.GetType().Name ?? "null"));

    public static Struct RequireStruct(object? value, string purpose) =>
        value as Struct ?? throw new DataException("Only Struct objects supported for [" + purpose + "], found: " + (value?.GetType().Name ?? "null"));

    /// <summary>A string-keyed map as the Connect map value transformations hand on.</summary>
    public static Dictionary<object, object?> ToMap(Dictionary<string, object?> map) => map.ToDictionary(kv => (object)kv.Key, kv => kv.Value);

    /// <summary>A struct schema builder with the same metadata as <paramref name="schema"/> and no fields yet.</summary>
    public static SchemaBuilder CopyMetadata(Schema schema)
    {
        var builder = SchemaBuilder.Struct();
        if (schema.Name is not null)
        {
            builder.Name(schema.Name);
        }

        if (schema.Version is { } version)
        {
            builder.Version(version);
        }

        if (schema.Doc is not null)
        {
            builder.Doc(schema.Doc);
        }

        if (schema.IsOptional)
        {
            builder.Optional();
        }

        return builder;
    }
}
