using System.Text.Json;

namespace Wharf.RestProxy.Formats;

/// <summary>
/// A key or value as it appeared in a request document: the UTF-8 bytes of one JSON value, sliced from the
/// request body without copying, with its token type. Formats turn it into record bytes.
/// </summary>
public readonly record struct RawJson(ReadOnlyMemory<byte> Utf8, JsonTokenType TokenType, bool IsEscapedString)
{
    public bool IsNull => TokenType == JsonTokenType.Null;

    /// <summary>The value of a JSON string token, unescaped; only for <see cref="JsonTokenType.String"/>.</summary>
    public string GetString()
    {
        var reader = new Utf8JsonReader(Utf8.Span);
        reader.Read();
        return reader.GetString() ?? string.Empty;
    }

    public override string ToString() => System.Text.Encoding.UTF8.GetString(Utf8.Span);
}
