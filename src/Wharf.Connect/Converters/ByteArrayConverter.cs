using Wharf.Connect.Api;
using Wharf.Connect.Api.Config;
using Wharf.Connect.Api.Data;
using Wharf.Connect.Api.Plugins;
using Wharf.Connect.Api.Records;

namespace Wharf.Connect.Converters;

/// <summary>Apache's ByteArrayConverter: bytes pass through unchanged (schema optional BYTES).</summary>
[PluginName("org.apache.kafka.connect.converters.ByteArrayConverter")]
public sealed class ByteArrayConverter : IConverter
{
    public ConfigDef Config { get; } = new();

    public void Configure(IReadOnlyDictionary<string, string> configs, bool isKey)
    {
    }

    public byte[]? FromConnectData(string topic, ConnectHeaders headers, Schema? schema, object? value)
    {
        if (schema is not null && schema.Type != SchemaType.Bytes)
        {
            throw new DataException("Invalid schema type for ByteArrayConverter: " + schema.Type.ToName().ToUpperInvariant());
        }

        return value switch
        {
            null => null,
            byte[] bytes => bytes,
            ReadOnlyMemory<byte> memory => memory.ToArray(),
            _ => throw new DataException("ByteArrayConverter is not compatible with objects of type " + value.GetType()),
        };
    }

    public SchemaAndValue ToConnectData(string topic, ConnectHeaders headers, byte[]? value) => new(Schema.OptionalBytes, value);
}
