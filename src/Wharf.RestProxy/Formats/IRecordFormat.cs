using System.Text.Json;
using Wharf.RestProxy.Http;

namespace Wharf.RestProxy.Formats;

/// <summary>
/// One embedded format of the REST Proxy: how a key or value given as JSON becomes record bytes when producing,
/// and how record bytes are written back as JSON when consuming. Schema-based formats (Avro, JSON Schema,
/// Protobuf) also need the request's schemas: <see cref="PrepareAsync"/> resolves them once per request.
/// </summary>
public interface IRecordFormat
{
    EmbeddedFormat Format { get; }

    /// <summary>Resolves the schemas a produce request names (registering them if needed) into a serializer for its records.</summary>
    ValueTask<IRecordSerializer> PrepareAsync(ProduceSchemas schemas, string topic, CancellationToken cancellationToken);

    /// <summary>
    /// Fetches what <see cref="WriteJson"/> needs for a consumed record (a schema format's schemas, from the
    /// registry), given the schema ids its key and value name (<see cref="SchemaIds"/>); called before each record
    /// is written. Formats without schemas need nothing.
    /// </summary>
    ValueTask PrepareToWriteAsync(int? keySchemaId, int? valueSchemaId, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Writes a consumed key or value (null: JSON null) as the API returns it.</summary>
    void WriteJson(Utf8JsonWriter writer, ReadOnlySpan<byte> data, bool isNull);
}

/// <summary>Serializes the keys and values of one produce request.</summary>
public interface IRecordSerializer
{
    int? KeySchemaId { get; }

    int? ValueSchemaId { get; }

    /// <summary>The record bytes for a key or value; null for JSON null or an absent field. Bad data throws a <see cref="RestException"/>.</summary>
    byte[]? Serialize(RawJson? json, bool isKey);
}

/// <summary>The schema fields of a produce request (key_schema, key_schema_id, value_schema, value_schema_id).</summary>
public sealed record ProduceSchemas(string? KeySchema, int? KeySchemaId, string? ValueSchema, int? ValueSchemaId)
{
    public static ProduceSchemas None { get; } = new(null, null, null, null);

    public bool Any => KeySchema is not null || KeySchemaId is not null || ValueSchema is not null || ValueSchemaId is not null;
}
