using System.Text.Json;
using Wharf.RestProxy.Http;

namespace Wharf.RestProxy.Formats;

/// <summary>
/// A schema format (avro, jsonschema, protobuf) while the proxy has no Schema Registry, answering as the original
/// does with schema.registry.url empty: a produce request that names a schema is 422/42206 (its
/// SchemaManagerThrowing), one that names none fails serializing its records, 422/42207 (its
/// SchemaRecordSerializerThrowing).
/// </summary>
internal sealed class SchemaRegistryMissingFormat(EmbeddedFormat format) : IRecordFormat
{
    public EmbeddedFormat Format { get; } = format;

    public ValueTask<IRecordSerializer> PrepareAsync(ProduceSchemas schemas, string topic, CancellationToken cancellationToken) =>
        throw (schemas.Any
            ? new RestException(422, RestErrorCodes.SchemaRegistryRequired, "Payload error. Schema Registry must be configured when using schemas.")
            : NotConfigured());

    public void WriteJson(Utf8JsonWriter writer, ReadOnlySpan<byte> data, bool isNull) => throw NotConfigured();

    /// <summary>42207: the format needs a Schema Registry client; also the answer to creating a consumer of this format.</summary>
    public static RestException NotConfigured() =>
        new(422, RestErrorCodes.SerializingFailed, "Error serializing message. Schema Registry not defined, no Schema Registry client available to serialize message.");
}
