using System.Diagnostics.CodeAnalysis;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Wharf.SchemaRegistry.Storage;

/// <summary>
/// Confluent's JSON layouts of the _schemas topic (storage/*Key.java, *Value.java; research notes §4.1). Keys are
/// written with the original's property order, because compaction compares key bytes: SCHEMA
/// <c>{"keytype","subject","version","magic":1}</c>, the others <c>{"keytype","subject","magic":0}</c> with
/// <c>subject</c> left out for the global CONFIG and MODE keys. Reading is lenient: either key magic, a present
/// <c>"subject":null</c> (Karapace), legacy values without <c>subject</c>.
/// </summary>
public static class StoreCodec
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] EncodeKey(StoreKey key) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("keytype", KeyTypeName(key.Type));
        if (key.Subject is not null)
        {
            writer.WriteString("subject", key.Subject);
        }

        if (key.Type == StoreKeyType.Schema)
        {
            writer.WriteNumber("version", key.Version);
        }

        writer.WriteNumber("magic", key.Type == StoreKeyType.Schema ? 1 : 0);
        writer.WriteEndObject();
    });

    public static byte[] EncodeValue(StoreValue value) => Write(writer =>
    {
        writer.WriteStartObject();
        switch (value)
        {
            case SchemaValue { Schema: var schema }:
                writer.WriteString("subject", schema.Subject);
                writer.WriteNumber("version", schema.Version);
                writer.WriteNumber("id", schema.Id);
                if (schema.SchemaType != "AVRO")
                {
                    writer.WriteString("schemaType", schema.SchemaType);
                }

                if (schema.References.Count > 0)
                {
                    writer.WriteStartArray("references");
                    foreach (var reference in schema.References)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("name", reference.Name);
                        writer.WriteString("subject", reference.Subject);
                        writer.WriteNumber("version", reference.Version);
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                }

                writer.WriteString("schema", schema.Schema);
                writer.WriteBoolean("deleted", schema.Deleted);
                break;
            case ConfigValue { Config: var config }:
                if (config.CompatibilityLevel is not null)
                {
                    writer.WriteString("compatibilityLevel", config.CompatibilityLevel);
                }

                if (config.Normalize is { } normalize)
                {
                    writer.WriteBoolean("normalize", normalize);
                }

                break;
            case ModeValue mode:
                writer.WriteString("mode", mode.Mode);
                break;
            case DeleteSubjectValue delete:
                writer.WriteString("subject", delete.Subject);
                writer.WriteNumber("version", delete.Version);
                break;
            case ClearSubjectValue clear:
                writer.WriteString("subject", clear.Subject);
                break;
        }

        writer.WriteEndObject();
    });

    /// <summary>Reads a key; false (with the reason) for a key that is not one of the registry's.</summary>
    public static bool TryDecodeKey(ReadOnlySpan<byte> utf8, [NotNullWhen(true)] out StoreKey? key, [NotNullWhen(false)] out string? error)
    {
        key = null;
        try
        {
            using var document = JsonDocument.Parse(utf8.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("keytype", out var keyType) || keyType.ValueKind != JsonValueKind.String)
            {
                error = "no keytype";
                return false;
            }

            StoreKeyType? type = keyType.GetString() switch
            {
                "SCHEMA" => StoreKeyType.Schema,
                "CONFIG" => StoreKeyType.Config,
                "MODE" => StoreKeyType.Mode,
                "NOOP" => StoreKeyType.Noop,
                "DELETE_SUBJECT" => StoreKeyType.DeleteSubject,
                "CLEAR_SUBJECT" => StoreKeyType.ClearSubject,
                "CONTEXT" => StoreKeyType.Context,
                _ => null,
            };
            if (type is null)
            {
                error = "unknown keytype " + keyType.GetString();
                return false;
            }

            var subject = root.TryGetProperty("subject", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            var version = root.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : 0;
            if (type is StoreKeyType.Schema or StoreKeyType.DeleteSubject or StoreKeyType.ClearSubject && subject is null)
            {
                error = "no subject";
                return false;
            }

            key = new StoreKey(type.Value, subject, type == StoreKeyType.Schema ? version : 0);
            error = null;
            return true;
        }
        catch (JsonException exception)
        {
            error = exception.Message;
            return false;
        }
    }

    /// <summary>Reads the value of <paramref name="key"/>; a null <paramref name="value"/> for a tombstone or a value-less key (NOOP, CONTEXT).</summary>
    public static bool TryDecodeValue(StoreKey key, ReadOnlySpan<byte> utf8, out StoreValue? value, [NotNullWhen(false)] out string? error)
    {
        value = null;
        error = null;
        if (utf8.IsEmpty || key.Type is StoreKeyType.Noop or StoreKeyType.Context)
        {
            return true;
        }

        try
        {
            using var document = JsonDocument.Parse(utf8.ToArray());
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Null)
            {
                return true;
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "the value is not a JSON object";
                return false;
            }

            var subject = String(root, "subject") ?? key.Subject;
            value = key.Type switch
            {
                StoreKeyType.Schema => new SchemaValue(new StoredSchema(
                    key.Subject!,
                    key.Version,
                    Int(root, "id") ?? -1,
                    String(root, "schemaType") ?? "AVRO",
                    String(root, "schema") ?? string.Empty,
                    References(root),
                    root.TryGetProperty("deleted", out var deleted) && deleted.ValueKind == JsonValueKind.True)),
                StoreKeyType.Config => new ConfigValue(new StoredConfig(
                    String(root, "compatibilityLevel"),
                    root.TryGetProperty("normalize", out var normalize) && normalize.ValueKind is JsonValueKind.True or JsonValueKind.False ? normalize.GetBoolean() : null)),
                StoreKeyType.Mode => String(root, "mode") is { } mode ? new ModeValue(mode) : null,
                StoreKeyType.DeleteSubject => new DeleteSubjectValue(subject!, Int(root, "version") ?? 0),
                _ => new ClearSubjectValue(subject!),
            };
            if (value is SchemaValue { Schema.Id: < 0 })
            {
                error = "a SCHEMA value without an id";
                value = null;
                return false;
            }

            return true;
        }
        catch (JsonException exception)
        {
            error = exception.Message;
            return false;
        }
    }

    private static List<SchemaReference> References(JsonElement root)
    {
        var references = new List<SchemaReference>();
        if (root.TryGetProperty("references", out var array) && array.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in array.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object && String(item, "name") is { } name && String(item, "subject") is { } subject && Int(item, "version") is { } version)
                {
                    references.Add(new SchemaReference(name, subject, version));
                }
            }
        }

        return references;
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;

    private static string KeyTypeName(StoreKeyType type) => type switch
    {
        StoreKeyType.Schema => "SCHEMA",
        StoreKeyType.Config => "CONFIG",
        StoreKeyType.Mode => "MODE",
        StoreKeyType.Noop => "NOOP",
        StoreKeyType.DeleteSubject => "DELETE_SUBJECT",
        StoreKeyType.ClearSubject => "CLEAR_SUBJECT",
        _ => "CONTEXT",
    };

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return buffer.ToArray();
    }
}
