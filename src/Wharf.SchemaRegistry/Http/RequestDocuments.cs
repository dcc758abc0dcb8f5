using System.Globalization;
using System.Text.Json;
using Wharf.Http;
using Wharf.SchemaRegistry.Registry;
using Wharf.SchemaRegistry.Storage;

namespace Wharf.SchemaRegistry.Http;

/// <summary>
/// Reads the registry's request bodies as Jackson reads them for the original: malformed JSON is 400 with Jackson's
/// parser message, a value of the wrong shape 400 with its mapping message, unknown fields are ignored (every
/// request entity is ignoreUnknown), and scalars are coerced where Jackson coerces them (a number where a string
/// is expected, a numeric string where an integer is).
/// </summary>
internal static class RequestDocuments
{
    private const string RegisterType = "io.confluent.kafka.schemaregistry.client.rest.entities.requests.RegisterSchemaRequest";
    private const string ReferenceType = "io.confluent.kafka.schemaregistry.client.rest.entities.SchemaReference";
    private const string ConfigType = "io.confluent.kafka.schemaregistry.client.rest.entities.requests.ConfigUpdateRequest";
    private const string ModeType = "io.confluent.kafka.schemaregistry.client.rest.entities.requests.ModeUpdateRequest";

    public static async Task<RegisterRequest> ReadRegisterAsync(HttpContext context)
    {
        using var document = await ReadAsync(context);
        var root = Object(document.RootElement, RegisterType);
        return new RegisterRequest(
            String(root, "schema"),
            String(root, "schemaType"),
            References(root),
            Int(root, "version"),
            Int(root, "id"));
    }

    /// <summary>ConfigUpdateRequest: <c>compatibility</c> and <c>normalize</c>.</summary>
    public static async Task<(string? Compatibility, bool? Normalize)> ReadConfigAsync(HttpContext context)
    {
        using var document = await ReadAsync(context);
        var root = Object(document.RootElement, ConfigType);
        return (String(root, "compatibility"), Bool(root, "normalize"));
    }

    public static async Task<string?> ReadModeAsync(HttpContext context)
    {
        using var document = await ReadAsync(context);
        return String(Object(document.RootElement, ModeType), "mode");
    }

    private static async Task<JsonDocument> ReadAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (bytes.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw RegistryErrors.MalformedJson("No content to map due to end-of-input");
        }

        try
        {
            return JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 1000, AllowTrailingCommas = false });
        }
        catch (JsonException exception)
        {
            throw RegistryErrors.MalformedJson(JsonSyntaxError.Find(bytes.Span) ?? "Cannot deserialize the request body: " + exception.Message);
        }
    }

    private static JsonElement Object(JsonElement element, string type) =>
        element.ValueKind == JsonValueKind.Object ? element : throw WrongType(element, type);

    private static string? String(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Null => null,
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => throw WrongType(value, "java.lang.String"),
        };
    }

    private static int? Int(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
        {
            return number;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString()!;
            return int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw RegistryErrors.MalformedJson($"Cannot deserialize value of type `java.lang.Integer` from String \"{text}\": not a valid `java.lang.Integer` value");
        }

        if (value.ValueKind == JsonValueKind.Number)
        {
            throw RegistryErrors.MalformedJson($"Numeric value ({value.GetRawText()}) out of range of int (-2147483648 - 2147483647)");
        }

        throw WrongType(value, "java.lang.Integer");
    }

    private static bool? Bool(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(value.GetString(), out var parsed) => parsed,
            _ => throw WrongType(value, "java.lang.Boolean"),
        };
    }

    private static List<SchemaReference> References(JsonElement root)
    {
        var references = new List<SchemaReference>();
        if (!root.TryGetProperty("references", out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return references;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            throw WrongType(array, "java.util.ArrayList<" + ReferenceType + ">");
        }

        foreach (var item in array.EnumerateArray())
        {
            var reference = Object(item, ReferenceType);
            references.Add(new SchemaReference(String(reference, "name") ?? string.Empty, String(reference, "subject") ?? string.Empty, Int(reference, "version") ?? 0));
        }

        return references;
    }

    /// <summary>Jackson's "Cannot deserialize value of type `T` from Object value (token `JsonToken.START_OBJECT`)".</summary>
    private static RegistryException WrongType(JsonElement value, string type)
    {
        var (shape, token) = value.ValueKind switch
        {
            JsonValueKind.Object => ("Object", "START_OBJECT"),
            JsonValueKind.Array => ("Array", "START_ARRAY"),
            JsonValueKind.String => ("String", "VALUE_STRING"),
            JsonValueKind.True => ("Boolean", "VALUE_TRUE"),
            JsonValueKind.False => ("Boolean", "VALUE_FALSE"),
            JsonValueKind.Null => ("Null", "VALUE_NULL"),
            _ => value.GetRawText().AsSpan().IndexOfAny('.', 'e', 'E') < 0 ? ("Integer", "VALUE_NUMBER_INT") : ("Floating-point", "VALUE_NUMBER_FLOAT"),
        };
        return RegistryErrors.MalformedJson($"Cannot deserialize value of type `{type}` from {shape} value (token `JsonToken.{token}`)");
    }
}
