using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Wharf.Avro;
using Wharf.Avro.Json;
using Wharf.RestProxy.Http;
using Wharf.SchemaRegistry.Client;

namespace Wharf.RestProxy.Formats;

/// <summary>
/// avro: keys and values are Avro datums in Avro's JSON encoding (unions as <c>{"branch": value}</c>), stored in
/// Kafka in Confluent's wire format (magic byte, schema id, Avro binary). A produce request names its schemas as
/// text (looked up under the topic's subject, <c>{topic}-key</c> / <c>{topic}-value</c>, and registered when the
/// subject lacks it) or by id, as Confluent's SchemaManagerImpl does; answers and messages are the original's.
/// </summary>
internal sealed class AvroFormat(SchemaRegistryClient registry) : IRecordFormat
{
    private const string FormatName = "AVRO";

    /// <summary>Parsed schemas by id; a registered id's schema never changes.</summary>
    private readonly ConcurrentDictionary<int, AvroSchema> _schemas = new();

    public EmbeddedFormat Format => EmbeddedFormat.Avro;

    public async ValueTask<IRecordSerializer> PrepareAsync(ProduceSchemas schemas, string topic, CancellationToken cancellationToken)
    {
        var key = await ResolveAsync(topic + "-key", schemas.KeySchema, schemas.KeySchemaId, cancellationToken);
        var value = await ResolveAsync(topic + "-value", schemas.ValueSchema, schemas.ValueSchemaId, cancellationToken);
        return new Serializer(key, value);
    }

    public async ValueTask PrepareToWriteAsync(byte[]? key, byte[]? value, CancellationToken cancellationToken)
    {
        await LoadAsync(key, cancellationToken);
        await LoadAsync(value, cancellationToken);
    }

    public void WriteJson(Utf8JsonWriter writer, ReadOnlySpan<byte> data, bool isNull)
    {
        if (isNull)
        {
            writer.WriteNullValue();
            return;
        }

        if (!ConfluentWireFormat.TryRead(data, out var id, out var payload))
        {
            throw Deserialization("Unknown magic byte!");
        }

        if (!_schemas.TryGetValue(id, out var schema))
        {
            throw new InvalidOperationException("Schema " + id.ToString(CultureInfo.InvariantCulture) + " was not loaded before writing: PrepareToWriteAsync must come first.");
        }

        if (!AvroJson.TryFromBinary(schema, payload, writer, AvroJsonOptions.Avro, out var error))
        {
            throw Deserialization("Error deserializing Avro message for id " + id.ToString(CultureInfo.InvariantCulture) + ": " + error);
        }
    }

    private static RestException Deserialization(string message) => new(408, RestErrorCodes.Serialization, message);

    private async Task LoadAsync(byte[]? data, CancellationToken cancellationToken)
    {
        if (data is null || !ConfluentWireFormat.TryRead(data, out var id, out _) || _schemas.ContainsKey(id))
        {
            return;
        }

        RegisteredSchema registered;
        try
        {
            registered = await registry.GetByIdAsync(id, cancellationToken);
        }
        catch (SchemaRegistryException exception)
        {
            throw Deserialization("Error retrieving Avro schema for id " + id.ToString(CultureInfo.InvariantCulture) + ": " + exception.Message);
        }

        if (!AvroSchema.TryParse(registered.Schema, AvroParseOptions.Lenient, null, out var schema, out var error))
        {
            throw Deserialization("Error deserializing Avro message for id " + id.ToString(CultureInfo.InvariantCulture) + ": the registry's schema does not parse: " + error);
        }

        _schemas.TryAdd(id, schema);
    }

    private async Task<ResolvedSchema?> ResolveAsync(string subject, string? text, int? id, CancellationToken cancellationToken)
    {
        if (text is not null && id is not null)
        {
            throw RestException.BadRequest("Unsupported argument: a schema and a schema id cannot both be given for the same part of a record.");
        }

        if (text is not null)
        {
            // Confluent's AvroSchemaProvider answers "no schema" for text that does not parse, which the proxy reports as 42205.
            if (!AvroSchema.TryParse(text, AvroParseOptions.Confluent, null, out var parsed, out _))
            {
                throw new RestException(422, RestErrorCodes.InvalidSchema, "Invalid schema: Error when parsing raw schema. format = " + FormatName + ", schema = " + text);
            }

            var canonical = parsed.ToCanonicalString();
            try
            {
                var registeredId = await registry.GetOrRegisterAsync(subject, RegisteredSchema.Avro, canonical, cancellationToken);
                _schemas.TryAdd(registeredId, parsed);
                return new ResolvedSchema(registeredId, parsed);
            }
            catch (SchemaRegistryException exception)
            {
                throw SerializationFailed("Error when registering schema. format = " + FormatName + ", subject = " + subject + ", schema = " + canonical, exception);
            }
        }

        if (id is { } schemaId)
        {
            RegisteredSchema registered;
            try
            {
                registered = await registry.GetByIdAsync(schemaId, cancellationToken);
            }
            catch (SchemaRegistryException exception)
            {
                throw SerializationFailed("Error when fetching schema by id. schemaId = " + schemaId.ToString(CultureInfo.InvariantCulture), exception);
            }

            if (registered.SchemaType != RegisteredSchema.Avro || !AvroSchema.TryParse(registered.Schema, AvroParseOptions.Lenient, null, out var parsed, out _))
            {
                throw new RestException(422, RestErrorCodes.InvalidSchema, "Invalid schema: Error when fetching schema by id. schemaId = " + schemaId.ToString(CultureInfo.InvariantCulture) + " is not an " + FormatName + " schema");
            }

            _schemas.TryAdd(schemaId, parsed);
            return new ResolvedSchema(schemaId, parsed);
        }

        return null;
    }

    private static RestException SerializationFailed(string cause, SchemaRegistryException exception) =>
        new(422, RestErrorCodes.SerializingFailed, "Error serializing message. " + cause + "\n" + exception.Message);

    private sealed record ResolvedSchema(int Id, AvroSchema Schema);

    /// <summary>One request's serializer: its records are serialized one after the other, so one buffer serves them all.</summary>
    private sealed class Serializer(ResolvedSchema? key, ResolvedSchema? value) : IRecordSerializer
    {
        private readonly ArrayBufferWriter<byte> _buffer = new();

        public int? KeySchemaId => key?.Id;

        public int? ValueSchemaId => value?.Id;

        public byte[]? Serialize(RawJson? json, bool isKey)
        {
            if (json is not { IsNull: false } datum)
            {
                return null;
            }

            var schema = (isKey ? key : value) ?? throw (isKey
                ? new RestException(422, RestErrorCodes.KeySchemaMissing, "Request includes keys but does not include key schema")
                : new RestException(422, RestErrorCodes.ValueSchemaMissing, "Request includes values but does not include value schema"));

            _buffer.ResetWrittenCount();
            if (!AvroJson.TryToBinary(schema.Schema, datum.Utf8.Span, _buffer, AvroJsonOptions.Avro, out var error))
            {
                throw RestException.BadRequest(error.ToString());
            }

            var framed = ConfluentWireFormat.Allocate(schema.Id, _buffer.WrittenCount);
            _buffer.WrittenSpan.CopyTo(framed.AsSpan(ConfluentWireFormat.HeaderLength));
            return framed;
        }
    }
}
