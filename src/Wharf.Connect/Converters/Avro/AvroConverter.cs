using System.Buffers;
using Wharf.Avro;
using Wharf.Connect.Api;
using Wharf.Connect.Api.Config;
using Wharf.Connect.Api.Data;
using Wharf.Connect.Api.Plugins;
using Wharf.SchemaRegistry.Client;

namespace Wharf.Connect.Converters.Avro;

/// <summary>
/// Confluent's AvroConverter: Connect data as Avro (see <see cref="AvroData"/> for the mapping) in Confluent's wire
/// format, the schema registered under the subject of the record (AVRO). Readable by any Confluent Avro
/// deserializer; reads what they write, the registry's version becoming the Connect schema version.
/// </summary>
[PluginName("io.confluent.connect.avro.AvroConverter")]
public sealed class AvroConverter : SchemaRegistryConverter<AvroSchema>
{
    public const string ConnectMetaDataConfig = "connect.meta.data";
    public const string EnhancedAvroSchemaSupportConfig = "enhanced.avro.schema.support";

    private static readonly ConfigDef Definition = new ConfigDef()
        .Define(ConnectMetaDataConfig, ConfigType.Boolean, true, Importance.Low, "Toggle for enabling/disabling connect converter to add its meta data to the output schema or not")
        .Define(EnhancedAvroSchemaSupportConfig, ConfigType.Boolean, false, Importance.Medium, "Toggle for enabling/disabling enhanced avro schema support: Enum symbol preservation and Package Name awareness")
        .Define("scrub.invalid.names", ConfigType.Boolean, false, Importance.Medium, "Whether to scrub invalid names by replacing invalid characters with valid ones (not supported by Wharf: names are kept)")
        .Define("allow.optional.map.keys", ConfigType.Boolean, false, Importance.Low, "Allow optional string map key when converting from Connect Schema to Avro Schema.")
        .Define("flatten.singleton.unions", ConfigType.Boolean, true, Importance.Low, "Whether to flatten singleton unions. Should be set to true when using S3 Sink Connector.")
        .Define("discard.type.doc.default", ConfigType.Boolean, false, Importance.Low, "Whether to discard the type doc and default when converting from Avro to Connect (not supported by Wharf).");

    private AvroData _data = new(new AvroDataOptions());

    protected override ConfigDef FormatConfig => Definition;

    protected override string SchemaType => RegisteredSchema.Avro;

    protected override string DisplayName => "Avro";

    protected override void ConfigureFormat(ParsedConfig settings, bool isKey) =>
        _data = new AvroData(new AvroDataOptions(settings.GetBoolean(ConnectMetaDataConfig), settings.GetBoolean(EnhancedAvroSchemaSupportConfig), settings.GetInt(SchemasCacheConfig)));

    protected override AvroSchema FromConnectSchema(Schema schema) => _data.FromConnectSchema(schema);

    protected override string SchemaText(AvroSchema schema) => schema.ToCanonicalString();

    protected override AvroSchema ParseSchema(string text) =>
        AvroSchema.TryParse(text, AvroParseOptions.Lenient, null, out var schema, out var error) ? schema : throw new DataException("Invalid Avro schema: " + error);

    protected override string? RecordName(AvroSchema schema) => schema is AvroRecordSchema record ? record.FullName : null;

    protected override void Encode(AvroSchema schema, Schema connectSchema, object? value, IBufferWriter<byte> payload)
    {
        var datum = _data.ToAvroDatum(connectSchema, schema, value);
        if (!AvroBinary.TryEncode(schema, datum, payload, null, out var error))
        {
            throw new DataException(error.ToString());
        }
    }

    protected override SchemaAndValue Decode(AvroSchema schema, int? version, ReadOnlySpan<byte> payload)
    {
        if (!AvroBinary.TryDecode(schema, payload, null, out var datum, out var error))
        {
            throw new DataException("Error deserializing Avro message: " + error);
        }

        var connectSchema = _data.ToConnectSchema(schema, version);
        return new SchemaAndValue(connectSchema, _data.ToConnectValue(connectSchema, schema, datum));
    }
}
