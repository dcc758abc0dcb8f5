using System.Buffers;
using System.Text.Json;
using Wharf.Connect.Api;
using Wharf.Connect.Api.Config;
using Wharf.Connect.Api.Data;
using Wharf.Connect.Api.Plugins;
using Wharf.SchemaRegistry.Client;
using JsonSchemaDocument = Wharf.JsonSchema.JsonSchema;

namespace Wharf.Connect.Converters.JsonSchema;

/// <summary>
/// Confluent's JsonSchemaConverter: Connect data as JSON in Confluent's wire format, its JSON Schema (see
/// <see cref="JsonSchemaData"/>) registered under the record's subject (JSON). With <c>json.fail.invalid.schema</c>
/// a value that does not validate against its schema is refused.
/// </summary>
[PluginName("io.confluent.connect.json.JsonSchemaConverter")]
public sealed class JsonSchemaConverter : SchemaRegistryConverter<JsonSchemaDocument>
{
    public const string FailInvalidSchemaConfig = "json.fail.invalid.schema";

    private static readonly ConfigDef Definition = new ConfigDef()
        .Define(FailInvalidSchemaConfig, ConfigType.Boolean, false, Importance.Medium, "Whether to fail serialization if the payload is not valid for the schema");

    private JsonSchemaData _data = new(1000);
    private bool _validate;

    protected override ConfigDef FormatConfig => Definition;

    protected override string SchemaType => RegisteredSchema.Json;

    protected override string DisplayName => "JSON";

    protected override void ConfigureFormat(ParsedConfig settings, bool isKey)
    {
        _data = new JsonSchemaData(settings.GetInt(SchemasCacheConfig));
        _validate = settings.GetBoolean(FailInvalidSchemaConfig);
    }

    protected override JsonSchemaDocument FromConnectSchema(Schema schema) => ParseSchema(_data.FromConnectSchema(schema));

    protected override string SchemaText(JsonSchemaDocument schema) => schema.CanonicalString;

    protected override JsonSchemaDocument ParseSchema(string text) =>
        JsonSchemaDocument.TryParse(text, null, out var schema, out var error) ? schema : throw new DataException("Invalid JSON schema: " + error);

    protected override string? RecordName(JsonSchemaDocument schema) =>
        schema.Document.ValueKind == JsonValueKind.Object && schema.Document.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String ? title.GetString() : null;

    protected override void Encode(JsonSchemaDocument schema, Schema connectSchema, object? value, IBufferWriter<byte> payload)
    {
        var node = JsonSchemaData.ValueNode(connectSchema, value);
        using var writer = new Utf8JsonWriter(payload);
        if (node is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            node.WriteTo(writer);
        }

        writer.Flush();
        if (_validate)
        {
            using var written = JsonDocument.Parse(node?.ToJsonString() ?? "null");
            if (!schema.TryValidate(written.RootElement, out var error))
            {
                throw new DataException("Validation error: " + error);
            }
        }
    }

    protected override SchemaAndValue Decode(JsonSchemaDocument schema, int? version, ReadOnlySpan<byte> payload)
    {
        var connectSchema = _data.ToConnectSchema(schema.CanonicalString, version);
        var reader = new Utf8JsonReader(payload);
        JsonElement json;
        try
        {
            json = JsonElement.ParseValue(ref reader);
        }
        catch (JsonException exception)
        {
            throw new DataException("Error deserializing JSON message: " + exception.Message, exception);
        }

        return new SchemaAndValue(connectSchema, JsonSchemaData.ToConnectValue(connectSchema, json));
    }
}
