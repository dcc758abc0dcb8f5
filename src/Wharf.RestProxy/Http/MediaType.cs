namespace Wharf.RestProxy.Http;

/// <summary>The embedded formats of the REST Proxy: how keys and values travel inside the JSON documents.</summary>
public enum EmbeddedFormat
{
    /// <summary>No embedded data (metadata and consumer management).</summary>
    None,
    Binary,
    Json,
    Avro,
    JsonSchema,
    Protobuf,
}

/// <summary>
/// A REST Proxy content type, <c>application/vnd.kafka[.format].v1|v2+json</c>, reduced to what the API cares
/// about: the embedded format and the API version (1 for the legacy v1 flows, 2 otherwise).
/// </summary>
public readonly record struct MediaType(EmbeddedFormat Format, int ApiVersion)
{
    public const string Json = "application/json";

    public static MediaType V2 => new(EmbeddedFormat.None, 2);

    public static MediaType V1 => new(EmbeddedFormat.None, 1);

    public override string ToString() =>
        "application/vnd.kafka" + (Format == EmbeddedFormat.None ? string.Empty : "." + FormatName(Format)) + ".v" + ApiVersion + "+json";

    /// <summary>Reads a vnd.kafka content type (parameters such as charset are ignored); false for anything else.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out MediaType mediaType)
    {
        mediaType = default;
        var semicolon = text.IndexOf(';');
        if (semicolon >= 0)
        {
            text = text[..semicolon];
        }

        text = text.Trim();
        const string prefix = "application/vnd.kafka.";
        const string suffix = "+json";
        if (!text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || !text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var middle = text[prefix.Length..^suffix.Length];
        var dot = middle.LastIndexOf('.');
        var version = dot < 0 ? middle : middle[(dot + 1)..];
        var apiVersion = version.Equals("v2", StringComparison.OrdinalIgnoreCase) ? 2 : version.Equals("v1", StringComparison.OrdinalIgnoreCase) ? 1 : 0;
        if (apiVersion == 0)
        {
            return false;
        }

        if (dot < 0)
        {
            mediaType = new MediaType(EmbeddedFormat.None, apiVersion);
            return true;
        }

        if (!TryParseFormat(middle[..dot], out var format) || format == EmbeddedFormat.None)
        {
            return false;
        }

        mediaType = new MediaType(format, apiVersion);
        return true;
    }

    /// <summary>The format names of the API ("binary", "json", "avro", "jsonschema", "protobuf"), case-insensitive.</summary>
    public static bool TryParseFormat(ReadOnlySpan<char> name, out EmbeddedFormat format)
    {
        format = name switch
        {
            _ when name.Equals("binary", StringComparison.OrdinalIgnoreCase) => EmbeddedFormat.Binary,
            _ when name.Equals("json", StringComparison.OrdinalIgnoreCase) => EmbeddedFormat.Json,
            _ when name.Equals("avro", StringComparison.OrdinalIgnoreCase) => EmbeddedFormat.Avro,
            _ when name.Equals("jsonschema", StringComparison.OrdinalIgnoreCase) => EmbeddedFormat.JsonSchema,
            _ when name.Equals("protobuf", StringComparison.OrdinalIgnoreCase) => EmbeddedFormat.Protobuf,
            _ => EmbeddedFormat.None,
        };
        return format != EmbeddedFormat.None;
    }

    public static string FormatName(EmbeddedFormat format) => format switch
    {
        EmbeddedFormat.Binary => "binary",
        EmbeddedFormat.Json => "json",
        EmbeddedFormat.Avro => "avro",
        EmbeddedFormat.JsonSchema => "jsonschema",
        EmbeddedFormat.Protobuf => "protobuf",
        _ => string.Empty,
    };
}
