using System.Globalization;

namespace Wharf.RestProxy.Formats;

/// <summary>
/// Java's Double.toString (the JDK 19+ specification, which Jackson uses to write a double): the shortest decimal
/// that reads back as the same double, but at least two digits long; written plainly with at least one fraction
/// digit when 10^-3 ≤ |d| &lt; 10^7 (100.0, 0.001), otherwise as d.dddE±n (1.0E7, 1.5E-4). Jackson writes the
/// non-finite values as the quoted strings "Infinity" and "-Infinity".
/// </summary>
internal static class JavaDouble
{
    /// <summary>Writes <paramref name="value"/> into <paramref name="destination"/> (32 bytes suffice); returns the length.</summary>
    public static int Format(double value, Span<byte> destination)
    {
        if (double.IsInfinity(value))
        {
            var text = value > 0 ? "\"Infinity\""u8 : "\"-Infinity\""u8;
            text.CopyTo(destination);
            return text.Length;
        }

        var length = 0;
        if (double.IsNegative(value))
        {
            destination[length++] = (byte)'-';
            value = -value;
        }

        if (value == 0)
        {
            "0.0"u8.CopyTo(destination[length..]);
            return length + 3;
        }

        Span<byte> digits = stackalloc byte[24];
        var count = ShortestDigits(value, digits, out var exponent);

        // The value is 0.d1d2...dn × 10^(exponent+1), i.e. d1.d2...dn × 10^exponent.
        if (exponent is >= -3 and < 7)
        {
            if (exponent >= 0)
            {
                for (var i = 0; i <= exponent; i++)
                {
                    destination[length++] = i < count ? digits[i] : (byte)'0';
                }

                destination[length++] = (byte)'.';
                if (count > exponent + 1)
                {
                    digits[(exponent + 1)..count].CopyTo(destination[length..]);
                    length += count - exponent - 1;
                }
                else
                {
                    destination[length++] = (byte)'0';
                }
            }
            else
            {
                destination[length++] = (byte)'0';
                destination[length++] = (byte)'.';
                for (var i = exponent; i < -1; i++)
                {
                    destination[length++] = (byte)'0';
                }

                digits[..count].CopyTo(destination[length..]);
                length += count;
            }

            return length;
        }

        destination[length++] = digits[0];
        destination[length++] = (byte)'.';
        if (count > 1)
        {
            digits[1..count].CopyTo(destination[length..]);
            length += count - 1;
        }
        else
        {
            destination[length++] = (byte)'0';
        }

        destination[length++] = (byte)'E';
        exponent.TryFormat(destination[length..], out var written, provider: CultureInfo.InvariantCulture);
        return length + written;
    }

    /// <summary>
    /// The significant digits of the shortest round-tripping decimal (.NET's "R" is shortest), or, when that has a
    /// single digit, of the closest two-digit decimal (Java's rule: 4.9E-324, not 5E-324); trailing zeros removed.
    /// </summary>
    private static int ShortestDigits(double value, Span<byte> digits, out int exponent)
    {
        Span<char> text = stackalloc char[32];
        value.TryFormat(text, out var written, "R", CultureInfo.InvariantCulture);
        var count = Digits(text[..written], digits, out exponent);
        if (count == 1)
        {
            value.TryFormat(text, out written, "E1", CultureInfo.InvariantCulture);
            count = Digits(text[..written], digits, out exponent);
        }

        return count;
    }

    /// <summary>Reads "123.45", "1.2E+20" or "1E-05" into significant digits and the decimal exponent of the first one.</summary>
    private static int Digits(ReadOnlySpan<char> text, Span<byte> digits, out int exponent)
    {
        var e = text.IndexOfAny('E', 'e');
        var mantissa = e < 0 ? text : text[..e];
        var power = e < 0 ? 0 : int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.');
        var integerDigits = point < 0 ? mantissa.Length : point;
        var count = 0;
        var leadingZeros = 0;
        foreach (var c in mantissa)
        {
            if (c == '.')
            {
                continue;
            }

            if (count == 0 && c == '0')
            {
                leadingZeros++;
                continue;
            }

            digits[count++] = (byte)c;
        }

        while (count > 1 && digits[count - 1] == '0')
        {
            count--;
        }

        exponent = power + integerDigits - 1 - leadingZeros;
        return count;
    }
}
