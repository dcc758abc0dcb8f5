using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using Wharf.RestProxy.Http;
using Wharf.SchemaRegistry.Client;

namespace Wharf.RestProxy.Formats;

/// <summary>
/// What the schema formats (avro, jsonschema, protobuf) share, as Confluent's SchemaManagerImpl and
/// SchemaRecordSerializerImpl do it: a produce request names its schemas as text (looked up under the topic's
/// subject, <c>{topic}-key</c> / <c>{topic}-value</c>, and registered when the subject lacks it) or by id; records
/// are framed in Confluent's wire format (magic byte, schema id, payload); consumed records have their schemas
/// fetched by id before they are written back as JSON. A format supplies only its parser and its payload codec.
/// </summary>
internal abstract class SchemaRegistryFormat<TSchema>(SchemaRegistryClient registry) : IRecordFormat
    where TSchema : class
{
    /// <summary>Parsed schemas by id; a registered id's schema never changes.</summary>
    private readonly ConcurrentDictionary<int, TSchema> _schemas = new();

    public abstract EmbeddedFormat Format { get; }

    /// <summary>The format's name in the original's messages ("AVRO", "JSONSCHEMA", "PROTOBUF").</summary>
    protected abstract string FormatName { get; }

    /// <summary>The registry's schemaType of this format ("AVRO", "JSON", "PROTOBUF").</summary>
    protected abstract string SchemaType { get; }

    /// <summary>The format as the original's deserializer messages name it ("Avro", "JSON", "Protobuf").</summary>
    protected abstract string DisplayName { get; }

    /// <summary>
    /// Parses schema text with the texts of the schemas it references (their own references first): strictly when a
    /// request gives it (<paramref name="isNew"/>), leniently when the registry already holds it.
    /// </summary>
    protected abstract bool TryParse(string text, IReadOnlyList<ReferencedText> references, bool isNew, [NotNullWhen(true)] out TSchema? schema);

    /// <summary>The text registered for a schema given in a request.</summary>
    protected abstract string CanonicalText(TSchema schema);

    /// <summary>Writes the payload (what follows the magic byte and id) of a datum given as JSON; false with the message of a 400.</summary>
    protected abstract bool TryEncode(TSchema schema, ReadOnlySpan<byte> utf8Json, IBufferWriter<byte> payload, [NotNullWhen(false)] out string? error);

    /// <summary>Writes a consumed payload as JSON; false with the reason it cannot be read.</summary>
    protected abstract bool TryDecode(TSchema schema, ReadOnlySpan<byte> payload, Utf8JsonWriter writer, [NotNullWhen(false)] out string? error);

    public async ValueTask<IRecordSerializer> PrepareAsync(ProduceSchemas schemas, string topic, CancellationToken cancellationToken)
    {
        var key = await ResolveAsync(topic + "-key", schemas.KeySchema, schemas.KeySchemaId, cancellationToken);
        var value = await ResolveAsync(topic + "-value", schemas.ValueSchema, schemas.ValueSchemaId, cancellationToken);
        return new Serializer(this, key, value);
    }

    public async ValueTask PrepareToWriteAsync(int? keySchemaId, int? valueSchemaId, CancellationToken cancellationToken)
    {
        await LoadAsync(keySchemaId, cancellationToken);
        await LoadAsync(valueSchemaId, cancellationToken);
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
            throw new InvalidOperationException("Schema " + Text(id) + " was not loaded before writing: PrepareToWriteAsync must come first.");
        }

        if (!TryDecode(schema, payload, writer, out var error))
        {
            throw Deserialization("Error deserializing " + DisplayName + " message for id " + Text(id) + ": " + error);
        }
    }

    private static RestException Deserialization(string message) => new(408, RestErrorCodes.Serialization, message);

    private static string Text(int id) => id.ToString(CultureInfo.InvariantCulture);

    private async Task LoadAsync(int? schemaId, CancellationToken cancellationToken)
    {
        if (schemaId is not { } id || _schemas.ContainsKey(id))
        {
            return;
        }

        RegisteredSchema registered;
        IReadOnlyList<ReferencedText> references;
        try
        {
            registered = await registry.GetByIdAsync(id, cancellationToken);
            references = await ReferencesOfAsync(registered, cancellationToken);
        }
        catch (SchemaRegistryException exception)
        {
            throw Deserialization("Error retrieving " + DisplayName + " schema for id " + Text(id) + ": " + exception.Message);
        }

        if (registered.SchemaType != SchemaType || !TryParse(registered.Schema, references, isNew: false, out var schema))
        {
            throw Deserialization("Error deserializing " + DisplayName + " message for id " + Text(id) + ": the registry's schema is not a " + SchemaType + " schema that parses");
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
            // Confluent's schema providers answer "no schema" for text that does not parse, which the proxy reports as 42205.
            if (!TryParse(text, [], isNew: true, out var parsed))
            {
                throw new RestException(422, RestErrorCodes.InvalidSchema, "Invalid schema: Error when parsing raw schema. format = " + FormatName + ", schema = " + text);
            }

            var canonical = CanonicalText(parsed);
            try
            {
                var registeredId = await registry.GetOrRegisterAsync(subject, SchemaType, canonical, cancellationToken);
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
            IReadOnlyList<ReferencedText> references;
            try
            {
                registered = await registry.GetByIdAsync(schemaId, cancellationToken);
                references = await ReferencesOfAsync(registered, cancellationToken);
            }
            catch (SchemaRegistryException exception)
            {
                throw SerializationFailed("Error when fetching schema by id. schemaId = " + Text(schemaId), exception);
            }

            if (registered.SchemaType != SchemaType || !TryParse(registered.Schema, references, isNew: false, out var parsed))
            {
                throw new RestException(422, RestErrorCodes.InvalidSchema, "Invalid schema: Error when fetching schema by id. schemaId = " + Text(schemaId) + " is not a " + FormatName + " schema");
            }

            _schemas.TryAdd(schemaId, parsed);
            return new ResolvedSchema(schemaId, parsed);
        }

        return null;
    }

    /// <summary>The texts a registered schema's references resolve to (none for most schemas, without a request).</summary>
    private Task<IReadOnlyList<ReferencedText>> ReferencesOfAsync(RegisteredSchema registered, CancellationToken cancellationToken) =>
        registered.References.Count == 0 ? Task.FromResult<IReadOnlyList<ReferencedText>>([]) : registry.ResolveReferencesAsync(registered, cancellationToken);

    private static RestException SerializationFailed(string cause, SchemaRegistryException exception) =>
        new(422, RestErrorCodes.SerializingFailed, "Error serializing message. " + cause + "\n" + exception.Message);

    private sealed record ResolvedSchema(int Id, TSchema Schema);

    /// <summary>One request's serializer: its records are serialized one after the other, so one buffer serves them all.</summary>
    private sealed class Serializer(SchemaRegistryFormat<TSchema> format, ResolvedSchema? key, ResolvedSchema? value) : IRecordSerializer
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
            if (!format.TryEncode(schema.Schema, datum.Utf8.Span, _buffer, out var error))
            {
                throw RestException.BadRequest(error);
            }

            var framed = ConfluentWireFormat.Allocate(schema.Id, _buffer.WrittenCount);
            _buffer.WrittenSpan.CopyTo(framed.AsSpan(ConfluentWireFormat.HeaderLength));
            return framed;
        }
    }
}
