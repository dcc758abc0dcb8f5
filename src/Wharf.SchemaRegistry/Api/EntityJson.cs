using System.Text.Json;
using Wharf.SchemaRegistry.Storage;

namespace Wharf.SchemaRegistry.Api;

/// <summary>
/// The original's response entities (client rest/entities), written with Jackson's NON_EMPTY rule: null and empty
/// fields are left out, and so is <c>schemaType</c> for AVRO, as before Confluent 8.0.
/// </summary>
internal static class EntityJson
{
    /// <summary>Schema: subject, version, id, schemaType, references, schema.</summary>
    public static void Schema(Utf8JsonWriter writer, StoredSchema schema)
    {
        writer.WriteStartObject();
        writer.WriteString("subject", schema.Subject);
        writer.WriteNumber("version", schema.Version);
        writer.WriteNumber("id", schema.Id);
        TypeReferencesAndText(writer, schema.SchemaType, schema.References, schema.Schema);
        writer.WriteEndObject();
    }

    /// <summary>SchemaString (GET /schemas/ids/{id}): schemaType, schema, references, and maxId when asked for.</summary>
    public static void SchemaString(Utf8JsonWriter writer, SchemaIdentity identity, int? maxId)
    {
        writer.WriteStartObject();
        if (identity.SchemaType != "AVRO")
        {
            writer.WriteString("schemaType", identity.SchemaType);
        }

        writer.WriteString("schema", identity.Schema);
        References(writer, identity.References);
        if (maxId is { } max)
        {
            writer.WriteNumber("maxId", max);
        }

        writer.WriteEndObject();
    }

    public static void Strings(Utf8JsonWriter writer, IEnumerable<string> values)
    {
        writer.WriteStartArray();
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    public static void Numbers(Utf8JsonWriter writer, IEnumerable<int> values)
    {
        writer.WriteStartArray();
        foreach (var value in values)
        {
            writer.WriteNumberValue(value);
        }

        writer.WriteEndArray();
    }

    /// <summary>A one-field object, e.g. {"mode":"READONLY"} or {"id":1}.</summary>
    public static Action<Utf8JsonWriter> Field(string name, string value) => writer =>
    {
        writer.WriteStartObject();
        writer.WriteString(name, value);
        writer.WriteEndObject();
    };

    /// <summary>Config (GET) is {"compatibilityLevel"}, ConfigUpdateRequest (PUT) {"compatibility"}; normalize when set.</summary>
    public static Action<Utf8JsonWriter> Config(string levelField, string level, bool? normalize) => writer =>
    {
        writer.WriteStartObject();
        writer.WriteString(levelField, level);
        if (normalize is { } value)
        {
            writer.WriteBoolean("normalize", value);
        }

        writer.WriteEndObject();
    };

    private static void TypeReferencesAndText(Utf8JsonWriter writer, string schemaType, IReadOnlyList<SchemaReference> references, string text)
    {
        if (schemaType != "AVRO")
        {
            writer.WriteString("schemaType", schemaType);
        }

        References(writer, references);
        writer.WriteString("schema", text);
    }

    private static void References(Utf8JsonWriter writer, IReadOnlyList<SchemaReference> references)
    {
        if (references.Count == 0)
        {
            return;
        }

        writer.WriteStartArray("references");
        foreach (var reference in references)
        {
            writer.WriteStartObject();
            writer.WriteString("name", reference.Name);
            writer.WriteString("subject", reference.Subject);
            writer.WriteNumber("version", reference.Version);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
