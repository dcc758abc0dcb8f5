using System.Buffers;
using System.Text.Json;
using Wharf.Connect.Api;
using Wharf.Connect.Api.Config;
using Wharf.Connect.Api.Data;
using Wharf.Connect.Api.Plugins;
using Wharf.Protobuf;
using Wharf.Protobuf.WireFormat;
using Wharf.SchemaRegistry.Client;

namespace Wharf.Connect.Converters.Protobuf;

/// <summary>
/// Confluent's ProtobufConverter: Connect data as protobuf binary in Confluent's wire format, the .proto schema
/// (see <see cref="ProtobufData"/>) registered under the record's subject (PROTOBUF). A record is the message named
/// after the Connect schema (the file's only top-level message, so its message indexes are <c>[0]</c>); reading
/// follows the message indexes written, so records of any message of a registered schema come back as structs.
/// </summary>
[PluginName("io.confluent.connect.protobuf.ProtobufConverter")]
public sealed class ProtobufConverter : SchemaRegistryConverter<ProtobufSchema>
{
    public const string WrapperForNullablesConfig = "wrapper.for.nullables";
    public const string OptionalForNullablesConfig = "optional.for.nullables";
    public const string EnhancedSchemaSupportConfig = "enhanced.protobuf.schema.support";
    public const string WrapperForRawPrimitivesConfig = "wrapper.for.raw.primitives";

    private static readonly ConfigDef Definition = new ConfigDef()
        .Define(WrapperForNullablesConfig, ConfigType.Boolean, false, Importance.Medium, "Whether nullable fields should use primitive wrapper messages")
        .Define(OptionalForNullablesConfig, ConfigType.Boolean, false, Importance.Medium, "Whether nullable fields should be specified with an optional label")
        .Define(WrapperForRawPrimitivesConfig, ConfigType.Boolean, true, Importance.Medium, "Whether a wrapper message should be interpreted as a raw primitive at the root level")
        .Define(EnhancedSchemaSupportConfig, ConfigType.Boolean, false, Importance.Medium, "Toggle for enabling/disabling enhanced protobuf schema support: package name preservation");

    private ProtobufData _data = new(new ProtobufDataOptions());
    private bool _unwrapRootPrimitives = true;

    protected override ConfigDef FormatConfig => Definition;

    protected override string SchemaType => RegisteredSchema.Protobuf;

    protected override string DisplayName => "Protobuf";

    protected override void ConfigureFormat(ParsedConfig settings, bool isKey)
    {
        _unwrapRootPrimitives = settings.GetBoolean(WrapperForRawPrimitivesConfig);
        _data = new ProtobufData(new ProtobufDataOptions(
            settings.GetBoolean(WrapperForNullablesConfig),
            settings.GetBoolean(OptionalForNullablesConfig),
            settings.GetBoolean(EnhancedSchemaSupportConfig),
            settings.GetInt(SchemasCacheConfig)));
    }

    protected override ProtobufSchema FromConnectSchema(Schema schema) => ParseSchema(_data.FromConnectSchema(schema));

    protected override string SchemaText(ProtobufSchema schema) => schema.CanonicalString;

    protected override ProtobufSchema ParseSchema(string text) =>
        ProtobufSchema.TryParse(text, null, out var schema, out var error) ? schema : throw new DataException("Invalid protobuf schema: " + error);

    protected override string? RecordName(ProtobufSchema schema) => schema.FirstMessage?.FullName;

    protected override void Encode(ProtobufSchema schema, Schema connectSchema, object? value, IBufferWriter<byte> payload)
    {
        value ??= connectSchema.DefaultValue ?? throw new DataException("A null value has no protobuf message");

        // The message named after the Connect schema, else (a registry's latest version) the file's first message.
        var indexes = schema.TryGetIndexes(ProtobufData.MessageFullName(connectSchema), out var found) ? found : [0];
        if (!schema.TryGetMessage(indexes, out var message))
        {
            throw new DataException("The schema has no message to write");
        }

        var json = JsonSerializer.SerializeToElement(ProtobufData.ValueNode(connectSchema, value));
        MessageIndexes.Write(payload, indexes);
        if (!ProtobufJson.TryEncode(message, json, payload, out var error))
        {
            throw new DataException("Error serializing Protobuf message: " + error);
        }
    }

    protected override SchemaAndValue Decode(ProtobufSchema schema, int? version, ReadOnlySpan<byte> payload)
    {
        if (!MessageIndexes.TryRead(payload, out var indexes, out var length))
        {
            throw new DataException("Error deserializing Protobuf message: invalid message indexes");
        }

        if (!schema.TryGetMessage(indexes, out var message))
        {
            throw new DataException("Error deserializing Protobuf message: no message at indexes [" + string.Join(", ", indexes) + "]");
        }

        var json = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(json))
        {
            if (!ProtobufJson.TryDecode(message, payload[length..], writer, out var error))
            {
                throw new DataException("Error deserializing Protobuf message: " + error);
            }
        }

        using var document = JsonDocument.Parse(json.WrittenMemory);
        if (_unwrapRootPrimitives && ProtobufData.UnwrappedRoot(message) is { } primitive)
        {
            return new SchemaAndValue(primitive, ProtobufData.UnwrappedValue(primitive, message, document.RootElement));
        }

        var connectSchema = _data.ToConnectSchema(schema, message, version);
        return new SchemaAndValue(connectSchema, ProtobufData.ToConnectValue(connectSchema, message, document.RootElement));
    }
}
