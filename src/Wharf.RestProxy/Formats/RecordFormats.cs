using Wharf.RestProxy.Http;

namespace Wharf.RestProxy.Formats;

/// <summary>
/// The embedded formats of this proxy: binary and json always; avro, jsonschema and protobuf once a Schema
/// Registry client adds them (<see cref="Add"/>), until then answering as the original does without one.
/// </summary>
public sealed class RecordFormats
{
    private readonly Dictionary<EmbeddedFormat, IRecordFormat> _formats = new()
    {
        [EmbeddedFormat.Binary] = BinaryFormat.Instance,
        [EmbeddedFormat.Json] = JsonFormat.Instance,
        [EmbeddedFormat.Avro] = new SchemaRegistryMissingFormat(EmbeddedFormat.Avro),
        [EmbeddedFormat.JsonSchema] = new SchemaRegistryMissingFormat(EmbeddedFormat.JsonSchema),
        [EmbeddedFormat.Protobuf] = new SchemaRegistryMissingFormat(EmbeddedFormat.Protobuf),
    };

    public void Add(IRecordFormat format) => _formats[format.Format] = format;

    public IRecordFormat Get(EmbeddedFormat format) =>
        _formats.TryGetValue(format, out var found) ? found : throw new ArgumentOutOfRangeException(nameof(format), format, "not an embedded format");

    /// <summary>False for a schema format while no Schema Registry is configured.</summary>
    public bool IsAvailable(EmbeddedFormat format) => _formats.TryGetValue(format, out var found) && found is not SchemaRegistryMissingFormat;
}
