using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Wharf.JsonSchema.Json;

/// <summary>
/// Writes JSON the way Confluent's Jackson mapper does (its canonical JSON Schema text): no whitespace, integers
/// as written, other numbers as Java's BigDecimal prints them (the mapper reads floats as BigDecimal), only
/// <c>"</c>, <c>\</c> and control characters escaped (non-ASCII kept as is).
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
            case JsonValueKind.Number:
                AppendNumber(builder, element.GetRawText());
                break;
            default:
                builder.Append(element.GetRawText());
                break;
        }
    }

    /// <summary>
    /// Java's BigDecimal.toString for a JSON number with a fraction or exponent: the unscaled digits and scale are
    /// kept ("1.50" stays), and scientific notation is used when the scale is negative or the adjusted exponent is
    /// below -6 ("1e2" prints "1E+2").
    /// </summary>
    internal static void AppendNumber(StringBuilder builder, string raw)
    {
        var exponentAt = raw.IndexOfAny(['e', 'E']);
        var dot = raw.IndexOf('.', StringComparison.Ordinal);
        if (exponentAt < 0 && dot < 0)
        {
            builder.Append(raw);
            return;
        }
        var mantissa = exponentAt < 0 ? raw : raw[..exponentAt];
        var exponent = exponentAt < 0 ? 0 : int.Parse(raw.AsSpan(exponentAt + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var negative = mantissa.StartsWith('-');
        if (negative)
        {
            mantissa = mantissa[1..];
        }
        var fraction = dot < 0 ? "" : mantissa[(mantissa.IndexOf('.', StringComparison.Ordinal) + 1)..];
        var digits = mantissa.Replace(".", "", StringComparison.Ordinal).TrimStart('0');
        if (digits.Length == 0)
        {
            digits = "0";
            negative = false;
        }
        var scale = fraction.Length - exponent;
        var adjusted = -scale + (digits.Length - 1);
        if (negative)
        {
            builder.Append('-');
        }
        if (scale >= 0 && adjusted >= -6)
        {
            if (scale == 0)
            {
                builder.Append(digits);
            }
            else if (digits.Length > scale)
            {
                builder.Append(digits.AsSpan(0, digits.Length - scale)).Append('.').Append(digits.AsSpan(digits.Length - scale));
            }
            else
            {
                builder.Append("0.").Append('0', scale - digits.Length).Append(digits);
            }
            return;
        }
        builder.Append(digits[0]);
        if (digits.Length > 1)
        {
            builder.Append('.').Append(digits.AsSpan(1));
        }
        builder.Append('E').Append(adjusted >= 0 ? "+" : "").Append(adjusted.ToString(CultureInfo.InvariantCulture));
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
