using System.Text;
using Wharf.Connect.Api;
using Wharf.Connect.Api.Config;
using Wharf.Connect.Api.Data;
using Wharf.Connect.Api.Plugins;
using Wharf.Connect.Api.Records;

namespace Wharf.Connect.Converters;

/// <summary>Apache's StringConverter: writes the value's text (UTF-8 by default, <c>converter.encoding</c>), reads an optional STRING.</summary>
[PluginName("org.apache.kafka.connect.storage.StringConverter")]
public sealed class StringConverter : IConverter
{
    private static readonly ConfigDef Definition = new ConfigDef()
        .Define("converter.encoding", ConfigType.String, "UTF8", null, Importance.High, "The name of the Java character set to use for encoding strings as byte arrays.", "Converter", 0, Width.Medium, "Character encoding");

    private static readonly SchemaAndValue NullString = new(Schema.OptionalString, null);

    private Encoding _encoding = new UTF8Encoding(false);

    public ConfigDef Config => Definition;

    public void Configure(IReadOnlyDictionary<string, string> configs, bool isKey)
    {
        var name = configs.GetValueOrDefault("converter.encoding") ?? "UTF8";
        try
        {
            _encoding = name.Replace("-", string.Empty, StringComparison.Ordinal).Equals("UTF8", StringComparison.OrdinalIgnoreCase) ? new UTF8Encoding(false) : Encoding.GetEncoding(name);
        }
        catch (ArgumentException exception)
        {
            throw new ConfigException("converter.encoding", name, "Unknown character set: " + exception.Message);
        }
    }

    public byte[]? FromConnectData(string topic, ConnectHeaders headers, Schema? schema, object? value) =>
        value is null ? null : _encoding.GetBytes(value as string ?? ValueEquality.Format(value));

    public SchemaAndValue ToConnectData(string topic, ConnectHeaders headers, byte[]? value) => ToConnectData(topic, headers, value, value is null);

    public SchemaAndValue ToConnectData(string topic, ConnectHeaders headers, ReadOnlySpan<byte> value, bool isNull)
    {
        if (isNull)
        {
            return NullString;
        }

        try
        {
            return new SchemaAndValue(Schema.OptionalString, _encoding.GetString(value));
        }
        catch (DecoderFallbackException exception)
        {
            throw new DataException("Failed to deserialize string: " + exception.Message, exception);
        }
    }
}
