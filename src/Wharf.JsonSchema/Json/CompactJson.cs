using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Wharf.JsonSchema.Json;

/// <summary>
/// Writes JSON the way Jackson's default writer does (Confluent's canonical JSON Schema text): no whitespace,
/// numbers as written, only <c>"</c>, <c>\</c> and control characters escaped (non-ASCII kept as is).
/// With <c>sortKeys</c>, object members are ordered by key, as Confluent's normalizer's sorted node factory does.
/// </summary>
internal static class CompactJson
{
    public static string Write(JsonElement element, bool sortKeys)
    {
        var builder = new StringBuilder();
        Append(builder, element, sortKeys);
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, JsonElement element, bool sortKeys)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                builder.Append('{');
                var members = element.EnumerateObject().ToList();
                if (sortKeys)
                {
                    members.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
                }
                else
                {
                    // Jackson's ObjectNode keeps the last of duplicate keys, at the first one's position.
                    members = Deduplicate(members);
                }
                for (var i = 0; i < members.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }
                    AppendString(builder, members[i].Name);
                    builder.Append(':');
                    Append(builder, members[i].Value, sortKeys);
                }
                builder.Append('}');
                break;
            case JsonValueKind.Array:
                builder.Append('[');
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!first)
                    {
                        builder.Append(',');
                    }
                    first = false;
                    Append(builder, item, sortKeys);
                }
                builder.Append(']');
                break;
            case JsonValueKind.String:
                AppendString(builder, element.GetString()!);
                break;
            default:
                builder.Append(element.GetRawText());
                break;
        }
    }

    private static List<JsonProperty> Deduplicate(List<JsonProperty> members)
    {
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new List<JsonProperty>(members.Count);
        foreach (var member in members)
        {
            if (positions.TryGetValue(member.Name, out var at))
            {
                result[at] = member;
            }
            else
            {
                positions[member.Name] = result.Count;
                result.Add(member);
            }
        }
        return result;
    }

    public static void AppendString(StringBuilder builder, string value)
    {
        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                case '\b':
                    builder.Append("\\b");
                    break;
                case '\f':
                    builder.Append("\\f");
                    break;
                default:
                    if (c < 0x20)
                    {
                        builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }
                    break;
            }
        }
        builder.Append('"');
    }
}
