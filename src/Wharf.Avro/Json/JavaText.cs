using System.Globalization;
using System.Text;

namespace Wharf.Avro.Json;

/// <summary>
/// Text exactly as Avro-Java's Jackson generator writes it: strings escaped with Jackson's default table and numbers
/// as Java's <c>Double.toString</c> / <c>Float.toString</c> print them (shortest round-trip digits; decimal notation
/// for magnitudes in [1e-3, 1e7), otherwise <c>d.dddE[-]n</c>). Non-finite numbers are quoted, as Jackson does
/// with <c>QUOTE_NON_NUMERIC_NUMBERS</c> on.
/// </summary>
internal static class JavaText
{
    private const string HexDigits = "0123456789ABCDEF";

    /// <summary>Longest output: sign, 17 digits, point, leading zeros "0.00", "E-324".</summary>
    public const int MaxNumberLength = 32;

    public static void AppendQuoted(StringBuilder builder, string value)
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
                case '\b':
                    builder.Append("\\b");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\f':
                    builder.Append("\\f");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                default:
                    if (c < 0x20)
                    {
                        builder.Append("\\u00").Append(HexDigits[c >> 4]).Append(HexDigits[c & 0xF]);
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

    public static void AppendDouble(StringBuilder builder, double value)
    {
        Span<char> buffer = stackalloc char[MaxNumberLength];
        var length = FormatDouble(value, buffer);
        if (!double.IsFinite(value))
        {
            builder.Append('"').Append(buffer[..length]).Append('"');
            return;
        }
        builder.Append(buffer[..length]);
    }

    public static void AppendFloat(StringBuilder builder, float value)
    {
        Span<char> buffer = stackalloc char[MaxNumberLength];
        var length = FormatFloat(value, buffer);
        if (!float.IsFinite(value))
        {
            builder.Append('"').Append(buffer[..length]).Append('"');
            return;
        }
        builder.Append(buffer[..length]);
    }

    /// <summary>Java's <c>Double.toString</c> into <paramref name="destination"/>; returns the length.</summary>
    public static int FormatDouble(double value, Span<char> destination)
    {
        if (!double.IsFinite(value))
        {
            return CopyNonFinite(double.IsNaN(value), value < 0, destination);
        }
        Span<char> shortest = stackalloc char[MaxNumberLength];
        value.TryFormat(shortest, out var written, "R", CultureInfo.InvariantCulture);
        return ToJavaNotation(shortest[..written], destination);
    }

    /// <summary>Java's <c>Float.toString</c> into <paramref name="destination"/>; returns the length.</summary>
    public static int FormatFloat(float value, Span<char> destination)
    {
        if (!float.IsFinite(value))
        {
            return CopyNonFinite(float.IsNaN(value), value < 0, destination);
        }
        Span<char> shortest = stackalloc char[MaxNumberLength];
        value.TryFormat(shortest, out var written, "R", CultureInfo.InvariantCulture);
        return ToJavaNotation(shortest[..written], destination);
    }

    private static int CopyNonFinite(bool isNaN, bool negative, Span<char> destination)
    {
        var text = isNaN ? "NaN" : negative ? "-Infinity" : "Infinity";
        text.AsSpan().CopyTo(destination);
        return text.Length;
    }

    /// <summary>Rewrites .NET's shortest round-trip text ("-1.25E-05", "123.5", "1E+21") in Java's notation.</summary>
    private static int ToJavaNotation(ReadOnlySpan<char> shortest, Span<char> destination)
    {
        var negative = shortest[0] == '-';
        if (negative)
        {
            shortest = shortest[1..];
        }
        var exponentAt = shortest.IndexOf('E');
        var mantissa = exponentAt < 0 ? shortest : shortest[..exponentAt];
        var exponent = exponentAt < 0 ? 0 : int.Parse(shortest[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

        // Collect the significant digits and the power of ten of the first one (value = d1.d2d3... * 10^power).
        Span<char> digits = stackalloc char[MaxNumberLength];
        var count = 0;
        var pointAt = mantissa.IndexOf('.');
        var integerDigits = pointAt < 0 ? mantissa.Length : pointAt;
        var power = integerDigits - 1 + exponent;
        var leading = true;
        foreach (var c in mantissa)
        {
            if (c == '.')
            {
                continue;
            }
            if (leading && c == '0')
            {
                power--;
                continue;
            }
            leading = false;
            digits[count++] = c;
        }
        while (count > 1 && digits[count - 1] == '0')
        {
            count--;
        }

        var position = 0;
        if (negative)
        {
            destination[position++] = '-';
        }
        if (count == 0)
        {
            "0.0".AsSpan().CopyTo(destination[position..]);
            return position + 3;
        }
        if (power is >= -3 and < 7)
        {
            if (power < 0)
            {
                destination[position++] = '0';
                destination[position++] = '.';
                for (var i = -1; i > power; i--)
                {
                    destination[position++] = '0';
                }
                digits[..count].CopyTo(destination[position..]);
                return position + count;
            }
            for (var i = 0; i <= power; i++)
            {
                destination[position++] = i < count ? digits[i] : '0';
            }
            destination[position++] = '.';
            if (count > power + 1)
            {
                digits[(power + 1)..count].CopyTo(destination[position..]);
                return position + count - power - 1;
            }
            destination[position++] = '0';
            return position;
        }
        destination[position++] = digits[0];
        destination[position++] = '.';
        if (count > 1)
        {
            digits[1..count].CopyTo(destination[position..]);
            position += count - 1;
        }
        else
        {
            destination[position++] = '0';
        }
        destination[position++] = 'E';
        power.TryFormat(destination[position..], out var exponentLength, default, CultureInfo.InvariantCulture);
        return position + exponentLength;
    }
}
