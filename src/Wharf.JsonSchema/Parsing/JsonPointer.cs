using System.Text.Json;

namespace Wharf.JsonSchema.Parsing;

/// <summary>RFC 6901 pointers, the fragment form of a <c>$ref</c> (<c>#/definitions/a~1b</c>).</summary>
internal static class JsonPointer
{
    public static string Append(string pointer, string token) =>
        pointer + "/" + token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>Walks <paramref name="pointer"/> (already percent-decoded) from <paramref name="root"/>.</summary>
    public static bool TryResolve(JsonElement root, string pointer, out JsonElement found)
    {
        found = root;
        if (pointer.Length == 0)
        {
            return true;
        }
        if (pointer[0] != '/')
        {
            return false;
        }
        foreach (var raw in pointer[1..].Split('/'))
        {
            var token = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (found.ValueKind == JsonValueKind.Object && found.TryGetProperty(token, out var child))
            {
                found = child;
            }
            else if (found.ValueKind == JsonValueKind.Array && int.TryParse(token, out var index)
                && index >= 0 && index < found.GetArrayLength())
            {
                found = found[index];
            }
            else
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>URI fragments may percent-encode characters (<c>%25</c>, <c>%20</c>).</summary>
    public static string DecodeFragment(string fragment)
    {
        if (!fragment.Contains('%', StringComparison.Ordinal))
        {
            return fragment;
        }
        try
        {
            return Uri.UnescapeDataString(fragment);
        }
        catch (UriFormatException)
        {
            return fragment;
        }
    }

    /// <summary>How a location is named in error messages (<c>#/properties/a</c>), as everit names it.</summary>
    public static string Describe(string pointer) => "#" + pointer;
}
