using Wharf.RestProxy.Http;

namespace Wharf.RestProxy.Formats;

/// <summary>The embedded formats this proxy can serve; the schema-based ones are added when a Schema Registry is configured.</summary>
public sealed class RecordFormats
{
    private readonly Dictionary<EmbeddedFormat, IRecordFormat> _formats = new()
    {
        [EmbeddedFormat.Binary] = BinaryFormat.Instance,
        [EmbeddedFormat.Json] = JsonFormat.Instance,
    };

    public void Add(IRecordFormat format) => _formats[format.Format] = format;

    /// <summary>The format, or the original's 42207 answer when it needs a Schema Registry the proxy does not have.</summary>
    public IRecordFormat Get(EmbeddedFormat format) =>
        _formats.TryGetValue(format, out var found)
            ? found
            : throw new RestException(422, RestErrorCodes.SerializingFailed, "Error serializing message. Schema Registry not configured: the " + MediaType.FormatName(format) + " format needs schema.registry.url.");

    public bool IsAvailable(EmbeddedFormat format) => _formats.ContainsKey(format);
}
